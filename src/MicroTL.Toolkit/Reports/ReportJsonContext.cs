using System.Text.Json.Serialization;

namespace MicroTL.Toolkit.Reports;

/// <summary>
/// Source-generated serialization of every report the toolkit and <c>microtl</c> write or read: camelCase, indented,
/// non-finite numbers as null (<see cref="NonFiniteAsNullConverter{T}"/>). Use it through <see cref="ReportJson"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    Converters = [typeof(NonFiniteAsNullConverter<double>), typeof(NonFiniteAsNullConverter<float>)])]
[JsonSerializable(typeof(TransferReport))]
[JsonSerializable(typeof(FirmwareReport))]
[JsonSerializable(typeof(WorkloadDocument))]
[JsonSerializable(typeof(EnergyComparisonReport))]
[JsonSerializable(typeof(BreakEvenReport))]
[JsonSerializable(typeof(InspectReport))]
[JsonSerializable(typeof(InferReport))]
[JsonSerializable(typeof(BenchReport))]
[JsonSerializable(typeof(EvaluationReport))]
[JsonSerializable(typeof(PretrainReport))]
[JsonSerializable(typeof(ScenarioReport))]
[JsonSerializable(typeof(DemoReport))]
[JsonSerializable(typeof(IReadOnlyList<DeviceProfileDocument>))]
[JsonSerializable(typeof(DeviceProfileDocument))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
