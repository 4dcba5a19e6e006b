namespace MicroTL.Toolkit.Energy;

/// <summary>
/// Break-even sweeps: how the cloud / device ratios move with link throughput, samples and epochs on
/// each device, and where they cross 1. Crossings are found between two sweep points of opposite
/// sign by bisection on the real ratio function (in log X), so they are exact to 1e-6 relative.
/// </summary>
public static class BreakEven
{
    /// <summary>Throughput sweep range, bits/s (0.1 kbit/s to 2 Mbit/s, log spaced).</summary>
    public static (double Min, double Max) ThroughputRange { get; } = (100, 2e6);

    /// <summary>Samples sweep range (log spaced).</summary>
    public static (double Min, double Max) SamplesRange { get; } = (10, 10_000);

    /// <summary>Epochs sweep range (log spaced).</summary>
    public static (double Min, double Max) EpochsRange { get; } = (1, 100);

    /// <summary>Shortest connection interval the spec allows, ms (Bluetooth Core Spec v5.3, Vol 6, Part B, §4.5.1: 7.5 ms).</summary>
    public const double MinConnectionIntervalMilliseconds = 7.5;

    /// <summary>Every sweep of <paramref name="workload"/> on every profile of <paramref name="devices"/>.</summary>
    public static BreakEvenAnalysis Analyse(Workload workload, IReadOnlyList<DeviceProfile> devices, int pointsPerSweep = 25, SourcedValue? cloudTimeFactor = null)
    {
        var sweeps = new List<BreakEvenSweep>();
        var ratios = new List<EnergyComparison>();
        foreach (DeviceProfile device in devices)
        {
            ratios.Add(EnergyComparison.Compute(device, workload, cloudTimeFactor));
            sweeps.Add(Throughput(device, workload, pointsPerSweep, cloudTimeFactor));
            sweeps.Add(Samples(device, workload, pointsPerSweep, cloudTimeFactor));
            sweeps.Add(Epochs(device, workload, pointsPerSweep, cloudTimeFactor));
        }

        return new BreakEvenAnalysis(workload.Description, sweeps, ratios);
    }

    /// <summary>Ratios against link throughput; points the link cannot reach are left out.</summary>
    public static BreakEvenSweep Throughput(DeviceProfile device, Workload workload, int points, SourcedValue? cloudTimeFactor = null)
    {
        double max = MaxThroughput(device);
        Func<double, (double, double)?> at = t => LinkFor(device, t) is { } p ? Ratios(p, workload, cloudTimeFactor) : null;
        return Run(device.Name, SweepParameter.LinkThroughput, "bit/s", ThroughputRange, points, at,
            CostModel.Invariant($"connection interval and packets per event set for each throughput; above about {max / 1000:F0} kbit/s (back-to-back {device.LinkLayerPayloadBytes}-byte packets at {device.PhyBitsPerSecond / 1e6} Mbit/s in {MinConnectionIntervalMilliseconds} ms intervals) the link cannot go, and those points are left out"));
    }

    /// <summary>Ratios against the number of labelled samples (epochs fixed).</summary>
    public static BreakEvenSweep Samples(DeviceProfile device, Workload workload, int points, SourcedValue? cloudTimeFactor = null) =>
        Run(device.Name, SweepParameter.Samples, "samples", SamplesRange, points,
            s => Ratios(device, workload.ScaledTo((int)Math.Max(1, Math.Round(s)), workload.Epochs), cloudTimeFactor),
            $"epochs fixed at {workload.Epochs}; collection, storage, upload and the cloud's training time scale with samples");

    /// <summary>Ratios against on-device epochs (samples fixed; the cloud's training time unchanged).</summary>
    public static BreakEvenSweep Epochs(DeviceProfile device, Workload workload, int points, SourcedValue? cloudTimeFactor = null) =>
        Run(device.Name, SweepParameter.Epochs, "epochs", EpochsRange, points,
            e => Ratios(device, ScaleEpochs(workload, e), cloudTimeFactor),
            $"samples fixed at {workload.Samples}; head training work scales with epochs");

