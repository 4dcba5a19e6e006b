// Locates the shared data folder that sits beside the repository checkouts (X/main, X/wt-*,
// X/shared), so tests run from any worktree and any build output directory.
namespace MicroTL.Tests;

/// <summary>Paths of the shared test data.</summary>
public static class SharedData
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The <c>shared/data</c> directory.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The <c>shared/data/tflm</c> directory (schema, models, goldens).</summary>
    public static string Tflm => Path.Combine(Root, "tflm");

    /// <summary>The TFLM example models: <c>shared/data/tflm/models/*.tflite</c>, sorted by name.</summary>
    public static string[] Models()
    {
        string[] models = Directory.GetFiles(Path.Combine(Tflm, "models"), "*.tflite");
        Array.Sort(models, StringComparer.Ordinal);
        return models;
    }

    /// <summary>Full path of a file of <c>shared/data/tflm/models</c>.</summary>
    public static string Model(string fileName) => Path.Combine(Tflm, "models", fileName);

    private static string FindRoot()
    {
        // Walk up from the test binaries; at each level the data may be a child (X/shared) of the
        // directory that holds the checkout.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(Path.Combine(candidate, "tflm")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"No shared/data/tflm found in any parent of {AppContext.BaseDirectory}; the repository must sit beside 'shared' (X/main, X/shared).");
    }
}
