// What a firmware build may add to the runtime: defines, include folders, stack and heap sizes.
namespace MicroTL.Firmware.Toolchain;

/// <summary>Options of <see cref="FirmwareCompiler.Build"/>; the defaults suit a small firmware.</summary>
public sealed record FirmwareBuildOptions
{
    /// <summary>Preprocessor definitions, <c>NAME</c> or <c>NAME=VALUE</c> (passed as <c>-D</c>).</summary>
    public IReadOnlyList<string> Defines { get; init; } = [];

    /// <summary>Extra include folders of the application's sources.</summary>
    public IReadOnlyList<string> IncludeDirectories { get; init; } = [];

    /// <summary>Bytes of the stack region at the top of RAM (the linker's <c>__stack_size</c>).</summary>
    public int StackBytes { get; init; } = 8 * 1024;

    /// <summary>Bytes of heap that must fit between .bss and the stack (newlib's stdio buffers).</summary>
    public int HeapMinBytes { get; init; } = 4 * 1024;

    /// <summary>Longest the compiler may run before it is stopped.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);
}
