// Allocation checks that a loaded machine cannot fail: the JIT may recompile a method while a measured run is under way
// (tiered compilation, at a moment the machine's load decides) and allocate once for it; an allocation of the code under
// test shows in every run, so the fewest bytes of a few runs is the steady state.
namespace MicroTL.TestSupport;

internal static class SteadyState
{
    /// <summary>The fewest managed bytes the current thread allocated in any of <paramref name="runs"/> calls of <paramref name="run"/>.</summary>
    public static long FewestAllocatedBytes(Action run, int runs = 3)
    {
        long fewest = long.MaxValue;
        for (int r = 0; r < runs; r++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            run();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
