namespace MicroTL.Training;

/// <summary>
/// A first-order energy estimate of head training from its op counts, used when the caller gives
/// neither a measured energy per epoch nor an epoch energy model. The command line passes the host's
/// device-profile cost model instead (MicroTL.Toolkit.Energy.CostModel, docs/energy.md), which uses
/// the same nRF52840 figures by default.
/// </summary>
/// <remarks>
/// Derivation for the nRF52840 (datasheet-level defaults, see MICROTL.md):
/// CPU from flash at 64 MHz, 3.0 V supply, ~3.3 mA ⇒ 9.9 mW ⇒ 9.9e-3 / 64e6 = 0.1547 nJ per cycle.
/// A float multiply-add in these loops costs ~3 cycles: one VFMA (1 cycle issue) plus two
/// operand loads (VLDR, 1-2 cycles each, partly pipelined) ⇒ 3 × 0.1547 ≈ 0.464 nJ.
/// Dequantizing one int8 feature (load byte, subtract zero point, convert, scale, store) is ~5
/// cycles ⇒ ≈ 0.773 nJ. The estimate ignores memory stalls, the softmax exps and the loop
/// overhead, so it is a lower bound: the authors' measured epoch (3 V × 7 mA × 1.8 s = 37.8 mJ)
/// includes far more than the head's arithmetic.
/// </remarks>
public static class TrainingEnergy
{
    /// <summary>Energy of one CPU cycle, nJ: 3.0 V × 3.3 mA / 64 MHz.</summary>
    public const double Nrf52840CycleNanojoules = 3.0 * 3.3e-3 / 64e6 * 1e9;

    /// <summary>Default energy per float multiply-add, nJ: 3 cycles × <see cref="Nrf52840CycleNanojoules"/> ≈ 0.464.</summary>
    public const double DefaultMultiplyAddNanojoules = 3 * Nrf52840CycleNanojoules;

    /// <summary>Default energy per dequantized int8 feature, nJ: 5 cycles × <see cref="Nrf52840CycleNanojoules"/> ≈ 0.773.</summary>
    public const double DefaultDequantizedByteNanojoules = 5 * Nrf52840CycleNanojoules;

    /// <summary>
    /// <c>E [mJ] = (multiplyAdds × e_fma + bytesDequantized × e_byte) × 1e-6</c>.
    /// </summary>
    public static double EstimateMillijoules(in OpCounts counts,
        double multiplyAddNanojoules = DefaultMultiplyAddNanojoules,
        double dequantizedByteNanojoules = DefaultDequantizedByteNanojoules) =>
        (counts.TotalMultiplyAdds * multiplyAddNanojoules + counts.BytesDequantized * dequantizedByteNanojoules) * 1e-6;
}
