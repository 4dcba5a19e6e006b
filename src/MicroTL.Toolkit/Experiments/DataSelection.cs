// What the scenario commands select from a data set: which one, which classes (in the order the
// model numbers them), and for WISDM which subjects. MNIST has no subjects: its train split is the
// pretraining data and its t10k split the device's data (transfer and test).
using System.Globalization;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Data.Wisdm;

namespace MicroTL.Toolkit.Experiments;

/// <summary>The data sets the scenarios run on.</summary>
public enum DatasetKind
{
    /// <summary>WISDM 2019 smartwatch accelerometer, 10 s windows (embedded, or the text files of a folder).</summary>
    Wisdm,

    /// <summary>MNIST digits from the IDX files of a folder.</summary>
    Mnist,
}

/// <summary>A dataset, its classes (class k = Classes[k]) and, for WISDM, its subjects.</summary>
/// <param name="Dataset">Which data set.</param>
/// <param name="Classes">Class names: WISDM activity letters ("A") or MNIST digits ("7").</param>
/// <param name="Subjects">WISDM subjects; null for MNIST.</param>
public sealed record DataSelection(DatasetKind Dataset, IReadOnlyList<string> Classes, IReadOnlyList<int>? Subjects)
{
    /// <summary>Parses "wisdm" or "mnist".</summary>
    /// <exception cref="SelectionException">Another name.</exception>
    public static DatasetKind ParseDataset(string text) => text.ToLowerInvariant() switch
    {
        "wisdm" => DatasetKind.Wisdm,
        "mnist" => DatasetKind.Mnist,
        _ => throw new SelectionException($"unknown data set '{text}'", "use --dataset wisdm or --dataset mnist"),
    };

    /// <summary>
    /// Parses a class list: WISDM activity letters ("A,B,D,E"), MNIST digits as a list or ranges ("0,1,2", "0-4").
    /// Checks only the form and the codes the data set defines; <see cref="ExperimentData"/> checks presence.
    /// </summary>
    /// <exception cref="SelectionException">An unknown code, a duplicate, or fewer than 2 classes.</exception>
    public static IReadOnlyList<string> ParseClasses(DatasetKind dataset, string text)
    {
        List<string> classes;
        if (dataset == DatasetKind.Wisdm)
        {
            classes = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToUpperInvariant()).ToList();
            foreach (string c in classes)
                if (c.Length != 1 || !WisdmActivity.IsKnown(c[0]))
                    throw new SelectionException($"'{c}' is not a WISDM activity code", "activity codes are letters A-S except N, e.g. --classes A,B,D,E");
        }
        else
        {
            IReadOnlyList<int> digits;
            try { digits = Ranges.Parse(text); }
            catch (DataFormatException e) { throw new SelectionException(e.Message, "MNIST classes are digits, e.g. --classes 0-4 or --classes 0,1,2"); }
            foreach (int d in digits)
                if (d is < 0 or > 9)
                    throw new SelectionException($"{d} is not an MNIST digit; the classes are 0-9", "e.g. --classes 0-4 or --classes 5,6,7");
            classes = digits.Select(d => d.ToString(CultureInfo.InvariantCulture)).ToList();
        }

        if (classes.Distinct().Count() != classes.Count)
            throw new SelectionException($"'{text}' lists a class twice", "list each class once");
        if (classes.Count < 2)
            throw new SelectionException($"'{text}' names {classes.Count} class; a classifier needs at least 2", "list two or more classes");
        return classes;
    }

    /// <summary>Parses subjects: ranges and lists, mixed ("1600-1630", "1601,1605", "1600-1603,1610").</summary>
    /// <exception cref="SelectionException">Not numbers or ranges.</exception>
    public static IReadOnlyList<int> ParseSubjects(string text)
    {
        try { return Ranges.Parse(text); }
        catch (DataFormatException e) { throw new SelectionException(e.Message, "write subjects as ranges and lists, e.g. --subjects 1600-1630 or 1601,1605"); }
    }

    /// <summary>Builds a selection from command-line texts; <paramref name="subjects"/> is refused for MNIST and required for WISDM.</summary>
    /// <exception cref="SelectionException">Any part is malformed or missing.</exception>
    public static DataSelection Parse(string dataset, string? classes, string? subjects)
    {
        DatasetKind kind = ParseDataset(dataset);
        if (classes is null) throw new SelectionException("--classes is required", kind == DatasetKind.Wisdm ? "e.g. --classes A,B,D,E" : "e.g. --classes 0-4");
        if (kind == DatasetKind.Mnist)
        {
            if (subjects is not null)
                throw new SelectionException("MNIST has no subjects", "leave out --subjects: MNIST pretrains on its train split and adapts/tests on t10k");
            return new DataSelection(kind, ParseClasses(kind, classes), null);
        }

        if (subjects is null) throw new SelectionException("--subjects is required for WISDM", "e.g. --subjects 1600-1630");
        return new DataSelection(kind, ParseClasses(kind, classes), ParseSubjects(subjects));
    }
}
