// The HTML reports of `transfer --html` and `pretrain --html`, built from real (reduced) runs: their
// sections, the charts with the run's own epochs, the decision and its reason, and in Chromium no
// horizontal overflow at 1280 px.
using System.Text.RegularExpressions;
using MicroTL.Budget;
using MicroTL.Session;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Reporting;
using MicroTL.Toolkit.Tests.Experiments;
using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Tests.Reporting;

public sealed class TrainingHtmlReportTests : IDisposable
{
    private static readonly Lazy<(PretrainResult Result, DataSelection Selection)> Pretraining = new(() =>
    {
        var selection = new DataSelection(DatasetKind.Wisdm, ["A", "B", "D", "E"], [.. Enumerable.Range(1600, 6)]);
        return (BasePretrainer.Run(ExperimentData.Load(DatasetKind.Wisdm, null), selection, seed: 2, epochs: 2), selection);
    });

    private readonly string _directory = Directory.CreateTempSubdirectory("microtl-training-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Transfer_ReducedRun_HasEverySectionTheEpochsAndTheDecision()
    {
        TransferOutcome o = ReducedDemo.Result.Transfer.Outcome;
        string html = TransferHtmlReport.Build(o, ReducedDemo.Result.Transfer.Evaluation, "microtl transfer base.tflite --data d.csv", ScenarioOptions.DefaultTransfer, ReducedDemo.Result.Transfer).ToHtml();

        foreach (string heading in new[] { "Outcome", "Training per epoch", "Deployment decision", "Memory vs device RAM", "Settings" })
            Assert.Contains($"<h2>{heading}</h2>", html);
        SvgDocument[] charts = Charts(html);
        Assert.Equal(["Loss per epoch", "Accuracy per epoch", "RAM by component"], charts.Select(c => (string)c.Root.Element(c.Root.Name.Namespace + "title")!));
        Assert.Equal(o.Training.Epochs.Count, charts[0].PolylinePoints(0).Count);
        Assert.Contains(DecisionText.Of(o).Replace("'", "&#39;", StringComparison.Ordinal), html);
        Assert.Contains("from scratch on the uploaded samples", html); // the data-set form's baselines
        Assert.Contains("Made by &#39;microtl transfer base.tflite --data d.csv&#39;", html);
    }

    [Fact]
    public void DecisionText_EachDecision_SaysWhy()
    {
        TransferOutcome o = ReducedDemo.Result.Transfer.Outcome;

        Assert.Contains("classes the model's own head was not trained for", DecisionText.Of(o with { Decision = DeploymentDecision.AcceptedClassesChanged }));
        Assert.Contains("at least as good", DecisionText.Of(o with { Decision = DeploymentDecision.Accepted, OldValidationAccuracy = 0.5 }));
        Assert.Contains("is worse", DecisionText.Of(o with { Decision = DeploymentDecision.Rejected, OldValidationAccuracy = 0.9, NewValidationAccuracy = 0.4 }));
        Assert.Contains("never trained", DecisionText.Of(o with { Decision = DeploymentDecision.Rejected, Training = o.Training with { EpochsRun = 0 } }));
    }

    [Fact]
    public void Pretrain_ReducedRun_HasTheCurvesAccuraciesAndTheModelsMemory()
    {
        (PretrainResult r, DataSelection selection) = Pretraining.Value;
        string html = PretrainHtmlReport.Build(r, selection, r.Quantized.Bytes, isFloat: false, TestDevices.Nrf52840, 1.5).ToHtml();

        foreach (string heading in new[] { "Outcome", "Training per epoch", "Data", "The model on the device" }) Assert.Contains($"<h2>{heading}</h2>", html);
        SvgDocument[] charts = Charts(html);
        Assert.Equal(r.History.Count, charts[0].PolylinePoints(0).Count);
        Assert.Equal(r.History.Count, charts[1].PolylinePoints(0).Count);
        Assert.Contains(Markup.Fixed(100 * r.Int8Accuracy, 1) + " %", html);
        Assert.Contains("inference arena", html);
    }

    [Theory]
    [InlineData(0.80, 0.793, "0.7 points below float")]
    [InlineData(0.80, 0.807, "0.7 points above float")]
    [InlineData(0.80, 0.80, "the same as float")]
    public void QuantizationEffect_NeverANegativeDrop(double floatAccuracy, double int8Accuracy, string expected) =>
        Assert.Equal(expected, PretrainHtmlReport.QuantizationEffect(floatAccuracy, int8Accuracy));

    [ChromiumFact]
    public async Task Chromium_TransferAndPretrainReports_NoHorizontalOverflowAt1280()
    {
        (PretrainResult r, DataSelection selection) = Pretraining.Value;
        string transfer = TransferHtmlReport.Build(ReducedDemo.Result.Transfer.Outcome, ReducedDemo.Result.Transfer.Evaluation, "microtl transfer", ScenarioOptions.DefaultTransfer, ReducedDemo.Result.Transfer).ToHtml();
        string pretrain = PretrainHtmlReport.Build(r, selection, r.Quantized.Bytes, isFloat: false, TestDevices.Nrf52840, 1.5).ToHtml();

        (await PageLayout.MeasureAsync(transfer, _directory)).AssertNoHorizontalOverflow("transfer report");
        (await PageLayout.MeasureAsync(pretrain, _directory)).AssertNoHorizontalOverflow("pretrain report");
    }

    private static SvgDocument[] Charts(string html) =>
        [.. Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline).Select(m => new SvgDocument(m.Value))];
}
