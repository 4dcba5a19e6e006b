// The arena's own contract: persistent blocks keep their bytes while the staging tail grows and when it moves under
// the caller's memory; allocation stops at the limit with the numbers, and nothing is allocated after binding.
using MicroTL.Kernels;
using MicroTL.Runtime;
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;

namespace MicroTL.Tests.Runtime;

public class ArenaTests
{
    [Fact]
    public void Bind_AfterTheStagingTailGrew_EveryBlockKeepsItsValuesAtTheTopOfTheArena()
    {
        var arena = new Arena(1 << 20);
        var blocks = new List<(PersistentBlock Block, int[] Values)>();
        for (int i = 0; i < 40; i++) // 40 blocks of 1..40 ints: far past the first 256 staging bytes
        {
            int[] values = Enumerable.Range(i * 100, i + 1).ToArray();
            blocks.Add((arena.StorePersistent<int>(values, i, "values"), values));
        }

        var memory = new byte[arena.PersistentBytes + 37];
        arena.Bind(memory, []);

        foreach ((PersistentBlock block, int[] values) in blocks) Assert.Equal(values, arena.Values<int>(block).ToArray());
        int top = memory.Length / 16 * 16;
        var entries = new List<ArenaEntry>();
        arena.AddEntries(entries, 0);
        Assert.Equal(top - arena.PersistentBytes, entries.Min(e => e.Offset));
    }

    [Fact]
    public void AllocatePersistent_AfterBind_Throws()
    {
        var arena = new Arena(1024);
        arena.Bind(new byte[16], []);

        Assert.Throws<InvalidOperationException>(() => arena.AllocatePersistent(4, 0, "late"));
        Assert.Throws<InvalidOperationException>(() => arena.RequestScratch(4, 0, "late"));
        Assert.Throws<InvalidOperationException>(() => arena.StoreFlash<byte>([1], 0, "late"));
        Assert.Throws<InvalidOperationException>(() => arena.Bind(new byte[16], []));
    }

    [Fact]
    public void Bind_MemorySmallerThanTheTail_ThrowsNamingBothSizes()
    {
        var arena = new Arena(1024);
        arena.AllocatePersistent(100, 0, "data");

        var error = Assert.Throws<ArgumentException>(() => arena.Bind(new byte[100], []));

        Assert.Contains("100 bytes", error.Message);
        Assert.Contains("112 bytes of persistent data", error.Message);
    }

    [Fact]
    public void StorePersistent_BeyondTheLimit_ThrowsNamingOpPurposeAndBytes()
    {
        // hello_world's tensors are all below 300 bytes; its three FULLY_CONNECTED ops' data is not.
        TfLiteModel model = TestFixtures.ReadModel(TestFixtures.Model("hello_world_int8.tflite"));

        var error = Assert.Throws<InvalidModelException>(() => new Interpreter(model, new InterpreterOptions { MaxArenaBytes = 300 }));

        Assert.Contains("FULLY_CONNECTED", error.Message);
        Assert.Contains("bytes of persistent arena", error.Message);
        Assert.Contains("limit of 300 bytes", error.Message);
    }

    [Fact]
    public void RequestScratch_BeyondTheLimit_ThrowsNamingOpAndBytes()
    {
        TfLiteModel model = TestFixtures.ReadModel(TestFixtures.Model("hello_world_int8.tflite"));
        var context = new PrepareContext(model, 0, new Arena(100), SimdLevel.Scalar);

        var error = Assert.Throws<InvalidModelException>(() => context.RequestScratch(200, "im2col patch"));

        Assert.StartsWith("op 0 FULLY_CONNECTED: im2col patch needs 200 bytes of scratch", error.Message);
    }
}
