namespace MicroTL.Features;

/// <summary>One part of a stored feature vector: <see cref="Length"/> int8 values with one quantization.</summary>
/// <param name="Length">Values in the part; positive.</param>
/// <param name="Quantization">How they map back to real values.</param>
public readonly record struct FeatureSegment(int Length, FeatureQuantization Quantization);

/// <summary>
/// How a stored int8 feature vector maps back to real values, part by part: the cut tensor's features, then (for a model
/// that offers them, <see cref="HeadFeatures"/>) the head features, each with its own scale and zero point. A vector of
/// one part is the paper's case (<see cref="Single"/>).
/// </summary>
/// <remarks>
/// <c>real[f] = Scale_k * (q[f] - ZeroPoint_k)</c> for f in part k; parts follow each other in order. Each value is one
/// exact integer difference and one float multiplication, so it is bitwise reproducible on any IEEE-754 FPU.
/// </remarks>
public sealed class FeatureSegments : IEquatable<FeatureSegments>
{
    /// <summary>The most parts a store's log header records.</summary>
    public const int MaxSegments = 2;

    // Two fields, not an array: a store holds its layout in a fixed struct (the C firmware's), and arrays are what its RAM counts.
    private readonly FeatureSegment _first;
    private readonly FeatureSegment? _second;

    /// <summary>The parts, in order.</summary>
    /// <exception cref="ArgumentException">No part, more than <see cref="MaxSegments"/>, or a part without values.</exception>
    public FeatureSegments(params FeatureSegment[] segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Length == 0 || segments.Length > MaxSegments)
            throw new ArgumentException($"a feature vector has 1 to {MaxSegments} parts, got {segments.Length}", nameof(segments));
        long length = 0;
        foreach (FeatureSegment s in segments)
        {
            if (s.Length <= 0) throw new ArgumentException($"a feature part has {s.Length} values; every part needs at least 1", nameof(segments));
            length += s.Length;
        }

        if (length > int.MaxValue) throw new ArgumentException($"the parts have {length} values in all, more than {int.MaxValue}", nameof(segments));
        _first = segments[0];
        _second = segments.Length > 1 ? segments[1] : null;
        Length = (int)length;
    }

    /// <summary>One part of <paramref name="length"/> values with <paramref name="quantization"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="length"/> is not positive.</exception>
    public static FeatureSegments Single(int length, FeatureQuantization quantization) => new(new FeatureSegment(length, quantization));

    /// <summary>The parts, in order.</summary>
    public IReadOnlyList<FeatureSegment> Segments => _second is { } second ? [_first, second] : [_first];

    /// <summary>Part <paramref name="index"/> (0 or 1), without allocating.</summary>
    /// <exception cref="ArgumentOutOfRangeException">There is no such part.</exception>
    public FeatureSegment this[int index] => index == 0 ? _first
        : index == 1 && _second is { } second ? second
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"The features have {Count} part(s).");

    /// <summary>The number of parts.</summary>
    public int Count => _second is null ? 1 : 2;

    /// <summary>F, the values of all parts.</summary>
    public int Length { get; }

    /// <summary>The first part's quantization (the cut tensor's).</summary>
    public FeatureQuantization First => _first.Quantization;

    /// <summary>Writes the real values of <paramref name="q"/> (<see cref="Length"/> values) into <paramref name="destination"/>, part by part.</summary>
    /// <exception cref="ArgumentException">A span is shorter than <see cref="Length"/>.</exception>
    public void Dequantize(ReadOnlySpan<sbyte> q, Span<float> destination)
    {
        if (q.Length < Length || destination.Length < Length)
            throw new ArgumentException($"dequantizing {Length} features needs {Length} values and room for {Length}; got {q.Length} and {destination.Length}");
        Dequantize(_first, q, destination, 0);
        if (_second is { } second) Dequantize(second, q, destination, _first.Length);
    }

    private static void Dequantize(in FeatureSegment segment, ReadOnlySpan<sbyte> q, Span<float> destination, int start)
    {
        float scale = segment.Quantization.Scale;
        int zeroPoint = segment.Quantization.ZeroPoint;
        for (int f = start; f < start + segment.Length; f++) destination[f] = scale * (q[f] - zeroPoint);
    }

    /// <summary>
    /// The differences from <paramref name="other"/>, part by part (lengths of two or more parts, scales bit for bit, zero points),
    /// or empty. The length of a single part is the whole vector's, which the caller compares.
    /// </summary>
    public string Differences(FeatureSegments other)
    {
        if (other.Count != Count) return $"{Count} feature part(s) in the store, {other.Count} requested";
        var d = new List<string>();
        IReadOnlyList<FeatureSegment> mine = Segments, theirs = other.Segments;
        for (int k = 0; k < Count; k++)
        {
            FeatureSegment a = mine[k], b = theirs[k];
            string part = Count > 1 ? $"part {k} " : "";
            if (a.Length != b.Length && Count > 1) d.Add($"{part}length {a.Length} in the store, {b.Length} requested");
            if (BitConverter.SingleToInt32Bits(a.Quantization.Scale) != BitConverter.SingleToInt32Bits(b.Quantization.Scale))
                d.Add($"{part}scale {a.Quantization.Scale:R} in the store, {b.Quantization.Scale:R} requested");
            if (a.Quantization.ZeroPoint != b.Quantization.ZeroPoint)
                d.Add($"{part}zero point {a.Quantization.ZeroPoint} in the store, {b.Quantization.ZeroPoint} requested");
        }

        return string.Join("; ", d);
    }

    /// <inheritdoc/>
    public bool Equals(FeatureSegments? other) => other is not null && other.Length == Length && Differences(other).Length == 0;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FeatureSegments);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Count, Length, _first.Quantization.Scale);

    /// <summary>"96 x (0.05, -128) + 46 x (0.0625, 0)".</summary>
    public override string ToString() =>
        string.Join(" + ", Segments.Select(s => $"{s.Length} x ({s.Quantization.Scale:R}, {s.Quantization.ZeroPoint})"));
}
