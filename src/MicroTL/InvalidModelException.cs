namespace MicroTL;

/// <summary>
/// A model file that cannot be read or run: malformed bytes, offsets out of range, an unsupported
/// operator or type, inconsistent shapes. The message names the offset, tensor or operator and
/// what is wrong.
/// </summary>
public class InvalidModelException : Exception
{
    /// <summary>Creates the exception with a message that names where and what.</summary>
    public InvalidModelException(string message) : base(message) { }

    /// <summary>Creates the exception wrapping a cause.</summary>
    public InvalidModelException(string message, Exception inner) : base(message, inner) { }
}