    /// <summary>
    /// The profile whose link carries <paramref name="bitsPerSecond"/>: keep the profile's packets per event and stretch the
    /// interval; below the spec's 7.5 ms interval, pack more packets into 7.5 ms instead. Null when even that cannot carry it.
    /// </summary>
    public static DeviceProfile? LinkFor(DeviceProfile device, double bitsPerSecond)
    {
        var link = new BleLink(device);
        double bitsPerPacket = link.ApplicationBytesPerPacket * 8 * (1 - device.PacketLossRate);
        double packets = link.PacketsPerEvent;
        if (packets * bitsPerPacket / bitsPerSecond * 1000 < MinConnectionIntervalMilliseconds)
        {
            packets = Math.Ceiling(bitsPerSecond * MinConnectionIntervalMilliseconds / 1000 / bitsPerPacket);
            if (packets * link.PairMicroseconds > MinConnectionIntervalMilliseconds * 1000) return null;
        }

        double intervalMs = packets * bitsPerPacket / bitsPerSecond * 1000;
        const string why = "break-even sweep: set to reach the swept throughput";
        return device.With("packetsPerInterval", packets, why).With("connectionIntervalMilliseconds", intervalMs, why);
    }

    /// <summary>The most a link of back-to-back packet pairs carries: <c>A 8 (1 - p) / t_pair</c>, bits/s.</summary>
    public static double MaxThroughput(DeviceProfile device)
    {
        var link = new BleLink(device);
        return link.ApplicationBytesPerPacket * 8 * (1 - device.PacketLossRate) / (link.PairMicroseconds / 1e6);
    }

    /// <summary>
    /// X in (lo, hi) where <paramref name="f"/> - 1 changes sign, by bisection in log X; f(lo) - 1 and f(hi) - 1 must differ in sign.
    /// </summary>
    public static double Bisect(Func<double, double> f, double lo, double hi, int iterations = 60)
    {
        bool loAbove = f(lo) > 1;
        for (int i = 0; i < iterations; i++)
        {
            double mid = Math.Sqrt(lo * hi);
            if (f(mid) > 1 == loAbove) lo = mid; else hi = mid;
        }

        return Math.Sqrt(lo * hi);
    }

    private static Workload ScaleEpochs(Workload workload, double epochs)
    {
        // Fractional epochs are meaningful only inside the bisection; the work is linear in epochs.
        double factor = epochs / workload.Epochs;
        var t = workload.Training;
        return workload with
        {
            Epochs = Math.Max(1, (int)Math.Round(epochs)),
            Training = new(R(t.ForwardMultiplyAdds * factor), R(t.BackwardMultiplyAdds * factor), R(t.OptimizerMultiplyAdds * factor),
                R(t.BytesDequantized * factor), R(t.Samples * factor), R(t.Steps * factor)),
        };
    }

    private static long R(double v) => (long)Math.Round(v);

    private static (double Energy, double Time) Ratios(DeviceProfile device, Workload workload, SourcedValue? factor)
    {
        EnergyComparison c = EnergyComparison.Compute(device, workload, factor);
        return (c.EnergyRatio, c.TimeRatio);
    }

    private static BreakEvenSweep Run(string device, SweepParameter parameter, string unit, (double Min, double Max) range, int count,
        Func<double, (double Energy, double Time)?> at, string note)
    {
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), count, "a sweep needs at least 2 points");
        var points = new List<SweepPoint>();
        for (int i = 0; i < count; i++)
        {
            double x = range.Min * Math.Pow(range.Max / range.Min, (double)i / (count - 1));
            if (at(x) is { } r) points.Add(new SweepPoint(x, r.Energy, r.Time));
        }

        double? energy = Crossing(points, p => p.EnergyRatio, x => at(x)!.Value.Energy);
        double? time = Crossing(points, p => p.TimeRatio, x => at(x)!.Value.Time);
        return new BreakEvenSweep(device, parameter, unit, points, energy, time, note);
    }

    private static double? Crossing(List<SweepPoint> points, Func<SweepPoint, double> ratio, Func<double, double> f)
    {
        for (int i = 1; i < points.Count; i++)
            if (ratio(points[i - 1]) > 1 != ratio(points[i]) > 1)
                return Bisect(f, points[i - 1].X, points[i].X);
        return null;
    }
}
