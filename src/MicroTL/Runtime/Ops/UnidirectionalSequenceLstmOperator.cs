// UNIDIRECTIONAL_SEQUENCE_LSTM: the standard (Keras) LSTM over a sequence, as TFLM's unidirectional_sequence_lstm.cc:
// input [B, T, I] (or [T, B, I] time-major), 24 inputs of which 1-8 are the gate weights, 12-15 the gate biases and 18/19
// the hidden and cell states (variable tensors, kept from one Invoke to the next); output [B, T, S]. int8 activations
// and weights with an int16 cell state, or float32. Peepholes, projection and layer norm are refused, as TFLM does.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared UNIDIRECTIONAL_SEQUENCE_LSTM operator.</summary>
public sealed class UnidirectionalSequenceLstmOperator : PreparedOperator
{
    // TFLite's input slots (lstm_shared.h).
    internal const int InputSlot = 0, OutputStateSlot = 18, CellStateSlot = 19, InputCount = 24;
    private static readonly int[] InputWeightSlots = [2, 1, 3, 4], RecurrentWeightSlots = [6, 5, 7, 8], BiasSlots = [13, 12, 14, 15];
    private static readonly (int Slot, string Variant)[] AbsentSlots =
    [
        (9, "peephole"), (10, "peephole"), (11, "peephole"), (16, "projection"), (17, "projection"),
        (20, "layer norm"), (21, "layer norm"), (22, "layer norm"), (23, "layer norm"),
    ];
    private static readonly string[] GateNames = ["forget", "input", "cell", "output"];

    private readonly PersistentBlock data;

    private UnidirectionalSequenceLstmOperator(PrepareContext ctx, in LstmData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly LstmData D => ref Arena.Read<LstmData>(data);

    /// <summary>Batches, time steps, input size and state size.</summary>
    public (int Batches, int TimeSteps, int InputSize, int StateSize) Size => (D.Batches, D.TimeSteps, D.InputSize, D.StateSize);

    /// <summary>True when the input is [T, B, I] (time-major).</summary>
    public bool TimeMajor => D.TimeMajor;

    /// <summary>True for the int8 path (int16 cell state), false for float32.</summary>
    public bool IsQuantized => D.IsQuantized;

    /// <summary>The fixed-point parameters of the int8 path.</summary>
    public LstmInt8Params Int8Params => D.Int8;

    /// <summary>Tensor indices of the hidden (output) state and the cell state.</summary>
    public (int Hidden, int Cell) StateTensors => (D.Hidden, D.Cell);

    /// <inheritdoc/>
    public override long MacCount => (long)D.Batches * D.TimeSteps * 4 * D.StateSize * (D.InputSize + D.StateSize);

    internal static UnidirectionalSequenceLstmOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(InputCount, InputCount, 1);
        var options = ctx.Options<UnidirectionalSequenceLstmOptions>();
        var d = new LstmData
        {
            Input = ctx.Input(InputSlot, "input"), Output = ctx.Output(0, "output"),
            Hidden = ctx.Input(OutputStateSlot, "output state"), Cell = ctx.Input(CellStateSlot, "cell state"),
            TimeMajor = options.TimeMajor,
        };
        for (int g = 0; g < 4; g++)
        {
            d.InputWeights[g] = ctx.Input(InputWeightSlots[g], $"input-to-{GateNames[g]} weights");
            d.RecurrentWeights[g] = ctx.Input(RecurrentWeightSlots[g], $"recurrent-to-{GateNames[g]} weights");
            d.Biases[g] = ctx.Input(BiasSlots[g], $"{GateNames[g]} gate bias");
        }
        foreach ((int slot, string variant) in AbsentSlots)
            if (ctx.OptionalInput(slot, variant) >= 0)
                throw ctx.Unsupported($"input {slot} is a {variant} tensor; only the standard LSTM runs (no peephole, projection or layer norm), as in TFLM");
        foreach ((int t, string role) in new[] { (d.Hidden, "output state"), (d.Cell, "cell state") })
            if (!ctx.Tensor(t).IsVariable)
                throw ctx.Fail($"{role} {ctx.Describe(t)} is not a variable tensor; the LSTM keeps its state in variable tensors (is_variable)");
        if (options.Activation != ActivationFunction.Tanh)
            throw ctx.Unsupported($"cell gate activation {options.Activation}; TFLM's kernel squashes the cell gate by TANH only");
        CheckShapes(ctx, ref d);

        TensorType inType = ctx.Tensor(d.Input).Type, cellType = ctx.Tensor(d.Cell).Type;
        string supported = "INT8 activations and weights with INT32 biases and an INT16 cell state, or FLOAT32 throughout";
        if (inType == TensorType.Float32 && cellType == TensorType.Float32) PrepareFloat(ctx, ref d, options);
        else if (inType == TensorType.Int8 && cellType == TensorType.Int16) PrepareInt8(ctx, ref d, options);
        else throw ctx.UnsupportedTypes(supported);
        return new UnidirectionalSequenceLstmOperator(ctx, d);
    }

