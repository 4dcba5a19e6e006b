using MicroTL.Kernels;
using MicroTL.Runtime.Ops;

namespace MicroTL.Runtime;

/// <summary>
/// One operator of a model, checked and with every derived parameter (fixed-point multipliers,
/// padding, activation clamps) computed once at load time, as TFLM's Prepare does. Everything Eval
/// reads lives in the arena the operator was prepared in (its data block and per-channel arrays in
/// the tail, its scratch in the head) or in the flash image; the operator itself keeps only where.
/// Eval then only runs the kernel: no checks, no allocation. An operator uses its arena's scratch, so
/// one interpreter must not run Eval on two threads at once.
/// </summary>
public abstract class PreparedOperator
{
    private protected PreparedOperator(PrepareContext context)
    {
        Arena = context.Arena;
        Simd = context.Simd;
    }

    /// <summary>Runs the operator, reading its inputs from and writing its outputs to <paramref name="tensors"/>.</summary>
    public abstract void Eval(TensorStorage tensors);

    /// <summary>Multiply-accumulates one Eval performs (0 for data movement ops); feeds the op counts and the cost model.</summary>
    public virtual long MacCount => 0;

    /// <summary>The instruction set the kernels use (<see cref="InterpreterOptions.SimdLevel"/>, lowered to what the CPU has).</summary>
    public SimdLevel Simd { get; }

    /// <summary>The arena holding this operator's persistent data and scratch.</summary>
    private protected Arena Arena { get; }
}
