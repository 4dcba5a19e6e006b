// The interpreter's setup before it has memory, in TFLM's order: size every tensor, work out lifetimes, plan the
// activations, prepare every operator (each allocating its persistent data from the tail and requesting scratch),
// then fit the scratch buffers into the head. Binding it to an arena gives the tensor storage and the plan.
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;

namespace MicroTL.Runtime;

/// <summary>A model prepared and planned, waiting for its arena.</summary>
internal sealed class InterpreterLayout
{
    private readonly TfLiteModel _model;
    private readonly int[] _lengths, _first, _last, _tensorOffsets;
    private readonly long[] _scratchOffsets;

    private InterpreterLayout(TfLiteModel model, Arena arena, PreparedOperator[] operators, int[] lengths, int[] first, int[] last,
        int[] tensorOffsets, long[] scratchOffsets, long activationBytes, long headBytes)
    {
        (_model, Arena, Operators, _lengths, _first, _last) = (model, arena, operators, lengths, first, last);
        (_tensorOffsets, _scratchOffsets, ActivationBytes, HeadBytes) = (tensorOffsets, scratchOffsets, activationBytes, headBytes);
    }

    public Arena Arena { get; }

    public PreparedOperator[] Operators { get; }

    /// <summary>Head bytes of the tensors alone.</summary>
    public long ActivationBytes { get; }

    /// <summary>Head bytes of tensors and scratch.</summary>
    public long HeadBytes { get; }

    /// <summary>The arena the model needs: head + the operators' persistent data.</summary>
    public long TotalBytes => HeadBytes + Arena.PersistentBytes;

    /// <exception cref="InvalidModelException">The model cannot be run, or needs more than <see cref="InterpreterOptions.MaxArenaBytes"/>.</exception>
    public static InterpreterLayout Prepare(TfLiteModel model, InterpreterOptions options)
    {
        if (model.Subgraphs.Count == 0)
            throw new InvalidModelException("the model has no subgraph");
        Subgraph graph = model.MainSubgraph;
        if (graph.Inputs.Length == 0 || graph.Outputs.Length == 0)
            throw new InvalidModelException("the main subgraph has no inputs or no outputs");

        // As TFLM resolves every operator before it plans memory, an operator the engine lacks is named first.
        if (!options.AllowUnsupportedOperators) RefuseUnknownCodes(model);
        int[] lengths = TensorByteLengths(graph, options.MaxArenaBytes);
        (int[] first, int[] last) = TensorLifetimes.Compute(model);
        if (options.PreserveAllTensors) KeepAliveThroughout(first, last);
        (int[] tensorOffsets, List<PlacedBuffer> placed, long activationBytes) = PlanTensors(lengths, first, last, options.MaxArenaBytes);

        var arena = new Arena(options.MaxArenaBytes);
        var operators = new PreparedOperator[graph.Operators.Count];
        for (int i = 0; i < operators.Length; i++)
            operators[i] = PrepareOne(new PrepareContext(model, i, arena, options.SimdLevel), options.AllowUnsupportedOperators);

        // Each scratch buffer is alive only while its operator runs; the tensors keep their places.
        var scratch = new BufferRequest[arena.ScratchCount];
        for (int i = 0; i < scratch.Length; i++)
        {
            (int bytes, int op) = arena.ScratchRequest(i);
            scratch[i] = new BufferRequest(bytes, op, op);
        }
        BufferPlan head = GreedyMemoryPlanner.Plan(scratch, placed);
        long headBytes = Math.Max(activationBytes, head.TotalBytes);
        if (headBytes + arena.PersistentBytes > options.MaxArenaBytes)
            throw new InvalidModelException(
                $"the model needs {headBytes + arena.PersistentBytes} bytes of arena (activations {activationBytes}, scratch {headBytes - activationBytes}, " +
                $"persistent {arena.PersistentBytes}), above the limit of {options.MaxArenaBytes} bytes");
        return new InterpreterLayout(model, arena, operators, lengths, first, last, tensorOffsets, head.Offsets, activationBytes, headBytes);
    }

    private static PreparedOperator PrepareOne(PrepareContext context, bool allowUnsupported)
    {
        if (!allowUnsupported) return OperatorResolver.Prepare(context);
        var mark = context.Arena.Mark();
        try
        {
            return OperatorResolver.Prepare(context);
        }
        catch (UnsupportedOperatorException e)
        {
            context.Arena.Rollback(mark);
            return new UnsupportedOperator(context, e);
        }
    }

    private static void RefuseUnknownCodes(TfLiteModel model)
    {
        for (int i = 0; i < model.MainSubgraph.Operators.Count; i++)
        {
            OperatorInfo op = model.MainSubgraph.Operators[i];
            if ((uint)op.OpcodeIndex < (uint)model.OperatorCodes.Count && !OperatorResolver.IsSupported(model.OperatorCodes[op.OpcodeIndex]))
                throw OperatorResolver.NotSupported(i, OperatorNames.Of(model.OperatorCodes[op.OpcodeIndex]));
        }
    }

    /// <summary>Places everything in <paramref name="memory"/> (at least <see cref="TotalBytes"/> long, checked by the caller).</summary>
    public (ArenaTensorStorage Storage, ArenaPlan Plan) Bind(Memory<byte> memory)
    {
        Arena.Bind(memory, _scratchOffsets);
        int lastStep = Math.Max(0, Operators.Length - 1);
        var entries = new List<ArenaEntry>();
        IReadOnlyList<TensorInfo> tensors = _model.MainSubgraph.Tensors;
        for (int i = 0; i < _tensorOffsets.Length; i++)
            if (_tensorOffsets[i] >= 0)
                entries.Add(new ArenaEntry(ArenaEntryKind.Tensor, _tensorOffsets[i], _lengths[i], -1, i, tensors[i].Name, _first[i], _last[i]));
        Arena.AddEntries(entries, lastStep);
        var plan = new ArenaPlan
        {
            ArenaLength = memory.Length,
            ActivationBytes = ActivationBytes,
            ScratchBytes = HeadBytes - ActivationBytes,
            PersistentBytes = Arena.PersistentBytes,
            DerivedFlashBytes = Arena.FlashBytes,
            Entries = entries,
        };
        return (new ArenaTensorStorage(_model, Arena, _tensorOffsets, _lengths), plan);
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

    private static (int[] Offsets, List<PlacedBuffer> Placed, long Bytes) PlanTensors(int[] lengths, int[] first, int[] last, long maxArenaBytes)
    {
        var requests = new List<BufferRequest>();
        var tensorOfRequest = new List<int>();
        for (int i = 0; i < first.Length; i++)
        {
            if (first[i] == TensorLifetimes.NotInArena) continue;
            requests.Add(new BufferRequest(lengths[i], first[i], last[i]));
            tensorOfRequest.Add(i);
        }

        BufferPlan plan = GreedyMemoryPlanner.Plan(requests);
        if (plan.TotalBytes > maxArenaBytes)
            throw new InvalidModelException(
                $"the model needs {plan.TotalBytes} bytes of arena for its activations, above the limit of {maxArenaBytes} bytes");

        var offsets = new int[first.Length];
        Array.Fill(offsets, -1);
        var placed = new List<PlacedBuffer>(requests.Count);
        for (int r = 0; r < requests.Count; r++)
        {
            offsets[tensorOfRequest[r]] = (int)plan.Offsets[r];
            placed.Add(new PlacedBuffer(requests[r], plan.Offsets[r]));
        }
        return (offsets, placed, plan.TotalBytes);
    }
}
