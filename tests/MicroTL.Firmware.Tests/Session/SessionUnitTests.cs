// The session's C primitives (Native/session_units.c) against the C# device core, bit for bit, on inputs both draw from
// PCG32 with the same seeds: PCG32 itself, DeviceMath's exp, log, sqrt, sin and cos on every kind of float, the
// augmentation's rotation matrices, CRC-32, SGD and Adam
// steps, softmax cross-entropy, the fixed-order dot product, He's initialisation and the three stopping rules. On the host
// (gcc, glibc) and on the Cortex-M4F under QEMU (newlib): the device core calls no C library maths, so both match.
using System.Globalization;
using System.Runtime.InteropServices;
using MicroTL.Firmware.Tests.Support;
using MicroTL.Firmware.Toolchain;
using MicroTL.Storage;
using MicroTL.Features;
using MicroTL.Training;

namespace MicroTL.Firmware.Tests.Session;

public sealed class SessionUnitTests
{
    [HostGccFact]
    public void SessionPrimitives_OnHost_MatchCSharpBitForBit() => AssertMatches(RunOnHost());

    [FirmwareFact]
    public void SessionPrimitives_OnCortexM4UnderQemu_MatchCSharpBitForBit() => AssertMatches(RunOnTarget());

    private static void AssertMatches(Dictionary<string, string> actual)
    {
        Dictionary<string, string> expected = Expected();
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach ((string name, string hex) in expected)
            Assert.True(hex == actual[name], $"{name}: C# {hex[..Math.Min(80, hex.Length)]}..., C {actual[name][..Math.Min(80, actual[name].Length)]}...");
    }

    private static IEnumerable<string> Sources(RuntimeTree runtime) =>
        [.. runtime.KernelSources, .. runtime.InterpreterSources, .. runtime.SessionSources, KernelRunner.NativeSource("session_units.c")];

