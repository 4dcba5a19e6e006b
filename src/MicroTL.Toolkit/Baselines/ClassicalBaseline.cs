// The classical baseline beside every method: a random forest (ML.NET FastForest, one binary forest per
// class, one-versus-all) on window statistics (WindowStatistics), trained on the same labelled windows
// as the device and tested on the same test windows. Host side only: it shows how far a frozen-body
// method is from what a hand-made feature set with a strong learner gets from the same few labels.
// One thread and fixed seeds, so a seed gives the same forest and accuracy on every run.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Baselines;

/// <summary>Settings of <see cref="ClassicalBaseline.Run"/>.</summary>
public sealed record ClassicalOptions
{
    /// <summary>Trees per forest.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>Leaves per tree.</summary>
    public int Leaves { get; init; } = 20;

    /// <summary>Fewest training windows in a leaf (small: a class may have only a handful of windows).</summary>
    public int MinimumPerLeaf { get; init; } = 2;

    /// <summary>Use the extended statistics (46 values) instead of the cheap 30.</summary>
    public bool ExtendedStatistics { get; init; } = true;
}

/// <summary>The outcome of <see cref="ClassicalBaseline.Run"/>.</summary>
/// <param name="Accuracy">Test accuracy.</param>
/// <param name="Features">Statistics per window.</param>
/// <param name="TrainHostSeconds">Host seconds of computing the statistics and training.</param>
public sealed record ClassicalResult(double Accuracy, int Features, double TrainHostSeconds);

/// <summary>A random forest on window statistics.</summary>
public static class ClassicalBaseline
{
    /// <summary>Trains on <paramref name="train"/> (motion windows, labels 0..classes−1) and tests on <paramref name="test"/>.</summary>
    /// <exception cref="ArgumentException">The samples are not 3-axis windows, or a set is empty.</exception>
    public static ClassicalResult Run(SampleSet train, SampleSet test, int classes, ulong seed, ClassicalOptions? options = null)
    {
        options ??= new ClassicalOptions();
        if (train.Count == 0 || test.Count == 0) throw new ArgumentException($"the classical baseline got {train.Count} training and {test.Count} test windows; both must be non-empty");
        if (train.Shape.Channels != 3) throw new ArgumentException($"the classical baseline takes 3-axis motion windows; the samples are {train.Shape}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int n = WindowStatistics.Count(options.ExtendedStatistics);
        int mlSeed = (int)(seed % int.MaxValue);
        var ml = new MLContext(mlSeed);
        IDataView trainData = ml.Data.LoadFromEnumerable(Rows(train, options.ExtendedStatistics), Schema(n));
        var forest = new FastForestBinaryTrainer.Options
        {
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinimumPerLeaf,
            NumberOfThreads = 1,
            Seed = mlSeed,
            FeatureSelectionSeed = mlSeed,
        };
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Class",
                keyData: ml.Data.LoadFromEnumerable(Enumerable.Range(0, classes).Select(c => new ClassRow { Class = c })))
            .Append(ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastForest(forest)));
        ITransformer model = pipeline.Fit(trainData);
        double seconds = clock.Elapsed.TotalSeconds;

        IDataView predicted = model.Transform(ml.Data.LoadFromEnumerable(Rows(test, options.ExtendedStatistics), Schema(n)));
        uint[] labels = [.. predicted.GetColumn<uint>("PredictedLabel")];
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
            if ((int)labels[i] - 1 == test.Label(i)) correct++; // keys are 1-based; key k+1 is class k (the key data lists 0..classes-1)
        return new ClassicalResult((double)correct / test.Count, n, seconds);
    }

    private static IEnumerable<WindowRow> Rows(SampleSet samples, bool extended)
    {
        float[] statistics = WindowStatistics.Of(samples, extended);
        int n = WindowStatistics.Count(extended);
        for (int i = 0; i < samples.Count; i++)
            yield return new WindowRow { Class = samples.Label(i), Features = statistics.AsSpan(i * n, n).ToArray() };
    }

    private static SchemaDefinition Schema(int features)
    {
        SchemaDefinition schema = SchemaDefinition.Create(typeof(WindowRow));
        schema[nameof(WindowRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        return schema;
    }

    private sealed class WindowRow
    {
        public int Class { get; set; }

        public float[] Features { get; set; } = [];
    }

    private sealed class ClassRow
    {
        public int Class { get; set; }
    }
}
