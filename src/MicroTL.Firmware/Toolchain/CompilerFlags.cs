// The compiler and linker flags of every firmware build, in one place so the C# driver, the tests
// and docs/firmware.md agree.
namespace MicroTL.Firmware.Toolchain;

/// <summary>Flags for arm-none-eabi-gcc (the device) and gcc (the host build of the same kernels).</summary>
public static class CompilerFlags
{
    /// <summary>The nRF52840's core: Cortex-M4 with the single-precision FPU, hard-float calling convention.</summary>
    public static readonly IReadOnlyList<string> CortexM4F =
        ["-mcpu=cortex-m4", "-mthumb", "-mfpu=fpv4-sp-d16", "-mfloat-abi=hard"];

    /// <summary>
    /// Language and code generation for both builds: C99, warnings as errors, -O2, and no fused
    /// multiply-add (<c>-ffp-contract=off</c>) so float sums round as the C# engine's do.
    /// </summary>
    public static readonly IReadOnlyList<string> Common =
        ["-std=c99", "-O2", "-ffp-contract=off", "-Wall", "-Wextra", "-Werror"];

    /// <summary>One section per function and object, so the linker drops what nothing calls.</summary>
    public static readonly IReadOnlyList<string> Sections = ["-ffunction-sections", "-fdata-sections"];

    /// <summary>
    /// Link flags of the device: our startup code instead of newlib's (<c>-nostartfiles</c>), newlib's
    /// semihosting I/O (<c>rdimon</c>), unused sections dropped, and libm.
    /// </summary>
    public static readonly IReadOnlyList<string> FirmwareLink =
        ["--specs=rdimon.specs", "-nostartfiles", "-Wl,--gc-sections"];
}
