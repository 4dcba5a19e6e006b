// Finite-difference checks: a layer's backward pass against central differences of the scalar
// L = Σ output·r for a fixed random r (so ∂L/∂output = r), in double over float forward passes.
using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Tests.Training;

internal static class GradientCheck
{
    /// <summary>Step of the central difference.</summary>
    public const float Epsilon = 1e-3f;

    /// <summary>Accepted |analytic - numeric| is Tolerance·max(1, |numeric|).</summary>
    public const double Tolerance = 1e-2;

    public static float[] RandomValues(int count, ulong seed, float scale = 1f)
    {
        var random = new Pcg32(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = random.NextSymmetric(scale);
        return values;
    }

    /// <summary>
    /// <paramref name="count"/> distinct values evenly spaced in [-1, 1) (2 / count apart), in a seeded random order: inputs of
    /// a layer whose derivative jumps where two inputs tie (max pooling), none of them within the difference step of another.
    /// </summary>
    public static float[] DistinctValues(int count, ulong seed)
    {
        int[] order = [.. Enumerable.Range(0, count)];
        new Pcg32(seed).Shuffle(order);
        return [.. order.Select(k => 2f * k / count - 1f)];
    }

    /// <summary>Checks every input and parameter gradient of <paramref name="layer"/> for a batch of 2.</summary>
    /// <param name="layer">The layer.</param>
    /// <param name="seed">Seed of the parameters, inputs and output weights.</param>
    /// <param name="distinctInputs">Inputs from <see cref="DistinctValues"/> instead of uniform random ones.</param>
    public static void CheckLayer(Layer layer, ulong seed, bool distinctInputs = false)
    {
        const int Batch = 2;
        float[] parameters = RandomValues(layer.ParameterCount, seed);
        float[] input = distinctInputs ? DistinctValues(Batch * layer.InputShape.Size, seed + 1) : RandomValues(Batch * layer.InputShape.Size, seed + 1);
        float[] r = RandomValues(Batch * layer.OutputShape.Size, seed + 2);
        var output = new float[r.Length];
        layer.Forward(parameters, input, output, Batch);
        var dInput = new float[input.Length];
        var dParameters = new float[parameters.Length];
        layer.Backward(parameters, input, output, r, dInput, dParameters, Batch);

        double Loss()
        {
            var y = new float[r.Length];
            layer.Forward(parameters, input, y, Batch);
            double sum = 0;
            for (int i = 0; i < y.Length; i++) sum += (double)y[i] * r[i];
            return sum;
        }

        Compare(input, dInput, Loss, $"{layer.GetType().Name} input");
        Compare(parameters, dParameters, Loss, $"{layer.GetType().Name} parameter");
    }

    /// <summary>Perturbs each of <paramref name="values"/> by ±ε and compares the slope of <paramref name="loss"/> with <paramref name="analytic"/>.</summary>
    public static void Compare(float[] values, float[] analytic, Func<double> loss, string what)
    {
        for (int i = 0; i < values.Length; i++)
        {
            float saved = values[i];
            values[i] = saved + Epsilon;
            double plus = loss();
            values[i] = saved - Epsilon;
            double minus = loss();
            values[i] = saved;
            double numeric = (plus - minus) / (2.0 * Epsilon);
            double error = Math.Abs(analytic[i] - numeric);
            Assert.True(error <= Tolerance * Math.Max(1, Math.Abs(numeric)),
                $"{what} {i}: analytic {analytic[i]}, numeric {numeric}, error {error}");
        }
    }
}
