using System.Globalization;
using MicroTL.Training;

namespace MicroTL.Toolkit.Energy;

/// <summary>
/// The on-device way, phase by phase: op counts x cycles per op / clock = seconds; seconds x current
/// x supply voltage = energy. An ESTIMATE: every constant is a profile value with its source.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>feature collection: <c>T_int8 = Σ_op MACs_op c_op / f</c>, <c>E = V I_int8 T_int8</c> (c_op: cycles per int8 MAC of
/// CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED), plus the float work beside the body (the window statistics of each pass, the
/// augmentation of each copy) <c>T_float = ops c_fma / f</c>, <c>E = V I_float T_float</c>; with a firmware calibration
/// the float work is not added: the measured instructions per MAC are a whole collection's (statistics and copies included)</item>
/// <item>training: <c>T = (FMA c_fma + R c_root + B_deq c_deq) / f</c>, <c>E = V I_float T</c> (FMA: forward, backward and
/// optimizer multiply-adds of training and validation; R: the optimizer's square roots and divisions; B_deq: int8 features
/// dequantized); with a firmware calibration <c>T = (FMA c_fma' + R (c_root - CPI)) / f</c>, since the firmware's count
/// holds each square root and division as one instruction at the assumed CPI</item>
/// <item>storage writes: RAM store <c>T = B_stored c_copy / f</c>, <c>E = V I_int8 T</c>; flash store
/// <c>T = B_stored t_flash</c>, <c>E = V I_flash T</c></item>
/// <item>deployment: the head's float32 parameters written to flash, <c>T = B_head t_flash</c>, <c>E = V I_flash T</c></item>
/// </list>
/// mA x V x s = mJ. A profile calibrated by the emulated firmware (<see cref="DeviceProfile.Calibration"/>) prices collection
/// with <c>c_op = instructions per int8 MAC x CPI</c> for every operator and training with <c>c_fma = instructions per
/// multiply-add x CPI</c> and <c>c_deq = 0</c> (the measured instructions include the dequantization); each phase's detail says so.
/// </remarks>
public static class CostModel
{
    /// <summary>The operator names whose MACs the profile prices; any other name is refused.</summary>
    public static IReadOnlyList<string> PricedOperators { get; } = ["CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED"];

    /// <summary>Every phase of the on-device way for <paramref name="workload"/> on <paramref name="device"/>.</summary>
    public static WayCost OnDevice(DeviceProfile device, Workload workload) => new("device",
    [
        Collection(device, workload.CollectionInt8Macs, workload.CollectionFloatOperations),
        Training(device, workload.Training, workload.Epochs),
        StorageWrites(device, workload.BytesStored, workload.StoreInFlash),
        FlashWrite(device, "deployment", workload.HeadParameterBytes, "head parameters (float32)"),
    ]);

    /// <summary>Feature collection: the frozen int8 body on every sample (and copy), and the float work beside it.</summary>
    /// <param name="device">The profile.</param>
    /// <param name="int8Macs">int8 MACs by operator name.</param>
    /// <param name="floatOperations">Float operations of the window statistics and the augmentation, priced as float multiply-adds;
    /// not priced on a calibrated profile, whose instructions per MAC were measured on a whole collection with them.</param>
    /// <exception cref="WorkloadException">An operator the profile has no cycles figure for carries MACs.</exception>
    public static PhaseCost Collection(DeviceProfile device, IReadOnlyDictionary<string, long> int8Macs, long floatOperations = 0)
    {
        double cycles = 0;
        long macs = 0;
        foreach ((string op, long count) in int8Macs)
        {
            if (count == 0) continue; // pooling and reshapes carry no MACs: nothing to price
            cycles += count * CyclesPerInt8Mac(device, op);
            macs += count;
        }

        double seconds = cycles / device.ClockHz;
        string calibrated = device.Calibration is { } c
            ? Invariant($" (from the emulated firmware: {c.InstructionsPerInt8Mac.Value:G4} instructions per MAC x {c.CyclesPerInstruction.Value:G3} cycles per instruction)")
            : "";
        // The calibration counts every instruction of a labelled window's collection (its statistics and copies too) per MAC:
        // pricing the float work again would count it twice.
        if (floatOperations <= 0 || device.Calibration is not null)
            return new PhaseCost("feature collection", seconds, Millijoules(device, device.CpuInt8Milliamps, seconds),
                Invariant($"{macs:N0} int8 MACs, {cycles:N0} cycles at {device.ClockHz / 1e6:G4} MHz{calibrated}, {device.CpuInt8Milliamps} mA"));
        double floatSeconds = floatOperations * device.CyclesPerFloatMultiplyAdd / device.ClockHz;
        return new PhaseCost("feature collection", seconds + floatSeconds,
            Millijoules(device, device.CpuInt8Milliamps, seconds) + Millijoules(device, device.CpuFloatMilliamps, floatSeconds),
            Invariant($"{macs:N0} int8 MACs, {cycles:N0} cycles at {device.ClockHz / 1e6:G4} MHz{calibrated}, {device.CpuInt8Milliamps} mA; ") +
            Invariant($"{floatOperations:N0} float operations (window statistics, augmentation), {device.CpuFloatMilliamps} mA"));
    }

