using System.Text.Json;
using System.Text;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.IO;
using MicroTL.Toolkit.Training;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl evaluate MODEL --dataset wisdm|mnist [--data DIR] --classes ... [--subjects ...] [--json]</c>: accuracy, per-class
/// accuracy and confusion counts of an int8 or float model on the selected windows (MNIST: the t10k split).
/// </summary>
public static class EvaluateCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var a = new CommandArguments("evaluate", args, new HashSet<string>(DataArguments.Names), new HashSet<string> { "json" });
        TfLiteModel model = ModelFile.Read(a.Positional(0, "model"));
        (ExperimentData data, DataSelection selection) = DataArguments.Read(a);
        SampleSet samples = data.Select(selection.Classes, selection.Subjects);
        if (samples.Count == 0) throw new SelectionException("the selection holds no windows", "select more subjects or classes");
        EvaluationResult r = ModelEvaluation.Run(model, samples, selection.Classes.Count);
        if (a.Has("json")) stdout.WriteLine(ToJson(r, selection));
        else Write(stdout, r, selection);
        return ExitCodes.Success;
    }

    private static void Write(TextWriter o, EvaluationResult r, DataSelection selection)
    {
        o.WriteLine($"accuracy   {r.Accuracy:P1} on {r.Samples} samples");
        o.WriteLine("per class  " + string.Join(", ", selection.Classes.Select((c, k) => $"{c} {r.PerClassAccuracy[k]:P0}")));
        o.WriteLine("confusion  (rows: true class, columns: predicted)");
        int outputs = r.Confusion.GetLength(1);
        o.WriteLine("           " + string.Join("", Enumerable.Range(0, outputs).Select(p => $"{(p < selection.Classes.Count ? selection.Classes[p] : p.ToString()),6}")));
        for (int c = 0; c < selection.Classes.Count; c++)
            o.WriteLine($"  {selection.Classes[c],-8} " + string.Join("", Enumerable.Range(0, outputs).Select(p => $"{r.Confusion[c, p],6}")));
    }

    private static string ToJson(EvaluationResult r, DataSelection selection)
    {
        using var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            j.WriteStartObject();
            j.WriteNumber("accuracy", r.Accuracy);
            j.WriteNumber("samples", r.Samples);
            j.WriteStartArray("classes");
            foreach (string c in selection.Classes) j.WriteStringValue(c);
            j.WriteEndArray();
            j.WriteStartArray("perClassAccuracy");
            foreach (double v in r.PerClassAccuracy)
                if (double.IsFinite(v)) j.WriteNumberValue(v); else j.WriteNullValue();
            j.WriteEndArray();
            j.WriteStartArray("confusion");
            for (int c = 0; c < r.Confusion.GetLength(0); c++)
            {
                j.WriteStartArray();
                for (int p = 0; p < r.Confusion.GetLength(1); p++) j.WriteNumberValue(r.Confusion[c, p]);
                j.WriteEndArray();
            }

            j.WriteEndArray();
            j.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
