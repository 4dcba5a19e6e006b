namespace MicroTL.Bench;

/// <summary>Finds the TFLM models and inputs of the repository's test fixtures (tests/fixtures/tflm).</summary>
internal static class BenchData
{
    /// <summary>tests/fixtures/zoo: the real models and their golden inputs.</summary>
    public static string Zoo => Path.Combine(Path.GetDirectoryName(Tflm)!, "zoo");

    public static string Tflm
    {
        get
        {
            foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "tests", "fixtures", "tflm");
                if (Directory.Exists(candidate)) return candidate;
            }

            throw new DirectoryNotFoundException("tests/fixtures/tflm not found above the working directory; run from a clone of the repository");
        }
    }

    /// <summary>
    /// The input each model is benchmarked on: a golden input where TFLM has one, otherwise bytes
    /// from xorshift32 seeded with 1 (the same generator the native yardstick uses).
    /// </summary>
    public static byte[] InputFor(string model, int length)
    {
        string? golden = model switch
        {
            "hello_world_int8" => "golden/hello_world_int8/in_-96/input.bin",
            "micro_speech_quantized" => "golden/micro_speech_quantized/yes/input.bin",
            "network_model" => "golden/network_tester_dwconv/default/input.bin",
            _ => null,
        };
        if (golden is not null) return File.ReadAllBytes(Path.Combine(Tflm, golden));

        var bytes = new byte[length];
        uint state = 1;
        for (int i = 0; i < length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            bytes[i] = (byte)state;
        }

        return bytes;
    }
}
