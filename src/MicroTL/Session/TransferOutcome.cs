using MicroTL.Budget;
using MicroTL.Export;
using MicroTL.Features;
using MicroTL.Store;
using MicroTL.TfLite;
using MicroTL.Training;

namespace MicroTL.Session;

/// <summary>
/// What the device knows after a transfer run: the model to deploy and the candidate, the decision and why, the
/// validation accuracies, the training record, memory, op counts and store counts. Accuracy on a test set is the
/// host's measurement (<c>MicroTL.Toolkit.Experiments.TransferEvaluation</c>); the CLI turns both into the report.
/// </summary>
public sealed record TransferOutcome
{
    /// <summary>Where the frozen body ends: the cut tensor and the head's operators.</summary>
    public required CutPoint Cut { get; init; }
    public required int CutTensor { get; init; }
    public required string CutTensorName { get; init; }
    /// <summary>The model's head features the head took beside the cut's (the window statistics of a motion base), or null.</summary>
    public HeadFeatures? HeadFeatures { get; init; }
    public required HeadShape Head { get; init; }
    public required string Initialisation { get; init; }
    public required bool ClassesChanged { get; init; }
    public required MemoryBudget Memory { get; init; }
    public required DeviceMemory Device { get; init; }
    /// <summary>Where the store kept its records (chosen by the run when the settings leave it to auto).</summary>
    public FeatureStoreMode StoreMode { get; init; }
    /// <summary>Bytes of the buffers the run actually allocated, to compare with <see cref="Memory"/>.</summary>
    public required long AllocatedBytes { get; init; }
    public required int SamplesOffered { get; init; }
    /// <summary>Perturbed copies of each labelled window that also went through the body into the store (0: none).</summary>
    public int AugmentedCopies { get; init; }
    public required int SamplesStored { get; init; }
    /// <summary>Records already in the durable store file when the run opened it (0 without one).</summary>
    public required int RecordsReopened { get; init; }
    /// <summary>Bytes of the records held: in RAM (2 + F each), or on flash (28 + F each) when the store is in flash.</summary>
    public required long StoreBytesUsed { get; init; }
    public required int[] StoredPerClass { get; init; }
    public required int TrainRecords { get; init; }
    public required int ValidationRecords { get; init; }
    /// <summary>"hybrid" (int8 body + float32 head) or "int8" (requantized head).</summary>
    public required string ExportFormat { get; init; }
    /// <summary>The model's own head on the validation records (NaN when the classes changed or there are none).</summary>
    public required double OldValidationAccuracy { get; init; }
    /// <summary>The new head on the validation records (NaN when there are none).</summary>
    public required double NewValidationAccuracy { get; init; }
    /// <summary>Without validation records: the model's own head on the training records (NaN when the classes changed, or with validation records).</summary>
    public double OldTrainingAccuracy { get; init; } = double.NaN;
    /// <summary>Without validation records: the new head on the training records, what the deployment rule judged it on (NaN with validation records).</summary>
    public double NewTrainingAccuracy { get; init; } = double.NaN;
    public required DeploymentDecision Decision { get; init; }
    /// <summary>Why the run decided so, in one sentence (the accuracies compared, or what broke the head).</summary>
    public required string DecisionReason { get; init; }
    public required TrainingResult Training { get; init; }
    /// <summary>int8 multiply-accumulates of feature collection, by operator kind (every pass through the body: each sample and each augmented copy).</summary>
    public required IReadOnlyDictionary<BuiltinOperator, long> CollectionMacs { get; init; }
    /// <summary>Float operations of feature collection besides the int8 MACs: the window statistics of every pass and the augmentation of every copy.</summary>
    public long CollectionFloatOperations { get; init; }
    public required long BytesStored { get; init; }
    /// <summary>The model to deploy: the candidate (int8 body + new head) if accepted, else the original.</summary>
    public required TfLiteModel DeployedModel { get; init; }
    /// <summary>The model built from the new head, deployed or not.</summary>
    public required TfLiteModel CandidateModel { get; init; }
    /// <summary>The new float32 head as the session trained it (what <see cref="CandidateModel"/> was exported from).</summary>
    public required HeadWeights CandidateHead { get; init; }

    /// <summary>True when the new head was deployed (<see cref="Decision"/> is not <see cref="DeploymentDecision.Rejected"/>).</summary>
    public bool Deployed => Decision != DeploymentDecision.Rejected;
}
