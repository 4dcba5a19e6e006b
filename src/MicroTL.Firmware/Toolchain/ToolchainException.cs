// Thrown when a tool ran but failed: a compile or link error, an unreadable ELF file.
namespace MicroTL.Firmware.Toolchain;

/// <summary>A build step failed; the message holds the command and the tool's own diagnostics.</summary>
public class ToolchainException : Exception
{
    /// <summary>Creates the exception with a message naming the step and its output.</summary>
    public ToolchainException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public ToolchainException(string message, Exception inner) : base(message, inner)
    {
    }
}
