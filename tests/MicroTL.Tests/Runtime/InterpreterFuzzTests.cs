using System.Diagnostics;
using MicroTL.Runtime;
using MicroTL.TfLite;
using Xunit.Abstractions;

namespace MicroTL.Tests.Runtime;

/// <summary>
/// Mutants of every TFLM model, every model of the operator catalog and the small zoo models with state (LSTM, SVDF)
/// either load, prepare and run to completion, or are refused with
/// <see cref="InvalidModelException"/>: never another exception, an out-of-range access or a hang.
/// The reader's own fuzz test covers parsing; this one covers what parses but is inconsistent
/// (shapes, quantization, options, tensor indices), which Prepare must catch.
/// </summary>
public class InterpreterFuzzTests(ITestOutputHelper output)
{
    private static int MutantsPerModel =>
        int.TryParse(Environment.GetEnvironmentVariable("MICROTL_FUZZ_MUTANTS"), out int n) && n > 0 ? n : 400;

    /// <summary>Model files relative to tests/fixtures.</summary>
    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (string folder in new[] { "tflm/models", "ops/models" })
        foreach (string path in Directory.GetFiles(Path.Combine(TestFixtures.Root, folder), "*.tflite").Order(StringComparer.Ordinal))
            data.Add($"{folder}/{Path.GetFileName(path)}");
        data.Add("zoo/models/trained_lstm_int8.tflite");
        data.Add("zoo/models/keyword_scrambled_8bit.tflite");
        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Invoke_MutatedModel_RunsOrIsRefusedCleanly(string modelName)
    {
        byte[] original = File.ReadAllBytes(Path.Combine(TestFixtures.Root, modelName));
        var outcomes = new Dictionary<string, int> { ["ran"] = 0, ["refused by reader"] = 0, ["refused by interpreter"] = 0 };
        // A stable seed per model (string.GetHashCode is randomised per process).
        var random = new Random(modelName.Sum(c => c) * 7919);
        int seed = 0;
        for (int mutant = 0; mutant < MutantsPerModel; mutant++)
        {
            seed = random.Next();
            byte[] bytes = Mutate(original, new Random(seed));
            var clock = Stopwatch.StartNew();
            string outcome;
            try
            {
                TfLiteModel model;
                try { model = TfLiteReader.Read(bytes); }
                catch (InvalidModelException) { outcomes["refused by reader"]++; continue; }

                var interpreter = new Interpreter(model, new InterpreterOptions { MaxArenaBytes = 16L << 20 });
                new Random(seed).NextBytes(interpreter.InputBytes());
                interpreter.Invoke();
                outcome = "ran";
            }
            catch (InvalidModelException)
            {
                outcome = "refused by interpreter";
            }
            catch (Exception e)
            {
                Assert.Fail($"{modelName} mutant seed {seed}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                return;
            }

            outcomes[outcome]++;
            Assert.True(clock.ElapsedMilliseconds < 2000, $"{modelName} mutant seed {seed} took {clock.ElapsedMilliseconds} ms");
        }

        output.WriteLine($"{modelName}: {MutantsPerModel} mutants: " + string.Join(", ", outcomes.Select(kv => $"{kv.Key} {kv.Value}")));
        Assert.True(outcomes["ran"] + outcomes["refused by interpreter"] > 0, "no mutant got past the reader: the fuzzer tests nothing beyond parsing");
    }

    /// <summary>Small edits that keep most of the file parseable: the interesting mutants for Prepare.</summary>
    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] bytes = (byte[])original.Clone();
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits; e++)
        {
            int at = random.Next(bytes.Length);
            switch (random.Next(4))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes[at] = (byte)(bytes[at] + (random.Next(2) == 0 ? 1 : -1)); break;
                default:
                    int aligned = at & ~3;
                    if (aligned + 4 <= bytes.Length)
                        BitConverter.TryWriteBytes(bytes.AsSpan(aligned), random.Next(3) switch { 0 => 0, 1 => -1, _ => random.Next(-4, 64) });
                    break;
            }
        }

        return bytes;
    }
}
