namespace MicroTL.Training;

/// <summary>
/// Work done by the head and its optimizer, counted exactly from the shapes.
/// A multiply-add is one <c>a*b + c</c> of the matrix products (bias adds, ReLU and exp are not counted); the
/// optimizer's square roots and divisions are counted apart, since a device prices them far above a multiply-add
/// (14 cycles each on a Cortex-M4F). For a head I -&gt; H -&gt; C with P parameters:
/// <list type="bullet">
/// <item>forward per sample: <c>I*H + H*C</c></item>
/// <item>backward per sample: <c>I*H + 2*H*C</c> (dW1, dW2 and the hidden gradient; the frozen input needs none)</item>
/// <item>optimizer per step: <c>P * 3</c> (SGD) or <c>P * 8</c> (Adam) multiply-adds, and <c>P * 2</c> square roots and
/// divisions (Adam; SGD none)</item>
/// <item>bytes dequantized per sample: <c>I</c> (one int8 per feature)</item>
/// </list>
/// </summary>
/// <param name="ForwardMultiplyAdds">Float multiply-adds of forward passes.</param>
/// <param name="BackwardMultiplyAdds">Float multiply-adds of backward passes.</param>
/// <param name="OptimizerMultiplyAdds">Float multiply-adds of optimizer updates.</param>
/// <param name="OptimizerRootsAndDivisions">Float square roots and divisions of optimizer updates.</param>
/// <param name="BytesDequantized">Int8 feature bytes turned into floats.</param>
/// <param name="Samples">Samples passed forward.</param>
/// <param name="Steps">Optimizer steps.</param>
public readonly record struct OpCounts(
    long ForwardMultiplyAdds,
    long BackwardMultiplyAdds,
    long OptimizerMultiplyAdds,
    long OptimizerRootsAndDivisions,
    long BytesDequantized,
    long Samples,
    long Steps)
{
    /// <summary>All float multiply-adds.</summary>
    public long TotalMultiplyAdds => ForwardMultiplyAdds + BackwardMultiplyAdds + OptimizerMultiplyAdds;

    /// <summary>Forward multiply-adds of one sample: <c>I*H + H*C</c>.</summary>
    public static long ForwardPerSample(HeadShape s) => (long)s.Inputs * s.Hidden + (long)s.Hidden * s.Classes;

    /// <summary>Backward multiply-adds of one sample: <c>I*H + 2*H*C</c>.</summary>
    public static long BackwardPerSample(HeadShape s) => (long)s.Inputs * s.Hidden + 2L * s.Hidden * s.Classes;

    /// <summary>Counts of one training step on <paramref name="batch"/> samples.</summary>
    public static OpCounts TrainingStep(HeadShape s, int batch, OptimizerKind kind) => new(
        batch * ForwardPerSample(s), batch * BackwardPerSample(s), HeadOptimizer.MultiplyAddsPerStep(s, kind),
        HeadOptimizer.RootsAndDivisionsPerStep(s, kind), (long)batch * s.Inputs, batch, 1);

    /// <summary>Counts of evaluating (forward only) <paramref name="batch"/> samples.</summary>
    public static OpCounts Evaluation(HeadShape s, int batch) =>
        new(batch * ForwardPerSample(s), 0, 0, 0, (long)batch * s.Inputs, batch, 0);

    /// <summary>Field-wise sum.</summary>
    public static OpCounts operator +(OpCounts a, OpCounts b) => new(
        a.ForwardMultiplyAdds + b.ForwardMultiplyAdds, a.BackwardMultiplyAdds + b.BackwardMultiplyAdds,
        a.OptimizerMultiplyAdds + b.OptimizerMultiplyAdds, a.OptimizerRootsAndDivisions + b.OptimizerRootsAndDivisions,
        a.BytesDequantized + b.BytesDequantized,
        a.Samples + b.Samples, a.Steps + b.Steps);

    /// <summary>Field-wise difference (work done between two ledger readings).</summary>
    public static OpCounts operator -(OpCounts a, OpCounts b) => new(
        a.ForwardMultiplyAdds - b.ForwardMultiplyAdds, a.BackwardMultiplyAdds - b.BackwardMultiplyAdds,
        a.OptimizerMultiplyAdds - b.OptimizerMultiplyAdds, a.OptimizerRootsAndDivisions - b.OptimizerRootsAndDivisions,
        a.BytesDequantized - b.BytesDequantized,
        a.Samples - b.Samples, a.Steps - b.Steps);
}
