namespace MicroTL.Export;

/// <summary>
/// The float32 weights of a two-layer head, in TFLite FULLY_CONNECTED layout:
/// W1 [Hidden, Inputs], B1 [Hidden], W2 [Classes, Hidden], B2 [Classes], all row-major.
/// </summary>
public sealed record HeadWeights(int Inputs, int Hidden, int Classes, float[] W1, float[] B1, float[] W2, float[] B2)
{
    /// <summary>Checks that every array has the length its shape says.</summary>
    /// <exception cref="ArgumentException">An array has the wrong length.</exception>
    public void Validate()
    {
        Check(W1, (long)Hidden * Inputs, nameof(W1));
        Check(B1, Hidden, nameof(B1));
        Check(W2, (long)Classes * Hidden, nameof(W2));
        Check(B2, Classes, nameof(B2));
    }

    private static void Check(float[] array, long expected, string name)
    {
        if (array.Length != expected)
            throw new ArgumentException($"head weights {name} has {array.Length} values, expected {expected}");
    }
}
