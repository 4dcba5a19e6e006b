namespace MicroTL.Runtime;

/// <summary>Limits an <see cref="Interpreter"/> enforces before it allocates anything.</summary>
public sealed record InterpreterOptions
{
    /// <summary>
    /// The largest arena the interpreter will allocate. A malformed model can declare tensors of
    /// any size; this keeps such a model from taking the host's memory. 64 MiB by default, far
    /// above any microcontroller's RAM.
    /// </summary>
    public long MaxArenaBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Give every tensor its own arena slice for the whole run, so that every intermediate value can
    /// still be read after <see cref="Interpreter.Invoke"/> (TFLM's <c>preserve_all_tensors</c>).
    /// Costs the sum of all tensor sizes instead of the peak; meant for debugging and tools.
    /// </summary>
    public bool PreserveAllTensors { get; init; }

    /// <summary>Default limits.</summary>
    public static InterpreterOptions Default { get; } = new();
}