    // TFLM's CreateLstmSizeInfo and ValidateTensorSize.
    private static void CheckShapes(PrepareContext ctx, ref LstmData d)
    {
        ctx.RequireRank(d.Input, "input", 3);
        int[] input = ctx.Tensor(d.Input).Shape, hidden = ctx.Tensor(d.Hidden).Shape;
        if (hidden.Length != 2)
            throw ctx.Fail($"output state {ctx.Describe(d.Hidden)} has shape {PrepareContext.ShapeText(hidden)}, expected 2-D [batches, state size]");
        (d.Batches, d.TimeSteps) = d.TimeMajor ? (input[1], input[0]) : (input[0], input[1]);
        (d.InputSize, d.StateSize) = (input[2], hidden[1]);
        for (int g = 0; g < 4; g++)
        {
            ctx.RequireShape(d.InputWeights[g], $"input-to-{GateNames[g]} weights", [d.StateSize, d.InputSize]);
            ctx.RequireShape(d.RecurrentWeights[g], $"recurrent-to-{GateNames[g]} weights", [d.StateSize, d.StateSize]);
            ctx.RequireShape(d.Biases[g], $"{GateNames[g]} gate bias", [d.StateSize]);
        }
        long states = (long)d.Batches * d.StateSize;
        ctx.RequireElements(d.Hidden, "output state", states, $"{states} (batches x state size)");
        ctx.RequireElements(d.Cell, "cell state", states, $"{states} (batches x state size)");
        ctx.RequireShape(d.Output, "output", [input[0], input[1], d.StateSize]);
    }

    private static void PrepareFloat(PrepareContext ctx, ref LstmData d, UnidirectionalSequenceLstmOptions options)
    {
        ctx.RequireType(d.Hidden, "output state", TensorType.Float32);
        ctx.RequireType(d.Output, "output", TensorType.Float32);
        for (int g = 0; g < 4; g++)
        {
            ctx.RequireType(d.InputWeights[g], $"input-to-{GateNames[g]} weights", TensorType.Float32);
            ctx.RequireType(d.RecurrentWeights[g], $"recurrent-to-{GateNames[g]} weights", TensorType.Float32);
            ctx.RequireType(d.Biases[g], $"{GateNames[g]} gate bias", TensorType.Float32);
        }
        d.CellClip = options.CellClip;
        d.Buffers = ctx.RequestScratch(4L * d.Batches * d.StateSize * sizeof(float), "gate buffers");
    }

    private static void PrepareInt8(PrepareContext ctx, ref LstmData d, UnidirectionalSequenceLstmOptions options)
    {
        ctx.RequireType(d.Hidden, "output state", TensorType.Int8);
        ctx.RequireType(d.Output, "output", TensorType.Int8);
        (float inScale, int inZp) = ctx.PerTensorQuantization(d.Input, "input");
        (float hiddenScale, int hiddenZp) = ctx.PerTensorQuantization(d.Hidden, "output state");
        (float cellScale, _) = ctx.PerTensorQuantization(d.Cell, "cell state", short.MinValue, short.MaxValue);

        // Gate layers write Q3.12 (2^-12), squashed gates are Q0.15 (2^-15): TFLM's fixed formats.
        const float gateInputScale = 1f / 4096, gateOutputScale = 1f / 32768;
        var p = new LstmInt8Params { CellGateTanh = true };
        var inputWeights = new ReadOnlyMemory<byte>[4];
        var recurrentWeights = new ReadOnlyMemory<byte>[4];
        var biases = new ReadOnlyMemory<byte>[4];
        for (int g = 0; g < 4; g++)
        {
            float wx = WeightScale(ctx, d.InputWeights[g], $"input-to-{GateNames[g]} weights", out inputWeights[g]);
            float wh = WeightScale(ctx, d.RecurrentWeights[g], $"recurrent-to-{GateNames[g]} weights", out recurrentWeights[g]);
            ctx.RequireType(d.Biases[g], $"{GateNames[g]} gate bias", TensorType.Int32);
            biases[g] = ctx.ConstantData(d.Biases[g], $"{GateNames[g]} gate bias");
            // GetQuantizedConvolutionMultipler: the scale product in float, the division in double.
            (int mx, int sx) = QuantizationMath.QuantizeMultiplier((double)(inScale * wx) / gateInputScale);
            (int mh, int sh) = QuantizationMath.QuantizeMultiplier((double)(hiddenScale * wh) / gateInputScale);
            var gate = new LstmGateParams(-inZp, mx, sx, -hiddenZp, mh, sh);
            switch (g)
            {
                case 0: p.Forget = gate; break;
                case 1: p.Input = gate; break;
                case 2: p.Cell = gate; break;
                default: p.Output = gate; break;
            }
        }

        p.ForgetCellMul = MulParams(gateOutputScale, cellScale, cellScale, 0, short.MinValue, short.MaxValue);
        p.InputMul = MulParams(gateOutputScale, gateOutputScale, cellScale, 0, short.MinValue, short.MaxValue);
        p.OutputMul = MulParams(gateOutputScale, gateOutputScale, hiddenScale, hiddenZp, sbyte.MinValue, sbyte.MaxValue);
        p.CellScalePower = CheckedLog2(cellScale);
        p.ClipCell = options.CellClip > 0;
        p.QuantizedCellClip = (short)Math.Min(Math.Max((double)options.CellClip / cellScale, -32768.0), 32767.0);
        d.IsQuantized = true;
        d.Int8 = p;

        var x = new LstmGateSpans<sbyte>(Int8(inputWeights[0]), Int8(inputWeights[1]), Int8(inputWeights[2]), Int8(inputWeights[3]));
        var h = new LstmGateSpans<sbyte>(Int8(recurrentWeights[0]), Int8(recurrentWeights[1]), Int8(recurrentWeights[2]), Int8(recurrentWeights[3]));
        var b = new LstmGateSpans<int>(Int32(biases[0]), Int32(biases[1]), Int32(biases[2]), Int32(biases[3]));
        // Constants derived from the model's constants only: a device keeps them in flash beside the model, not in RAM.
        d.Folded = ctx.StoreDerivedFlash<int>(LstmInt8.FoldBiases(p, x, h, b, d.InputSize, d.StateSize), "folded gate biases");
        d.Buffers = ctx.RequestScratch(4L * d.Batches * d.StateSize * sizeof(short), "gate buffers");
        int rows = d.TimeMajor ? d.Batches : 1;
        d.BiasedRows = ctx.RequestScratch(LstmInt8.BiasedRowBytes(rows, d.InputSize, d.StateSize), "biased input and hidden rows");
    }

