using System.CommandLine;
using MicroTL.Cli.Options;
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Toolkit.IO;
using MicroTL.Toolkit.Reports;

namespace MicroTL.Cli.Commands;

/// <summary>
/// What <c>transfer</c> writes: the deployed model (<c>--out</c>, which may be the model it read: a redeployment replaces
/// it), the C header and the report, declared in the run's <see cref="OutputSet"/> before any work and written together
/// at the end (all or, if the disk fails, those named in the error).
/// </summary>
internal sealed class TransferOutputs
{
    private TransferOutputs(OutputFile output, OutputFile? header, OutputFile? report)
    {
        Out = output;
        Header = header;
        Report = report;
    }

    /// <summary>The deployed model.</summary>
    public OutputFile Out { get; }

    /// <summary>The deployed model as a C array, if asked for.</summary>
    public OutputFile? Header { get; }

    /// <summary>The JSON report, if asked for.</summary>
    public OutputFile? Report { get; }

    /// <summary>Declares <c>--out</c>, <c>--header</c> and <c>--report</c> in <paramref name="files"/>.</summary>
    public static TransferOutputs Declare(OutputSet files, ParseResult p, TransferOptions o, OutputFile model)
    {
        OutputFile output = files.Output("--out", TransferCommand.Require(p, o.Out));
        files.MayReplace(output, model); // redeploying over the model read is what a device does
        OutputFile? header = p.GetValue(o.Header) is { } h ? files.Output("--header", h) : null;
        OutputFile? report = p.GetValue(o.Report) is { } r ? files.Output("--report", r) : null;
        return new TransferOutputs(output, header, report);
    }

    /// <summary>Stages every output, then commits them together.</summary>
    public void Write(OutputSet files, TransferOutcome outcome, TransferReport report)
    {
        Out.Write(TfLiteWriter.Write(outcome.DeployedModel));
        Header?.WriteText(TransferCommand.HeaderText(Header.Path, outcome));
        Report?.WriteText(ReportJson.Serialize(report));
        files.Commit();
    }
}
