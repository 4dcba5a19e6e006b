// Parsing the platform's report line out of a firmware's stdout.
using MicroTL.Firmware.Toolchain;

namespace MicroTL.Firmware.Tests.Toolchain;

public sealed class PlatformReportTests
{
    [Fact]
    public void TryParse_OutputEndingInReport_ReadsEveryField()
    {
        PlatformReport? report = PlatformReport.TryParse(
            "hello\nmtl-platform: instructions=6004400 stack_high_water_bytes=644 stack_bytes=8192 exit_code=5\n");

        Assert.Equal(new PlatformReport(6004400, 644, 8192, 5), report);
    }

    [Fact]
    public void TryParse_NoReportLine_ReturnsNull() => Assert.Null(PlatformReport.TryParse("hello\n"));

    [Theory]
    [InlineData("mtl-platform: instructions=x stack_high_water_bytes=1 stack_bytes=2 exit_code=0")]
    [InlineData("mtl-platform: instructions=1 stack_bytes=2 exit_code=0")]
    [InlineData("mtl-platform: garbage")]
    public void TryParse_MalformedReport_ReturnsNull(string line) => Assert.Null(PlatformReport.TryParse(line));
}
