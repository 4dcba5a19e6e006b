// Escaping and invariant number text, the two guarantees every report relies on.
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Reporting;

namespace MicroTL.Toolkit.Tests.Reporting;

public class MarkupTests
{
    [Fact]
    public void Escape_MarkupCharacters_BecomeEntities() =>
        Assert.Equal("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;", Markup.Escape("<script>alert(\"x\")</script> & 'q'"));

    [Fact]
    public void Escape_ControlCharactersAndLoneSurrogates_Replaced() =>
        Assert.Equal("a\uFFFDb\uFFFDc\tö😀", Markup.Escape("a\u0001b\uD800c\tö😀"));

    [Fact]
    public void Escape_Null_Empty() => Assert.Equal(string.Empty, Markup.Escape(null));

    [Theory]
    [InlineData(0.5, 2, "0.5")]
    [InlineData(12.0, 2, "12")]
    [InlineData(-3.256, 2, "-3.26")]
    [InlineData(-0.001, 2, "0")]
    [InlineData(2.5e10, 2, "2.5E+10")]
    [InlineData(double.NaN, 2, "NaN")]
    [InlineData(double.NegativeInfinity, 2, "-∞")]
    public void Number_Values_InvariantShortText(double value, int digits, string expected)
    {
        using var culture = new CommaDecimalCulture();
        Assert.Equal(expected, Markup.Number(value, digits));
    }

    [Fact]
    public void Fixed_LargeNumber_ThinSpaceThousandsAndPointDecimal()
    {
        using var culture = new CommaDecimalCulture();
        Assert.Equal("262\u2009144.50", Markup.Fixed(262144.5, 2));
        Assert.Equal("7", Markup.Fixed(7.2, 0));
    }

    [Theory]
    [InlineData(64000000.0, 6, "64\u2009000\u2009000")]
    [InlineData(0.00316, 6, "0.00316")]
    [InlineData(3.3, 6, "3.3")]
    [InlineData(0.75, 6, "0.75")]
    [InlineData(1.7412345678, 4, "1.741")]
    [InlineData(-12.5, 2, "-13")]
    [InlineData(double.NaN, 4, "NaN")]
    public void Significant_ValuesOfEveryMagnitude_KeepTheirDigitsWithoutPadding(double value, int digits, string expected)
    {
        using var culture = new CommaDecimalCulture();
        Assert.Equal(expected, Markup.Significant(value, digits));
    }

    [Theory]
    [InlineData(1, "1 epoch")]
    [InlineData(0, "0 epochs")]
    [InlineData(2, "2 epochs")]
    public void Count_Number_TakesTheNounsNumber(long count, string expected) => Assert.Equal(expected, Markup.Count(count, "epoch"));

    [Fact]
    public void MeanSdText_OneRunManyRunsNone_SaysNoSdForOneAndKeepsTheRestOnOneLine()
    {
        Assert.Equal("41.2", MeanSdText.Of(new MeanSd(0.412, 0, 1), 1, 100));
        Assert.Equal("19.4\u00A0±\u00A011.8", MeanSdText.Of(new MeanSd(0.194, 0.118, 3), 1, 100));
        Assert.Equal("n/a", MeanSdText.Of(new MeanSd(double.NaN, double.NaN, 0), 1));
    }

    [Fact]
    public void MeanSdText_Aligned_PlusMinusSignsLineUpWhateverTheSd()
    {
        string[] cells =
        [
            MeanSdText.Aligned(new MeanSd(0.335, 0.007, 3), 1, 5, 4, 100),
            MeanSdText.Aligned(new MeanSd(0.399, 0.113, 3), 1, 5, 4, 100),
            MeanSdText.Aligned(new MeanSd(0.412, 0, 1), 1, 5, 4, 100),
        ];

        Assert.Equal([" 33.5 ± 0.7 ", " 39.9 ± 11.3", " 41.2       "], cells);
        Assert.Single(cells.Select(c => c.Length).Distinct());
    }

    [Fact]
    public void Sequential_Shades_DarkerInOrderAndNoneAPaletteColour()
    {
        IReadOnlyList<string> shades = Palette.Sequential(4);
        int[] lightness = [.. shades.Select(c => Convert.ToInt32(c[1..3], 16) + Convert.ToInt32(c[3..5], 16) + Convert.ToInt32(c[5..7], 16))];

        Assert.Equal(4, shades.Distinct().Count());
        Assert.Equal(lightness.OrderDescending(), lightness);
        Assert.Empty(shades.Intersect(Enumerable.Range(0, Palette.Count).Select(Palette.Colour)));
        Assert.Single(Palette.Sequential(1));
        Assert.Empty(Palette.Sequential(0));
    }
}
