using MicroTL.Budget;
using MicroTL.TfLite;
using MicroTL.Training;

namespace MicroTL.Session;

/// <summary>Everything a transfer run did and measured; the CLI turns it into the report.</summary>
public sealed record TransferOutcome
{
    public required int CutTensor { get; init; }
    public required string CutTensorName { get; init; }
    public required HeadShape Head { get; init; }
    public required string Initialisation { get; init; }
    public required bool ClassesChanged { get; init; }
    public required MemoryBudget Memory { get; init; }
    public required DeviceMemory Device { get; init; }
    /// <summary>Bytes of the buffers the run actually allocated, to compare with <see cref="Memory"/>.</summary>
    public required long AllocatedBytes { get; init; }
    public required int SamplesOffered { get; init; }
    public required int SamplesStored { get; init; }
    /// <summary>Records already in the durable store file when the run opened it (0 without one).</summary>
    public required int RecordsReopened { get; init; }
    /// <summary>Bytes of the records held: in RAM (2 + F each), or on flash (28 + F each) when the store is in flash.</summary>
    public required long StoreBytesUsed { get; init; }
    public required int[] StoredPerClass { get; init; }
    public required int TrainRecords { get; init; }
    public required int ValidationRecords { get; init; }
    /// <summary>The original model on the test inputs.</summary>
    public required double AccuracyBefore { get; init; }
    /// <summary>The deployed model (the new head if accepted, else the original) on the test inputs.</summary>
    public required double AccuracyAfter { get; init; }
    /// <summary>The exported candidate model (new head) on the test inputs, deployed or not.</summary>
    public required double CandidateAccuracy { get; init; }
    /// <summary>The new float head as the training session computes it, on the test inputs.</summary>
    public required double HeadAccuracy { get; init; }
    /// <summary>"hybrid" (int8 body + float32 head) or "int8" (requantized head).</summary>
    public required string ExportFormat { get; init; }
    public required double OldValidationAccuracy { get; init; }
    public required double NewValidationAccuracy { get; init; }
    public required DeploymentDecision Decision { get; init; }
    public required TrainingResult Training { get; init; }
    /// <summary>int8 multiply-accumulates of feature collection, by operator kind (all samples).</summary>
    public required IReadOnlyDictionary<BuiltinOperator, long> CollectionMacs { get; init; }
    public required long BytesStored { get; init; }
    /// <summary>The model to deploy: the hybrid (int8 body + float head) if accepted, else the original.</summary>
    public required TfLiteModel DeployedModel { get; init; }
    /// <summary>The hybrid model built from the new head, deployed or not.</summary>
    public required TfLiteModel CandidateModel { get; init; }
    /// <summary>Test inputs on which the exported candidate model, run by the interpreter, predicts what the session's float head predicts.</summary>
    public required int ExportAgreements { get; init; }
    public required int TestSamples { get; init; }
}
