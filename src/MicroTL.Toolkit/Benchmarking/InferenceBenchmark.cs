// Times an interpreter the way a TFLM user times a model with its benchmark tools: warm-up runs, then rounds that each
// time one whole inference and then every operator on its own, so whole and parts see the same load on a shared
// machine; the allocations of the whole inferences are counted on the side.
using System.Diagnostics;
using MicroTL.Kernels;
using MicroTL.Runtime;
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;

namespace MicroTL.Toolkit.Benchmarking;

/// <summary>Whole-inference and per-operator timings of an <see cref="Interpreter"/> on its current input.</summary>
public static class InferenceBenchmark
{
    /// <summary>
    /// Runs <paramref name="warmupRuns"/> untimed inferences, then <paramref name="runs"/> rounds of one timed inference
    /// and one timed run of each operator (<see cref="Interpreter.InvokeRange"/>), each from the input the caller set
    /// (restored before every run, untimed); the outputs are then those of that input.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="runs"/> below 1 or <paramref name="warmupRuns"/> below 0.</exception>
    public static InferenceTimings Run(Interpreter interpreter, int runs, int warmupRuns) => Run(interpreter, runs, warmupRuns, TimeSpan.Zero);

    /// <summary>
    /// As <see cref="Run(Interpreter, int, int)"/>, the untimed inferences going on until <paramref name="minimumWarmup"/>
    /// has passed as well: the JIT compiles a method again, optimized, only after it has run a while, so a small model's
    /// first thousands of runs can still be slow (<see cref="InferenceTimings.WarmupRuns"/>: the runs it took).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="runs"/> below 1, <paramref name="warmupRuns"/> or <paramref name="minimumWarmup"/> below 0.</exception>
    public static InferenceTimings Run(Interpreter interpreter, int runs, int warmupRuns, TimeSpan minimumWarmup)
    {
        ArgumentNullException.ThrowIfNull(interpreter);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupRuns);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumWarmup, TimeSpan.Zero);
        int count = interpreter.Operators.Count;
        // The arena planner may give the input's bytes to a later tensor, so every run starts from a copy of it.
        byte[] input = interpreter.InputBytes().ToArray();
        long warmupStart = Stopwatch.GetTimestamp();
        int warmedUp = 0;
        for (; warmedUp < warmupRuns || Stopwatch.GetElapsedTime(warmupStart) < minimumWarmup; warmedUp++)
        {
            input.CopyTo(interpreter.InputBytes());
            interpreter.Invoke();
        }

        var whole = new double[runs];
        var perOperator = new double[count][];
        for (int op = 0; op < count; op++) perOperator[op] = new double[runs];
        // The fewest bytes any timed run allocated: the steady state. A run during which the JIT recompiles a method
        // (tiered compilation, at a moment the machine's load decides) can allocate once for it.
        long allocated = long.MaxValue;
        for (int r = 0; r < runs; r++)
        {
            input.CopyTo(interpreter.InputBytes());
            long before = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            interpreter.Invoke();
            long end = Stopwatch.GetTimestamp();
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            whole[r] = Microseconds(start, end);
            // Each operator again, in order, on the tensors the previous one left: the same work as inside Invoke.
            input.CopyTo(interpreter.InputBytes());
            for (int op = 0; op < count; op++)
            {
                start = Stopwatch.GetTimestamp();
                interpreter.InvokeRange(op, op + 1);
                perOperator[op][r] = Microseconds(start, Stopwatch.GetTimestamp());
            }
        }

        var summaries = new TimingSummary[count];
        double sumOfMedians = 0;
        for (int op = 0; op < count; op++)
        {
            summaries[op] = TimingSummary.Of(perOperator[op]);
            sumOfMedians += summaries[op].MedianMicroseconds;
        }

        Subgraph graph = interpreter.Model.MainSubgraph;
        var operators = new OperatorTiming[count];
        for (int op = 0; op < count; op++)
        {
            long macs = interpreter.Operators[op].MacCount;
            double median = summaries[op].MedianMicroseconds;
            operators[op] = new OperatorTiming(op, OperatorNames.Of(interpreter.Model.CodeOf(graph.Operators[op])), macs, summaries[op],
                median > 0 ? macs / (median * 1e3) : 0, sumOfMedians > 0 ? median / sumOfMedians : 0);
        }

        // Every operator runs at the interpreter's level (InterpreterOptions.SimdLevel, lowered to what the CPU has).
        SimdLevel simd = count > 0 ? interpreter.Operators[0].Simd : SimdSupport.Best;
        return new InferenceTimings(simd, runs, warmedUp, TimingSummary.Of(whole), interpreter.MacsPerInference,
            allocated, operators);
    }

    private static double Microseconds(long start, long end) => (end - start) * 1e6 / Stopwatch.Frequency;
}
