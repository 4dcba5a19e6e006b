// The runtime's C compiled once to objects: every generated project carries the same runtime, so a tool
// building many models (the tests build one per TFLM model) compiles it once and links each model to it.
namespace MicroTL.Firmware.Toolchain;

/// <summary>The runtime compiled to objects, for the device (platform, kernels, interpreter) or the host (kernels, interpreter).</summary>
/// <param name="Objects">The object files.</param>
/// <param name="ForDevice">True for arm-none-eabi-gcc objects, false for the host's gcc.</param>
/// <param name="Defines">The preprocessor definitions they were compiled with.</param>
public sealed record CompiledRuntime(IReadOnlyList<string> Objects, bool ForDevice, IReadOnlyList<string> Defines)
{
    /// <summary>Checks these objects suit a build for the device (<paramref name="forDevice"/>) with <paramref name="defines"/>.</summary>
    /// <exception cref="ArgumentException">They were compiled for the other side or with other definitions.</exception>
    public void RequireMatch(bool forDevice, IReadOnlyList<string> defines)
    {
        if (ForDevice != forDevice)
            throw new ArgumentException($"the runtime was compiled for the {Side(ForDevice)}, this build is for the {Side(forDevice)}");
        if (!Defines.SequenceEqual(defines))
            throw new ArgumentException($"the runtime was compiled with defines [{string.Join(' ', Defines)}], this build uses [{string.Join(' ', defines)}]");
    }

    private static string Side(bool device) => device ? "device (arm-none-eabi-gcc)" : "host (gcc)";
}
