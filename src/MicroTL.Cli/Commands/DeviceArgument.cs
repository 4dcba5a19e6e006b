using MicroTL.Budget;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.IO;

namespace MicroTL.Cli.Commands;

/// <summary>Resolves <c>--device NAME|FILE</c> to a known board or a profile file (nrf52840 when absent).</summary>
public static class DeviceArgument
{
    /// <summary>The RAM and flash of <c>--device</c>, from its profile (built in or a file); the device side stays free of JSON.</summary>
    /// <exception cref="CliException">Neither a known device nor a valid profile file.</exception>
    public static DeviceMemory Resolve(string? name) => ResolveProfile(name).Memory;

    /// <summary>Declares a profile file given as <c>--device</c> as an input of <paramref name="files"/> (a built-in name is none).</summary>
    public static void DeclareInput(OutputSet files, string? name)
    {
        if (name is null || DeviceProfileLoader.Find(name) is not null) return;
        if (File.Exists(name) || Directory.Exists(name)) files.Input("--device", name);
    }

    /// <summary>The cost-model profile of <c>--device</c>: a built-in name or a profile file.</summary>
    /// <exception cref="CliException">Neither a known device nor a valid profile file.</exception>
    public static DeviceProfile ResolveProfile(string? name)
    {
        try { return name is null ? DeviceProfileLoader.Default : DeviceProfileLoader.Resolve(name); }
        catch (DeviceProfileException e)
        {
            throw new CliException(e.Message, ErrorReport.DeviceHint);
        }
    }
}
