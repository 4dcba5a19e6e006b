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

    /// <summary>
    /// Every sweep of <paramref name="workload"/> on every profile of <paramref name="devices"/>. A run that kept no epoch
    /// (its training diverged) gets the throughput sweep only: the samples and epochs sweeps scale an epoch's work.
    /// </summary>
    public static BreakEvenAnalysis Analyse(Workload workload, IReadOnlyList<DeviceProfile> devices, int pointsPerSweep = 25, SourcedValue? cloudTimeFactor = null)
    {
        bool scalable = workload.Epochs > 0;
        var sweeps = new List<BreakEvenSweep>();
        var ratios = new List<EnergyComparison>();
        foreach (DeviceProfile device in devices)
        {
            ratios.Add(EnergyComparison.Compute(device, workload, cloudTimeFactor));
            sweeps.Add(Throughput(device, workload, pointsPerSweep, cloudTimeFactor));
            if (!scalable) continue;
            sweeps.Add(Samples(device, workload, pointsPerSweep, cloudTimeFactor));
            sweeps.Add(Epochs(device, workload, pointsPerSweep, cloudTimeFactor));
        }

        return new BreakEvenAnalysis(workload.Description, sweeps, ratios,
            scalable ? null : "samples and epochs sweeps left out: the run kept no epoch (its training diverged), so there is no epoch's work to scale");
    }

    /// <summary>Ratios against link throughput; points the link cannot reach are left out.</summary>
    public static BreakEvenSweep Throughput(DeviceProfile device, Workload workload, int points, SourcedValue? cloudTimeFactor = null)
    {
        double own = MaxThroughput(device), max = MaxThroughput(FasterLinks(device)[^1]);
        Func<double, (double, double)?> at = t => LinkFor(device, t) is { } p ? Ratios(p, workload, cloudTimeFactor) : null;
        return Run(device.Name, SweepParameter.LinkThroughput, "bit/s", ThroughputRange, points, at,
            CostModel.Invariant($"connection interval and packets per event set for each throughput; up to {own / 1000:F0} kbit/s with the profile's packets, then with {DataLengthExtensionBytes}-byte packets (data length extension), then also on the LE 2M PHY; above {max / 1000:F0} kbit/s BLE cannot go and those points are left out"));
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
        foreach (DeviceProfile candidate in FasterLinks(device))
            if (LinkWithPackets(candidate, bitsPerSecond) is { } p) return p;
        return null;
    }

    /// <summary>Largest LL payload with the Data Length Update procedure (Bluetooth Core Spec v5.3, Vol 6, Part B, §4.5.10: 251 octets).</summary>
    public const double DataLengthExtensionBytes = 251;

    /// <summary>
    /// The profile's link, then with 251-byte packets, then with those on the LE 2M PHY (Bluetooth Core Spec v5.3,
    /// Vol 6, Part A, §3.2: 2 Msym/s; one more preamble octet, Vol 6, Part B, §2.1): the ways a faster link is made.
    /// </summary>
    public static IReadOnlyList<DeviceProfile> FasterLinks(DeviceProfile device)
    {
        var list = new List<DeviceProfile> { device };
        if (device.LinkLayerPayloadBytes < DataLengthExtensionBytes)
            list.Add(device.With("linkLayerPayloadBytes", DataLengthExtensionBytes, "break-even sweep: Bluetooth Core Spec v5.3, Vol 6, Part B, §4.5.10, data length extension to 251 octets"));
        if (device.PhyBitsPerSecond < 2e6)
            list.Add(list[^1].With("phyBitsPerSecond", 2e6, "break-even sweep: Bluetooth Core Spec v5.3, Vol 6, Part A, §3.2, LE 2M PHY")
                .With("linkLayerOverheadBytes", list[^1].LinkLayerOverheadBytes + 1, "break-even sweep: LE 2M preamble is 2 octets (Core Spec v5.3, Vol 6, Part B, §2.1)"));
        return list;
    }

    /// <summary>
    /// Packets per event <c>n = max(profile's n, ceil(7.5 ms x T / b))</c> and interval <c>CI = n b / T</c> (b: bits a packet
    /// carries after loss), so the interval is at least 7.5 ms and holds the n packet pairs; null above <c>b / t_pair</c>.
    /// </summary>
    private static DeviceProfile? LinkWithPackets(DeviceProfile device, double bitsPerSecond)
    {
        if (bitsPerSecond > MaxThroughput(device) * (1 + 1e-12)) return null;
        var link = new BleLink(device);
        double bitsPerPacket = link.ApplicationBytesPerPacket * 8 * (1 - device.PacketLossRate);
        double packets = Math.Max(link.PacketsPerEvent, Math.Ceiling(bitsPerSecond * MinConnectionIntervalMilliseconds / 1000 / bitsPerPacket));
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
    /// The link throughput (bits/s, within <see cref="ThroughputRange"/> and what BLE can carry) at which a ratio of the
    /// comparison equals <paramref name="target"/>, or null when it does not reach it: e.g. the link the paper's
    /// 2.8x time ratio would need for this workload.
    /// </summary>
    public static double? ThroughputWhere(DeviceProfile device, Workload workload, Func<EnergyComparison, double> ratio, double target,
        SourcedValue? cloudTimeFactor = null)
    {
        double RatioAt(double t) => ratio(EnergyComparison.Compute(LinkFor(device, t)!, workload, cloudTimeFactor)) / target;
        double lo = ThroughputRange.Min, hi = lo;
        // The ratio falls as the link gets faster; walk up in small log steps to the last reachable throughput.
        for (double t = lo; t <= ThroughputRange.Max && LinkFor(device, t) is not null; t *= 1.05) hi = t;
        if (RatioAt(lo) > 1 == RatioAt(hi) > 1) return null;
        return Bisect(RatioAt, lo, hi);
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
        workload.EnsureHasEpochs();
        double factor = epochs / workload.Epochs;
        var t = workload.Training;
        return workload with
        {
            Epochs = Math.Max(1, (int)Math.Round(epochs)),
            Training = new(R(t.ForwardMultiplyAdds * factor), R(t.BackwardMultiplyAdds * factor), R(t.OptimizerMultiplyAdds * factor),
                R(t.OptimizerRootsAndDivisions * factor), R(t.BytesDequantized * factor), R(t.Samples * factor), R(t.Steps * factor)),
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
