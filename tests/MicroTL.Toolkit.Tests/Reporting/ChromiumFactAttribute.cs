// A Fact that needs the Chromium browser: skipped with a reason on a machine without it, but run
// (and so failed) under CI=true, because CI must prove the reports render.
namespace MicroTL.Toolkit.Tests.Reporting;

/// <summary>Marks a test that runs headless Chromium.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when chromium is missing and CI is not <c>true</c>.</summary>
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Executable is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "chromium not found on PATH (apt-get install chromium); under CI=true this test fails instead";
        }
    }
}
