// Runs code under a culture that writes 0.5 as "0,5", to prove the output ignores the machine culture.
using System.Globalization;

namespace MicroTL.Toolkit.Tests.Reporting;

/// <summary>Switches the current culture to German number formatting for a scope.</summary>
internal sealed class CommaDecimalCulture : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentCulture;
    private readonly CultureInfo _previousUi = CultureInfo.CurrentUICulture;

    public CommaDecimalCulture()
    {
        CultureInfo.CurrentCulture = Create();
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture;
        Assert.Equal("0,5", 0.5.ToString(CultureInfo.CurrentCulture));
    }

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _previous;
        CultureInfo.CurrentUICulture = _previousUi;
    }

    private static CultureInfo Create()
    {
        try
        {
            return new CultureInfo("de-DE");
        }
        catch (CultureNotFoundException)
        {
            // The build sets InvariantGlobalization, where only the invariant culture exists:
            // give a copy of it de-DE's separators instead.
            var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            culture.NumberFormat.NumberDecimalSeparator = ",";
            culture.NumberFormat.NumberGroupSeparator = ".";
            return culture;
        }
    }
}
