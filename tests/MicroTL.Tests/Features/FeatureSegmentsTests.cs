using MicroTL.Features;

namespace MicroTL.Tests.Features;

public class FeatureSegmentsTests
{
    private static readonly FeatureSegments TwoParts =
        new(new FeatureSegment(3, new FeatureQuantization(0.5f, -128)), new FeatureSegment(2, new FeatureQuantization(0.0625f, 0)));

    [Fact]
    public void Dequantize_TwoParts_EachWithItsOwnScaleAndZeroPoint()
    {
        var real = new float[5];

        TwoParts.Dequantize([-128, -127, 0, 16, -8], real);

        Assert.Equal([0f, 0.5f, 64f, 1f, -0.5f], real);
        Assert.Equal(5, TwoParts.Length);
        Assert.Equal(2, TwoParts.Count);
        Assert.Equal(new FeatureQuantization(0.5f, -128), TwoParts.First);
    }

    [Fact]
    public void Dequantize_OnePart_IsTheCutsQuantization()
    {
        FeatureSegments one = FeatureSegments.Single(3, new FeatureQuantization(0.25f, 2));
        var real = new float[3];

        one.Dequantize([2, 6, -2], real);

        Assert.Equal([0f, 1f, -1f], real);
        Assert.Equal(1, one.Count);
    }

    [Fact]
    public void Dequantize_ShortSpan_ThrowsWithTheLengths()
    {
        var error = Assert.Throws<ArgumentException>(() => TwoParts.Dequantize(new sbyte[4], new float[5]));

        Assert.Contains("needs 5 values and room for 5; got 4 and 5", error.Message);
    }

    [Fact]
    public void Constructor_NoPartOrThreeParts_Throws()
    {
        var part = new FeatureSegment(1, new FeatureQuantization(1f, 0));

        Assert.Contains("1 to 2 parts, got 0", Assert.Throws<ArgumentException>(() => new FeatureSegments()).Message);
        Assert.Contains("got 3", Assert.Throws<ArgumentException>(() => new FeatureSegments(part, part, part)).Message);
    }

    [Fact]
    public void Constructor_EmptyPart_Throws() =>
        Assert.Contains("a feature part has 0 values", Assert.Throws<ArgumentException>(() =>
            new FeatureSegments(new FeatureSegment(0, new FeatureQuantization(1f, 0)))).Message);

    [Fact]
    public void Differences_OtherSecondPart_NamesEachDifference()
    {
        var other = new FeatureSegments(new FeatureSegment(3, new FeatureQuantization(0.5f, -128)), new FeatureSegment(2, new FeatureQuantization(0.125f, 1)));

        string differences = TwoParts.Differences(other);

        Assert.Contains("part 1 scale 0.0625 in the store, 0.125 requested", differences);
        Assert.Contains("part 1 zero point 0 in the store, 1 requested", differences);
        Assert.NotEqual(TwoParts, other);
        Assert.Equal(TwoParts, new FeatureSegments([.. TwoParts.Segments]));
    }

    [Fact]
    public void Differences_OtherPartCount_SaysSo() =>
        Assert.Equal("2 feature part(s) in the store, 1 requested", TwoParts.Differences(FeatureSegments.Single(5, new FeatureQuantization(0.5f, -128))));
}
