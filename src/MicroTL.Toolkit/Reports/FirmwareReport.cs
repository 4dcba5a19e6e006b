namespace MicroTL.Toolkit.Reports;

/// <summary>
/// The report of <c>microtl firmware</c>: the generated firmware measured (RAM and flash from its ELF, instructions under
/// QEMU) and checked against the C# engine on the same samples and seed. Every device figure here comes from the emulated
/// firmware; instruction counts are QEMU's (<c>-icount shift=0</c>), not Cortex-M4 cycles.
/// </summary>
/// <param name="Target">The device the firmware is linked for (<c>nrf52840</c>).</param>
/// <param name="RanOn">Where it ran: <c>qemu mps2-an386</c>, or <c>not run</c> (no <c>--run qemu</c>).</param>
/// <param name="Model">The base model's file name.</param>
/// <param name="ModelSha256">Its SHA-256.</param>
/// <param name="Project">The firmware project's folder.</param>
/// <param name="Ram">RAM: static (read from the ELF), stack and heap (measured under QEMU) against the C# plan.</param>
/// <param name="FlashBytes">Flash of the nRF52840 image: code, constants and the .data image (read from the ELF).</param>
/// <param name="StoreFlashBytes">Flash the store's log region reserves beside the image (0 without a log).</param>
/// <param name="LinkedForNrf52840">True when the firmware links for the nRF52840's memory map (proof that it fits).</param>
/// <param name="Nrf52840Overflow">Why the nRF52840 link failed, or null.</param>
/// <param name="Instructions">Instructions per phase under QEMU; null when not run.</param>
/// <param name="Match">The firmware against the C# engine; null when not run.</param>
/// <param name="Accuracy">The deployed model's accuracy on the test samples, firmware and host; null when not run or before training.</param>
public sealed record FirmwareReport(string Target, string RanOn, string Model, string ModelSha256, string Project, FirmwareRamReport Ram,
    long FlashBytes, long StoreFlashBytes, bool LinkedForNrf52840, string? Nrf52840Overflow, FirmwareInstructionsReport? Instructions,
    FirmwareMatchReport? Match, FirmwareAccuracyReport? Accuracy);

/// <summary>The firmware's RAM against the C# budget.</summary>
/// <param name="StaticBytes">.data + .bss of the nRF52840 link (read from its ELF with ELFSharp).</param>
/// <param name="StackBytes">The stack's high-water mark under QEMU (painted at reset, scanned at the end); null when not run.</param>
/// <param name="StackRegionBytes">The stack region the link reserves at the top of RAM.</param>
/// <param name="HeapBytes">Heap newlib's stdio took under QEMU; null when not run.</param>
/// <param name="PlannedBytes">The C# plan (TransferBudget): the session's static arena is exactly this.</param>
/// <param name="ArenaBytes">The arena's size in the ELF's symbol table.</param>
/// <param name="RuntimeGlobals">Every other object of .data and .bss: the C runtime's and newlib's globals, by name.</param>
/// <param name="UnnamedBytes">Bytes of .data and .bss no symbol names (alignment).</param>
/// <param name="Plan">The plan's components.</param>
public sealed record FirmwareRamReport(long StaticBytes, long? StackBytes, long StackRegionBytes, long? HeapBytes, long PlannedBytes, long ArenaBytes,
    IReadOnlyList<MemoryComponentReport> RuntimeGlobals, long UnnamedBytes, IReadOnlyList<MemoryComponentReport> Plan);

/// <summary>Instructions per phase under QEMU (<c>-icount shift=0</c>: one per virtual nanosecond; a resolution of 40). Not cycles.</summary>
/// <param name="CollectionPerSample">Mean of one sample's collection: the body to the cut and the store's add.</param>
/// <param name="CollectionMin">The cheapest sample's.</param>
/// <param name="CollectionMax">The dearest sample's.</param>
/// <param name="Split">The class checks and the stratified split.</param>
/// <param name="TrainingPerEpoch">Mean of one training epoch (steps and validation pass); null before training runs in the firmware.</param>
/// <param name="Epochs">Each epoch's instructions; empty before training runs in the firmware.</param>
/// <param name="Deployment">The deployment check (the old head and the new on the validation records); null before it runs.</param>
/// <param name="Export">Writing out the adapted head; null before it runs.</param>
/// <param name="Total">The whole of main.</param>
public sealed record FirmwareInstructionsReport(long CollectionPerSample, long CollectionMin, long CollectionMax, long Split, long? TrainingPerEpoch,
    IReadOnlyList<long> Epochs, long? Deployment, long? Export, long Total)
{
    /// <summary>Mean of one test sample's prediction by the deployed model (the body and the new head, or the whole old model); null before it runs.</summary>
    public long? PredictionPerSample { get; init; }

    /// <summary>
    /// <see cref="CollectionPerSample"/> over the body's int8 MACs to the cut (the C# engine's count): what a device profile's
    /// <c>firmwareInstructionsPerInt8Mac</c> takes (the store's add included); null before the C# comparison.
    /// </summary>
    public double? PerInt8Mac { get; init; }

    /// <summary>
    /// <see cref="TrainingPerEpoch"/> over an epoch's float multiply-adds (the C# trainer's ledger, training and validation): what a
    /// profile's <c>firmwareInstructionsPerFloatMultiplyAdd</c> takes (dequantization, shuffle and loss included); null before it.
    /// </summary>
    public double? PerFloatMultiplyAdd { get; init; }
}

/// <summary>The firmware against the C# engine.</summary>
/// <param name="Features">Stored records (label and every int8 feature) identical to the C# store's, slot by slot.</param>
/// <param name="FirstFeatureDifference">The first difference, or null.</param>
/// <param name="Split">True when the train/validation split lists the C#'s records in the C#'s order.</param>
/// <param name="FlashImage">With a log: true when the store's flash image is the C#'s byte for byte; null without one.</param>
/// <param name="HeadMaxAbsDiff">The largest difference of a trained head parameter (0: bit-identical); null before training.</param>
/// <param name="Predictions">Test samples whose prediction is the C#'s deployed model's; null before training.</param>
public sealed record FirmwareMatchReport(CountMatchReport Features, string? FirstFeatureDifference, bool Split, bool? FlashImage,
    double? HeadMaxAbsDiff, CountMatchReport? Predictions)
{
    /// <summary>Head parameters whose bits differ from the C#'s (0: bit-identical); null before training.</summary>
    public int? HeadParametersDiffering { get; init; }

    /// <summary>Head parameters compared; null before training.</summary>
    public int? HeadParameters { get; init; }
}

/// <summary>How many of a total agree.</summary>
/// <param name="Identical">Items identical.</param>
/// <param name="Total">Items compared.</param>
public sealed record CountMatchReport(int Identical, int Total);

/// <summary>The deployed model's accuracy on the test samples.</summary>
/// <param name="Firmware">The firmware's predictions.</param>
/// <param name="Host">The C# engine's (<c>microtl transfer</c>'s after-accuracy).</param>
public sealed record FirmwareAccuracyReport(double Firmware, double Host);
