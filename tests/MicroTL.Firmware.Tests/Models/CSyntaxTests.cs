// The C spellings of values and names: float literals that keep every bit, int32 extremes, identifiers
// from any name, comments and strings that compile under -Wall -Werror.
using System.Globalization;
using MicroTL.Firmware.Generation;

namespace MicroTL.Firmware.Tests.Models;

public sealed class CSyntaxTests
{
    [Fact]
    public void Float_ManyValues_HexLiteralReadsBackToTheSameBits()
    {
        var rng = new Random(41);
        var values = new List<float> { 0f, -0f, 1f, -1.5f, float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon,
            1.17549435e-38f, 1.17549421e-38f, 0.00390625f, 3.4e-40f };
        for (int i = 0; i < 2000; i++) values.Add(BitConverter.Int32BitsToSingle(rng.Next() ^ (rng.Next(2) << 31)));
        foreach (float value in values.Where(float.IsFinite))
        {
            string literal = CSyntax.Float(value);
            Assert.Equal(BitConverter.SingleToInt32Bits(value), BitConverter.SingleToInt32Bits(ParseHexFloat(literal)));
        }
    }

    [Fact]
    public void Float_NonFiniteValues_SpellMathHMacros()
    {
        Assert.Equal("INFINITY", CSyntax.Float(float.PositiveInfinity));
        Assert.Equal("-INFINITY", CSyntax.Float(float.NegativeInfinity));
        Assert.Equal("NAN", CSyntax.Float(float.NaN));
        Assert.Equal("-0x0p+0f", CSyntax.Float(-0f));
    }

    [Fact]
    public void Int_Extremes_AreValidC()
    {
        Assert.Equal("(-2147483647 - 1)", CSyntax.Int(int.MinValue));
        Assert.Equal("2147483647", CSyntax.Int(int.MaxValue));
        Assert.Equal("-5", CSyntax.Int(-5));
    }

    [Theory]
    [InlineData("hello_world_int8", "hello_world_int8")]
    [InlineData("my model (v2)", "my_model_v2")]
    [InlineData("3d-conv", "m3d_conv")]
    [InlineData("__x__", "x")]
    [InlineData("éè", "model")]
    [InlineData("", "model")]
    public void Identifier_AnyName_GivesAValidIdentifier(string name, string expected)
    {
        string identifier = CSyntax.Identifier(name);

        Assert.Equal(expected, identifier);
        Assert.True(CSyntax.IsIdentifier(identifier));
    }

    [Theory]
    [InlineData("int")]
    [InlineData("_Bool")]
    [InlineData("2x")]
    [InlineData("a-b")]
    [InlineData("")]
    public void IsIdentifier_KeywordsAndNonIdentifiers_AreNot(string name) => Assert.False(CSyntax.IsIdentifier(name));

    [Fact]
    public void CommentText_Delimiters_AreBroken()
    {
        string text = CSyntax.CommentText("a*/b/*c??/d\\e\nf\u00e9");

        Assert.Equal("a*_/b/_*c?_/d?e?f?", text);
    }

    [Fact]
    public void StringLiteral_QuotesBackslashesAndTrigraphs_AreEscapedOrReplaced()
    {
        Assert.Equal("\"a\\\"b\\\\c_d_\"", CSyntax.StringLiteral("a\"b\\c?d\n"));
    }

    // C's hexadecimal float: [-]0x(1|0).hhhhhhp±e f, exact in double, then rounded (exactly) to float.
    private static float ParseHexFloat(string literal)
    {
        bool negative = literal.StartsWith('-');
        string body = literal.TrimStart('-')[2..].TrimEnd('f');
        int p = body.IndexOf('p');
        string[] mantissa = body[..p].Split('.');
        double value = long.Parse(mantissa[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (mantissa.Length > 1 && mantissa[1].Length > 0)
            value += long.Parse(mantissa[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) / Math.Pow(16, mantissa[1].Length);
        value *= Math.Pow(2, int.Parse(body[(p + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        return (float)(negative ? -value : value);
    }
}
