using MicroTL.TfLite;

namespace MicroTL.Runtime;

/// <summary>
/// Works out which tensors of a subgraph live in the arena and for which operator steps, and checks
/// that every tensor an operator reads exists by then: a graph input, a constant, a variable or the
/// output of an earlier operator.
/// </summary>
internal static class TensorLifetimes
{
    /// <summary>Sentinel for a tensor that needs no arena space (constant, or never used).</summary>
    public const int NotInArena = -1;

    /// <summary>
    /// Returns, per tensor, its first and last step (operator index), or <see cref="NotInArena"/>
    /// for both when the tensor is constant or unused.
    /// </summary>
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
                if (first[input] == NotInArena)
                    throw new InvalidModelException(
                        $"op {step} {model.CodeOf(op)}: input tensor {input} '{graph.Tensors[input].Name}' is read before anything writes it (not a graph input, constant, variable or earlier output)");
                last[input] = Math.Max(last[input], step);
            }

            foreach (int output in op.Outputs)
            {
                if (IsConstant(model, output))
                    throw new InvalidModelException(
                        $"op {step} {model.CodeOf(op)}: output tensor {output} '{graph.Tensors[output].Name}' is a constant");
                Touch(output, step, first, last);
            }
        }

        foreach (int output in graph.Outputs)
        {
            if (first[output] == NotInArena && !IsConstant(model, output))
                throw new InvalidModelException(
                    $"graph output tensor {output} '{graph.Tensors[output].Name}' is never written by any operator");
            if (first[output] != NotInArena) last[output] = lastStep;
        }

        return (first, last);
    }

    /// <summary>A tensor is constant when its buffer holds data.</summary>
    public static bool IsConstant(TfLiteModel model, int tensorIndex) =>
        model.DataOf(model.MainSubgraph.Tensors[tensorIndex]).Length > 0;

    private static void Touch(int tensor, int step, int[] first, int[] last)
    {
        if (first[tensor] == NotInArena) first[tensor] = step;
        last[tensor] = Math.Max(last[tensor], step);
    }
}
