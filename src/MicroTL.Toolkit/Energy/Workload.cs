using MicroTL.Runtime.Ops;
using MicroTL.Session;
using MicroTL.Store;
using MicroTL.Training;

namespace MicroTL.Toolkit.Energy;

/// <summary>
/// What one transfer scenario did, counted on a real run: the input of the cost model. The device
/// side comes from the run's op ledger (<see cref="TransferOutcome"/>); the cloud side from the raw
/// data's size, a measured host training time and the size of the cloud's model file.
/// </summary>
public sealed record Workload
{
    /// <summary>What was run, and how it was measured.</summary>
    public required string Description { get; init; }

    /// <summary>Labelled samples collected on the device (all of them would be uploaded in the cloud way).</summary>
    public required int Samples { get; init; }

    /// <summary>Bytes of one raw labelled sample as uploaded (WISDM window: 200 x 3 float32 + a label byte = 2401).</summary>
    public required long RawBytesPerSample { get; init; }

    /// <summary>int8 multiply-accumulates of feature collection over all samples, by operator name (CONV_2D, ...).</summary>
    public required IReadOnlyDictionary<string, long> CollectionInt8Macs { get; init; }

    /// <summary>Float operations of feature collection besides the int8 MACs (window statistics, augmentation), over all samples and copies.</summary>
    public long CollectionFloatOperations { get; init; }

    /// <summary>Feature bytes written to the feature store.</summary>
    public required long BytesStored { get; init; }

    /// <summary>Float work of head training and validation over the whole run.</summary>
    public required OpCounts Training { get; init; }

    /// <summary>Epochs the run trained and kept (early stopping included); 0 when training diverged before keeping one
    /// (its work is still in <see cref="Training"/>).</summary>
    public required int Epochs { get; init; }

    /// <summary>Bytes of the trained head's float32 parameters: what the device writes to flash to deploy.</summary>
    public required long HeadParameterBytes { get; init; }

    /// <summary>Host wall-clock seconds to train the cloud's from-scratch model on the same samples.</summary>
    public required double CloudTrainHostSeconds { get; init; }

    /// <summary>Bytes of the cloud's new model (.tflite) sent down to the device.</summary>
    public required long CloudModelBytes { get; init; }

    /// <summary>Bytes of the adapted model (.tflite); informational: the device writes only the head.</summary>
    public long DeployedModelBytes { get; init; }

    /// <summary>RAM the on-device job needs (from its memory plan), when known.</summary>
    public long? RamBytesNeeded { get; init; }

    /// <summary>True when the feature store lives in flash (writes cost flash programming, not a RAM copy).</summary>
    public bool StoreInFlash { get; init; }

    /// <summary>
    /// The workload of a transfer run plus the cloud-side figures the run cannot know.
    /// </summary>
    /// <param name="outcome">The run.</param>
    /// <param name="rawBytesPerSample">Bytes of one raw labelled sample as it would be uploaded.</param>
    /// <param name="cloudTrainHostSeconds">Measured host seconds to train the cloud's model.</param>
    /// <param name="cloudModelBytes">Bytes of the cloud model's .tflite.</param>
    /// <param name="deployedModelBytes">Bytes of the adapted .tflite.</param>
    /// <param name="description">What was run.</param>
    public static Workload FromOutcome(TransferOutcome outcome, long rawBytesPerSample, double cloudTrainHostSeconds,
        long cloudModelBytes, long deployedModelBytes, string description) => new Workload
    {
        Description = description,
        Samples = outcome.SamplesOffered,
        RawBytesPerSample = rawBytesPerSample,
        CollectionInt8Macs = outcome.CollectionMacs.ToDictionary(kv => OperatorNames.Of(kv.Key), kv => kv.Value),
        BytesStored = outcome.BytesStored,
        Training = outcome.Training.Ops,
        Epochs = outcome.Training.EpochsRun,
        HeadParameterBytes = HeadParameterBytesOf(outcome.Head),
        CloudTrainHostSeconds = cloudTrainHostSeconds,
        CloudModelBytes = cloudModelBytes,
        DeployedModelBytes = deployedModelBytes,
        RamBytesNeeded = outcome.Memory.TotalBytes,
        StoreInFlash = outcome.StoreMode == FeatureStoreMode.Flash,
        CollectionFloatOperations = outcome.CollectionFloatOperations,
    }.Validated();

