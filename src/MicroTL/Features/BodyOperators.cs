using MicroTL.TfLite;

namespace MicroTL.Features;

/// <summary>
/// The operators of a model's body that a transfer run needs: those that compute, directly or through others, the cut
/// tensor or the head features in use. A body's other operators (the window statistics when the head does not take them)
/// are neither run on the device nor exported.
/// </summary>
public static class BodyOperators
{
    /// <summary>The indices, in execution order, of the body operators (0..BodyOperatorCount-1) that <paramref name="cut"/> and <paramref name="headFeatures"/> need.</summary>
    public static int[] Needed(TfLiteModel model, CutPoint cut, HeadFeatures? headFeatures)
    {
        IReadOnlyList<OperatorInfo> ops = model.MainSubgraph.Operators;
        IReadOnlyList<TensorInfo> tensors = model.MainSubgraph.Tensors;
        var wanted = new HashSet<int> { cut.Tensor };
        if (headFeatures is { } extra) wanted.Add(extra.Tensor);
        var needed = new List<int>();
        for (int i = cut.BodyOperatorCount - 1; i >= 0; i--)
        {
            // An operator computes a wanted tensor as an output, or updates it in place as a variable input (an LSTM's state).
            bool updatesWanted = Array.Exists(ops[i].Inputs, t => t >= 0 && wanted.Contains(t) && tensors[t].IsVariable);
            if (!updatesWanted && !Array.Exists(ops[i].Outputs, wanted.Contains)) continue;
            needed.Add(i);
            foreach (int input in ops[i].Inputs)
                if (input >= 0) wanted.Add(input);
        }

        needed.Reverse();
        return [.. needed];
    }
}
