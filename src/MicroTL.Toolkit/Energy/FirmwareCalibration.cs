namespace MicroTL.Toolkit.Energy;

/// <summary>
/// What a profile knows from the emulated firmware (<c>microtl firmware --run qemu</c>): instructions per int8 MAC of feature
/// collection and per float multiply-add of training, counted under QEMU, and the cycles per instruction assumed to turn them
/// into Cortex-M cycles. With it the cost model prices collection and training from these measurements instead of the
/// datasheet estimates (the profile keeps both, each with its source).
/// </summary>
/// <param name="InstructionsPerInt8Mac">Instructions of one sample's collection (the body to the cut and the store's add) over its int8 MACs.</param>
/// <param name="InstructionsPerFloatMultiplyAdd">Instructions of one training epoch (steps, dequantization, validation) over its float multiply-adds.</param>
/// <param name="CyclesPerInstruction">Cortex-M4 cycles per instruction assumed, flash wait states included.</param>
public sealed record FirmwareCalibration(SourcedValue InstructionsPerInt8Mac, SourcedValue InstructionsPerFloatMultiplyAdd, SourcedValue CyclesPerInstruction)
{
    /// <summary>The profile fields, all three present or none.</summary>
    public static IReadOnlyList<ProfileField> Fields { get; } =
    [
        new("firmwareInstructionsPerInt8Mac", "instructions", FieldRule.Positive),
        new("firmwareInstructionsPerFloatMultiplyAdd", "instructions", FieldRule.Positive),
        new("cyclesPerInstruction", "cycles", FieldRule.Positive),
    ];

    /// <summary>Cycles of one int8 MAC of collection: instructions per MAC x CPI.</summary>
    public double CyclesPerInt8Mac => InstructionsPerInt8Mac.Value * CyclesPerInstruction.Value;

    /// <summary>Cycles of one float multiply-add of training (dequantization included): instructions per multiply-add x CPI.</summary>
    public double CyclesPerFloatMultiplyAdd => InstructionsPerFloatMultiplyAdd.Value * CyclesPerInstruction.Value;
}
