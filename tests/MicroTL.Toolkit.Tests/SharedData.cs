// Locates the shared data folder that sits beside the repository (X/main and X/shared).
namespace MicroTL.Toolkit.Tests;

/// <summary>Paths of the shared test data.</summary>
public static class SharedData
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The <c>shared/data</c> directory.</summary>
    public static string Root => RootPath.Value;

    /// <summary>A folder of <c>shared/data</c>, e.g. <c>mnist</c>.</summary>
    public static string Folder(string name) => Path.Combine(Root, name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate)) return candidate;
        }

        throw new DirectoryNotFoundException($"no shared/data above {AppContext.BaseDirectory}; the repository must sit beside 'shared'");
    }
}
