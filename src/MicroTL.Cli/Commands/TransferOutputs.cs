using System.CommandLine;
using MicroTL.Cli.Options;
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.IO;
using MicroTL.Toolkit.Reporting;
using MicroTL.Toolkit.Reports;

namespace MicroTL.Cli.Commands;

/// <summary>
/// What <c>transfer</c> writes: the deployed model (<c>--out</c>, which may be the model it read: a redeployment replaces
/// it), the C header and the C source beside it (<c>--header NAME.h</c> writes <c>NAME.h</c> and <c>NAME.c</c>), the JSON
/// report and the HTML report, declared in the run's <see cref="OutputSet"/> before any work and written together at the
/// end (all or, if the disk fails, those named in the error).
/// </summary>
internal sealed class TransferOutputs
{
    private TransferOutputs(OutputFile output, OutputFile? header, OutputFile? source, OutputFile? report, OutputFile? html)
    {
        Out = output;
        Header = header;
        Source = source;
        Report = report;
        Html = html;
    }

    /// <summary>The deployed model.</summary>
    public OutputFile Out { get; }

    /// <summary>The C header that declares the deployed model's array, if asked for.</summary>
    public OutputFile? Header { get; }

    /// <summary>The C source beside <see cref="Header"/> that defines the array.</summary>
    public OutputFile? Source { get; }

    /// <summary>The JSON report, if asked for.</summary>
    public OutputFile? Report { get; }

    /// <summary>The HTML report, if asked for.</summary>
    public OutputFile? Html { get; }

    /// <summary>Declares <c>--out</c>, <c>--header</c> (and its <c>.c</c>), <c>--report</c> and <c>--html</c> in <paramref name="files"/>.</summary>
    /// <exception cref="CliException">The <c>--header</c> path does not end in <c>.h</c>.</exception>
    public static TransferOutputs Declare(OutputSet files, ParseResult p, TransferOptions o, OutputFile model)
    {
        OutputFile output = files.Output("--out", TransferCommand.Require(p, o.Out));
        files.MayReplace(output, model); // redeploying over the model read is what a device does
        OutputFile? header = null, source = null;
        if (p.GetValue(o.Header) is { } h)
        {
            (string headerPath, string sourcePath) = TransferCommand.HeaderPaths(h);
            header = files.Output("--header", headerPath);
            source = files.Output("the C source of --header", sourcePath); // NAME.c beside NAME.h, locked and committed with it
        }

        OutputFile? report = p.GetValue(o.Report) is { } r ? files.Output("--report", r) : null;
        OutputFile? html = p.GetValue(o.Html) is { } x ? files.Output("--html", x) : null;
        return new TransferOutputs(output, header, source, report, html);
    }

    /// <summary>Stages every output, then commits them together; returns the paths written, in the order written.</summary>
    /// <param name="files">The run's output set, validated.</param>
    /// <param name="outcome">The run.</param>
    /// <param name="evaluation">The host's check of the run on the test set.</param>
    /// <param name="report">The JSON report (with what was skipped).</param>
    /// <param name="settings">The run's settings, which the C files and the HTML report describe.</param>
    /// <param name="commandLine">The command as typed, for the C files' comment and the HTML report's footer.</param>
    /// <param name="experiment">The data-set form's baselines, for the HTML report.</param>
    public IReadOnlyList<string> Write(OutputSet files, TransferOutcome outcome, TransferEvaluation evaluation, TransferReport report,
        TransferSettings settings, string commandLine, TransferExperimentResult? experiment = null)
    {
        byte[] model = TfLiteWriter.Write(outcome.DeployedModel);
        Out.Write(model);
        if (Header is not null && Source is not null)
        {
            (string headerText, string sourceText) = TransferCommand.HeaderTexts(Header.Path, Source.Path, model, outcome, evaluation, settings, commandLine);
            Header.WriteText(headerText);
            Source.WriteText(sourceText);
        }

        Report?.WriteText(ReportJson.Serialize(report));
        Html?.WriteText(TransferHtmlReport.Build(outcome, evaluation, commandLine, settings, experiment).ToHtml());
        return files.Commit();
    }
}
