// TFLite's ActivationFunctionWithMinMax for float: std::min(std::max(x, lo), hi), whose comparisons keep -0.0 and NaN
// as TFLM does (Math.Max would turn -0.0 into +0.0).
using System.Runtime.CompilerServices;

namespace MicroTL.Kernels;

/// <summary>Float clamps with C++'s std::min/std::max semantics.</summary>
public static class FloatActivation
{
    /// <summary><c>std::min(std::max(x, min), max)</c>: <c>x &lt; min ? min : x</c>, then <c>max &lt; t ? max : t</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Clamp(float x, float min, float max)
    {
        float t = x < min ? min : x;
        return max < t ? max : t;
    }
}