    private static float WeightScale(PrepareContext ctx, int tensor, string role, out ReadOnlyMemory<byte> bytes)
    {
        ctx.RequireType(tensor, role, TensorType.Int8);
        bytes = ctx.ConstantData(tensor, role);
        QuantizationParams? q = ctx.Tensor(tensor).Quantization;
        if (q is { IsPerChannel: true })
            throw ctx.Unsupported($"{role} {ctx.Describe(tensor)} has {q.Scale.Length} per-channel scales; TFLM's LSTM requantizes each layer with one scale");
        (float scale, int zeroPoint) = ctx.PerTensorQuantization(tensor, role);
        if (zeroPoint != 0) throw ctx.Fail($"{role} {ctx.Describe(tensor)} has zero point {zeroPoint}, expected 0 (symmetric int8 weights)");
        return scale;
    }

    // CreateInterGateMulParams: (s1 · s2) / s_out in double.
    private static LstmMulParams MulParams(float scale1, float scale2, float outputScale, int outputZeroPoint, int min, int max)
    {
        (int m, int s) = QuantizationMath.QuantizeMultiplier((double)scale1 * scale2 / outputScale);
        return new LstmMulParams(m, s, outputZeroPoint, min, max);
    }

    // tflite::CheckedLog2: log in float times 1/log(2) in float, rounded half away from zero (TFLM ignores the check).
    private static int CheckedLog2(float x) => (int)MathF.Round(MathF.Log(x) * (1f / MathF.Log(2f)), MidpointRounding.AwayFromZero);

    private static ReadOnlySpan<sbyte> Int8(ReadOnlyMemory<byte> bytes) => MemoryMarshal.Cast<byte, sbyte>(bytes.Span);

