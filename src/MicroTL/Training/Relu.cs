using System.Diagnostics;

namespace MicroTL.Training;

/// <summary>Float32 ReLU, forward and backward, elementwise over spans of equal length.</summary>
public static class Relu
{
    /// <summary>Forward: <c>y = max(x, 0)</c>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        Debug.Assert(y.Length >= x.Length);
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0f ? x[i] : 0f;
    }

    /// <summary>
    /// Backward, in place: <c>d[i] = preActivation[i] &gt; 0 ? d[i] : 0</c> (the subgradient at 0
    /// is taken as 0, matching the forward's strict comparison).
    /// </summary>
    public static void BackwardInPlace(ReadOnlySpan<float> preActivation, Span<float> gradient)
    {
        Debug.Assert(preActivation.Length >= gradient.Length);
        for (int i = 0; i < gradient.Length; i++)
            if (!(preActivation[i] > 0f)) gradient[i] = 0f;
    }
}
