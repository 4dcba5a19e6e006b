// One case of tests/fixtures/zoo/golden: a real model from a public model zoo, an input, TFLM's output and the
// SHA-256 of every operator output TFLM's reference kernels computed (the layers themselves would be megabytes).
using System.Globalization;
using System.Security.Cryptography;

namespace MicroTL.Tests.Zoo;

/// <summary>A zoo model run by TFLM on one input: <c>golden/&lt;model&gt;/&lt;case&gt;</c>.</summary>
public sealed record ZooCase(string Model, string Case)
{
    /// <summary>The zoo folder of the fixtures.</summary>
    public static string Root => TestFixtures.Folder("zoo");

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

    /// <summary>Every case folder, as "model/case".</summary>
    public static IEnumerable<ZooCase> All()
    {
        foreach (string model in System.IO.Directory.GetDirectories(Path.Combine(Root, "golden")).Order(StringComparer.Ordinal))
        foreach (string caseDir in System.IO.Directory.GetDirectories(model).Order(StringComparer.Ordinal))
            yield return new ZooCase(Path.GetFileName(model), Path.GetFileName(caseDir));
    }

    /// <summary>The case named "model/case".</summary>
    public static ZooCase Parse(string name) => new(name[..name.IndexOf('/')], name[(name.IndexOf('/') + 1)..]);

    public override string ToString() => $"{Model}/{Case}";
}
