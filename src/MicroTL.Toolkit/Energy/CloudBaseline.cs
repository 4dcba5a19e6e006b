namespace MicroTL.Toolkit.Energy;

/// <summary>
/// The cloud way, as the paper compares it, counted on the device: upload every raw labelled
/// sample, wait while the cloud trains a new model, download that model, write it to flash.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>upload: <c>Samples x RawBytesPerSample</c> bytes over <see cref="BleLink"/>, device transmitting</item>
/// <item>cloud training: <c>T = hostSeconds x CloudTimeFactor</c>; the device sleeps, <c>E = V I_sleep T</c> (a lower bound:
/// keeping the connection alive or reconnecting would cost more)</item>
/// <item>download: <c>CloudModelBytes</c> over the link, device receiving</item>
/// <item>deployment: the new model written to flash, <c>T = B t_flash</c></item>
/// </list>
/// Raw samples are taken to stream out as they are collected, so no raw buffering in flash is
/// counted (again in the cloud's favour).
/// </remarks>
public static class CloudBaseline
{
    /// <summary>Cloud seconds per measured host second, and why (see <see cref="WithFactor"/>).</summary>
    public static SourcedValue DefaultCloudTimeFactor { get; } = new(1.0,
        "assumption: the cloud trains as fast as the measuring host (a 2-core VM); a model of a few thousand parameters on ~100 samples is too small to gain from a GPU, and queueing or upload to the server is not counted");

    /// <summary>Every phase of the cloud way.</summary>
    public static WayCost Cost(DeviceProfile device, Workload workload, SourcedValue? cloudTimeFactor = null)
    {
        double factor = (cloudTimeFactor ?? DefaultCloudTimeFactor).Value;
        if (!(factor > 0) || !double.IsFinite(factor)) throw new WorkloadException($"cloud time factor is {factor}; must be finite and > 0");
        var link = new BleLink(device);
        long uploadBytes = workload.Samples * workload.RawBytesPerSample;
        LinkCost up = link.Transfer(uploadBytes, LinkDirection.Upload);
        LinkCost down = link.Transfer(workload.CloudModelBytes, LinkDirection.Download);
        double trainSeconds = workload.CloudTrainHostSeconds * factor;
        return new WayCost("cloud",
        [
            new PhaseCost("upload", up.Seconds, up.EnergyMillijoules, CostModel.Invariant(
                $"{workload.Samples} samples x {workload.RawBytesPerSample} bytes = {uploadBytes:N0} bytes, {up.Transmissions:N0} packets at {link.ThroughputBitsPerSecond / 1000:F1} kbit/s")),
            new PhaseCost("cloud training", trainSeconds, CostModel.Millijoules(device, device.SleepMilliamps, trainSeconds), CostModel.Invariant(
                $"{workload.CloudTrainHostSeconds:F3} host s x {factor}, device asleep at {device.SleepMilliamps} mA")),
            new PhaseCost("download", down.Seconds, down.EnergyMillijoules, CostModel.Invariant(
                $"{workload.CloudModelBytes:N0} bytes of model, {down.Transmissions:N0} packets")),
            CostModel.FlashWrite(device, "deployment", workload.CloudModelBytes, "the new model"),
        ]);
    }

    /// <summary>A cloud time factor with its reason, for what-ifs (e.g. a shared, slower cloud: factor &gt; 1).</summary>
    public static SourcedValue WithFactor(double factor, string source) => new(factor, source);
}
