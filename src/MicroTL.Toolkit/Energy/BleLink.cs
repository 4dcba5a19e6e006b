namespace MicroTL.Toolkit.Energy;

/// <summary>Which way data moves over the link, seen from the device.</summary>
public enum LinkDirection
{
    /// <summary>Device to phone/gateway: the device transmits data packets, receives empty acknowledgements.</summary>
    Upload,

    /// <summary>Phone/gateway to device: the device receives data packets, transmits empty acknowledgements.</summary>
    Download,
}

/// <summary>The cost of moving some bytes over the link.</summary>
/// <param name="Seconds">Time from the first to the last connection event.</param>
/// <param name="EnergyMillijoules">Device energy: radio, CPU around each event, sleep between events.</param>
/// <param name="Transmissions">Expected data packets sent, retransmissions included.</param>
/// <param name="ConnectionEvents">Expected connection events used.</param>
public readonly record struct LinkCost(double Seconds, double EnergyMillijoules, double Transmissions, double ConnectionEvents);

/// <summary>
/// A BLE connection as the device sees it (the device is the peripheral; a phone is the central).
/// </summary>
/// <remarks>
/// Per connection event of interval <c>CI</c> the central and the device exchange <c>n</c> packet
/// pairs, <c>n = min(packetsPerInterval, floor(CI / t_pair))</c>. At PHY rate <c>R</c>:
/// <list type="bullet">
/// <item>data packet on air <c>t_d = 8 (L + O) / R</c>, empty packet <c>t_e = 8 O / R</c> (L: LL payload, O: LL overhead)</item>
/// <item>one pair <c>t_pair = t_d + t_e + 2 T_IFS</c></item>
/// <item>application bytes per packet <c>A = L - H</c> (H: L2CAP + ATT headers)</item>
/// <item>transmissions for B bytes <c>N = ceil(B / A) / (1 - p)</c> (each lost packet is sent again; p: loss rate)</item>
/// <item>events <c>E = N / n</c>; time <c>T = E CI</c>; throughput <c>B / T = n A 8 (1 - p) / CI</c> bits/s for large B</item>
/// <item>energy per event <c>V [I_tx t_tx + I_rx (t_rx + 2 n T_IFS + t_ramp) + I_cpu t_cpu]</c>, with
/// <c>t_tx = n t_d, t_rx = n t_e</c> for an upload (swapped for a download), the radio listening through T_IFS and ramp-up</item>
/// <item>sleep between events <c>V I_sleep (CI - n t_pair - t_ramp - t_cpu)</c></item>
/// </list>
/// </remarks>
public sealed class BleLink
{
    private readonly DeviceProfile _p;

    /// <summary>The link of <paramref name="profile"/>.</summary>
    public BleLink(DeviceProfile profile)
    {
        _p = profile;
        DataPacketMicroseconds = 8 * (profile.LinkLayerPayloadBytes + profile.LinkLayerOverheadBytes) / profile.PhyBitsPerSecond * 1e6;
        EmptyPacketMicroseconds = 8 * profile.LinkLayerOverheadBytes / profile.PhyBitsPerSecond * 1e6;
        PairMicroseconds = DataPacketMicroseconds + EmptyPacketMicroseconds + 2 * profile.InterFrameSpaceMicroseconds;
        double intervalMicroseconds = profile.ConnectionIntervalMilliseconds * 1000;
        PacketsPerEvent = Math.Min(Math.Floor(profile.PacketsPerInterval), Math.Floor(intervalMicroseconds / PairMicroseconds));
        if (PacketsPerEvent < 1)
            throw new DeviceProfileException($"device profile '{profile.Name}': a connection interval of {profile.ConnectionIntervalMilliseconds} ms is shorter than one packet exchange ({PairMicroseconds:F0} µs)");
        ApplicationBytesPerPacket = profile.LinkLayerPayloadBytes - profile.L2capAttHeaderBytes;
    }

    /// <summary>Air time of one full data packet, µs.</summary>
    public double DataPacketMicroseconds { get; }

    /// <summary>Air time of one empty packet, µs.</summary>
    public double EmptyPacketMicroseconds { get; }

    /// <summary>One data packet, one empty packet and two inter-frame spaces, µs.</summary>
    public double PairMicroseconds { get; }

    /// <summary>Data packets per connection event.</summary>
    public double PacketsPerEvent { get; }

    /// <summary>Application bytes per data packet.</summary>
    public double ApplicationBytesPerPacket { get; }

    /// <summary>Application throughput for a long transfer, bits per second.</summary>
    public double ThroughputBitsPerSecond =>
        PacketsPerEvent * ApplicationBytesPerPacket * 8 * (1 - _p.PacketLossRate) / (_p.ConnectionIntervalMilliseconds / 1000);

    /// <summary>Time and device energy to move <paramref name="bytes"/> in <paramref name="direction"/>.</summary>
    public LinkCost Transfer(long bytes, LinkDirection direction)
    {
        if (bytes < 0) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "bytes to send must be >= 0");
        if (bytes == 0) return new LinkCost(0, 0, 0, 0);
        double transmissions = Math.Ceiling(bytes / ApplicationBytesPerPacket) / (1 - _p.PacketLossRate);
        double events = transmissions / PacketsPerEvent;
        double n = PacketsPerEvent;
        double data = n * DataPacketMicroseconds, empty = n * EmptyPacketMicroseconds;
        (double tx, double rx) = direction == LinkDirection.Upload ? (data, empty) : (empty, data);
        double listen = 2 * n * _p.InterFrameSpaceMicroseconds + _p.RadioRampUpMicroseconds;
        double awake = n * PairMicroseconds + _p.RadioRampUpMicroseconds + _p.CpuAwakePerEventMicroseconds;
        double intervalMicroseconds = _p.ConnectionIntervalMilliseconds * 1000;
        double sleep = Math.Max(0, intervalMicroseconds - awake);
        double eventMicrojoulesPerVolt =
            _p.RadioTxMilliamps * tx + _p.RadioRxMilliamps * (rx + listen) + _p.CpuInt8Milliamps * _p.CpuAwakePerEventMicroseconds
            + _p.SleepMilliamps * sleep;
        // mA x µs = nC; x V = nJ; / 1e6 = mJ.
        double energy = events * eventMicrojoulesPerVolt * _p.SupplyVolts / 1e6;
        return new LinkCost(events * intervalMicroseconds / 1e6, energy, transmissions, events);
    }
}
