using MicroTL.Runtime.Ops;
using MicroTL.TfLite;

namespace MicroTL.Runtime;

/// <summary>
/// Runs subgraph 0 of a TFLite model the way TFLM's <c>MicroInterpreter</c> does: every operator is
/// prepared once (checks, fixed-point parameters), every non-constant tensor gets a planned slice of
/// one arena, and <see cref="Invoke"/> runs the operators in order without allocating.
/// Any tensor can be read after a run; a prefix of the graph can be run alone (the transfer
/// learning cut point needs both).
/// </summary>
public sealed class Interpreter
{
    private readonly PreparedOperator[] _operators;
    private readonly ArenaTensorStorage _storage;
    private readonly int[] _lengths;

    /// <summary>Prepares <paramref name="model"/> and plans its arena.</summary>
    /// <exception cref="InvalidModelException">The model cannot be run: the message names the op or tensor.</exception>
    public Interpreter(TfLiteModel model, InterpreterOptions? options = null)
    {
        options ??= InterpreterOptions.Default;
        Model = model;
        if (model.Subgraphs.Count == 0)
            throw new InvalidModelException("the model has no subgraph");
        Subgraph graph = model.MainSubgraph;
        if (graph.Inputs.Length == 0 || graph.Outputs.Length == 0)
            throw new InvalidModelException("the main subgraph has no inputs or no outputs");

        _lengths = TensorByteLengths(graph, options.MaxArenaBytes);
        (int[] first, int[] last) = TensorLifetimes.Compute(model);
        if (options.PreserveAllTensors) KeepAliveThroughout(first, last);
        int[] offsets = PlanArena(first, last, options.MaxArenaBytes, out long arenaBytes);
        ArenaBytes = arenaBytes;

        _operators = new PreparedOperator[graph.Operators.Count];
        for (int i = 0; i < _operators.Length; i++)
            _operators[i] = OperatorResolver.Prepare(model, i);

        _storage = new ArenaTensorStorage(model, new byte[arenaBytes], offsets, _lengths);
    }

    /// <summary>The model this interpreter runs.</summary>
    public TfLiteModel Model { get; }

    /// <summary>Bytes of the arena that holds every non-constant tensor (planned, 16-byte aligned).</summary>
    public long ArenaBytes { get; }

    /// <summary>The prepared operators, in execution order.</summary>
    public IReadOnlyList<PreparedOperator> Operators => _operators;

    /// <summary>Multiply-accumulates of one full inference.</summary>
    public long MacsPerInference
    {
        get
        {
            long macs = 0;
            foreach (PreparedOperator op in _operators) macs += op.MacCount;
            return macs;
        }
    }

    /// <summary>The writable bytes of graph input <paramref name="index"/>.</summary>
    public Span<byte> InputBytes(int index = 0) => _storage.Write(Model.MainSubgraph.Inputs[index]);

    /// <summary>The bytes of graph output <paramref name="index"/> after <see cref="Invoke"/>.</summary>
    public ReadOnlySpan<byte> OutputBytes(int index = 0) => _storage.Read(Model.MainSubgraph.Outputs[index]);

    /// <summary>
    /// The bytes of any tensor. For an arena tensor the value is the one left by the last run and is
    /// valid only until a later operator reuses its arena slice: read a tensor right after the
    /// operator that writes it (<see cref="InvokeObserved"/>), read an output of the last operator
    /// run, or plan with <see cref="InterpreterOptions.PreserveAllTensors"/> to read any tensor
    /// after the whole run.
    /// </summary>
    public ReadOnlySpan<byte> TensorBytes(int tensorIndex) => _storage.Read(tensorIndex);

    /// <summary>
    /// The writable bytes of an arena tensor, to set an intermediate value before running the
    /// operators after it (<see cref="InvokeRange"/>): the transfer learning code feeds stored
    /// features to the model's own head this way.
    /// </summary>
    public Span<byte> WritableTensorBytes(int tensorIndex) => _storage.Write(tensorIndex);

    /// <summary>True when the tensor lives in the arena (not a constant).</summary>
    public bool IsArenaTensor(int tensorIndex) => _storage.IsInArena(tensorIndex);

    /// <summary>Runs every operator.</summary>
    public void Invoke() => InvokeRange(0, _operators.Length);

    /// <summary>Runs operators <paramref name="start"/> up to, not including, <paramref name="end"/>.</summary>
    public void InvokeRange(int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, _operators.Length);
        for (int i = start; i < end; i++) _operators[i].Eval(_storage);
    }

    /// <summary>
    /// Runs the graph one operator at a time, calling <paramref name="afterEach"/> after each so the
    /// caller can read that operator's outputs before their arena slices are reused.
    /// </summary>
    public void InvokeObserved(Action<int, OperatorInfo> afterEach)
    {
        for (int i = 0; i < _operators.Length; i++)
        {
            _operators[i].Eval(_storage);
            afterEach(i, Model.MainSubgraph.Operators[i]);
        }
    }

    private static void KeepAliveThroughout(int[] first, int[] last)
    {
        int lastStep = last.Length == 0 ? 0 : last.Max();
        for (int i = 0; i < first.Length; i++)
            if (first[i] != TensorLifetimes.NotInArena) (first[i], last[i]) = (0, lastStep);
    }

    private static int[] TensorByteLengths(Subgraph graph, long maxArenaBytes)
    {
        var lengths = new int[graph.Tensors.Count];
        for (int i = 0; i < lengths.Length; i++)
        {
            TensorInfo tensor = graph.Tensors[i];
            long elements = 1;
            foreach (int dim in tensor.Shape)
            {
                if (dim < 0)
                    throw new InvalidModelException($"tensor {i} '{tensor.Name}': dimension {dim} is negative");
                elements *= dim;
                if (elements > maxArenaBytes)
                    throw new InvalidModelException(
                        $"tensor {i} '{tensor.Name}': shape [{string.Join(",", tensor.Shape)}] is larger than the arena limit of {maxArenaBytes} bytes");
            }

            long bytes = elements * TensorTypeInfo.ElementBytes(tensor.Type);
            if (bytes > maxArenaBytes)
                throw new InvalidModelException(
                    $"tensor {i} '{tensor.Name}': {bytes} bytes is larger than the arena limit of {maxArenaBytes} bytes");
            lengths[i] = (int)bytes;
        }

        return lengths;
    }

    private int[] PlanArena(int[] first, int[] last, long maxArenaBytes, out long arenaBytes)
    {
        var requests = new List<BufferRequest>();
        var tensorOfRequest = new List<int>();
        for (int i = 0; i < first.Length; i++)
        {
            if (first[i] == TensorLifetimes.NotInArena) continue;
            requests.Add(new BufferRequest(_lengths[i], first[i], last[i]));
            tensorOfRequest.Add(i);
        }

        ArenaPlan plan = GreedyMemoryPlanner.Plan(requests);
        if (plan.TotalBytes > maxArenaBytes)
            throw new InvalidModelException(
                $"the model needs {plan.TotalBytes} bytes of arena, above the limit of {maxArenaBytes} bytes");

        var offsets = new int[first.Length];
        Array.Fill(offsets, -1);
        for (int r = 0; r < requests.Count; r++) offsets[tensorOfRequest[r]] = (int)plan.Offsets[r];
        arenaBytes = plan.TotalBytes;
        return offsets;
    }
}
