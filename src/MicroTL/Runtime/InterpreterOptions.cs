using MicroTL.Kernels;

namespace MicroTL.Runtime;

/// <summary>Limits and choices an <see cref="Interpreter"/> applies before it allocates anything.</summary>
public sealed record InterpreterOptions
{
    private readonly SimdLevel _simdLevel = SimdSupport.Best;

    /// <summary>
    /// The largest arena (activations, scratch and persistent data) the interpreter will use. A malformed model can
    /// declare tensors of any size; this keeps such a model from taking the host's memory. 64 MiB by default, far
    /// above any microcontroller's RAM.
    /// </summary>
    public long MaxArenaBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Give every tensor its own arena slice for the whole run, so that every intermediate value can
    /// still be read after <see cref="Interpreter.Invoke"/> (TFLM's <c>preserve_all_tensors</c>).
    /// Costs the sum of all tensor sizes instead of the peak; meant for debugging and tools.
    /// </summary>
    public bool PreserveAllTensors { get; init; }

    /// <summary>
    /// The instruction set the int8 kernels use: the CPU's best (<see cref="SimdSupport.Best"/>) by default; lowered to
    /// it when the CPU lacks the level asked for. Every level gives the same bytes; <see cref="SimdLevel.Scalar"/>
    /// runs the same kernels with the vector instructions off (tests and benchmarks compare the two).
    /// </summary>
    public SimdLevel SimdLevel
    {
        get => _simdLevel;
        init => _simdLevel = SimdSupport.Clamp(value);
    }

    /// <summary>
    /// Describe a model the engine cannot run instead of refusing it: an operator it lacks (its code or its types,
    /// <see cref="UnsupportedOperatorException"/>) is kept as an <see cref="Ops.UnsupportedOperator"/> that reserves no
    /// arena and throws when run, so the plan, tensors and MACs of the rest can still be listed (<c>microtl inspect</c>).
    /// A malformed model is still refused. Off by default.
    /// </summary>
    public bool AllowUnsupportedOperators { get; init; }

    /// <summary>Default limits, the CPU's best SIMD level.</summary>
    public static InterpreterOptions Default { get; } = new();
}
