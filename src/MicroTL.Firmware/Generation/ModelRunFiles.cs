// The files the model runner reads and writes in its working folder (see Runtime/app/mtl_model_runner.c).
namespace MicroTL.Firmware.Generation;

/// <summary>The model runner's files: <c>inputs.bin</c> in, <c>tail.bin</c> and <c>c&lt;K&gt;_t&lt;N&gt;.bin</c> out.</summary>
public static class ModelRunFiles
{
    /// <summary>Writes <c>inputs.bin</c>: each case's bytes (every graph input in order), one case after another.</summary>
    /// <exception cref="ArgumentException">A case is not <see cref="GeneratedModel.InputBytes"/> long.</exception>
    public static void WriteInputs(string directory, GeneratedModel model, IEnumerable<byte[]> cases)
    {
        using FileStream file = File.Create(Path.Combine(directory, "inputs.bin"));
        int k = 0;
        foreach (byte[] bytes in cases)
        {
            if (bytes.Length != model.InputBytes)
                throw new ArgumentException($"case {k} has {bytes.Length} bytes, the model's inputs take {model.InputBytes}", nameof(cases));
            file.Write(bytes);
            k++;
        }
    }

    /// <summary>The arena tail the runner wrote after init (every operator's persistent data).</summary>
    public static byte[] ReadTail(string directory) => File.ReadAllBytes(Path.Combine(directory, "tail.bin"));

    /// <summary>Tensor <paramref name="tensor"/> as operator output in case <paramref name="caseIndex"/>.</summary>
    /// <exception cref="FileNotFoundException">The runner wrote no such file.</exception>
    public static byte[] ReadOutput(string directory, int caseIndex, int tensor) =>
        File.ReadAllBytes(Path.Combine(directory, $"c{caseIndex}_t{tensor}.bin"));
}
