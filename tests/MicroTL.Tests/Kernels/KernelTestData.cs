// The TFLM fixtures (models, goldens, kernel vectors) in tests/fixtures/tflm, and the parsed kernel vectors.
using System.Text.Json;

namespace MicroTL.Tests.Kernels;

/// <summary>Paths of the TFLM fixtures and the parsed kernel vectors.</summary>
internal static class KernelTestData
{
    private static readonly Lazy<JsonDocument> VectorsDoc = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Tflm, "kernel_vectors", "vectors.json"))));

    /// <summary>The <c>tests/fixtures/tflm</c> folder.</summary>
    public static string Tflm => TestFixtures.Tflm;

    /// <summary>The root object of <c>kernel_vectors/vectors.json</c>.</summary>
    public static JsonElement Vectors => VectorsDoc.Value.RootElement;

    /// <summary>Names of the vector cases whose name starts with <paramref name="prefix"/>, for [MemberData].</summary>
    public static TheoryData<string> CaseNames(string prefix)
    {
        var data = new TheoryData<string>();
        foreach (JsonProperty p in Vectors.EnumerateObject())
            if (p.Name.StartsWith(prefix, StringComparison.Ordinal)) data.Add(p.Name);
        return data;
    }

    public static int[] Ints(this JsonElement e, string name)
    {
        JsonElement a = e.GetProperty(name);
        var result = new int[a.GetArrayLength()];
        int i = 0;
        foreach (JsonElement v in a.EnumerateArray()) result[i++] = v.GetInt32();
        return result;
    }

    public static sbyte[] SBytes(this JsonElement e, string name) => Array.ConvertAll(e.Ints(name), v => checked((sbyte)v));

    public static float[] Floats(this JsonElement e, string name)
    {
        JsonElement a = e.GetProperty(name);
        var result = new float[a.GetArrayLength()];
        int i = 0;
        foreach (JsonElement v in a.EnumerateArray()) result[i++] = v.GetSingle();
        return result;
    }

    public static float Float(this JsonElement e, string name) => e.GetProperty(name).GetSingle();

}
