// The loaded data behind a selection, turned into SampleSets the networks take: WISDM windows as raw
// m/s² (1 x 200 x 3), MNIST digits as pixel / 255 (28 x 28 x 1). Presence checks live here so that
// an unknown subject or class is reported with what the data does hold.
using System.Globalization;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Data.Mnist;
using MicroTL.Toolkit.Data.Wisdm;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>WISDM recordings or MNIST splits, selected into labelled sample sets.</summary>
public sealed class ExperimentData
{
    /// <summary>The MNIST split used for pretraining.</summary>
    public const string MnistPretrainSplit = "train";

    /// <summary>The MNIST split the device sees (transfer samples and test).</summary>
    public const string MnistDeviceSplit = "t10k";

    private static readonly string[] MnistFiles =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    private readonly Dictionary<string, MnistDataset> _mnist = [];
    private readonly string? _mnistDirectory;

    private ExperimentData(DatasetKind kind, WisdmDataset? wisdm, string? mnistDirectory, WisdmLoadReport? loadReport = null)
    {
        Kind = kind;
        Wisdm = wisdm;
        _mnistDirectory = mnistDirectory;
        LoadReport = loadReport;
    }

    /// <summary>What reading WISDM text files dropped (malformed lines, repeats), with file and line; null for the embedded pack and MNIST.</summary>
    public WisdmLoadReport? LoadReport { get; }

    /// <summary>The folder the data came from (null: the embedded pack).</summary>
    public string? Directory => Kind == DatasetKind.Wisdm ? LoadReport?.Directory : _mnistDirectory;

    /// <summary>Which data set.</summary>
    public DatasetKind Kind { get; }

    /// <summary>The WISDM recordings (null for MNIST).</summary>
    public WisdmDataset? Wisdm { get; }

    /// <summary>
    /// WISDM: the text files of <paramref name="directory"/>, or the embedded pack when null.
    /// MNIST: the IDX files of <paramref name="directory"/>, which is required (no copy is embedded).
    /// </summary>
    /// <param name="kind">WISDM or MNIST.</param>
    /// <param name="directory">The folder, or null for the embedded WISDM pack.</param>
    /// <param name="mnistSplits">The MNIST splits the caller reads (<see cref="MnistPretrainSplit"/>, <see cref="MnistDeviceSplit"/>): only their
    /// files must be there. Null: both.</param>
    /// <exception cref="SelectionException">MNIST without a folder, or a folder without the IDX files of a split it needs.</exception>
    /// <exception cref="DataFormatException">The files are missing or malformed.</exception>
    public static ExperimentData Load(DatasetKind kind, string? directory, IReadOnlyCollection<string>? mnistSplits = null)
    {
        if (kind == DatasetKind.Wisdm)
        {
            if (directory is null) return new ExperimentData(kind, new WisdmDataset(WisdmPack.ReadEmbedded()), null);
            WisdmDataset wisdm = WisdmDataset.FromDirectory(directory, out WisdmLoadReport report);
            return new ExperimentData(kind, wisdm, null, report);
        }

        string[] needed = [.. MnistFiles.Where(f => mnistSplits is null || mnistSplits.Any(s => f.StartsWith(s + "-", StringComparison.Ordinal)))];
        if (directory is null)
            throw new SelectionException("MNIST is not embedded: it needs --data DIR",
                $"point --data at a folder with {string.Join(", ", needed.Select(f => f + ".gz"))}");
        string[] missing = [.. needed.Where(f => !File.Exists(Path.Combine(directory, f)) && !File.Exists(Path.Combine(directory, f + ".gz")))];
        if (missing.Length > 0)
            throw new SelectionException($"{directory}: no MNIST file {string.Join(", ", missing)} (plain or .gz)",
                $"point --data at the folder holding the MNIST IDX files {string.Join(", ", needed)} (.gz or plain)");
        return new ExperimentData(kind, null, directory);
    }

    /// <summary>The files <see cref="Load"/> reads from <paramref name="directory"/> (those present), for the command's check that no output overwrites one.</summary>
    public static IReadOnlyList<string> InputFiles(DatasetKind kind, string? directory)
    {
        if (directory is null || !System.IO.Directory.Exists(directory)) return [];
        if (kind == DatasetKind.Wisdm) return System.IO.Directory.GetFiles(directory, WisdmTextReader.FilePattern);
        return [.. MnistFiles.SelectMany(f => new[] { f, f + ".gz" }).Select(f => Path.Combine(directory, f)).Where(File.Exists)];
    }

