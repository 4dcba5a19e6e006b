// The plan held to the bytes the interpreter really uses: the head and the tail it reports are exactly the bytes it
// writes, every entry lies inside them, nothing alive at once overlaps, and a longer arena's middle stays untouched.
using MicroTL.Runtime;
using MicroTL.TfLite;

namespace MicroTL.Tests.Runtime;

public class ArenaPlanTests
{
    private const byte Sentinel = 0xA5;

    public static TheoryData<string> Models() =>
        new(Directory.GetFiles(Path.Combine(TestFixtures.Tflm, "models"), "*.tflite").Select(Path.GetFileName).Order()!);

    private static TfLiteModel Load(string name) => TestFixtures.ReadModel(Path.Combine(TestFixtures.Tflm, "models", name));

    [Theory]
    [MemberData(nameof(Models))]
    public void Plan_EveryModel_EntriesFillExactlyTheHeadAndTheTail(string model)
    {
        ArenaPlan plan = new Interpreter(Load(model)).Plan;

        Assert.Equal(plan.TotalBytes, plan.ArenaLength); // the convenience constructor allocates exactly the plan
        ArenaEntry[] head = plan.Entries.Where(e => e.Kind is ArenaEntryKind.Tensor or ArenaEntryKind.Scratch).ToArray();
        ArenaEntry[] tail = plan.Entries.Where(e => e.Kind == ArenaEntryKind.Persistent).ToArray();
        long headEnd = head.Length == 0 ? 0 : head.Max(e => e.Offset + GreedyMemoryPlanner.AlignUp(e.Bytes));
        long tailStart = tail.Length == 0 ? plan.ArenaLength : tail.Min(e => e.Offset);
        Assert.Equal(plan.HeadBytes, headEnd);
        Assert.Equal(plan.ArenaLength - plan.PersistentBytes, tailStart);
        Assert.All(plan.Entries, e => Assert.Equal(0, e.Offset % GreedyMemoryPlanner.Alignment));
        Assert.All(tail, e => Assert.True(e.Offset + e.Bytes <= plan.ArenaLength, $"{e} ends past the arena"));
        Assert.Equal(plan.DerivedFlashBytes, plan.Entries.Where(e => e.Kind == ArenaEntryKind.DerivedFlash).Select(e => e.Offset + e.Bytes).DefaultIfEmpty(0).Max());
        // Every operator keeps its data block in the tail.
        Assert.Equal(Load(model).MainSubgraph.Operators.Count, tail.Count(e => e.Name == "operator data"));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Plan_EveryModel_BuffersAliveTogetherNeverOverlap(string model)
    {
        ArenaPlan plan = new Interpreter(Load(model)).Plan;
        ArenaEntry[] arena = plan.Entries.Where(e => e.Kind != ArenaEntryKind.DerivedFlash).ToArray();

        for (int i = 0; i < arena.Length; i++)
        for (int j = i + 1; j < arena.Length; j++)
        {
            ArenaEntry a = arena[i], b = arena[j];
            bool together = a.FirstStep <= b.LastStep && b.FirstStep <= a.LastStep;
            bool overlap = a.Offset < b.Offset + b.Bytes && b.Offset < a.Offset + a.Bytes;
            Assert.False(together && overlap, $"{a} and {b} overlap while both are alive");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Invoke_LongerCallerArena_WritesOnlyThePlannedHeadAndTail(string model)
    {
        TfLiteModel m = Load(model);
        long needed = Interpreter.RequiredArenaBytes(m);
        // 1000 spare bytes and an odd length: the tail starts at the top rounded down to 16.
        var arena = new byte[needed + 1003];
        Array.Fill(arena, Sentinel);

        var interpreter = new Interpreter(m, arena);
        var random = new Random(5);
        for (int run = 0; run < 3; run++)
        {
            random.NextBytes(interpreter.InputBytes());
            if (m.MainSubgraph.Tensors[m.MainSubgraph.Inputs[0]].Type == TensorType.Float32) FillSmallFloats(interpreter.InputBytes(), random);
            interpreter.Invoke();
        }

        ArenaPlan plan = interpreter.Plan;
        long tailStart = (arena.Length / 16 * 16) - plan.PersistentBytes;
        Assert.Equal(needed, plan.TotalBytes);
        Assert.Equal(arena.Length, plan.ArenaLength);
        Assert.True(arena.AsSpan((int)plan.HeadBytes, (int)(tailStart - plan.HeadBytes)).IndexOfAnyExcept(Sentinel) < 0,
            "a byte between the planned head and tail was written");
        Assert.True(arena.AsSpan((int)(tailStart + plan.PersistentBytes)).IndexOfAnyExcept(Sentinel) < 0, "a byte above the tail was written");
        Assert.Equal(tailStart, plan.Entries.Where(e => e.Kind == ArenaEntryKind.Persistent).Min(e => e.Offset));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Constructor_ArenaOfExactlyTheRequiredBytes_RunsLikeTheConvenienceConstructor(string model)
    {
        TfLiteModel m = Load(model);
        var own = new Interpreter(m);
        var exact = new Interpreter(m, new byte[Interpreter.RequiredArenaBytes(m)]);
        var input = new byte[own.InputBytes().Length];
        new Random(3).NextBytes(input);
        if (m.MainSubgraph.Tensors[m.MainSubgraph.Inputs[0]].Type == TensorType.Float32) FillSmallFloats(input, new Random(3));

        input.CopyTo(own.InputBytes());
        input.CopyTo(exact.InputBytes());
        own.Invoke();
        exact.Invoke();

        Assert.Equal(own.ArenaBytes, exact.ArenaBytes);
        Assert.Equal(own.OutputBytes().ToArray(), exact.OutputBytes().ToArray());
    }

    [Fact]
    public void Constructor_ArenaOneByteShort_ThrowsNamingNeededAndMissingBytes()
    {
        TfLiteModel model = Load("micro_speech_quantized.tflite");
        long needed = Interpreter.RequiredArenaBytes(model);

        var error = Assert.Throws<ArgumentException>(() => new Interpreter(model, new byte[needed - 1]));

        Assert.Equal("arena", error.ParamName);
        Assert.Contains($"needs {needed}", error.Message);
        Assert.Contains("missing 1", error.Message);
    }

    [Fact]
    public void Constructor_LimitBelowPersistentData_ThrowsNamingTheParts()
    {
        // simple_add has no constant larger than its activations, so only the persistent data crosses the limit.
        TfLiteModel model = Load("simple_add_model.tflite");
        ArenaPlan plan = new Interpreter(model).Plan;

        var error = Assert.Throws<InvalidModelException>(() =>
            new Interpreter(model, new InterpreterOptions { MaxArenaBytes = plan.HeadBytes + 16 }));

        Assert.Contains($"persistent {plan.PersistentBytes}", error.Message);
        Assert.Contains($"limit of {plan.HeadBytes + 16} bytes", error.Message);
    }

    [Fact]
    public void Plan_MicroSpeech_CountsTheDataOperatorsKeptOnTheHeapBefore()
    {
        // DEPTHWISE_CONV_2D: 8 multipliers and 8 shifts, 8 int32 accumulators of scratch;
        // FULLY_CONNECTED: 1 multiplier and shift (per tensor), 4 folded biases, a 4000-byte biased input row of scratch.
        ArenaPlan plan = new Interpreter(Load("micro_speech_quantized.tflite")).Plan;

        Assert.Equal([32, 32, 4, 4, 16], plan.Entries.Where(e => e.Kind == ArenaEntryKind.Persistent && e.Name != "operator data").Select(e => e.Bytes));
        Assert.Equal([32, 4000], plan.Entries.Where(e => e.Kind == ArenaEntryKind.Scratch).Select(e => e.Bytes));
        Assert.Equal(0, plan.DerivedFlashBytes);
    }

    // A float model's input must be finite for the run to mean anything; bytes of NaN would still run, but keep it tidy.
    private static void FillSmallFloats(Span<byte> bytes, Random random)
    {
        Span<float> values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes);
        for (int i = 0; i < values.Length; i++) values[i] = (float)random.NextDouble();
    }
}
