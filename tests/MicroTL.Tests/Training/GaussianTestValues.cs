using MicroTL.Training;

namespace MicroTL.Tests.Training;

/// <summary>Normal test values from the project's generator (Box-Muller in double: test data, not the device's training path).</summary>
internal static class GaussianTestValues
{
    /// <summary>A standard normal sample from two draws of <paramref name="random"/>.</summary>
    public static double NextGaussian(this ref Pcg32 random)
    {
        double u1 = (random.NextUInt32() + 1.0) / 4294967296.0; // (0, 1]: log(0) is never taken
        double u2 = random.NextUInt32() / 4294967296.0;
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