    /// <summary>The shape of one sample.</summary>
    public FeatureShape SampleShape => Kind == DatasetKind.Wisdm ? BaseNetworks.MotionInput : BaseNetworks.ImageInput;

    /// <summary>
    /// Bytes of one raw labelled sample as the device would upload it: WISDM 200 x 3 float32 values + 1 label byte = 2401;
    /// MNIST 28 x 28 uint8 pixels + 1 label byte = 785.
    /// </summary>
    public int RawBytesPerSample => Kind == DatasetKind.Wisdm ? SampleShape.Size * sizeof(float) + 1 : SampleShape.Size + 1;

    /// <summary>
    /// Non-overlapping windows (WISDM, of <paramref name="subjects"/>) or the images of split <paramref name="mnistSplit"/> (MNIST)
    /// of the given classes; label k = classes[k]. Samples keep the data's order.
    /// </summary>
    /// <exception cref="SelectionException">A subject or class is not in the data set.</exception>
    public SampleSet Select(IReadOnlyList<string> classes, IReadOnlyList<int>? subjects, string mnistSplit = MnistDeviceSplit, int strideSamples = WisdmDataset.DefaultWindowSamples)
    {
        if (Kind == DatasetKind.Mnist) return Images(Mnist(mnistSplit), classes);
        IReadOnlyList<char> activities = CheckActivities(classes);
        return WisdmSamples.Create(Wisdm!.Select(CheckSubjects(subjects), activities).Windows(WisdmDataset.DefaultWindowSamples, strideSamples), activities);
    }

    /// <summary>The activity codes of <paramref name="classes"/>, checked against the data.</summary>
    /// <exception cref="SelectionException">An activity the data does not hold.</exception>
    public IReadOnlyList<char> CheckActivities(IReadOnlyList<string> classes)
    {
        IReadOnlyList<char> present = Wisdm!.Activities;
        var activities = new List<char>();
        foreach (string c in classes)
        {
            if (c.Length != 1 || !present.Contains(c[0]))
                throw new SelectionException($"activity {c} is not in the data set; activities: {string.Join(",", present)}",
                    "pick --classes from the activities listed");
            activities.Add(c[0]);
        }

        return activities;
    }

    /// <summary>The subjects, checked against the data.</summary>
    /// <exception cref="SelectionException">A subject the data does not hold, or none given.</exception>
    public IReadOnlyList<int> CheckSubjects(IReadOnlyList<int>? subjects)
    {
        if (subjects is null || subjects.Count == 0)
            throw new SelectionException("no subjects selected", $"pick --subjects from {Ranges.Format(Wisdm!.Subjects)}");
        IReadOnlyList<int> present = Wisdm!.Subjects;
        int[] missing = subjects.Where(s => !present.Contains(s)).ToArray();
        if (missing.Length > 0)
            throw new SelectionException(
                $"subject{(missing.Length > 1 ? "s" : "")} {Ranges.Format([.. missing.Order()])} {(missing.Length > 1 ? "are" : "is")} not in the data set; subjects: {Ranges.Format(present)}",
                "pick --subjects from the subjects listed");
        return subjects;
    }

    /// <summary>The MNIST split, loaded once.</summary>
    public MnistDataset Mnist(string split)
    {
        if (_mnistDirectory is null) throw new InvalidOperationException("not an MNIST selection");
        if (!_mnist.TryGetValue(split, out MnistDataset? data)) _mnist[split] = data = MnistDataset.Load(_mnistDirectory, split);
        return data;
    }

    /// <summary>The images of <paramref name="data"/> whose digit is in <paramref name="classes"/>, as pixel / 255.</summary>
    public static SampleSet Images(MnistDataset data, IReadOnlyList<string> classes)
    {
        var labelOf = new int[10];
        Array.Fill(labelOf, -1);
        for (int k = 0; k < classes.Count; k++)
            labelOf[int.Parse(classes[k], NumberStyles.Integer, CultureInfo.InvariantCulture)] = k;
        var indices = new List<int>();
        for (int i = 0; i < data.Count; i++)
            if (labelOf[data.Label(i)] >= 0) indices.Add(i);

        int size = data.Rows * data.Columns;
        var values = new float[indices.Count * size];
        var labels = new int[indices.Count];
        for (int n = 0; n < indices.Count; n++)
        {
            ReadOnlySpan<byte> pixels = data.Image(indices[n]);
            for (int p = 0; p < size; p++) values[n * size + p] = pixels[p] / 255f;
            labels[n] = labelOf[data.Label(indices[n])];
        }

        return new SampleSet(new FeatureShape(data.Rows, data.Columns, 1), values, labels);
    }
}
