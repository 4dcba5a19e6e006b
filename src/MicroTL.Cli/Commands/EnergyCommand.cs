using System.CommandLine;
using System.Globalization;
using MicroTL.Cli.Options;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.IO;
using MicroTL.Toolkit.Reports;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl energy [--device NAME|FILE] [--scenario REPORT.json] [--cloud-factor X] [--sweep] [--json]</c>: time and
/// energy of on-device transfer learning against uploading the data and training in the cloud;
/// <c>--list-devices</c> prints the profiles with every value's source; <c>--measure OUT.json</c> measures the default
/// smartwatch scenario anew and writes it.
/// </summary>
public static class EnergyCommand
{
    /// <summary>The command and its options.</summary>
    public static Command Create()
    {
        Option<string?> device = CliOptions.Text("--device", "NAME|FILE", $"the device profile: a built-in one or a profile file (default: {DeviceProfileLoader.DefaultName}; with --list-devices: all)");
        device.CompletionSources.Add(_ => DeviceProfileLoader.BuiltIn.Select(p => new System.CommandLine.Completions.CompletionItem(p.Name)));
        Option<string?> scenario = CliOptions.Text("--scenario", "REPORT.json",
            "a transfer report with a workload object (transfer --dataset --report, or the demo's transfer-report.json) or a workload file (default: the built-in smartwatch scenario)");
        Option<double?> cloudFactor = CliOptions.OptionalNumber<double>("--cloud-factor", "X",
            $"cloud seconds per host second of training (default: {CloudBaseline.DefaultCloudTimeFactor.Value.ToString(CultureInfo.InvariantCulture)}, {CloudBaseline.DefaultCloudTimeFactor.Source})");
        Option<bool> sweep = CliOptions.Flag("--sweep", "add the break-even sweeps (link throughput, samples, epochs) on every built-in device");
        Option<bool> json = CliOptions.Json("print the comparison (and sweeps) as JSON; with --list-devices, the profiles as a JSON array, and with --device too, "
            + "that one profile as an object, the form of a profile file");
        Option<bool> listDevices = CliOptions.Flag("--list-devices", "print the device profiles with every value's source");
        Option<string?> measure = CliOptions.Text("--measure", "OUT.json", "measure the default smartwatch scenario anew on this host and write it");
        var command = new Command("energy",
            "time and energy: on-device transfer vs upload + cloud training (an estimate from op counts and a device profile)")
        {
            device, scenario, cloudFactor, sweep, json, listDevices, measure,
        };
        command.SetAction(p => Run(p.GetValue(device), p.GetValue(scenario), p.GetValue(cloudFactor), p.GetValue(sweep), p.GetValue(json),
            p.GetValue(listDevices), p.GetValue(measure), p.InvocationConfiguration.Output, p.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string? deviceName, string? scenario, double? cloudFactor, bool sweep, bool json, bool listDevices, string? measure,
        TextWriter stdout, TextWriter stderr)
    {
        if (listDevices)
        {
            IReadOnlyList<DeviceProfile> profiles = deviceName is { } one ? [DeviceArgument.ResolveProfile(one)] : DeviceProfileLoader.BuiltIn;
            // With --device, the one profile as an object: the form --device FILE reads, ready to copy and edit.
            if (json && deviceName is not null) stdout.WriteLine(ReportJson.Serialize(DeviceProfileDocument.From(profiles[0])));
            else ListDevices(stdout, profiles, json);
            return ExitCodes.Success;
        }

        // Every path before the measurement: the scenario and profile read, the file written (locked until it is).
        using var files = new OutputSet("energy");
        files.Input("--scenario", scenario);
        DeviceArgument.DeclareInput(files, deviceName);
        OutputFile? measured = measure is null ? null : files.Output("--measure", measure);
        if (measure is not null && scenario is not null) throw new CliException("energy: --measure and --scenario both name a scenario", "give one of them");
        files.Validate();
        DeviceProfile device = DeviceArgument.ResolveProfile(deviceName);
        SourcedValue factor = CloudFactor(cloudFactor);
        Workload workload = LoadWorkload(scenario, measured, files, device, stderr);
        EnergyComparison comparison;
        BreakEvenAnalysis? analysis = null;
        try
        {
            comparison = EnergyComparison.Compute(device, workload, factor);
            if (sweep)
            {
                var devices = DeviceProfileLoader.BuiltIn.Any(p => p.Name == device.Name && p.Origin == device.Origin)
                    ? DeviceProfileLoader.BuiltIn : [device, .. DeviceProfileLoader.BuiltIn];
                analysis = BreakEven.Analyse(workload, devices, cloudTimeFactor: factor);
            }
        }
        catch (Exception e) when (e is WorkloadException or DeviceProfileException)
        {
            throw new CliException($"energy: {e.Message}", "check the scenario file and the device profile");
        }

        if (json)
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

    private static Workload LoadWorkload(string? scenario, OutputFile? measure, OutputSet files, DeviceProfile device, TextWriter stderr)
    {
        if (measure is { } output)
        {
            stderr.WriteLine("measuring the smartwatch scenario (pretrain, transfer, cloud training on this host)...");
            Workload measured = WisdmWorkloadMeasurement.Measure(device: device);
            output.WriteText(WorkloadFile.ToJson(measured, $"microtl energy --measure {Path.GetFileName(output.Path)} on {DateTime.UtcNow:yyyy-MM-dd} ({Environment.ProcessorCount} cores)"));
            files.Commit();
            stderr.WriteLine($"wrote {output.Path}");
            return measured;
        }

        try { return scenario is { } path ? WorkloadFile.Read(path) : DefaultScenario.Workload; }
        catch (WorkloadException e)
        {
            throw new CliException($"energy: {e.Message}", "give a report of 'microtl transfer --dataset ... --report R.json' (it holds ops and a workload object), or no --scenario for the built-in one");
        }
    }

    private static SourcedValue CloudFactor(double? factor)
    {
        if (factor is not { } f) return CloudBaseline.DefaultCloudTimeFactor;
        if (!(f > 0))
            throw new CliException($"energy: --cloud-factor '{f.ToString(CultureInfo.InvariantCulture)}' is not a positive number", "write e.g. --cloud-factor 0.1 for a cloud 10x faster than this host");
        return CloudBaseline.WithFactor(f, "given on the command line (--cloud-factor)");
    }

    private static void ListDevices(TextWriter w, IReadOnlyList<DeviceProfile> profiles, bool json)
    {
        if (json)
        {
            w.WriteLine(ReportJson.Serialize<IReadOnlyList<DeviceProfileDocument>>([.. profiles.Select(DeviceProfileDocument.From)]));
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
