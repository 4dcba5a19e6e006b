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
    /// <param name="arenaBytes">The body's inference arena, all of it: activations, scratch and the operators' persistent data.</param>
    /// <param name="featureLength">F, the cut's int8 values per sample.</param>
    /// <param name="storeCapacityBytes">The store's byte budget (2 + F per record).</param>
    /// <param name="classes">Classes of the head (the store's per-class counters).</param>
    /// <param name="head">The head's shape (named in the parameters component).</param>
    /// <param name="training">The trainer's buffers.</param>
    /// <param name="storeInFlash">The store keeps its records in flash (<see cref="FlashFeatureStore"/>): RAM holds only its index.</param>
    public static MemoryBudget For(long arenaBytes, int featureLength, int storeCapacityBytes, int classes,
        HeadShape head, TrainingMemory training, bool storeInFlash = false)
    {
        int storeRecords = storeCapacityBytes / (FeatureStore.LabelBytes + featureLength);
        MemoryBudget budget = new MemoryBudget().Add("inference arena", arenaBytes);
        budget = storeInFlash
            ? budget.Add("feature store index (RAM; records in flash)", FlashFeatureStore.RequiredRamBytes(featureLength, storeCapacityBytes, classes))
            : budget.Add("feature store (int8)", FeatureStore.RequiredBytes(featureLength, storeCapacityBytes, classes));
        return budget
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

    /// <summary>
    /// The flash of a run: the model; the constants the interpreter derives from it (packed filters of the fast
    /// paths, kept in flash beside the model; the adapted model shares the body they come from); the adapted model,
    /// which is written in full beside the old one before it replaces it (so a power loss leaves one of the two
    /// whole); and with a store file (in RAM with a durable log, or in flash) the store's log at its worst case
    /// (<see cref="FlashFeatureStore.MaxFlashBytes"/>, compaction headroom included).
    /// </summary>
    /// <param name="modelBytes">The model file.</param>
    /// <param name="derivedFlashBytes">The interpreter's derived constants (<see cref="FeatureExtractor.DerivedFlashBytes"/>); listed when not 0.</param>
    /// <param name="adaptedModelBytes">The adapted model file the run exports.</param>
    /// <param name="featureLength">F, the cut's int8 values per sample.</param>
    /// <param name="storeCapacityBytes">The store's byte budget, or null when the run keeps no store file.</param>
    public static MemoryBudget FlashFor(long modelBytes, long derivedFlashBytes, long adaptedModelBytes, int featureLength, int? storeCapacityBytes)
    {
        MemoryBudget budget = new MemoryBudget(DeviceMemoryKind.Flash).Add("model", modelBytes);
        if (derivedFlashBytes > 0) budget.Add("constants derived from the model (packed filters)", derivedFlashBytes);
        budget.Add("adapted model (written beside the old one before it replaces it)", adaptedModelBytes);
        return storeCapacityBytes is { } capacity
            ? budget.Add("feature store log (worst case while compacting)", FlashFeatureStore.MaxFlashBytes(featureLength, capacity))
            : budget;
    }
}