    private static ReadOnlySpan<int> Int32(ReadOnlyMemory<byte> bytes) => MemoryMarshal.Cast<byte, int>(bytes.Span);

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly LstmData d = ref D;
        if (d.IsQuantized) EvalInt8(tensors, d);
        else EvalFloat(tensors, d);
    }

    private void EvalInt8(TensorStorage tensors, in LstmData d)
    {
        var x = new LstmGateSpans<sbyte>(Int8(tensors, d.InputWeights[0]), Int8(tensors, d.InputWeights[1]), Int8(tensors, d.InputWeights[2]), Int8(tensors, d.InputWeights[3]));
        var h = new LstmGateSpans<sbyte>(Int8(tensors, d.RecurrentWeights[0]), Int8(tensors, d.RecurrentWeights[1]),
            Int8(tensors, d.RecurrentWeights[2]), Int8(tensors, d.RecurrentWeights[3]));
        ReadOnlySpan<sbyte> input = Int8(tensors, d.Input);
        Span<sbyte> output = MemoryMarshal.Cast<byte, sbyte>(tensors.Write(d.Output));
        Span<sbyte> hidden = MemoryMarshal.Cast<byte, sbyte>(tensors.Write(d.Hidden));
        Span<short> cell = MemoryMarshal.Cast<byte, short>(tensors.Write(d.Cell));
        ReadOnlySpan<int> folded = Arena.Flash<int>(d.Folded);
        Span<short> buffers = Arena.Scratch<short>(d.Buffers);
        Span<byte> biasedRows = Arena.Scratch<byte>(d.BiasedRows);
        int inputSize = d.InputSize, stateSize = d.StateSize;
        if (d.TimeMajor)
        {
            int rows = d.Batches;
            for (int t = 0; t < d.TimeSteps; t++)
                LstmInt8.Step(d.Int8, rows, inputSize, stateSize, input.Slice(t * rows * inputSize, rows * inputSize), x, h, folded,
                    hidden, cell, output.Slice(t * rows * stateSize, rows * stateSize), buffers, biasedRows, Simd);
            return;
        }
        for (int b = 0; b < d.Batches; b++)
        for (int t = 0; t < d.TimeSteps; t++)
        {
            int step = b * d.TimeSteps + t;
            LstmInt8.Step(d.Int8, 1, inputSize, stateSize, input.Slice(step * inputSize, inputSize), x, h, folded,
                hidden.Slice(b * stateSize, stateSize), cell.Slice(b * stateSize, stateSize), output.Slice(step * stateSize, stateSize),
                buffers, biasedRows, Simd);
        }
    }

    private void EvalFloat(TensorStorage tensors, in LstmData d)
    {
        var x = new LstmGateSpans<float>(Float(tensors, d.InputWeights[0]), Float(tensors, d.InputWeights[1]), Float(tensors, d.InputWeights[2]), Float(tensors, d.InputWeights[3]));
        var h = new LstmGateSpans<float>(Float(tensors, d.RecurrentWeights[0]), Float(tensors, d.RecurrentWeights[1]),
            Float(tensors, d.RecurrentWeights[2]), Float(tensors, d.RecurrentWeights[3]));
        var bias = new LstmGateSpans<float>(Float(tensors, d.Biases[0]), Float(tensors, d.Biases[1]), Float(tensors, d.Biases[2]), Float(tensors, d.Biases[3]));
        ReadOnlySpan<float> input = Float(tensors, d.Input);
        Span<float> output = MemoryMarshal.Cast<byte, float>(tensors.Write(d.Output));
        Span<float> hidden = MemoryMarshal.Cast<byte, float>(tensors.Write(d.Hidden));
        Span<float> cell = MemoryMarshal.Cast<byte, float>(tensors.Write(d.Cell));
        Span<float> buffers = Arena.Scratch<float>(d.Buffers);
        int inputSize = d.InputSize, stateSize = d.StateSize;
        if (d.TimeMajor)
        {
            int rows = d.Batches;
            for (int t = 0; t < d.TimeSteps; t++)
                LstmFloat.Step(rows, inputSize, stateSize, d.CellClip, true, input.Slice(t * rows * inputSize, rows * inputSize), x, h, bias,
                    hidden, cell, output.Slice(t * rows * stateSize, rows * stateSize), buffers);
            return;
        }
        for (int b = 0; b < d.Batches; b++)
        for (int t = 0; t < d.TimeSteps; t++)
        {
            int step = b * d.TimeSteps + t;
            LstmFloat.Step(1, inputSize, stateSize, d.CellClip, true, input.Slice(step * inputSize, inputSize), x, h, bias,
                hidden.Slice(b * stateSize, stateSize), cell.Slice(b * stateSize, stateSize), output.Slice(step * stateSize, stateSize), buffers);
        }
    }

    private static ReadOnlySpan<sbyte> Int8(TensorStorage tensors, int tensor) => MemoryMarshal.Cast<byte, sbyte>(tensors.Read(tensor));

    private static ReadOnlySpan<float> Float(TensorStorage tensors, int tensor) => MemoryMarshal.Cast<byte, float>(tensors.Read(tensor));
}

/// <summary>Four tensor indices, one per gate (forget, input, cell, output), inline.</summary>
[InlineArray(4)]
internal struct GateTensors
{
    private int element;
}

/// <summary>Everything an UNIDIRECTIONAL_SEQUENCE_LSTM Eval reads, kept in the arena's tail.</summary>
internal struct LstmData
{
    public int Input, Output, Hidden, Cell;
    public GateTensors InputWeights, RecurrentWeights, Biases;
    public int Batches, TimeSteps, InputSize, StateSize;
    public bool TimeMajor, IsQuantized;
    public float CellClip;
    public LstmInt8Params Int8;
    public FlashBlock Folded;
    public ScratchBuffer Buffers, BiasedRows;
}
