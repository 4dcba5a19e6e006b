using MicroTL.Budget;
using MicroTL.Features;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.Training;

namespace MicroTL.Session;

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
    /// <param name="storeCapacityBytes">The store's byte budget (2 + F per record): the bytes of the records it will hold.</param>
    /// <param name="classes">Classes of the head (the store's per-class counters).</param>
    /// <param name="head">The head's shape (named in the parameters component).</param>
    /// <param name="training">The trainer's buffers (no gradient buffer: the updates are fused with the backward pass; one copy of
    /// good weights, only when the stopping rule keeps the best epoch).</param>
    /// <param name="storeMode">Where the store keeps its records (<see cref="FeatureStoreMode"/>): with them in flash, RAM holds only their index.</param>
    /// <param name="storeGeometry">The store medium's flash geometry, when it keeps a log (its program unit sizes the log's record buffer).</param>
    /// <param name="augmentationWindowBytes">The copy of a labelled window kept while its perturbed copies go through the body (0: no augmentation).</param>
    /// <param name="validationSplit">True when records are split into training and validation (their index arrays); false: every record trains, in store order.</param>
    public static MemoryBudget For(long arenaBytes, int featureLength, int storeCapacityBytes, int classes,
        HeadShape head, TrainingMemory training, FeatureStoreMode storeMode = FeatureStoreMode.Ram, FlashGeometry? storeGeometry = null,
        int augmentationWindowBytes = 0, bool validationSplit = true)
    {
        int storeRecords = storeCapacityBytes / (FeatureStore.LabelBytes + featureLength);
        long storeBytes = FeatureStore.RequiredBytes(featureLength, storeCapacityBytes, classes, storeMode, storeGeometry ?? FlashGeometry.Nrf52840);
        MemoryBudget budget = new MemoryBudget().Add("inference arena", arenaBytes).Add(storeMode switch
        {
            FeatureStoreMode.Flash => "feature store index (RAM; records in flash)",
            FeatureStoreMode.RamJournaled => "feature store (int8), journaled to flash",
            _ => "feature store (int8)",
        }, storeBytes);
        if (augmentationWindowBytes > 0) budget.Add("augmentation: the labelled window being copied", augmentationWindowBytes);
        return budget
            .Add("feature buffer (one sample)", featureLength)
            .Add("train/validation split indices", validationSplit ? (long)storeRecords * SplitIndexBytes : 0)
            .Add($"head parameters ({head})", training.ParameterBytes)
            .Add("optimizer state", training.OptimizerStateBytes)
            .Add("good weights (best epoch, rollback)", training.GoodWeightBytes)
            .Add("activations for backprop", training.ActivationBytes)
            .Add("dequantized mini-batch", training.BatchInputBytes)
            .Add("mini-batch labels", training.BatchLabelBytes)
            .Add("shuffle order", training.ShuffleOrderBytes);
    }

    /// <summary>
    /// The flash of a run: the model; the constants the interpreter derives from it (packed filters of the fast
    /// paths, kept in flash beside the model; the adapted model shares the body they come from); the adapted model,
    /// which is written in full beside the old one before it replaces it (so a power loss leaves one of the two
    /// whole); and with a store medium (records in RAM journaled to its log, or in it) the log's two banks
    /// (<see cref="FeatureStore.RequiredFlashBytes(int, int, FlashGeometry)"/>).
    /// </summary>
    /// <param name="modelBytes">The model file.</param>
    /// <param name="derivedFlashBytes">The interpreter's derived constants (<see cref="FeatureExtractor.DerivedFlashBytes"/>); listed when not 0.</param>
    /// <param name="adaptedModelBytes">The adapted model file the run exports.</param>
    /// <param name="featureLength">F, the cut's int8 values per sample.</param>
    /// <param name="storeCapacityBytes">The store's byte budget, or null when the run keeps no store log.</param>
    /// <param name="storeGeometry">The store medium's flash geometry (erase block, program unit).</param>
    /// <param name="segments">The parts of the stored features (a log of two parts has a longer header); null: one part of F.</param>
    public static MemoryBudget FlashFor(long modelBytes, long derivedFlashBytes, long adaptedModelBytes, int featureLength, int? storeCapacityBytes,
        FlashGeometry storeGeometry, FeatureSegments? segments = null)
    {
        MemoryBudget budget = new MemoryBudget(DeviceMemoryKind.Flash).Add("model", modelBytes);
        if (derivedFlashBytes > 0) budget.Add("constants derived from the model (packed filters)", derivedFlashBytes);
        budget.Add("adapted model (written beside the old one before it replaces it)", adaptedModelBytes);
        return storeCapacityBytes is { } capacity
            ? budget.Add("feature store log (two banks: the live records are compacted from one into the other)",
                segments is null ? FeatureStore.RequiredFlashBytes(featureLength, capacity, storeGeometry) : FeatureStore.RequiredFlashBytes(segments, capacity, storeGeometry))
            : budget;
    }
}