    /// <summary>Head training (forward, backward, optimizer, dequantization) and validation.</summary>
    public static PhaseCost Training(DeviceProfile device, in OpCounts ops, int epochs)
    {
        double seconds = TrainingSeconds(device, ops);
        string calibrated = device.Calibration is { } c
            ? Invariant($" (from the emulated firmware: {c.InstructionsPerFloatMultiplyAdd.Value:G4} instructions per multiply-add, dequantization included, x {c.CyclesPerInstruction.Value:G3} cycles per instruction)")
            : "";
        return new PhaseCost("training", seconds, Millijoules(device, device.CpuFloatMilliamps, seconds),
            Invariant($"{epochs} epoch{(epochs == 1 ? "" : "s")}, {ops.TotalMultiplyAdds:N0} float multiply-adds, {RootsAndDivisions(device, ops)}{ops.BytesDequantized:N0} bytes dequantized{calibrated}, {device.CpuFloatMilliamps} mA"));
    }

    /// <summary>
    /// Seconds of float work: <c>(FMA c_fma + R c_root + B_deq c_deq) / f</c>; calibrated, <c>(FMA c_fma' + R (c_root - CPI)) / f</c>
    /// with the firmware's <c>c_fma'</c>, whose instruction count already holds each square root and division once at the CPI.
    /// </summary>
    public static double TrainingSeconds(DeviceProfile device, in OpCounts ops) => device.Calibration is { } c
        ? (ops.TotalMultiplyAdds * c.CyclesPerFloatMultiplyAdd + ops.OptimizerRootsAndDivisions * ExtraCyclesPerRoot(device, c)) / device.ClockHz
        : (ops.TotalMultiplyAdds * device.CyclesPerFloatMultiplyAdd + ops.OptimizerRootsAndDivisions * device.CyclesPerFloatRootOrDivision
            + ops.BytesDequantized * device.CyclesPerDequantizedByte) / device.ClockHz;

    // A square root or division beyond the one instruction the firmware's count priced at the assumed CPI.
    private static double ExtraCyclesPerRoot(DeviceProfile device, FirmwareCalibration c) =>
        Math.Max(0, device.CyclesPerFloatRootOrDivision - c.CyclesPerInstruction.Value);

    // The detail's words on the optimizer's square roots and divisions, when there are any.
    private static string RootsAndDivisions(DeviceProfile device, in OpCounts ops) => ops.OptimizerRootsAndDivisions == 0 ? ""
        : Invariant($"{ops.OptimizerRootsAndDivisions:N0} square roots and divisions at {device.CyclesPerFloatRootOrDivision:G4} cycles, ");

    /// <summary>
    /// Energy of float work, mJ: what energy-aware stopping takes as an epoch's cost
    /// (pass <c>ops =&gt; CostModel.TrainingMillijoules(profile, ops)</c> to the stopping rule).
    /// </summary>
    public static double TrainingMillijoules(DeviceProfile device, in OpCounts ops) =>
        Millijoules(device, device.CpuFloatMilliamps, TrainingSeconds(device, ops));

    /// <summary>Feature bytes written to the store (RAM copy, or flash programming).</summary>
    public static PhaseCost StorageWrites(DeviceProfile device, long bytes, bool inFlash)
    {
        if (inFlash) return FlashWrite(device, "storage writes", bytes, "feature records to the flash store");
        double seconds = bytes * device.CyclesPerByteCopied / device.ClockHz;
        return new PhaseCost("storage writes", seconds, Millijoules(device, device.CpuInt8Milliamps, seconds),
            Invariant($"{bytes:N0} feature bytes copied into the RAM store"));
    }

    /// <summary>Bytes programmed into flash: <c>T = B t_flash</c>, <c>E = V I_flash T</c>.</summary>
    public static PhaseCost FlashWrite(DeviceProfile device, string phase, long bytes, string what)
    {
        double seconds = bytes * device.FlashWriteMicrosecondsPerByte / 1e6;
        return new PhaseCost(phase, seconds, Millijoules(device, device.FlashWriteMilliamps, seconds),
            Invariant($"{bytes:N0} bytes of {what} written to flash at {device.FlashWriteMicrosecondsPerByte} µs/byte"));
    }

    /// <summary>Cycles per int8 MAC of an operator kind.</summary>
    /// <exception cref="WorkloadException">The profile prices no such operator.</exception>
    public static double CyclesPerInt8Mac(DeviceProfile device, string op) => op switch
    {
        _ when device.Calibration is { } c && PricedOperators.Contains(op) => c.CyclesPerInt8Mac,
        "CONV_2D" => device.CyclesPerInt8MacConv,
        "DEPTHWISE_CONV_2D" => device.CyclesPerInt8MacDepthwise,
        "FULLY_CONNECTED" => device.CyclesPerInt8MacFullyConnected,
        _ => throw new WorkloadException($"no cycles-per-MAC figure for operator '{op}'; priced operators: {string.Join(", ", PricedOperators)}"),
    };

    /// <summary><c>E [mJ] = I [mA] x V [V] x T [s]</c>.</summary>
    public static double Millijoules(DeviceProfile device, double milliamps, double seconds) => milliamps * device.SupplyVolts * seconds;

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
