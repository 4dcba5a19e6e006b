using MicroTL.Training;

namespace MicroTL.Tests.Training;

/// <summary>
/// The head's batch mean loss in double precision, written independently of the device code, as
/// the reference for finite-difference gradient checks.
/// </summary>
internal static class ReferenceHead
{
    public static double MeanLoss(HeadShape s, ReadOnlySpan<double> parameters, ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        int w2 = s.Hidden * s.Inputs + s.Hidden, b2 = w2 + s.Classes * s.Hidden;
        var hidden = new double[s.Hidden];
        var logits = new double[s.Classes];
        double total = 0;
        for (int n = 0; n < labels.Length; n++)
        {
            for (int h = 0; h < s.Hidden; h++)
            {
                double a = parameters[s.Hidden * s.Inputs + h];
                for (int i = 0; i < s.Inputs; i++) a += parameters[h * s.Inputs + i] * inputs[n * s.Inputs + i];
                hidden[h] = Math.Max(a, 0);
            }
            for (int c = 0; c < s.Classes; c++)
            {
                double z = parameters[b2 + c];
                for (int h = 0; h < s.Hidden; h++) z += parameters[w2 + c * s.Hidden + h] * hidden[h];
                logits[c] = z;
            }
            total += CrossEntropy(logits, labels[n]);
        }
        return total / labels.Length;
    }

    public static double CrossEntropy(ReadOnlySpan<double> logits, int label)
    {
        double max = double.NegativeInfinity;
        foreach (double z in logits) max = Math.Max(max, z);
        double sum = 0;
        foreach (double z in logits) sum += Math.Exp(z - max);
        return Math.Log(sum) + max - logits[label];
    }

    /// <summary>Central difference <c>(f(θ+ε) - f(θ-ε)) / 2ε</c> of every entry.</summary>
    public static double[] NumericGradient(Func<double[], double> f, double[] at, double epsilon)
    {
        var gradient = new double[at.Length];
        for (int k = 0; k < at.Length; k++)
        {
            double saved = at[k];
            at[k] = saved + epsilon;
            double plus = f(at);
            at[k] = saved - epsilon;
            double minus = f(at);
            at[k] = saved;
            gradient[k] = (plus - minus) / (2 * epsilon);
        }
        return gradient;
    }

    /// <summary>Relative error <c>|a - n| / max(|a| + |n|, floor)</c>; the floor keeps near-zero entries from dominating.</summary>
    public static double RelativeError(double analytic, double numeric, double floor = 1e-6) =>
        Math.Abs(analytic - numeric) / Math.Max(Math.Abs(analytic) + Math.Abs(numeric), floor);
}
