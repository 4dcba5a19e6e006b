using System.Text.Json;
using MicroTL.Toolkit.Energy;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl energy [--device NAME|FILE] [--scenario REPORT.json] [--cloud-factor X] [--sweep] [--json]</c>: time and
/// energy of on-device transfer learning against uploading the data and training in the cloud;
/// <c>--list-devices</c> prints the profiles with every value's source; <c>--measure OUT.json</c> measures the default
/// smartwatch scenario anew and writes it.
/// </summary>
public static class EnergyCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new CommandArguments("energy", args, new HashSet<string> { "device", "scenario", "cloud-factor", "measure" },
            new HashSet<string> { "json", "sweep", "list-devices" });
        if (a.Positionals.Count > 0)
            throw new UsageException($"energy: unexpected argument '{a.Positionals[0]}'", "use --scenario REPORT.json for a transfer report");
        if (a.Has("list-devices"))
        {
            IReadOnlyList<DeviceProfile> profiles = a.Get("device") is { } one ? [DeviceArgument.ResolveProfile(one)] : DeviceProfileLoader.BuiltIn;
            ListDevices(stdout, profiles, a.Has("json"));
            return ExitCodes.Success;
        }

        DeviceProfile device = DeviceArgument.ResolveProfile(a.Get("device"));
        Workload workload = LoadWorkload(a, device, stderr);
        SourcedValue factor = CloudFactor(a);
        EnergyComparison comparison;
        BreakEvenAnalysis? analysis = null;
        try
        {
            comparison = EnergyComparison.Compute(device, workload, factor);
            if (a.Has("sweep"))
            {
                var devices = DeviceProfileLoader.BuiltIn.Any(p => p.Name == device.Name && p.Origin == device.Origin)
                    ? DeviceProfileLoader.BuiltIn : [device, .. DeviceProfileLoader.BuiltIn];
                analysis = BreakEven.Analyse(workload, devices, cloudTimeFactor: factor);
            }
        }
        catch (Exception e) when (e is WorkloadException or DeviceProfileException)
        {
            throw new UsageException($"energy: {e.Message}", "check the scenario file and the device profile");
        }

        if (a.Has("json"))
        {
            stdout.WriteLine(EnergyReport.ToJson(comparison, analysis));
            return ExitCodes.Success;
        }

        EnergyReport.WriteTable(stdout, comparison);
        if (analysis is not null)
        {
            stdout.WriteLine();
            EnergyReport.WriteBreakEven(stdout, analysis);
        }

        return ExitCodes.Success;
    }

    private static Workload LoadWorkload(CommandArguments a, DeviceProfile device, TextWriter stderr)
    {
        if (a.Get("measure") is { } output)
        {
            if (a.Get("scenario") is not null) throw new UsageException("energy: --measure and --scenario both name a scenario", "give one of them");
            stderr.WriteLine("measuring the smartwatch scenario (pretrain, transfer, cloud training on this host)...");
            Workload measured = WisdmWorkloadMeasurement.Measure(device: device);
            WorkloadFile.Write(output, measured, $"microtl energy --measure {Path.GetFileName(output)} on {DateTime.UtcNow:yyyy-MM-dd} ({Environment.ProcessorCount} cores)");
            stderr.WriteLine($"wrote {output}");
            return measured;
        }

        try { return a.Get("scenario") is { } path ? WorkloadFile.Read(path) : DefaultScenario.Workload; }
        catch (WorkloadException e)
        {
            throw new UsageException($"energy: {e.Message}", "give a report of 'microtl transfer --dataset ... --report R.json' (it holds ops and a workload object), or no --scenario for the built-in one");
        }
    }

    private static SourcedValue CloudFactor(CommandArguments a)
    {
        if (a.Get("cloud-factor") is not { } text) return CloudBaseline.DefaultCloudTimeFactor;
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double f) || !(f > 0) || !double.IsFinite(f))
            throw new UsageException($"energy: --cloud-factor '{text}' is not a positive number", "write e.g. --cloud-factor 0.1 for a cloud 10x faster than this host");
        return CloudBaseline.WithFactor(f, "given on the command line (--cloud-factor)");
    }

    private static void ListDevices(TextWriter w, IReadOnlyList<DeviceProfile> profiles, bool json)
    {
        if (json)
        {
            var array = profiles.Select(p => new Dictionary<string, object>
            {
                ["name"] = p.Name,
                ["description"] = p.Description,
            }.Concat(p.Values.Select(v => new KeyValuePair<string, object>(v.Field.Name, new { value = v.Value.Value, source = v.Value.Source })))
             .ToDictionary(kv => kv.Key, kv => kv.Value));
            w.WriteLine(JsonSerializer.Serialize(array, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }

        foreach (DeviceProfile p in profiles)
        {
            w.WriteLine($"{p.Name}: {p.Description}");
            foreach ((ProfileField field, SourcedValue value) in p.Values)
                w.WriteLine(FormattableString.Invariant($"  {field.Name,-32}{value.Value,14:G10} {field.Unit,-8} {value.Source}"));
            w.WriteLine();
        }
    }
}
