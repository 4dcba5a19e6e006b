using MicroTL.Budget;

namespace MicroTL.Toolkit.Energy;

/// <summary>A figure of a profile and where it comes from (datasheet section, paper, measurement, assumption).</summary>
/// <param name="Value">The number, in the unit its field names.</param>
/// <param name="Source">Where the number comes from.</param>
public readonly record struct SourcedValue(double Value, string Source);

/// <summary>
/// A device for the cost model: memory, clock, supply, currents per state, cycles per operation, and
/// the BLE link it talks over. Every value carries its source. Built-in profiles and user files are
/// read by <see cref="DeviceProfileLoader"/>, which refuses a missing, negative or non-finite value.
/// </summary>
public sealed class DeviceProfile
{
    /// <summary>Every numeric field a profile must have, in the order profiles list them.</summary>
    public static IReadOnlyList<ProfileField> Fields { get; } =
    [
        new("ramBytes", "bytes", FieldRule.Positive),
        new("flashBytes", "bytes", FieldRule.Positive),
        new("clockHz", "Hz", FieldRule.Positive),
        new("supplyVolts", "V", FieldRule.Positive),
        new("cpuInt8Milliamps", "mA", FieldRule.Positive),
        new("cpuFloatMilliamps", "mA", FieldRule.Positive),
        new("radioTxMilliamps", "mA", FieldRule.Positive),
        new("radioRxMilliamps", "mA", FieldRule.Positive),
        new("sleepMilliamps", "mA", FieldRule.NonNegative),
        new("flashWriteMilliamps", "mA", FieldRule.Positive),
        new("cyclesPerInt8MacConv", "cycles", FieldRule.Positive),
        new("cyclesPerInt8MacDepthwise", "cycles", FieldRule.Positive),
        new("cyclesPerInt8MacFullyConnected", "cycles", FieldRule.Positive),
        new("cyclesPerFloatMultiplyAdd", "cycles", FieldRule.Positive),
        new("cyclesPerFloatRootOrDivision", "cycles", FieldRule.Positive),
        new("cyclesPerDequantizedByte", "cycles", FieldRule.NonNegative),
        new("cyclesPerByteCopied", "cycles", FieldRule.NonNegative),
        new("flashWriteMicrosecondsPerByte", "µs", FieldRule.NonNegative),
        new("phyBitsPerSecond", "bit/s", FieldRule.Positive),
        new("connectionIntervalMilliseconds", "ms", FieldRule.Positive),
        new("packetsPerInterval", "packets", FieldRule.Positive),
        new("linkLayerPayloadBytes", "bytes", FieldRule.Positive),
        new("linkLayerOverheadBytes", "bytes", FieldRule.NonNegative),
        new("l2capAttHeaderBytes", "bytes", FieldRule.NonNegative),
        new("interFrameSpaceMicroseconds", "µs", FieldRule.NonNegative),
        new("packetLossRate", "fraction", FieldRule.Probability),
        new("radioRampUpMicroseconds", "µs", FieldRule.NonNegative),
        new("cpuAwakePerEventMicroseconds", "µs", FieldRule.NonNegative),
    ];

    private readonly Dictionary<string, SourcedValue> _values;

    /// <summary>Creates a profile from checked values (see <see cref="DeviceProfileLoader"/>).</summary>
    /// <exception cref="DeviceProfileException">A field is missing or out of range.</exception>
    public DeviceProfile(string name, string description, IReadOnlyDictionary<string, SourcedValue> values, string origin = "code")
    {
        foreach (ProfileField field in Fields)
        {
            if (!values.TryGetValue(field.Name, out SourcedValue v))
                throw new DeviceProfileException($"device profile '{name}' ({origin}): field '{field.Name}' is missing");
            if (field.Check(v.Value) is { } why)
                throw new DeviceProfileException($"device profile '{name}' ({origin}): field '{field.Name}' {why}");
            if (string.IsNullOrWhiteSpace(v.Source))
                throw new DeviceProfileException($"device profile '{name}' ({origin}): field '{field.Name}' has no source");
        }

        foreach (ProfileField field in FirmwareCalibration.Fields)
        {
            if (!values.TryGetValue(field.Name, out SourcedValue v)) continue;
            if (field.Check(v.Value) is { } why)
                throw new DeviceProfileException($"device profile '{name}' ({origin}): field '{field.Name}' {why}");
            if (string.IsNullOrWhiteSpace(v.Source))
                throw new DeviceProfileException($"device profile '{name}' ({origin}): field '{field.Name}' has no source");
        }

        int calibrationFields = FirmwareCalibration.Fields.Count(f => values.ContainsKey(f.Name));
        if (calibrationFields is > 0 and < 3)
            throw new DeviceProfileException($"device profile '{name}' ({origin}): the firmware's measurements come together: give all of " +
                $"{string.Join(", ", FirmwareCalibration.Fields.Select(f => $"'{f.Name}'"))} or none ({calibrationFields} given)");
        if (values.Keys.FirstOrDefault(k => Fields.Concat(FirmwareCalibration.Fields).All(f => f.Name != k)) is { } unknown)
            throw new DeviceProfileException($"device profile '{name}' ({origin}): unknown field '{unknown}'");
        if (values["linkLayerPayloadBytes"].Value <= values["l2capAttHeaderBytes"].Value)
            throw new DeviceProfileException($"device profile '{name}' ({origin}): field 'linkLayerPayloadBytes' must exceed 'l2capAttHeaderBytes' (no room for data)");
        Name = name;
        Description = description;
        Origin = origin;
        _values = new Dictionary<string, SourcedValue>(values);
        Calibration = calibrationFields == 3
            ? new FirmwareCalibration(values[FirmwareCalibration.Fields[0].Name], values[FirmwareCalibration.Fields[1].Name], values[FirmwareCalibration.Fields[2].Name])
            : null;
    }

