using System.Text;
using MicroTL.Toolkit.IO;
using MicroTL.TfLite;
using Xunit.Abstractions;

namespace MicroTL.Toolkit.Tests.IO;

/// <summary>
/// A power loss at every step of <see cref="AtomicFile"/> (every byte of the temporary file, the
/// fsync, the rename, the directory sync) leaves the target either as it was or complete: never torn.
/// </summary>
public class AtomicFilePowerLossTests(ITestOutputHelper output)
{
    [Fact]
    public void WriteAllBytes_PowerLossAtEveryStep_ModelIsOldOrNewNeverTorn()
    {
        byte[] oldModel = File.ReadAllBytes(Path.Combine(TestFixtures.Tflm, "models", "hello_world_int8.tflite"));
        byte[] newModel = TfLiteWriter.Write(TfLiteReader.Read(oldModel));
        newModel[^1] ^= 1; // the rewritten model differs from the old one in layout and in one byte
        Tally tally = CrashEverywhere(oldModel, newModel);
        output.WriteLine($"model export ({newModel.Length} bytes): {tally}");
        Assert.Equal(0, tally.Torn);
        Assert.True(tally.Old > 0 && tally.New > 0);
    }

    [Fact]
    public void WriteAllText_PowerLossAtEveryStep_ReportIsOldOrNewNeverTorn()
    {
        byte[] oldReport = Encoding.UTF8.GetBytes("{\"accuracy\":{\"before\":0.5,\"after\":0.75},\"decision\":\"deployed\"}\n");
        byte[] newReport = Encoding.UTF8.GetBytes("{\"accuracy\":{\"before\":0.5,\"after\":0.5},\"decision\":\"kept original\"}\n");
        Tally tally = CrashEverywhere(oldReport, newReport);
        output.WriteLine($"report ({newReport.Length} bytes): {tally}");
        Assert.Equal(0, tally.Torn);
    }

    [Fact]
    public void WriteAllBytes_PowerLossOnFirstWrite_TargetAbsentOrComplete()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("first version of a file that did not exist");
        Tally tally = CrashEverywhere(oldBytes: null, bytes);
        output.WriteLine($"new file ({bytes.Length} bytes): {tally}");
        Assert.Equal(0, tally.Torn);
        Assert.True(tally.Old > 0 && tally.New > 0);
    }

    [Fact]
    public void WriteAllBytes_LeftoversOfDeadProcesses_AreRemovedLiveOnesKept()
    {
        using var harness = new PowerLossHarness();
        string target = Path.Combine(harness.Root, "model.tflite");
        // Process ids above the kernel's limit (2^22 on Linux) never run; this process's own file is a live writer's.
        string dead = Path.Combine(harness.Root, $".model.tflite.{int.MaxValue}.{Guid.NewGuid():N}.tmp");
        string live = Path.Combine(harness.Root, $".model.tflite.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        string other = Path.Combine(harness.Root, $".other.tflite.{int.MaxValue}.{Guid.NewGuid():N}.tmp");
        foreach (string path in new[] { dead, live, other }) File.WriteAllBytes(path, [1, 2]);

        AtomicFile.WriteAllBytes(target, [7, 7, 7]);

        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other)); // another target's leftovers are that target's writer's business
        Assert.Equal([7, 7, 7], File.ReadAllBytes(target));
    }

    private static Tally CrashEverywhere(byte[]? oldBytes, byte[] newBytes)
    {
        using var harness = new PowerLossHarness();
        void Sequence(string directory, PowerLoss loss)
        {
            string target = Path.Combine(directory, "out.bin");
            if (oldBytes is not null) File.WriteAllBytes(target, oldBytes);
            AtomicFile.WriteAllBytes(target, newBytes, loss);
        }

        long steps = harness.CountSteps(Sequence);
        Assert.Equal(newBytes.Length + 3, steps); // each byte, the fsync, the rename, the directory sync
        var tally = new Tally();
        for (long n = 0; n <= steps; n++)
        {
            harness.CrashAt(n, Sequence, directory =>
            {
                tally.CrashPoints++;
                string target = Path.Combine(directory, "out.bin");
                byte[]? left = File.Exists(target) ? File.ReadAllBytes(target) : null;
                if (left is null ? oldBytes is null : oldBytes is not null && left.AsSpan().SequenceEqual(oldBytes)) tally.Old++;
                else if (left is not null && left.AsSpan().SequenceEqual(newBytes)) tally.New++;
                else tally.Torn++;
                tally.StaleTemporaryFiles += Directory.GetFiles(directory, ".out.bin.*.tmp").Length;
            });
        }

        Assert.Equal(steps + 1, tally.CrashPoints);
        return tally;
    }

    private sealed class Tally
    {
        public int CrashPoints, Old, New, Torn, StaleTemporaryFiles;

        public override string ToString() =>
            $"{CrashPoints} crash points: old file {Old}, new file {New}, torn {Torn}; stale temporary files left {StaleTemporaryFiles}";
    }
}
