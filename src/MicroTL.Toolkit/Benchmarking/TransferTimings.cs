using MicroTL.Training;

namespace MicroTL.Toolkit.Benchmarking;

/// <summary>What <see cref="TransferBenchmark.Run"/> measured: the device's steps of a transfer-learning run.</summary>
/// <param name="FeatureLength">Int8 features the head reads: the cut's, then the head features.</param>
/// <param name="HeadFeatureLength">Of them, the model's head features ('microtl_head_features'); 0 without.</param>
/// <param name="Hidden">Hidden units of the head.</param>
/// <param name="Classes">Classes of the head.</param>
/// <param name="BatchSize">Records per training step.</param>
/// <param name="TrainingRecords">Records an epoch trains on.</param>
/// <param name="ValidationRecords">Records an epoch validates on.</param>
/// <param name="CollectSample">Collecting one labelled sample: the frozen body up to the cut, then the feature store.</param>
/// <param name="TrainStep">One training step of the float head on a mini-batch.</param>
/// <param name="TrainEpoch">One epoch: every mini-batch of the training records and the validation pass.</param>
/// <param name="AllocatedBytesPerStep">Managed bytes allocated per collection and training step in the steady state: the fewest of any timed run, halved (0 is the design).</param>
/// <param name="BodyMacsByOperator">Int8 MACs of the body up to the cut, per operator schema name (one sample's collection).</param>
/// <param name="BodyFloatOperations">Float operations beside them in one sample's collection (the window statistics); 0 without.</param>
/// <param name="StepOps">Float op counts of one training step.</param>
/// <param name="EpochOps">Float op counts of one epoch (its steps and the validation pass).</param>
public sealed record TransferTimings(
    int FeatureLength, int HeadFeatureLength, int Hidden, int Classes, int BatchSize, int TrainingRecords, int ValidationRecords,
    TimingSummary CollectSample, TimingSummary TrainStep, TimingSummary TrainEpoch, double AllocatedBytesPerStep,
    IReadOnlyDictionary<string, long> BodyMacsByOperator, long BodyFloatOperations, OpCounts StepOps, OpCounts EpochOps);
