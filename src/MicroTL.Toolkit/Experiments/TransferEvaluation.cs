// The host's measurement of a transfer run on a test set: what the device cannot know (it has no test set) and the
// session no longer measures. Each model runs on our interpreter as the device would run it; the session's float head
// runs on the features of the same body, so the export check compares the exported model with what training produced.
using System.Runtime.InteropServices;
using MicroTL.Export;
using MicroTL.Features;
using MicroTL.Runtime;
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>
/// Accuracies of a transfer run on a test set (fractions of <see cref="TestSamples"/>) and the export check.
/// </summary>
/// <param name="TestSamples">Test inputs.</param>
/// <param name="AccuracyBefore">The original model.</param>
/// <param name="AccuracyAfter">The deployed model: the candidate when the run deployed it, else the original.</param>
/// <param name="CandidateAccuracy">The candidate model (int8 body + new head, as exported), deployed or not.</param>
/// <param name="HeadAccuracy">The session's float head on the body's dequantized int8 features.</param>
/// <param name="ExportAgreements">Test inputs on which the candidate model, run by the interpreter, predicts what the float head predicts.</param>
public sealed record TransferEvaluation(int TestSamples, double AccuracyBefore, double AccuracyAfter, double CandidateAccuracy, double HeadAccuracy,
    int ExportAgreements)
{
    /// <summary>
    /// Runs <paramref name="original"/>, <paramref name="outcome"/>'s candidate model and its float head on every input of
    /// <paramref name="test"/>.
    /// </summary>
    /// <param name="original">The model the run started from (the body the head was trained on).</param>
    /// <param name="outcome">The run's outcome: candidate model, float head, cut, decision.</param>
    /// <param name="test">Labelled inputs of the model's input tensor (classes of the new head).</param>
    /// <exception cref="TransferDataException">The test set is empty, or an input has the wrong size, a label outside the head's
    /// classes, or (float32 inputs) a NaN or infinite value.</exception>
    public static TransferEvaluation Measure(TfLiteModel original, TransferOutcome outcome, IReadOnlyList<LabelledInput> test)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(test);
        Check(original, outcome.Head, test);
        var extractor = new FeatureExtractor(original, outcome.Cut, outcome.HeadFeatures);
        var before = new Interpreter(original);
        var candidate = new Interpreter(outcome.CandidateModel);
        FloatHead head = HeadOf(outcome.CandidateHead);
        var features = new sbyte[extractor.FeatureLength];
        var input = new float[extractor.FeatureLength];
        int beforeCorrect = 0, candidateCorrect = 0, headCorrect = 0, agreements = 0;
        foreach (LabelledInput sample in test)
        {
            if (Predict(before, sample.Input) == sample.Label) beforeCorrect++;
            int exported = Predict(candidate, sample.Input);
            if (exported == sample.Label) candidateCorrect++;

            extractor.Extract(sample.Input, features);
            extractor.Segments.Dequantize(features, input);
            int trained = head.Predict(input);
            if (trained == sample.Label) headCorrect++;
            if (exported == trained) agreements++;
        }

        double n = test.Count, accuracyBefore = beforeCorrect / n, candidateAccuracy = candidateCorrect / n;
        return new TransferEvaluation(test.Count, accuracyBefore, outcome.Deployed ? candidateAccuracy : accuracyBefore, candidateAccuracy,
            headCorrect / n, agreements);
    }

    private static int Predict(Interpreter interpreter, byte[] input)
    {
        input.CopyTo(interpreter.InputBytes());
        interpreter.ResetVariableTensors(); // each sample stands alone (a no-op without an LSTM's state)
        interpreter.Invoke();
        return FeatureExtractor.OutputArgMax(interpreter);
    }

    private static FloatHead HeadOf(HeadWeights weights)
    {
        var head = new FloatHead(new HeadShape(weights.Inputs, weights.Hidden, weights.Classes), maxBatch: 1);
        head.Parameters.Load(weights.W1, weights.B1, weights.W2, weights.B2);
        return head;
    }

    private static void Check(TfLiteModel model, HeadShape head, IReadOnlyList<LabelledInput> test)
    {
        if (test.Count == 0) throw new TransferDataException("the test set is empty");
        TensorInfo input = model.MainSubgraph.Tensors[model.MainSubgraph.Inputs[0]];
        long inputBytes = input.ByteCount;
        bool floatInput = input.Type == TensorType.Float32;
        for (int i = 0; i < test.Count; i++)
        {
            if (test[i].Input.Length != inputBytes)
                throw new TransferDataException($"test sample {i} has {test[i].Input.Length} input bytes, the model takes {inputBytes}");
            if ((uint)test[i].Label >= (uint)head.Classes)
                throw new TransferDataException($"test sample {i} has label {test[i].Label}, the head has classes 0..{head.Classes - 1} (set the number of classes)");
            if (!floatInput) continue;
            ReadOnlySpan<float> values = MemoryMarshal.Cast<byte, float>(test[i].Input);
            for (int v = 0; v < values.Length; v++)
                if (!float.IsFinite(values[v]))
                    throw new TransferDataException($"test sample {i} value {v} is {values[v]}; inputs must be finite numbers");
        }
    }
}
