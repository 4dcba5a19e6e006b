using MicroTL.TfLite;

namespace MicroTL.Runtime;

/// <summary>
/// Works out which tensors of a subgraph live in the arena and for which operator steps, as TFLM's
/// <c>AllocationInfoBuilder</c> does: graph inputs and variables from the start, every other tensor from the operator
/// that writes it to the last one that reads it.
/// </summary>
internal static class TensorLifetimes
{
    /// <summary>Sentinel for a tensor that needs no arena space (constant, or never used).</summary>
    public const int NotInArena = -1;

    /// <summary>
    /// Returns, per tensor, its first and last step (operator index), or <see cref="NotInArena"/>
    /// for both when the tensor is constant or unused.
    /// </summary>
    /// <remarks>
    /// A tensor read before anything writes it (neither graph input, constant, variable nor an earlier output), or a
    /// graph output nothing writes, is planned from the start and holds whatever the arena holds, as in TFLM (which
    /// accepts such a model): a tool's scratch tensor of a delegate is one.
    /// </remarks>
    public static (int[] First, int[] Last) Compute(TfLiteModel model)
    {
        Subgraph graph = model.MainSubgraph;
        int tensorCount = graph.Tensors.Count;
        int lastStep = Math.Max(0, graph.Operators.Count - 1);
        var first = new int[tensorCount];
        var last = new int[tensorCount];
        Array.Fill(first, NotInArena);
        Array.Fill(last, NotInArena);

        foreach (int input in graph.Inputs) Touch(input, 0, first, last);
        for (int i = 0; i < tensorCount; i++)
            if (graph.Tensors[i].IsVariable) { first[i] = 0; last[i] = lastStep; }

        for (int step = 0; step < graph.Operators.Count; step++)
        {
            OperatorInfo op = graph.Operators[step];
            foreach (int input in op.Inputs)
            {
                if (input < 0 || IsConstant(model, input)) continue;
                if (first[input] == NotInArena) first[input] = 0;
                last[input] = Math.Max(last[input], step);
            }

            foreach (int output in op.Outputs)
            {
                if (IsConstant(model, output))
                    throw new InvalidModelException(
                        $"op {step} {NameOf(model, op)}: output tensor {output} '{graph.Tensors[output].Name}' is a constant");
                Touch(output, step, first, last);
            }
        }

        foreach (int output in graph.Outputs)
        {
            if (IsConstant(model, output)) continue;
            if (first[output] == NotInArena) first[output] = 0;
            last[output] = lastStep;
        }

        return (first, last);
    }

    private static string NameOf(TfLiteModel model, OperatorInfo op) =>
        (uint)op.OpcodeIndex < (uint)model.OperatorCodes.Count ? Ops.OperatorNames.Of(model.OperatorCodes[op.OpcodeIndex]) : $"opcode {op.OpcodeIndex}";

    /// <summary>A tensor is constant when its buffer holds data.</summary>
    public static bool IsConstant(TfLiteModel model, int tensorIndex) =>
        model.DataOf(model.MainSubgraph.Tensors[tensorIndex]).Length > 0;

    private static void Touch(int tensor, int step, int[] first, int[] last)
    {
        if (first[tensor] == NotInArena) first[tensor] = step;
        last[tensor] = Math.Max(last[tensor], step);
    }
}
