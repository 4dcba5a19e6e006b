using MicroTL.Runtime.Ops;
using MicroTL.TfLite;

namespace MicroTL.Runtime;

/// <summary>
/// Runs subgraph 0 of a TFLite model the way TFLM's <c>MicroInterpreter</c> does, on one arena: every operator is
/// prepared once (checks, fixed-point parameters), allocating its persistent data from the arena's tail and
/// requesting scratch; the tensors and scratch buffers are planned into the arena's head; <see cref="Invoke"/> runs
/// the operators in order without allocating. Any tensor can be read after a run; a prefix of the graph can be run
/// alone (the transfer learning cut point needs both). <see cref="Plan"/> says where every byte goes.
/// </summary>
public sealed class Interpreter
{
    private readonly PreparedOperator[] _operators;
    private readonly ArenaTensorStorage _storage;
    private readonly (int Tensor, byte Fill)[] _variables;

    /// <summary>Prepares <paramref name="model"/> and runs it on an arena of exactly <see cref="ArenaBytes"/>, allocated here.</summary>
    /// <exception cref="InvalidModelException">The model cannot be run: the message names the op or tensor.</exception>
    public Interpreter(TfLiteModel model, InterpreterOptions? options = null)
        : this(model, InterpreterLayout.Prepare(model, options ?? InterpreterOptions.Default), null)
    {
    }

    /// <summary>
    /// Prepares <paramref name="model"/> and runs it on <paramref name="arena"/>, which the caller owns and must not
    /// use elsewhere while the interpreter lives: the head from offset 0 holds tensors and scratch, the top holds the
    /// operators' persistent data; a longer arena leaves the bytes between untouched.
    /// </summary>
    /// <exception cref="InvalidModelException">The model cannot be run: the message names the op or tensor.</exception>
    /// <exception cref="ArgumentException"><paramref name="arena"/> is shorter than the <see cref="ArenaBytes"/> the model needs.</exception>
    public Interpreter(TfLiteModel model, Memory<byte> arena, InterpreterOptions? options = null)
        : this(model, InterpreterLayout.Prepare(model, options ?? InterpreterOptions.Default), arena)
    {
    }

    private Interpreter(TfLiteModel model, InterpreterLayout layout, Memory<byte>? arena)
    {
        Model = model;
        if (arena is { } given && given.Length < layout.TotalBytes)
            throw new ArgumentException(
                $"the arena has {given.Length} bytes, the model needs {layout.TotalBytes} (activations {layout.ActivationBytes}, " +
                $"scratch {layout.HeadBytes - layout.ActivationBytes}, persistent {layout.Arena.PersistentBytes}): missing {layout.TotalBytes - given.Length}",
                nameof(arena));
        _operators = layout.Operators;
        (_storage, Plan) = layout.Bind(arena ?? new byte[layout.TotalBytes]);
        _variables = VariableTensors(model, _storage);
        ResetVariableTensors();
    }

    /// <summary>
    /// The arena bytes <paramref name="model"/> needs with <paramref name="options"/> (what <see cref="ArenaBytes"/>
    /// will be), for a caller that allocates the arena itself. Prepares the model to find out.
    /// </summary>
    /// <exception cref="InvalidModelException">The model cannot be run.</exception>
    public static long RequiredArenaBytes(TfLiteModel model, InterpreterOptions? options = null) =>
        InterpreterLayout.Prepare(model, options ?? InterpreterOptions.Default).TotalBytes;

    /// <summary>The model this interpreter runs.</summary>
    public TfLiteModel Model { get; }

    /// <summary>
    /// Bytes of arena the model needs (TFLM's <c>arena_used_bytes()</c>): the head (activations and scratch, planned
    /// by lifetime, 16-byte aligned) and the tail (every operator's persistent data). The parts: <see cref="Plan"/>.
    /// </summary>
    public long ArenaBytes => Plan.TotalBytes;

    /// <summary>
    /// Bytes of constants derived from the model's at Prepare (packed filters of the fast paths) that a device keeps
    /// in flash beside the model, not in RAM.
    /// </summary>
    public long DerivedFlashBytes => Plan.DerivedFlashBytes;

    /// <summary>Where every tensor, scratch buffer, persistent block and derived constant lives.</summary>
    public ArenaPlan Plan { get; }

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

    /// <summary>
    /// Sets every variable tensor (the state an LSTM carries from one <see cref="Invoke"/> to the next) back to its
    /// start, as TFLM's <c>MicroInterpreter::Reset</c>: an int8 tensor to its zero point, any other to zero bytes. The
    /// constructor does it once; runs keep the state until this is called again.
    /// </summary>
    public void ResetVariableTensors()
    {
        foreach ((int tensor, byte fill) in _variables) _storage.Write(tensor).Fill(fill);
    }

    /// <summary>Tensor indices of the variable tensors (state kept across runs), in index order.</summary>
    public IReadOnlyList<int> VariableTensorIndices => Array.ConvertAll(_variables, v => v.Tensor);

    private static (int Tensor, byte Fill)[] VariableTensors(TfLiteModel model, ArenaTensorStorage storage)
    {
        var variables = new List<(int, byte)>();
        IReadOnlyList<TensorInfo> tensors = model.MainSubgraph.Tensors;
        for (int i = 0; i < tensors.Count; i++)
        {
            if (!tensors[i].IsVariable || !storage.IsInArena(i)) continue;
            // TFLM memsets the int8 state with its zero point's low byte (ResetTensorData).
            byte fill = tensors[i] is { Type: TensorType.Int8, Quantization: { } q } ? unchecked((byte)q.ZeroPoint[0]) : (byte)0;
            variables.Add((i, fill));
        }
        return [.. variables];
    }

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
}
