// What the cost model (Energy/CostModel) says the measured work would cost on a board: the host's timings beside the
// device's estimate, as a TFLM user sets a desktop profile beside the cycle counts of the target.
using MicroTL.Toolkit.Energy;
using MicroTL.Training;

namespace MicroTL.Toolkit.Benchmarking;

/// <summary>The cost model's time and energy for a piece of work on <paramref name="Device"/>.</summary>
/// <param name="Device">The profile's name.</param>
/// <param name="Milliseconds">Estimated time on the device.</param>
/// <param name="Millijoules">Estimated energy on the device.</param>
/// <param name="UnpricedMacs">MACs of operators the profile has no cycles figure for, left out of the estimate.</param>
/// <param name="Detail">How the estimate was made (op counts, cycles, clock, current).</param>
public sealed record DeviceEstimate(string Device, double Milliseconds, double Millijoules, long UnpricedMacs, string Detail)
{
    /// <summary>
    /// One inference, from the MACs of each operator (schema names) and the float operations beside them (a sample's window
    /// statistics, priced as <see cref="CostModel.Collection"/> prices them); unpriced operators are counted apart.
    /// </summary>
    public static DeviceEstimate OfInference(DeviceProfile device, IEnumerable<(string Operator, long Macs)> macs, long floatOperations = 0)
    {
        var priced = new Dictionary<string, long>();
        long unpriced = 0;
        foreach ((string op, long count) in macs)
        {
            if (CostModel.PricedOperators.Contains(op)) priced[op] = priced.GetValueOrDefault(op) + count;
            else unpriced += count;
        }

        PhaseCost cost = CostModel.Collection(device, priced, floatOperations);
        return new DeviceEstimate(device.Name, cost.Seconds * 1e3, cost.EnergyMillijoules, unpriced, cost.Detail);
    }

    /// <summary>Float head work (a training step, an epoch) from its op counts.</summary>
    public static DeviceEstimate OfTraining(DeviceProfile device, in OpCounts ops)
    {
        PhaseCost cost = CostModel.Training(device, ops, epochs: 1);
        return new DeviceEstimate(device.Name, cost.Seconds * 1e3, cost.EnergyMillijoules, 0,
            $"{ops.TotalMultiplyAdds:N0} float multiply-adds, {ops.OptimizerRootsAndDivisions:N0} square roots and divisions, " +
            $"{ops.BytesDequantized:N0} bytes dequantized, {device.CpuFloatMilliamps} mA");
    }
}
