using System.Reflection;
using MicroTL.Toolkit.Energy;

namespace MicroTL.Toolkit.Reports;

/// <summary>
/// The built-in scenario of <c>microtl energy</c>: the paper-like smartwatch workload measured by
/// <see cref="Experiments.WisdmWorkloadMeasurement"/> and stored as a resource (its JSON says the command and date).
/// </summary>
public static class DefaultScenario
{
    private const string Resource = "MicroTL.Energy.Scenarios.wisdm-smartwatch.json";

    private static readonly Lazy<Workload> Loaded = new(() =>
    {
        using Stream stream = typeof(DefaultScenario).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"resource {Resource} is missing from the build");
        using var reader = new StreamReader(stream);
        return WorkloadFile.Parse(reader.ReadToEnd(), $"built-in {Resource}"); // the same type as a report file: Reports.WorkloadDocument
    });

    /// <summary>The measured default workload.</summary>
    public static Workload Workload => Loaded.Value;
}
