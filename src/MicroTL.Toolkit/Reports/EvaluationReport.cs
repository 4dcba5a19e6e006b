using System.Text.Json.Serialization;
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Toolkit.Reports;

/// <summary><c>microtl evaluate --json</c>: accuracy, per class and confusion counts of a model on a selection.</summary>
/// <param name="Accuracy">Fraction of samples predicted right.</param>
/// <param name="Samples">Samples evaluated.</param>
/// <param name="Classes">The selection's classes (class k of the model is the k-th).</param>
/// <param name="PerClassAccuracy">Accuracy per class (null for a class without samples).</param>
/// <param name="Confusion">Counts: rows the true class, columns the predicted output.</param>
/// <param name="Skipped">What reading WISDM text files skipped (absent for the embedded data and MNIST).</param>
public sealed record EvaluationReport(double Accuracy, int Samples, IReadOnlyList<string> Classes, IReadOnlyList<double> PerClassAccuracy,
    IReadOnlyList<IReadOnlyList<int>> Confusion, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SkippedDataReport? Skipped = null)
{
    /// <summary>The report of <paramref name="r"/> on <paramref name="selection"/>.</summary>
    public static EvaluationReport From(EvaluationResult r, DataSelection selection) => From(r, selection.Classes);

    /// <summary>The report of <paramref name="r"/> with the classes named <paramref name="classes"/> (a CSV's class numbers "0", "1", ...).</summary>
    public static EvaluationReport From(EvaluationResult r, IReadOnlyList<string> classes) => new(r.Accuracy, r.Samples, classes, r.PerClassAccuracy,
        [.. Enumerable.Range(0, r.Confusion.GetLength(0)).Select(c => (IReadOnlyList<int>)[.. Enumerable.Range(0, r.Confusion.GetLength(1)).Select(p => r.Confusion[c, p])])]);
}
