using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MicroTL.Training;

/// <summary>8 float lanes as one 256-bit vector (AVX): lane k is element k.</summary>
internal readonly struct Vector256Lanes8(Vector256<float> value) : ILanes<Vector256Lanes8>
{
    private readonly Vector256<float> _value = value;

    public static int Count => 8;

    public static Vector256Lanes8 Zero => new(Vector256<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256Lanes8 Create(float value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256Lanes8 Load(ref float source) => new(Vector256.LoadUnsafe(ref source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref float destination) => _value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256Lanes8 operator +(Vector256Lanes8 left, Vector256Lanes8 right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256Lanes8 operator -(Vector256Lanes8 left, Vector256Lanes8 right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256Lanes8 operator *(Vector256Lanes8 left, Vector256Lanes8 right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256Lanes8 operator /(Vector256Lanes8 left, Vector256Lanes8 right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256Lanes8 Sqrt(Vector256Lanes8 value) => new(Vector256.Sqrt(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256Lanes8 WherePositive(Vector256Lanes8 condition, Vector256Lanes8 value) =>
        new(Vector256.ConditionalSelect(Vector256.GreaterThan(condition._value, Vector256<float>.Zero), value._value, Vector256<float>.Zero));

    // Lanes l and l + 4 first (the two halves), then Vector128Lanes8.Fold4's order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float FoldedSum() => Vector128Lanes8.Fold4(_value.GetLower() + _value.GetUpper());
}

/// <summary>8 float lanes as two 128-bit vectors (SSE, NEON): lanes 0-3 in the first, 4-7 in the second.</summary>
internal readonly struct Vector128Lanes8(Vector128<float> low, Vector128<float> high) : ILanes<Vector128Lanes8>
{
    private readonly Vector128<float> _low = low, _high = high;

    public static int Count => 8;

    public static Vector128Lanes8 Zero => new(Vector128<float>.Zero, Vector128<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Lanes8 Create(float value) => new(Vector128.Create(value), Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Lanes8 Load(ref float source) =>
        new(Vector128.LoadUnsafe(ref source), Vector128.LoadUnsafe(ref source, 4));

    public void Store(ref float destination)
    {
        _low.StoreUnsafe(ref destination);
        _high.StoreUnsafe(ref destination, 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Lanes8 operator +(Vector128Lanes8 left, Vector128Lanes8 right) => new(left._low + right._low, left._high + right._high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Lanes8 operator -(Vector128Lanes8 left, Vector128Lanes8 right) => new(left._low - right._low, left._high - right._high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Lanes8 operator *(Vector128Lanes8 left, Vector128Lanes8 right) => new(left._low * right._low, left._high * right._high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Lanes8 operator /(Vector128Lanes8 left, Vector128Lanes8 right) => new(left._low / right._low, left._high / right._high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Lanes8 Sqrt(Vector128Lanes8 value) => new(Vector128.Sqrt(value._low), Vector128.Sqrt(value._high));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Lanes8 WherePositive(Vector128Lanes8 condition, Vector128Lanes8 value) =>
        new(Select(condition._low, value._low), Select(condition._high, value._high));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float FoldedSum() => Fold4(_low + _high);

    /// <summary>4 partial sums <c>h = (s0+s4, s1+s5, s2+s6, s3+s7)</c> folded: <c>(h0 + h2) + (h1 + h3)</c>.</summary>
    internal static float Fold4(Vector128<float> half)
    {
        Vector128<float> quarter = half + Vector128.Shuffle(half, Vector128.Create(2, 3, 0, 1));
        return quarter.ToScalar() + quarter.GetElement(1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Select(Vector128<float> condition, Vector128<float> value) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(condition, Vector128<float>.Zero), value, Vector128<float>.Zero);
}
