// What the model runner (Runtime/app/mtl_model_runner.c) printed: the arena it used, the instructions of
// each inference and of each operator, and whether every case ran.
using System.Globalization;

namespace MicroTL.Firmware.Generation;

/// <summary>One operator of one case, timed alone.</summary>
/// <param name="Case">The case (0-based, the order of <c>inputs.bin</c>).</param>
/// <param name="Operator">The operator's place in execution order.</param>
/// <param name="Name">Its schema name.</param>
/// <param name="Instructions">Instructions it executed (a resolution of 40 under QEMU; 0 on the host). Not cycles.</param>
public sealed record OperatorCount(int Case, int Operator, string Name, long Instructions);

/// <summary>The model runner's report.</summary>
/// <param name="ModelName">The model's C name.</param>
/// <param name="ArenaBytes">Arena the interpreter used (head + tail).</param>
/// <param name="HeadBytes">The head: tensors and scratch.</param>
/// <param name="PersistentBytes">The tail the C prepares allocated.</param>
/// <param name="Cases">Cases run to the end.</param>
/// <param name="InferenceInstructions">Per case, the instructions of one whole inference (not cycles).</param>
/// <param name="Operators">Per case and operator, its instructions.</param>
/// <param name="Error">The runner's error line, or null when it finished.</param>
public sealed record ModelRunReport(string ModelName, long ArenaBytes, long HeadBytes, long PersistentBytes, int Cases,
    IReadOnlyList<long> InferenceInstructions, IReadOnlyList<OperatorCount> Operators, string? Error)
{
    /// <summary>Parses the runner's stdout.</summary>
    /// <exception cref="FormatException">There is no <c>mtl-model:</c> line (the runner did not start) or a line is malformed.</exception>
    public static ModelRunReport Parse(string stdout)
    {
        string[] lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Dictionary<string, string> model = Fields(lines.FirstOrDefault(l => l.StartsWith("mtl-model:", StringComparison.Ordinal))
            ?? throw new FormatException($"no mtl-model: line in the runner's output:\n{stdout}"));
        var inferences = new List<long>();
        var operators = new List<OperatorCount>();
        int cases = 0;
        string? error = null;
        foreach (string line in lines)
        {
            if (line.StartsWith("mtl-inference:", StringComparison.Ordinal))
                inferences.Add(Long(Fields(line), "instructions"));
            else if (line.StartsWith("mtl-op:", StringComparison.Ordinal))
            {
                Dictionary<string, string> f = Fields(line);
                operators.Add(new OperatorCount((int)Long(f, "case"), (int)Long(f, "op"), f["name"], Long(f, "instructions")));
            }
            else if (line.StartsWith("mtl-runner: error:", StringComparison.Ordinal))
                error = line["mtl-runner: error:".Length..].Trim();
            else if (line.StartsWith("mtl-runner:", StringComparison.Ordinal))
                cases = (int)Long(Fields(line), "cases");
        }
        return new ModelRunReport(model["name"], Long(model, "arena_bytes"), Long(model, "head_bytes"), Long(model, "persistent_bytes"),
            cases, inferences, operators, error);
    }

    private static Dictionary<string, string> Fields(string line)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            if (eq > 0) fields[pair[..eq]] = pair[(eq + 1)..];
        }
        return fields;
    }

    private static long Long(Dictionary<string, string> fields, string key) =>
        fields.TryGetValue(key, out string? text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new FormatException($"the runner's line has no integer {key}= ({string.Join(' ', fields.Select(f => $"{f.Key}={f.Value}"))})");
}