    /// <summary>Float32 bytes of a head I -&gt; H -&gt; C with biases: <c>4 (I H + H + H C + C)</c>.</summary>
    public static long HeadParameterBytesOf(HeadShape head) =>
        4L * ((long)head.Inputs * head.Hidden + head.Hidden + (long)head.Hidden * head.Classes + head.Classes);

    /// <summary>
    /// The same scenario with another number of samples and epochs. Collection, storage, the upload
    /// and the cloud's training time scale with samples; head training with samples x epochs
    /// (steps per epoch grow with the samples); model sizes stay.
    /// </summary>
    /// <exception cref="WorkloadException">Samples or epochs are not positive, or the run kept no epoch to scale from.</exception>
    public Workload ScaledTo(int samples, int epochs)
    {
        EnsureHasEpochs();
        if (samples <= 0 || epochs <= 0) throw new WorkloadException($"scaling needs samples > 0 and epochs > 0, got {samples} and {epochs}");
        double s = (double)samples / Samples;
        double t = s * epochs / Epochs;
        OpCounts o = Training;
        return this with
        {
            Samples = samples,
            Epochs = epochs,
            CollectionInt8Macs = CollectionInt8Macs.ToDictionary(kv => kv.Key, kv => Scale(kv.Value, s)),
            CollectionFloatOperations = Scale(CollectionFloatOperations, s),
            BytesStored = Scale(BytesStored, s),
            Training = new OpCounts(Scale(o.ForwardMultiplyAdds, t), Scale(o.BackwardMultiplyAdds, t), Scale(o.OptimizerMultiplyAdds, t),
                Scale(o.OptimizerRootsAndDivisions, t), Scale(o.BytesDequantized, t), Scale(o.Samples, t), Scale(o.Steps, t)),
            CloudTrainHostSeconds = CloudTrainHostSeconds * s,
        };
    }

    /// <summary>This workload, after checking every count is usable.</summary>
    /// <exception cref="WorkloadException">A count is negative or not finite, or there are no samples.</exception>
    public Workload Validated()
    {
        if (Samples <= 0) throw new WorkloadException($"workload '{Description}': samples is {Samples}; must be > 0");
        if (Epochs < 0) throw new WorkloadException($"workload '{Description}': epochs is {Epochs}; must be >= 0");
        Require(RawBytesPerSample > 0, "rawBytesPerSample", RawBytesPerSample);
        Require(BytesStored >= 0, "bytesStored", BytesStored);
        Require(HeadParameterBytes > 0, "headParameterBytes", HeadParameterBytes);
        Require(double.IsFinite(CloudTrainHostSeconds) && CloudTrainHostSeconds >= 0, "cloudTrainHostSeconds", CloudTrainHostSeconds);
        Require(CloudModelBytes > 0, "cloudModelBytes", CloudModelBytes);
        Require(DeployedModelBytes >= 0, "deployedModelBytes", DeployedModelBytes);
        foreach ((string op, long macs) in CollectionInt8Macs) Require(macs >= 0, $"collectionInt8Macs.{op}", macs);
        Require(CollectionFloatOperations >= 0, "collectionFloatOperations", CollectionFloatOperations);
        OpCounts o = Training;
        Require(o.ForwardMultiplyAdds >= 0 && o.BackwardMultiplyAdds >= 0 && o.OptimizerMultiplyAdds >= 0 && o.OptimizerRootsAndDivisions >= 0
            && o.BytesDequantized >= 0,
            "training", o.TotalMultiplyAdds);
        return this;
    }

    /// <summary>Refuses to scale a run that kept no epoch: without one, the work of an epoch is unknown.</summary>
    /// <exception cref="WorkloadException">The run kept no epoch.</exception>
    internal void EnsureHasEpochs()
    {
        if (Epochs == 0)
            throw new WorkloadException($"workload '{Description}': the run kept no epoch (its training diverged), so there is no epoch's work to scale; price it as it is, without a sweep");
    }

    private void Require(bool ok, string field, double value)
    {
        if (!ok) throw new WorkloadException($"workload '{Description}': {field} is {value}; must be a finite, non-negative number (positive for sizes)");
    }

    private static long Scale(long value, double factor) => (long)Math.Round(value * factor);
}

/// <summary>A workload with a missing, negative or non-finite count.</summary>
public sealed class WorkloadException(string message) : Exception(message);
