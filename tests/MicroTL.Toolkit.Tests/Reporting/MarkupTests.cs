// Escaping and invariant number text, the two guarantees every report relies on.
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
}
