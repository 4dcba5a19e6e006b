using System.Runtime.CompilerServices;

namespace MicroTL.Training;

/// <summary>One float lane: the tails of rows whose length is not a multiple of 8.</summary>
internal readonly struct Lane1(float value) : ILanes<Lane1>
{
    private readonly float _value = value;

    public static int Count => 1;

    public static Lane1 Zero => new(0f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Create(float value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Load(ref float source) => new(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref float destination) => destination = _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator +(Lane1 left, Lane1 right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator -(Lane1 left, Lane1 right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator *(Lane1 left, Lane1 right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator /(Lane1 left, Lane1 right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Sqrt(Lane1 value) => new(DeviceMath.Sqrt(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 WherePositive(Lane1 condition, Lane1 value) => new(condition._value > 0f ? value._value : 0f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float FoldedSum() => _value;
}

/// <summary>8 float lanes as 8 plain floats: the scalar path, which a C loop over <c>float s[8]</c> mirrors.</summary>
internal readonly struct ScalarLanes8 : ILanes<ScalarLanes8>
{
    private readonly float _s0, _s1, _s2, _s3, _s4, _s5, _s6, _s7;

    private ScalarLanes8(float s0, float s1, float s2, float s3, float s4, float s5, float s6, float s7)
    {
        (_s0, _s1, _s2, _s3, _s4, _s5, _s6, _s7) = (s0, s1, s2, s3, s4, s5, s6, s7);
    }

    public static int Count => 8;

    public static ScalarLanes8 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLanes8 Create(float v) => new(v, v, v, v, v, v, v, v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLanes8 Load(ref float s) =>
        new(s, Unsafe.Add(ref s, 1), Unsafe.Add(ref s, 2), Unsafe.Add(ref s, 3), Unsafe.Add(ref s, 4), Unsafe.Add(ref s, 5), Unsafe.Add(ref s, 6), Unsafe.Add(ref s, 7));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref float d)
    {
        d = _s0;
        Unsafe.Add(ref d, 1) = _s1;
        Unsafe.Add(ref d, 2) = _s2;
        Unsafe.Add(ref d, 3) = _s3;
        Unsafe.Add(ref d, 4) = _s4;
        Unsafe.Add(ref d, 5) = _s5;
        Unsafe.Add(ref d, 6) = _s6;
        Unsafe.Add(ref d, 7) = _s7;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLanes8 operator +(ScalarLanes8 a, ScalarLanes8 b) =>
        new(a._s0 + b._s0, a._s1 + b._s1, a._s2 + b._s2, a._s3 + b._s3, a._s4 + b._s4, a._s5 + b._s5, a._s6 + b._s6, a._s7 + b._s7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLanes8 operator -(ScalarLanes8 a, ScalarLanes8 b) =>
        new(a._s0 - b._s0, a._s1 - b._s1, a._s2 - b._s2, a._s3 - b._s3, a._s4 - b._s4, a._s5 - b._s5, a._s6 - b._s6, a._s7 - b._s7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLanes8 operator *(ScalarLanes8 a, ScalarLanes8 b) =>
        new(a._s0 * b._s0, a._s1 * b._s1, a._s2 * b._s2, a._s3 * b._s3, a._s4 * b._s4, a._s5 * b._s5, a._s6 * b._s6, a._s7 * b._s7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLanes8 operator /(ScalarLanes8 a, ScalarLanes8 b) =>
        new(a._s0 / b._s0, a._s1 / b._s1, a._s2 / b._s2, a._s3 / b._s3, a._s4 / b._s4, a._s5 / b._s5, a._s6 / b._s6, a._s7 / b._s7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLanes8 Sqrt(ScalarLanes8 a) => new(DeviceMath.Sqrt(a._s0), DeviceMath.Sqrt(a._s1), DeviceMath.Sqrt(a._s2),
        DeviceMath.Sqrt(a._s3), DeviceMath.Sqrt(a._s4), DeviceMath.Sqrt(a._s5), DeviceMath.Sqrt(a._s6), DeviceMath.Sqrt(a._s7));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLanes8 WherePositive(ScalarLanes8 c, ScalarLanes8 v) => new(
        c._s0 > 0f ? v._s0 : 0f, c._s1 > 0f ? v._s1 : 0f, c._s2 > 0f ? v._s2 : 0f, c._s3 > 0f ? v._s3 : 0f,
        c._s4 > 0f ? v._s4 : 0f, c._s5 > 0f ? v._s5 : 0f, c._s6 > 0f ? v._s6 : 0f, c._s7 > 0f ? v._s7 : 0f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float FoldedSum() => ((_s0 + _s4) + (_s2 + _s6)) + ((_s1 + _s5) + (_s3 + _s7));

    /// <summary>Lane <paramref name="index"/> (0..7).</summary>
    public float this[int index] => index switch
    {
        0 => _s0, 1 => _s1, 2 => _s2, 3 => _s3, 4 => _s4, 5 => _s5, 6 => _s6, _ => _s7,
    };
}