    private static Dictionary<string, string> RunOnHost()
    {
        RuntimeTree runtime = KernelRunner.RuntimeTree;
        string directory = KernelRunner.NewDirectory("session-units-host");
        string executable = HostCompiler.Locate().BuildExecutable(Sources(runtime), runtime.IncludeDirectories(forDevice: false), Path.Combine(directory, "units"));
        ProcessResult result = ProcessRunner.Run(executable, [], directory, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        return Read(directory);
    }

    private static Dictionary<string, string> RunOnTarget()
    {
        RuntimeTree runtime = KernelRunner.RuntimeTree;
        string directory = KernelRunner.NewDirectory("session-units-qemu");
        FirmwareImage image = FirmwareCompiler.Locate().Build(FirmwareTarget.Mps2An386, runtime,
            [.. runtime.InterpreterSources, .. runtime.SessionSources, KernelRunner.NativeSource("session_units.c")], Path.Combine(directory, "units.elf"));
        FirmwareRun run = QemuRunner.Locate().Run(image, directory, TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Process.Stderr);
        return Read(directory);
    }

    private static Dictionary<string, string> Read(string directory) =>
        File.ReadAllLines(Path.Combine(directory, "units.txt")).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");

    private static string Hex<T>(ReadOnlySpan<T> values) where T : struct => Convert.ToHexStringLower(MemoryMarshal.AsBytes(values));

    private static string Hex<T>(T[] values) where T : struct => Hex<T>(values.AsSpan());

    private static Dictionary<string, string> Expected()
    {
        var lines = new Dictionary<string, string>();
        ulong[] seeds = [0, 1, 42, ulong.MaxValue];
        ulong[] streams = [1, 2, 3, 4, Pcg32.DefaultStream];
        for (int s = 0; s < seeds.Length; s++)
            for (int t = 0; t < streams.Length; t++)
            {
                var generator = new Pcg32(seeds[s], streams[t]);
                lines[$"pcg32.{s}.{t}"] = Hex(Enumerable.Range(0, 8).Select(_ => generator.NextUInt32()).ToArray());
            }

        var random = new Pcg32(7, 1);
        uint[] bounds = [0, 1, 2, 3, 7, 1000, 0x80000001, uint.MaxValue];
        lines["pcg32.bounded"] = Hex(bounds.SelectMany(b => Enumerable.Range(0, 5).Select(_ => random.NextUInt32(b)).ToArray()).ToArray());
        var floats = new float[32];
        for (int i = 0; i < 16; i++) floats[i] = random.NextFloat();
        for (int i = 16; i < 32; i++) floats[i] = random.NextSymmetric(0.25f);
        lines["pcg32.floats"] = Hex(floats);
        for (int n = 1; n <= 12; n++)
        {
            int[] values = [.. Enumerable.Range(0, n)];
            random.Shuffle(values);
            lines[$"pcg32.shuffle.{n}"] = Hex(values);
        }

        MathUnits(lines);
        CrcUnits(lines);
        OptimizerUnits(lines);
        SoftmaxUnits(lines);
        DotUnits(lines);
        var head = new HeadParameters(new HeadShape(11, 5, 3), 0);
        head.InitializeHe(9);
        lines["he"] = Hex<float>(head.Values);
        lines["stopping"] = StoppingUnits();
        return lines;
    }

    private static void MathUnits(Dictionary<string, string> lines)
    {
        const int n = 3000;
        var random = new Pcg32(11, 5);
        float[] arguments = new float[n];
        for (int i = 0; i < n; i++) arguments[i] = i % 2 == 0 ? BitConverter.UInt32BitsToSingle(random.NextUInt32()) : random.NextSymmetric(90f);
        lines["exp"] = Hex(arguments.Select(DeviceMath.Exp).ToArray());
        for (int i = 0; i < n; i++) arguments[i] = i % 2 == 0 ? MathF.Abs(BitConverter.UInt32BitsToSingle(random.NextUInt32())) : 100f * random.NextFloat();
        lines["log"] = Hex(arguments.Select(DeviceMath.Log).ToArray());
        lines["sqrt"] = Hex(arguments.Select(DeviceMath.Sqrt).ToArray());
        for (int i = 0; i < n; i++)
            arguments[i] = i % 3 == 0 ? BitConverter.UInt32BitsToSingle(random.NextUInt32()) : random.NextSymmetric(i % 3 == 1 ? 10f : 9000f);
        lines["sin"] = Hex(arguments.Select(DeviceMath.Sin).ToArray());
        lines["cos"] = Hex(arguments.Select(DeviceMath.Cos).ToArray());
        const int rotations = 200;
        float[] matrices = new float[9 * rotations];
        for (int r = 0; r < rotations; r++)
        {
            float axisZ = random.NextSymmetric(1f);
            float phi = 6.28318530717958648f * random.NextFloat();
            float angle = random.NextSymmetric(3.5f);
            WindowAugmentation.RotationMatrix(axisZ, phi, angle, matrices.AsSpan(9 * r, 9));
        }
        lines["rotation"] = Hex(matrices);
    }

    private static void CrcUnits(Dictionary<string, string> lines)
    {
        var random = new Pcg32(12, 5);
        byte[] bytes = [.. Enumerable.Range(0, 1000).Select(_ => (byte)random.NextUInt32())];
        lines["crc32"] = Hex(new[] { Crc32.Compute("123456789"u8), Crc32.Append(Crc32.Compute(bytes.AsSpan(0, 400)), bytes.AsSpan(400)) });
    }

    private static float[] Fill(ref Pcg32 random, int n, float limit)
    {
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = random.NextSymmetric(limit);
        return values;
    }

    private static void OptimizerUnits(Dictionary<string, string> lines)
    {
        const int p = 37;
        var random = new Pcg32(13, 5);
        float[] w = Fill(ref random, p, 1f), velocity = new float[p];
        for (int step = 0; step < 3; step++) SgdMomentum.Step(w, Fill(ref random, p, 2f), velocity, 0.01f, 0.9f, 2e-4f);
        lines["sgd.w"] = Hex(w);
        lines["sgd.velocity"] = Hex(velocity);
        foreach (bool decoupled in new[] { false, true })
        {
            w = Fill(ref random, p, 1f);
            float[] m = new float[p], v = new float[p];
            var settings = OptimizerSettings.Adam(5e-3f, 1e-3f, decoupled);
            double p1 = 1, p2 = 1;
            for (int step = 0; step < 3; step++)
            {
                float[] g = Fill(ref random, p, 2f);
                p1 *= settings.Beta1;
                p2 *= settings.Beta2;
                Adam.Step(w, g, m, v, settings, settings.LearningRate, p1, p2);
            }
            string name = decoupled ? "adamw" : "adam";
            lines[name + ".w"] = Hex(w);
            lines[name + ".m"] = Hex(m);
            lines[name + ".v"] = Hex(v);
        }
    }

    private static void SoftmaxUnits(Dictionary<string, string> lines)
    {
        const int b = 5, c = 6;
        var random = new Pcg32(14, 5);
        float[] logits = Fill(ref random, b * c, 8f);
        logits[7] = 80f;
        int[] labels = [0, 5, 2, 3, 3];
        var probabilities = new float[b * c];
        var gradient = new float[b * c];
        float loss = SoftmaxCrossEntropy.Forward(logits, probabilities, labels, c);
        SoftmaxCrossEntropy.Backward(probabilities, labels, gradient, c, 1f / b);
        lines["softmax.loss"] = Hex(new[] { loss });
        lines["softmax.p"] = Hex(probabilities);
        lines["softmax.dz"] = Hex(gradient);
        lines["softmax.argmax"] = Hex(new[] { SoftmaxCrossEntropy.ArgMax(logits.AsSpan(0, c)) });
    }

    /// <summary>The fixed-order dot product of the float contract, by its definition (8 partial sums, folded in halves, the tail in order).</summary>
    private static void DotUnits(Dictionary<string, string> lines)
    {
        var random = new Pcg32(15, 5);
        float[] a = Fill(ref random, 40, 3f), b = Fill(ref random, 40, 3f);
        var dots = new float[41];
        for (int n = 0; n <= 40; n++)
        {
            var s = new float[8];
            int blocked = n & ~7;
            for (int k = 0; k < blocked; k++) s[k % 8] += a[k] * b[k];
            float r = ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]));
            for (int k = blocked; k < n; k++) r += a[k] * b[k];
            dots[n] = r;
        }
        lines["dot"] = Hex(dots);
    }

    private static string StoppingUnits()
    {
        double[] losses = [1.5, 1.2, 1.25, 1.1, 1.1, 1.3, 1.2, 1.15, 1.12, 1.11];
        double[] accuracies = [0.3, 0.45, 0.5, 0.5, 0.55, 0.52, 0.6, 0.6, 0.61, 0.61];
        var decisions = new List<int>();
        IStoppingRule[] rules = [new FixedEpochs(8), new PatienceStopping(3, MonitoredMetric.Loss), new EnergyAwareStopping(0.05, 20.0)];
        for (int r = 0; r < rules.Length; r++)
        {
            rules[r].Reset();
            for (int e = 0; e < 10; e++)
            {
                var record = new EpochRecord(e + 1, losses[e] + 0.1, accuracies[e] - 0.05, r == 0 ? double.NaN : losses[e], r == 0 ? double.NaN : accuracies[e],
                    0, default, default);
                StoppingDecision d = rules[r].Observe(record);
                decisions.AddRange([d.Stop ? 1 : 0, (int)d.Reason, d.IsBest ? 1 : 0]);
            }
        }
        return Hex(decisions.ToArray());
    }
}
