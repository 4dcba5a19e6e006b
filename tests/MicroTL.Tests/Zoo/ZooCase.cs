// One case of tests/fixtures/zoo/golden: a real model from a public model zoo, an input, TFLM's output and the
// SHA-256 of every operator output TFLM's reference kernels computed (the layers themselves would be megabytes).
using System.Globalization;
using System.Security.Cryptography;

namespace MicroTL.Tests.Zoo;

/// <summary>
/// A model run by TFLM on one input: <c>&lt;folder&gt;/golden/&lt;model&gt;/&lt;case&gt;</c> of the fixtures, with the model in
/// <c>&lt;folder&gt;/models</c>; <paramref name="Folder"/> is "zoo" (real models) or "ops" (the operator catalog).
/// </summary>
public sealed record ZooCase(string Model, string Case, string Folder = "zoo")
{
    /// <summary>The fixtures folder of the case.</summary>
    public string Root => TestFixtures.Folder(Folder);

    /// <summary>Path of the model file.</summary>
    public string ModelPath => Path.Combine(Root, "models", Model + ".tflite");

    private string Directory => Path.Combine(Root, "golden", Model, Case);

    public byte[] Input => File.ReadAllBytes(Path.Combine(Directory, "input.bin"));

    public byte[] Output => File.ReadAllBytes(Path.Combine(Directory, "output.bin"));

    /// <summary>(tensor index, bytes, SHA-256 in hex) of every operator output, from activations.tsv.</summary>
    public IEnumerable<(int Tensor, int Bytes, string Sha256)> Activations()
    {
        foreach (string line in File.ReadLines(Path.Combine(Directory, "activations.tsv")).Skip(1))
        {
            if (line.Length == 0) continue;
            string[] f = line.Split('\t');
            yield return (int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture), f[4]);
        }
    }

    /// <summary>SHA-256 of <paramref name="bytes"/>, lower-case hex (sha256sum's form).</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Every case folder of <paramref name="folder"/>.</summary>
    public static IEnumerable<ZooCase> All(string folder = "zoo")
    {
        foreach (string model in System.IO.Directory.GetDirectories(Path.Combine(TestFixtures.Folder(folder), "golden")).Order(StringComparer.Ordinal))
        foreach (string caseDir in System.IO.Directory.GetDirectories(model).Order(StringComparer.Ordinal))
            yield return new ZooCase(Path.GetFileName(model), Path.GetFileName(caseDir), folder);
    }

    /// <summary>The case named "model/case" in <paramref name="folder"/>.</summary>
    public static ZooCase Parse(string name, string folder = "zoo") => new(name[..name.IndexOf('/')], name[(name.IndexOf('/') + 1)..], folder);

    /// <summary>Copies <see cref="Input"/> into the interpreter's graph inputs, one after the other (the harness's layout).</summary>
    public void WriteInputs(MicroTL.Runtime.Interpreter interpreter)
    {
        byte[] all = Input;
        int at = 0;
        for (int i = 0; i < interpreter.Model.MainSubgraph.Inputs.Length; i++)
        {
            Span<byte> tensor = interpreter.InputBytes(i);
            all.AsSpan(at, tensor.Length).CopyTo(tensor);
            at += tensor.Length;
        }
        if (at != all.Length) throw new InvalidOperationException($"{this}: input.bin has {all.Length} bytes, the inputs {at}");
    }

    public override string ToString() => $"{Model}/{Case}";
}
