// The charts of a transfer report: the head's loss and accuracy per epoch, on its training and its
// validation records, with the epoch the stopping rule kept and the model's own head for comparison.
using MicroTL.Session;
using MicroTL.Training;

namespace MicroTL.Toolkit.Reporting;

/// <summary>Charts of <see cref="TransferHtmlReport"/>.</summary>
public static class TransferCharts
{
    /// <summary>Cross-entropy loss per epoch, training and validation.</summary>
    public static SvgLineChart Loss(TransferOutcome o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var chart = new SvgLineChart("Loss per epoch") { XLabel = "epoch", YLabel = "cross-entropy loss", WidthPixels = DemoCharts.PanelWidthPixels };
        chart.AddSeries("training", o.Training.Epochs.Select(e => ((double)e.Epoch, e.TrainLoss)));
        if (o.Training.Epochs.Any(e => e.HasValidation)) chart.AddSeries("validation", o.Training.Epochs.Select(e => ((double)e.Epoch, e.ValidationLoss)));
        AddKeptEpoch(chart, o);
        return chart;
    }

    /// <summary>Accuracy (%) per epoch, training and validation, with the model's own head on the validation records.</summary>
    public static SvgLineChart Accuracy(TransferOutcome o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var chart = new SvgLineChart("Accuracy per epoch") { XLabel = "epoch", YLabel = "accuracy (%)", WidthPixels = DemoCharts.PanelWidthPixels };
        chart.AddSeries("training", o.Training.Epochs.Select(e => ((double)e.Epoch, 100 * e.TrainAccuracy)));
        if (o.Training.Epochs.Any(e => e.HasValidation)) chart.AddSeries("validation", o.Training.Epochs.Select(e => ((double)e.Epoch, 100 * e.ValidationAccuracy)));
        if (double.IsFinite(o.OldValidationAccuracy))
            chart.AddReferenceLine(FormattableString.Invariant($"model's own head {100 * o.OldValidationAccuracy:F1} %"), 100 * o.OldValidationAccuracy, labelAtStart: true);
        AddKeptEpoch(chart, o);
        return chart;
    }

    // The kept epoch as a vertical marker: a two-point series from the bottom to the top of the data, drawn without markers.
    private static void AddKeptEpoch(SvgLineChart chart, TransferOutcome o)
    {
        if (o.Training.KeptEpoch <= 0 || chart.Series.Count == 0) return;
        double[] ys = [.. chart.Series.SelectMany(s => s.Points).Select(p => p.Y).Where(double.IsFinite)];
        if (ys.Length == 0) return;
        chart.AddSeries(FormattableString.Invariant($"kept: epoch {o.Training.KeptEpoch}"), [(o.Training.KeptEpoch, ys.Min()), (o.Training.KeptEpoch, ys.Max())]);
    }
}
