// Locates the test fixtures that ship in this repository (tests/fixtures) and, optionally, the
// larger shared data folder some checkouts have beside them (X/shared/data). Linked into every
// test project so each finds the same files from any build output directory.
namespace MicroTL.TestSupport;

/// <summary>Paths of the test data: <see cref="Root"/> always exists in a clone; <see cref="SharedRoot"/> may not.</summary>
public static class TestFixtures
{
    private static readonly Lazy<string> RootPath = new(FindRoot);
    private static readonly Lazy<string?> SharedPath = new(FindShared);

    /// <summary>The repository's <c>tests/fixtures</c> folder.</summary>
    public static string Root => RootPath.Value;

    /// <summary>A folder of <c>tests/fixtures</c>: <c>tflm</c>, <c>mnist</c>, <c>wisdm2019-watch-accel</c>.</summary>
    public static string Folder(string name) => Path.Combine(Root, name);

    /// <summary>The <c>tests/fixtures/tflm</c> folder (schema, models, goldens, kernel vectors).</summary>
    public static string Tflm => Folder("tflm");

    /// <summary>Full path of a TFLM model of <c>tests/fixtures/tflm/models</c>.</summary>
    public static string Model(string fileName) => Path.Combine(Tflm, "models", fileName);

    /// <summary>Reads and parses a model file (the device library parses bytes only; files are the host's).</summary>
    public static MicroTL.TfLite.TfLiteModel ReadModel(string path) => MicroTL.TfLite.TfLiteReader.Read(File.ReadAllBytes(path));

    /// <summary>The TFLM example models, sorted by name.</summary>
    public static string[] Models()
    {
        string[] models = Directory.GetFiles(Path.Combine(Tflm, "models"), "*.tflite");
        Array.Sort(models, StringComparer.Ordinal);
        return models;
    }

    /// <summary>
    /// The optional <c>shared/data</c> folder beside the checkout (the full MNIST and WISDM files),
    /// or null when this checkout has none; tests of the full data sets skip then.
    /// </summary>
    public static string? SharedRoot => SharedPath.Value;

    /// <summary>The reason a test of the full data sets gives when it skips.</summary>
    public const string NoSharedData = "../shared/data is not beside this checkout; this test reads the full data set from it";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "fixtures");
            if (File.Exists(Path.Combine(candidate, "README.md"))) return candidate;
        }

        throw new DirectoryNotFoundException($"no tests/fixtures in any parent of {AppContext.BaseDirectory}; run the tests from a clone of the repository");
    }

    private static string? FindShared()
    {
        // The checkout is X/main (or X/wt-*): the shared folder, when there is one, is X/shared.
        string repository = Path.GetDirectoryName(Path.GetDirectoryName(Root))!;
        string candidate = Path.Combine(Path.GetDirectoryName(repository)!, "shared", "data");
        return Directory.Exists(candidate) ? candidate : null;
    }
}

/// <summary>A fact that needs the optional <c>../shared/data</c>: skipped, with the reason shown, when it is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (TestFixtures.SharedRoot is null) Skip = TestFixtures.NoSharedData;
    }
}
