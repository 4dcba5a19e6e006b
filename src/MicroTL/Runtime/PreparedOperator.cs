namespace MicroTL.Runtime;

/// <summary>
/// One operator of a model, checked and with every derived parameter (fixed-point multipliers,
/// padding, activation clamps) computed once at load time, as TFLM's Prepare does. Eval then only
/// runs the kernel: no checks, no allocation.
/// </summary>
public abstract class PreparedOperator
{
    /// <summary>Runs the operator, reading its inputs from and writing its outputs to <paramref name="tensors"/>.</summary>
    public abstract void Eval(TensorStorage tensors);

    /// <summary>Multiply-accumulates one Eval performs (0 for data movement ops); feeds the op counts and the cost model.</summary>
    public virtual long MacCount => 0;
}
