namespace MicroTL.Toolkit.Benchmarking;

/// <summary>One operator's part of an inference, timed on its own (<see cref="MicroTL.Runtime.Interpreter.InvokeRange"/>).</summary>
/// <param name="Index">Its position in the graph.</param>
/// <param name="Name">Its schema name (CONV_2D, ...).</param>
/// <param name="Macs">Multiply-accumulates one run performs (0 for data movement).</param>
/// <param name="Time">Its timings.</param>
/// <param name="GmacPerSecond">MACs / median time, in 10⁹ per second (0 without MACs).</param>
/// <param name="Share">Its median over the sum of every operator's median, 0 to 1.</param>
public sealed record OperatorTiming(int Index, string Name, long Macs, TimingSummary Time, double GmacPerSecond, double Share);
