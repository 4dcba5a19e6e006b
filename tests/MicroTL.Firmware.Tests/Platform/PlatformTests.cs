// The platform layer on QEMU mps2-an386 and the nRF52840 link: run contract (exit status, report
// line), instruction counter, stack high-water mark, faults, timeouts, memory fit.
using MicroTL.Firmware.Tests.Support;
using MicroTL.Firmware.Toolchain;

namespace MicroTL.Firmware.Tests.Platform;

public sealed class PlatformTests
{
    [FirmwareFact]
    public void Run_MainReturnsStatus_QemuExitsWithItAndReportsIt()
    {
        FirmwareRun run = PlatformProbe.Run(PlatformProbe.Build(FirmwareTarget.Mps2An386, PlatformProbe.Plain));

        Assert.False(run.TimedOut);
        Assert.Equal(5, run.ExitCode);
        Assert.NotNull(run.Report);
        Assert.Equal(5, run.Report.ExitCode);
    }

    [FirmwareFact]
    public void InstructionCounter_LoopsOf1000To1000000Iterations_CountsLinearly()
    {
        FirmwareRun run = PlatformProbe.Run(PlatformProbe.Build(FirmwareTarget.Mps2An386, PlatformProbe.Plain));
        (long n, long count)[] loops = PlatformProbe.Loops(run.Stdout);
        Assert.Equal(4, loops.Length);

        // Slope and intercept from the smallest and largest loop; every loop must lie on that line.
        double perIteration = (double)(loops[^1].count - loops[0].count) / (loops[^1].n - loops[0].n);
        double fixedCost = loops[0].count - perIteration * loops[0].n;
        Assert.InRange(perIteration, 4.0, 10.0); // a volatile load, add, store, increment, compare, branch
        Assert.InRange(Math.Abs(fixedCost), 0, 200);
        foreach ((long n, long count) in loops)
            Assert.InRange(count, perIteration * n + fixedCost - 80, perIteration * n + fixedCost + 80); // ±2 ticks of 40
        Assert.True(run.Report!.Instructions >= loops.Sum(l => l.count), $"main's {run.Report.Instructions} instructions < its loops'");
    }

    [FirmwareFact]
    public void InstructionCounter_ManySysTickWraps_CountsAsWithoutWraps()
    {
        // A 4096-tick period wraps every 163,840 instructions: the 10^6-iteration loop sees ~40 wraps.
        FirmwareRun wrapping = PlatformProbe.Run(PlatformProbe.Build(FirmwareTarget.Mps2An386, "MTL_SYSTICK_RELOAD=4095u", "STACK_BYTES_USED=3000"));
        FirmwareRun plain = PlatformProbe.Run(PlatformProbe.Build(FirmwareTarget.Mps2An386, PlatformProbe.Plain));

        (long n, long count)[] a = PlatformProbe.Loops(wrapping.Stdout), b = PlatformProbe.Loops(plain.Stdout);
        Assert.Equal(b.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
        {
            // Each wrap adds its interrupt handler's few instructions and nothing else.
            Assert.InRange(a[i].count - b[i].count, -80, 80 + 20 * (b[i].count / (4096 * 40)));
        }
    }

    [FirmwareFact]
    public void StackHighWater_BufferOf3000BytesOnStack_ReachesItAndStaysBelowStackSize()
    {
        PlatformReport baseline = PlatformProbe.Run(PlatformProbe.Build(FirmwareTarget.Mps2An386, PlatformProbe.Plain)).Report!;
        PlatformReport deep = PlatformProbe.Run(PlatformProbe.Build(FirmwareTarget.Mps2An386, "MTL_SYSTICK_RELOAD=4095u", "STACK_BYTES_USED=3000")).Report!;

        Assert.Equal(8192, baseline.StackBytes);
        Assert.InRange(baseline.StackHighWaterBytes, 1, baseline.StackBytes - 1);
        // The buffer's frame and printf's deepest frames are not live at once, so the mark is their maximum, not their sum.
        Assert.InRange(deep.StackHighWaterBytes, Math.Max(3000, baseline.StackHighWaterBytes + 1), deep.StackBytes - 1);
    }

    [FirmwareFact]
    public void Run_UndefinedInstruction_FaultHandlerEndsRunWithFaultExitCode()
    {
        FirmwareRun run = PlatformProbe.Run(PlatformProbe.Build(FirmwareTarget.Mps2An386, "FAULT"));

        Assert.False(run.TimedOut);
        Assert.Equal(70, run.ExitCode); // MTL_EXIT_FAULT
        Assert.Contains("fault, exception", run.Process.Stderr + run.Stdout);
        Assert.Null(run.Report);
    }

    [FirmwareFact]
    public void Run_FirmwareNeverReturns_KilledAtTimeoutAndReported()
    {
        FirmwareRun run = PlatformProbe.Run(PlatformProbe.Build(FirmwareTarget.Mps2An386, "HANG"), TimeSpan.FromSeconds(1));

        Assert.True(run.TimedOut);
        Assert.Null(run.ExitCode);
        Assert.Null(run.Report);
        Assert.InRange(run.Process.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    }

    [FirmwareFact]
    public void Run_ImageLinkedForNrf52840_ThrowsArgumentException()
    {
        FirmwareImage nrf = PlatformProbe.Build(FirmwareTarget.Nrf52840, PlatformProbe.Plain);

        var error = Assert.Throws<ArgumentException>(() => QemuRunner.Locate().Run(nrf, KernelRunner.NewDirectory("nrf"), TimeSpan.FromSeconds(5)));
        Assert.Contains("Nrf52840", error.Message);
    }

    [FirmwareFact]
    public void Build_StaticArrayOver256KB_FailsForNrf52840ButLinksForMps2()
    {
        var error = Assert.Throws<FirmwareOverflowException>(() => PlatformProbe.Build(FirmwareTarget.Nrf52840, "STATIC_RAM_BYTES=300000"));
        Assert.Equal("RAM", error.Region);
        Assert.Equal(FirmwareTarget.Nrf52840, error.Target);
        Assert.Contains("RAM overflowed", error.Message);

        FirmwareImage mps2 = PlatformProbe.Build(FirmwareTarget.Mps2An386, "STATIC_RAM_BYTES=300000");
        Assert.InRange(mps2.Sizes().BssBytes, 300000, 310000);
    }
}
