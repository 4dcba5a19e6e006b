// The C# engine's whole transfer session on the firmware's samples and seed (what `microtl transfer` runs: collect,
// split, train, decide, export), and its head and deployed model held against what the firmware wrote: the trained
// parameters (the largest difference; 0 when bit-identical), the deployed model's class of every test sample, the
// accuracy on the test samples. A store with a log runs on a copy of the same flash image, in RAM.
using MicroTL.Features;
using MicroTL.Runtime;
using MicroTL.Session;
using MicroTL.Storage;
using MicroTL.Training;

namespace MicroTL.Firmware.Session;

/// <summary>The firmware's trained head and predictions against the C# engine's.</summary>
/// <param name="HeadMaxAbsDiff">The largest difference of a head parameter (0: every one bit-identical; NaN when one side is NaN there).</param>
/// <param name="DifferingParameters">Parameters whose bits differ.</param>
/// <param name="Parameters">Parameters compared (W1 | b1 | W2 | b2).</param>
/// <param name="PredictionsIdentical">Test samples whose firmware prediction is the C#'s.</param>
/// <param name="TestSamples">Test samples.</param>
/// <param name="FirmwareAccuracy">The firmware's deployed model on the test samples.</param>
/// <param name="HostAccuracy">The C#'s deployed model there (<c>microtl transfer</c>'s accuracy after).</param>
/// <param name="HostEpochs">Epochs the C# trainer kept.</param>
/// <param name="HostDecision">The C#'s deployment decision (0 rejected, 1 accepted, 2 accepted with new classes).</param>
/// <param name="HostEpochLosses">The C#'s training loss of every kept epoch.</param>
/// <param name="CollectionMacsPerSample">The body's int8 MACs to the cut for one sample (the C# engine's count).</param>
/// <param name="MultiplyAddsPerEpoch">Float multiply-adds of one epoch, training and validation (the C# trainer's ledger, mean over the kept epochs).</param>
public sealed record TrainingMatch(double HeadMaxAbsDiff, int DifferingParameters, int Parameters, int PredictionsIdentical, int TestSamples,
    double FirmwareAccuracy, double HostAccuracy, int HostEpochs, int HostDecision, IReadOnlyList<double> HostEpochLosses,
    double CollectionMacsPerSample, double MultiplyAddsPerEpoch)
{
    /// <summary>True when every parameter is bit-identical and every prediction the C#'s.</summary>
    public bool AllIdentical => DifferingParameters == 0 && PredictionsIdentical == TestSamples;
}

/// <summary>Runs the C# session as the firmware's and compares the results.</summary>
public static class TrainingComparison
{
    /// <summary>
    /// Runs <see cref="TransferSession"/> with <paramref name="plan"/>'s settings on <paramref name="train"/> (from a copy of
    /// <paramref name="flashImage"/> with a log), predicts <paramref name="test"/> with its deployed model, and holds the result
    /// against the firmware's <paramref name="head"/> (W1 | b1 | W2 | b2) and <paramref name="predictions"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The firmware's head or predictions have another length than the C#'s.</exception>
    public static TrainingMatch Compare(SessionPlan plan, IReadOnlyList<LabelledInput> train, IReadOnlyList<LabelledInput> test, byte[]? flashImage,
        float[] head, int[] predictions)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(predictions);
        TransferOutcome outcome = RunHost(plan, train, flashImage);
        float[] expected = [.. outcome.CandidateHead.W1, .. outcome.CandidateHead.B1, .. outcome.CandidateHead.W2, .. outcome.CandidateHead.B2];
        if (head.Length != expected.Length)
            throw new ArgumentException($"the firmware's head has {head.Length} parameters, the C#'s {expected.Length}", nameof(head));
        if (predictions.Length != test.Count)
            throw new ArgumentException($"the firmware predicted {predictions.Length} test samples of {test.Count}", nameof(predictions));

        double maxDiff = 0;
        int differing = 0;
        for (int i = 0; i < head.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(head[i]) == BitConverter.SingleToInt32Bits(expected[i])) continue;
            differing++;
            double diff = Math.Abs((double)head[i] - expected[i]);
            maxDiff = double.IsNaN(diff) || double.IsNaN(maxDiff) ? double.NaN : Math.Max(maxDiff, diff);
        }

        var interpreter = new Interpreter(outcome.DeployedModel);
        int identical = 0, firmwareCorrect = 0, hostCorrect = 0;
        for (int i = 0; i < test.Count; i++)
        {
            test[i].Input.CopyTo(interpreter.InputBytes());
            interpreter.Invoke();
            int host = FeatureExtractor.OutputArgMax(interpreter);
            if (host == predictions[i]) identical++;
            if (host == test[i].Label) hostCorrect++;
            if (predictions[i] == test[i].Label) firmwareCorrect++;
        }
        double n = Math.Max(1, test.Count);
        double macs = outcome.CollectionMacs.Values.Sum() / (double)Math.Max(1, train.Count);
        double multiplyAdds = outcome.Training.Epochs.Count == 0 ? 0 : outcome.Training.Epochs.Average(e => (double)e.Ops.TotalMultiplyAdds);
        return new TrainingMatch(maxDiff, differing, head.Length, identical, test.Count, firmwareCorrect / n, hostCorrect / n,
            outcome.Training.EpochsRun, (int)outcome.Decision, [.. outcome.Training.Epochs.Select(e => e.TrainLoss)], macs, multiplyAdds);
    }

    /// <summary>The C# session on <paramref name="train"/>; a store with a log opens a copy of <paramref name="flashImage"/> (or erased flash) in RAM.</summary>
    public static TransferOutcome RunHost(SessionPlan plan, IReadOnlyList<LabelledInput> train, byte[]? flashImage)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(train);
        TransferSettings settings = plan.Settings;
        if (settings.StoreFlash is { } region)
        {
            settings = settings with
            {
                StoreFlash = new FlashRegion(region.Geometry, bytes =>
                {
                    byte[] image = new byte[bytes];
                    image.AsSpan().Fill(0xFF);
                    flashImage?.AsSpan(0, Math.Min(flashImage.Length, bytes)).CopyTo(image);
                    return new RamFlashMedium(image, region.Geometry, "a copy of the store's flash region");
                }),
            };
        }
        return new TransferSession(plan.Model, settings).Run(train);
    }
}
