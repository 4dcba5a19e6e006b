// `microtl pretrain --report`: the base network's data, accuracy (float and int8 on held-out data) and
// training curve. Only `timing` holds wall-clock figures.
using System.Text.Json.Serialization;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Reports;

/// <summary>The report of a pretraining.</summary>
/// <param name="Dataset">wisdm or mnist.</param>
/// <param name="Classes">Classes trained (class k is the k-th).</param>
/// <param name="Subjects">Subjects selected (WISDM; empty for MNIST).</param>
/// <param name="TestSubjects">Subjects held out.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Epochs">Epochs trained.</param>
/// <param name="Windows">Training and held-out windows.</param>
/// <param name="Accuracy">Float and int8 accuracy on the held-out data.</param>
/// <param name="PerEpoch">Loss and training accuracy per epoch.</param>
/// <param name="Format">int8 or float32: the model written.</param>
/// <param name="ModelBytes">Bytes of the model written.</param>
/// <param name="Timing">Host seconds.</param>
/// <param name="Skipped">What reading WISDM text files skipped (absent for the embedded data and MNIST).</param>
public sealed record PretrainReport(string Dataset, IReadOnlyList<string> Classes, IReadOnlyList<int> Subjects, IReadOnlyList<int> TestSubjects,
    ulong Seed, int Epochs, WindowCountsReport Windows, PretrainAccuracyReport Accuracy, IReadOnlyList<PretrainEpochReport> PerEpoch,
    string Format, int ModelBytes, SecondsReport Timing, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SkippedDataReport? Skipped = null)
{
    /// <summary>The report of <paramref name="r"/>.</summary>
    public static PretrainReport From(PretrainResult r, DataSelection selection, bool isFloat, int modelBytes, ulong seed, int epochs, double seconds) => new(
        selection.Dataset.ToString().ToLowerInvariant(), selection.Classes, selection.Subjects ?? [], r.TestSubjects, seed, epochs,
        new WindowCountsReport(r.TrainWindows, r.TestWindows),
        new PretrainAccuracyReport(r.FloatAccuracy, r.Int8Accuracy, r.FloatAccuracy - r.Int8Accuracy, r.Agreement,
            [.. selection.Classes.Select((c, k) => new ClassAccuracyReport(c, At(r.FloatPerClass, k), At(r.Int8PerClass, k)))]),
        [.. r.History.Select(e => new PretrainEpochReport(e.Epoch, e.Loss, e.Accuracy))],
        isFloat ? "float32" : "int8", modelBytes, new SecondsReport(Math.Round(seconds, 3)));

    private static double At(IReadOnlyList<double> values, int k) => k < values.Count ? values[k] : double.NaN;
}

/// <summary>Training and held-out windows.</summary>
/// <param name="Train">Training windows.</param>
/// <param name="Test">Held-out windows.</param>
public sealed record WindowCountsReport(int Train, int Test);

/// <summary>The base network's accuracy on held-out data.</summary>
/// <param name="Float">Float network.</param>
/// <param name="Int8">int8 model.</param>
/// <param name="Drop">Float minus int8.</param>
/// <param name="Agreement">Share of identical predictions.</param>
/// <param name="PerClass">Float and int8 accuracy of each class on the held-out data (null where a class has no held-out window).</param>
public sealed record PretrainAccuracyReport(float Float, float Int8, float Drop, float Agreement, IReadOnlyList<ClassAccuracyReport> PerClass);

/// <summary>One class's accuracy on held-out data.</summary>
/// <param name="Class">The class name.</param>
/// <param name="Float">The float network's accuracy on its windows.</param>
/// <param name="Int8">The int8 model's.</param>
public sealed record ClassAccuracyReport(string Class, double Float, double Int8);

/// <summary>One pretraining epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean training loss.</param>
/// <param name="TrainAccuracy">Training accuracy.</param>
public sealed record PretrainEpochReport(int Epoch, float TrainLoss, float TrainAccuracy);

/// <summary>Host wall-clock seconds (not reproducible).</summary>
/// <param name="Seconds">Seconds, rounded to 1 ms.</param>
public sealed record SecondsReport(double Seconds);
