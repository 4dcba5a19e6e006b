// Accuracy of any .tflite classifier (int8 or float32) on a sample set, run by our interpreter, with
// per-class accuracy and the confusion counts: Confusion[true, predicted].
using MicroTL.Features;
using MicroTL.Runtime;
using MicroTL.TfLite;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>The outcome of <see cref="ModelEvaluation.Run"/>.</summary>
/// <param name="Accuracy">Fraction of samples predicted right.</param>
/// <param name="PerClassAccuracy">Per true class; NaN for a class without samples.</param>
/// <param name="Confusion">Counts [true class, predicted class] (predicted over the model's outputs).</param>
/// <param name="Samples">Samples evaluated.</param>
public sealed record EvaluationResult(double Accuracy, double[] PerClassAccuracy, int[,] Confusion, int Samples);

/// <summary>Evaluates a model file's predictions.</summary>
public static class ModelEvaluation
{
    /// <summary>Runs every sample of <paramref name="samples"/> (labels 0..classes-1) through <paramref name="model"/>.</summary>
    /// <exception cref="SelectionException">The model's input size or output count does not match the selection.</exception>
    public static EvaluationResult Run(TfLiteModel model, SampleSet samples, int classes)
    {
        int outputs = checked((int)model.MainSubgraph.Tensors[model.MainSubgraph.Outputs[0]].ElementCount);
        if (outputs < classes)
            throw new SelectionException($"the model has {outputs} outputs but {classes} classes were selected; class k of the model is the k-th class listed",
                $"list at most {outputs} classes with --classes, in the order the model was trained on");
        IReadOnlyList<LabelledInput> inputs = TransferExperiment.Quantize(model, samples);
        var interpreter = new Interpreter(model);
        var confusion = new int[classes, outputs];
        int correct = 0;
        foreach (LabelledInput sample in inputs)
        {
            sample.Input.CopyTo(interpreter.InputBytes());
            interpreter.Invoke();
            int predicted = FeatureExtractor.OutputArgMax(interpreter);
            confusion[sample.Label, predicted]++;
            if (predicted == sample.Label) correct++;
        }

        var perClass = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            int total = 0;
            for (int p = 0; p < outputs; p++) total += confusion[c, p];
            perClass[c] = total == 0 ? double.NaN : (double)confusion[c, c] / total;
        }

        return new EvaluationResult(samples.Count == 0 ? 0 : (double)correct / samples.Count, perClass, confusion, samples.Count);
    }
}
