// Accuracy of any .tflite classifier (int8 or float32) on a sample set, run by our interpreter, with
// per-class accuracy and the confusion counts: Confusion[true, predicted].
using MicroTL.Features;
using MicroTL.Runtime;
using MicroTL.TfLite;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>The outcome of <see cref="ModelEvaluation"/>.</summary>
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
        return Run(model, TransferExperiment.Quantize(model, samples), classes);
    }

    /// <summary>
    /// Runs every input of <paramref name="inputs"/> (already the input tensor's bytes, e.g. from a CSV file) through <paramref name="model"/>;
    /// <paramref name="classes"/> is the number of true classes (the labels are below it).
    /// </summary>
    /// <exception cref="SelectionException">An input has another size than the model's input tensor, or a label is not below <paramref name="classes"/>.</exception>
    public static EvaluationResult Run(TfLiteModel model, IReadOnlyList<LabelledInput> inputs, int classes)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        int outputs = checked((int)model.MainSubgraph.Tensors[model.MainSubgraph.Outputs[0]].ElementCount);
        var interpreter = new Interpreter(model);
        for (int i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Input.Length != interpreter.InputBytes().Length)
                throw new SelectionException($"sample {i + 1} has {inputs[i].Input.Length} input bytes, the model's input tensor {interpreter.InputBytes().Length}",
                    "give samples of the model's input size");
            if (inputs[i].Label >= classes)
                throw new SelectionException($"sample {i + 1} has label {inputs[i].Label}, but the model has {outputs} outputs (classes 0..{outputs - 1})",
                    "label the samples with the model's class numbers");
        }

        var confusion = new int[classes, outputs];
        int correct = 0;
        foreach (LabelledInput sample in inputs)
        {
            sample.Input.CopyTo(interpreter.InputBytes());
            interpreter.ResetVariableTensors(); // each sample stands alone (a no-op without an LSTM's state)
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

        return new EvaluationResult(inputs.Count == 0 ? 0 : (double)correct / inputs.Count, perClass, confusion, inputs.Count);
    }
}
