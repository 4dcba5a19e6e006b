using MicroTL.Budget;
using MicroTL.Training;

namespace MicroTL.Transfer;

/// <summary>
/// The RAM of a whole on-device transfer run, component by component, computed from the shapes
/// before any buffer of the run is allocated. <see cref="TransferSession"/> allocates exactly these
/// buffers; a test holds the two to each other.
/// </summary>
public static class TransferBudget
{
    /// <summary>Bytes of one int32 index of the train/validation split.</summary>
    public const int SplitIndexBytes = sizeof(int);

    /// <summary>The budget of a run with these sizes.</summary>
    public static MemoryBudget For(long arenaBytes, int featureLength, int storeCapacityBytes, int classes,
        HeadShape head, TrainingMemory training)
    {
        int storeRecords = storeCapacityBytes / (FeatureStore.LabelBytes + featureLength);
        return new MemoryBudget()
            .Add("inference arena", arenaBytes)
            .Add("feature store (int8)", FeatureStore.RequiredBytes(featureLength, storeCapacityBytes, classes))
            .Add("feature buffer (one sample)", featureLength)
            .Add("train/validation split indices", (long)storeRecords * SplitIndexBytes)
            .Add($"head parameters ({head})", training.ParameterBytes)
            .Add("gradients", training.GradientBytes)
            .Add("optimizer state", training.OptimizerStateBytes)
            .Add("rollback snapshot", training.SnapshotBytes)
            .Add("best weights", training.BestParameterBytes)
            .Add("activations for backprop", training.ActivationBytes)
            .Add("dequantized mini-batch", training.BatchInputBytes)
            .Add("mini-batch labels", training.BatchLabelBytes)
            .Add("shuffle order", training.ShuffleOrderBytes);
    }
}