    /// <summary>
    /// The emulated firmware's measurements, when the profile carries them (three optional fields): the cost model then prices
    /// collection and training from them instead of the cycles-per-operation estimates.
    /// </summary>
    public FirmwareCalibration? Calibration { get; }

    /// <summary>A copy without the firmware's measurements: the datasheet estimates alone.</summary>
    public DeviceProfile WithoutCalibration() => Calibration is null ? this
        : new DeviceProfile(Name, Description, _values.Where(v => FirmwareCalibration.Fields.All(f => f.Name != v.Key)).ToDictionary(), Origin);

    /// <summary>Short name used on the command line.</summary>
    public string Name { get; }

    /// <summary>One line on the board.</summary>
    public string Description { get; }

    /// <summary>Where the profile was read from (resource or file path).</summary>
    public string Origin { get; }

    /// <summary>A field's value and source.</summary>
    public SourcedValue this[string field] => _values.TryGetValue(field, out SourcedValue v)
        ? v : throw new KeyNotFoundException($"no device profile field '{field}'");

    /// <summary>A copy with one field replaced (for sweeps and what-ifs); the copy is checked like any profile.</summary>
    public DeviceProfile With(string field, double value, string source)
    {
        var values = new Dictionary<string, SourcedValue>(_values) { [field] = new(value, source) };
        return new DeviceProfile(Name, Description, values, Origin);
    }

    /// <summary>All fields in <see cref="Fields"/> order, then the firmware's measurements when present.</summary>
    public IEnumerable<(ProfileField Field, SourcedValue Value)> Values =>
        Fields.Concat(FirmwareCalibration.Fields.Where(f => _values.ContainsKey(f.Name))).Select(f => (f, _values[f.Name]));

    /// <summary>The RAM and flash the device library's budgets check against (named after this profile, sourced by its <c>ramBytes</c>).</summary>
    public DeviceMemory Memory => new(Name, RamBytes, FlashBytes, this["ramBytes"].Source);

    public long RamBytes => (long)this["ramBytes"].Value;
    public long FlashBytes => (long)this["flashBytes"].Value;
    public double ClockHz => this["clockHz"].Value;
    public double SupplyVolts => this["supplyVolts"].Value;
    public double CpuInt8Milliamps => this["cpuInt8Milliamps"].Value;
    public double CpuFloatMilliamps => this["cpuFloatMilliamps"].Value;
    /// <summary>Current while transmitting, radio and CPU together.</summary>
    public double RadioTxMilliamps => this["radioTxMilliamps"].Value;
    /// <summary>Current while receiving, radio and CPU together.</summary>
    public double RadioRxMilliamps => this["radioRxMilliamps"].Value;
    public double SleepMilliamps => this["sleepMilliamps"].Value;
    public double FlashWriteMilliamps => this["flashWriteMilliamps"].Value;
    public double CyclesPerInt8MacConv => this["cyclesPerInt8MacConv"].Value;
    public double CyclesPerInt8MacDepthwise => this["cyclesPerInt8MacDepthwise"].Value;
    public double CyclesPerInt8MacFullyConnected => this["cyclesPerInt8MacFullyConnected"].Value;
    public double CyclesPerFloatMultiplyAdd => this["cyclesPerFloatMultiplyAdd"].Value;
    /// <summary>Cycles of one float square root or division (Adam's two per parameter and step).</summary>
    public double CyclesPerFloatRootOrDivision => this["cyclesPerFloatRootOrDivision"].Value;
    public double CyclesPerDequantizedByte => this["cyclesPerDequantizedByte"].Value;
    public double CyclesPerByteCopied => this["cyclesPerByteCopied"].Value;
    /// <summary>Flash programming time per byte, erase amortised.</summary>
    public double FlashWriteMicrosecondsPerByte => this["flashWriteMicrosecondsPerByte"].Value;
    public double PhyBitsPerSecond => this["phyBitsPerSecond"].Value;
    public double ConnectionIntervalMilliseconds => this["connectionIntervalMilliseconds"].Value;
    public double PacketsPerInterval => this["packetsPerInterval"].Value;
    public double LinkLayerPayloadBytes => this["linkLayerPayloadBytes"].Value;
    public double LinkLayerOverheadBytes => this["linkLayerOverheadBytes"].Value;
    public double L2capAttHeaderBytes => this["l2capAttHeaderBytes"].Value;
    public double InterFrameSpaceMicroseconds => this["interFrameSpaceMicroseconds"].Value;
    public double PacketLossRate => this["packetLossRate"].Value;
    public double RadioRampUpMicroseconds => this["radioRampUpMicroseconds"].Value;
    public double CpuAwakePerEventMicroseconds => this["cpuAwakePerEventMicroseconds"].Value;
}
