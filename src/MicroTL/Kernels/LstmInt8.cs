// One time step of TFLM's integer LSTM (lstm_eval.h, 8-bit activations and weights, 16-bit cell): four gates, each
// two fully connected layers (input and recurrent) into Q3.12 int16, summed with saturation and squashed to Q0.15;
// the cell state updated by fixed-point products; the new hidden state requantized to int8.
// Letters: R rows of one step (1, or the batch when time-major), I input size, S state size.
// Buffers: four R×S int16 (TFLM's scratch), plus for the fast path the input row and hidden row stored biased (u8).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static MicroTL.Kernels.QuantizationMath;

namespace MicroTL.Kernels;

/// <summary>The two fully connected layers of one gate: input offset and multiplier of each (weights symmetric).</summary>
/// <param name="InputOffset">Minus the input's zero point.</param>
/// <param name="InputMultiplier">QuantizeMultiplier(s_x · s_Wx / 2^-12) significand.</param>
/// <param name="InputShift">Its exponent.</param>
/// <param name="HiddenOffset">Minus the hidden state's zero point.</param>
/// <param name="RecurrentMultiplier">QuantizeMultiplier(s_h · s_Wh / 2^-12) significand.</param>
/// <param name="RecurrentShift">Its exponent.</param>
public readonly record struct LstmGateParams(
    int InputOffset, int InputMultiplier, int InputShift, int HiddenOffset, int RecurrentMultiplier, int RecurrentShift);

/// <summary>An element-wise product of two Q0.15 (or cell) values: <c>clamp(MBQM(a·b, m, shift) + offset)</c>.</summary>
public readonly record struct LstmMulParams(int Multiplier, int Shift, int OutputOffset, int Min, int Max);

/// <summary>Everything one int8 LSTM step needs beyond its tensors (TFLM's OpDataLSTM for the integer path).</summary>
public struct LstmInt8Params
{
    /// <summary>Gate parameters: forget, input, cell, output.</summary>
    public LstmGateParams Forget, Input, Cell, Output;

    /// <summary>forget·cell → cell, input·cell gate → cell, tanh(cell)·output → hidden (int8, with its zero point).</summary>
    public LstmMulParams ForgetCellMul, InputMul, OutputMul;

    /// <summary>The cell state's scale is 2^CellScalePower.</summary>
    public int CellScalePower;

    /// <summary>Cell clip in cell units (used when <see cref="ClipCell"/>).</summary>
    public short QuantizedCellClip;

    /// <summary>True when the options' cell_clip is positive.</summary>
    public bool ClipCell;

    /// <summary>True when the cell gate squashes by tanh (the only choice TFLM's kernel has), else sigmoid.</summary>
    public bool CellGateTanh;
}

/// <summary>One span per gate, in TFLite's gate order: forget, input, cell, output (weights or biases of an LSTM).</summary>
public readonly ref struct LstmGateSpans<T>
{
    private readonly ReadOnlySpan<T> _forget, _input, _cell, _output;

    /// <summary>The spans of the forget, input, cell and output gates.</summary>
    public LstmGateSpans(ReadOnlySpan<T> forget, ReadOnlySpan<T> input, ReadOnlySpan<T> cell, ReadOnlySpan<T> output)
    {
        _forget = forget;
        _input = input;
        _cell = cell;
        _output = output;
    }

    /// <summary>The span of gate <paramref name="gate"/> (0 forget, 1 input, 2 cell, 3 output).</summary>
    public ReadOnlySpan<T> this[int gate] => gate switch { 0 => _forget, 1 => _input, 2 => _cell, _ => _output };
}

/// <summary>One step of the int8 LSTM: a reference path in TFLM's order and a fast path with the same bytes.</summary>
public static class LstmInt8
{
    private const int Forget = 0, InputGate = 1, CellGate = 2, OutputGate = 3;

    /// <summary>Bytes of fast-path scratch beside the four int16 buffers: the biased input and hidden rows.</summary>
    public static int BiasedRowBytes(int rows, int inputSize, int stateSize) => rows * (inputSize + stateSize);

    /// <summary>
    /// Folds the input offset into per-output constants for the fast path, for each gate's input layer (with its bias)
    /// and recurrent layer (no bias): <c>Σ w·(x + off) + b = Σ w·(x + 128) + (off - 128)·Σ w + b</c>.
    /// </summary>
    /// <returns>8·S ints: gate g's input constants at 2g·S, its recurrent ones at (2g+1)·S.</returns>
    public static int[] FoldBiases(in LstmInt8Params p, in LstmGateSpans<sbyte> inputWeights, in LstmGateSpans<sbyte> recurrentWeights,
        in LstmGateSpans<int> biases, int inputSize, int stateSize)
    {
        var folded = new int[8 * stateSize];
        for (int g = 0; g < 4; g++)
        {
            LstmGateParams gate = Gate(p, g);
            FullyConnectedInt8.ComputeFoldedBias(inputWeights[g], biases[g], stateSize, inputSize,
                gate.InputOffset, 0, folded.AsSpan(2 * g * stateSize, stateSize));
            FullyConnectedInt8.ComputeFoldedBias(recurrentWeights[g], default, stateSize, stateSize,
                gate.HiddenOffset, 0, folded.AsSpan((2 * g + 1) * stateSize, stateSize));
        }
        return folded;
    }

    /// <summary>
    /// Reference step: R rows of input [R, I] with hidden [R, S] and cell [R, S] (updated in place) into output [R, S];
    /// weights [S, I] and [S, S] and biases [S] per gate; <paramref name="buffers"/> is 4·R·S int16.
    /// </summary>
    public static void StepReference(in LstmInt8Params p, int rows, int inputSize, int stateSize,
        ReadOnlySpan<sbyte> input, in LstmGateSpans<sbyte> inputWeights, in LstmGateSpans<sbyte> recurrentWeights, in LstmGateSpans<int> biases,
        Span<sbyte> hidden, Span<short> cell, Span<sbyte> output, Span<short> buffers)
    {
        int n = rows * stateSize;
        Span<short> b0 = buffers[..n], b1 = buffers.Slice(n, n), b2 = buffers.Slice(2 * n, n), b3 = buffers.Slice(3 * n, n);
        GateReference(Gate(p, Forget), rows, inputSize, stateSize, input, inputWeights[Forget], biases[Forget],
            hidden, recurrentWeights[Forget], b0, b3);
        Squash(b0, tanh: false);
        GateReference(Gate(p, InputGate), rows, inputSize, stateSize, input, inputWeights[InputGate], biases[InputGate],
            hidden, recurrentWeights[InputGate], b1, b3);
        Squash(b1, tanh: false);
        GateReference(Gate(p, CellGate), rows, inputSize, stateSize, input, inputWeights[CellGate], biases[CellGate],
            hidden, recurrentWeights[CellGate], b2, b3);
        Squash(b2, p.CellGateTanh);
        UpdateCell(p, b0, b1, b2, cell[..n]);
        GateReference(Gate(p, OutputGate), rows, inputSize, stateSize, input, inputWeights[OutputGate], biases[OutputGate],
            hidden, recurrentWeights[OutputGate], b1, b3);
        Squash(b1, tanh: false);
        UpdateHidden(p, cell[..n], b1, b0, hidden[..n]);
        hidden[..n].CopyTo(output);
    }

    /// <summary>
    /// Fast step: the same bytes as <see cref="StepReference"/>, with the gate layers as vectorized dot products over
    /// the input and hidden rows stored biased in <paramref name="biasedRows"/> (<see cref="BiasedRowBytes"/>) and the
    /// offsets folded into <paramref name="folded"/> (<see cref="FoldBiases"/>).
    /// </summary>
    public static void Step(in LstmInt8Params p, int rows, int inputSize, int stateSize,
        ReadOnlySpan<sbyte> input, in LstmGateSpans<sbyte> inputWeights, in LstmGateSpans<sbyte> recurrentWeights, ReadOnlySpan<int> folded,
        Span<sbyte> hidden, Span<short> cell, Span<sbyte> output, Span<short> buffers, Span<byte> biasedRows, SimdLevel simd)
    {
        int n = rows * stateSize;
        Span<byte> xu = biasedRows[..(rows * inputSize)], hu = biasedRows.Slice(rows * inputSize, n);
        Int8Dot.ToBiased(input[..(rows * inputSize)], xu, simd);
        Int8Dot.ToBiased(hidden[..n], hu, simd);
        Span<short> b0 = buffers[..n], b1 = buffers.Slice(n, n), b2 = buffers.Slice(2 * n, n);
        GateFast(Gate(p, Forget), rows, inputSize, stateSize, xu, inputWeights[Forget], hu, recurrentWeights[Forget], folded, Forget, b0, simd);
        Squash(b0, tanh: false);
        GateFast(Gate(p, InputGate), rows, inputSize, stateSize, xu, inputWeights[InputGate], hu, recurrentWeights[InputGate], folded, InputGate, b1, simd);
        Squash(b1, tanh: false);
        GateFast(Gate(p, CellGate), rows, inputSize, stateSize, xu, inputWeights[CellGate], hu, recurrentWeights[CellGate], folded, CellGate, b2, simd);
        Squash(b2, p.CellGateTanh);
        UpdateCell(p, b0, b1, b2, cell[..n]);
        GateFast(Gate(p, OutputGate), rows, inputSize, stateSize, xu, inputWeights[OutputGate], hu, recurrentWeights[OutputGate], folded, OutputGate, b1, simd);
        Squash(b1, tanh: false);
        UpdateHidden(p, cell[..n], b1, b0, hidden[..n]);
        hidden[..n].CopyTo(output);
    }

    private static LstmGateParams Gate(in LstmInt8Params p, int gate) => gate switch
    {
        Forget => p.Forget,
        InputGate => p.Input,
        CellGate => p.Cell,
        _ => p.Output,
    };

    // gate = sat16(FC(x, Wx, b) + FC(h, Wh)), each FC requantized to int16 and clamped (TFLM's CalculateLstmGate).
    private static void GateReference(in LstmGateParams g, int rows, int inputSize, int stateSize,
        ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> inputWeights, ReadOnlySpan<int> bias,
        ReadOnlySpan<sbyte> hidden, ReadOnlySpan<sbyte> recurrentWeights, Span<short> gate, Span<short> temp)
    {
        FullyConnectedToInt16(rows, inputSize, stateSize, input, g.InputOffset, inputWeights, bias, g.InputMultiplier, g.InputShift, gate);
        FullyConnectedToInt16(rows, stateSize, stateSize, hidden, g.HiddenOffset, recurrentWeights, default, g.RecurrentMultiplier, g.RecurrentShift, temp);
        for (int i = 0; i < rows * stateSize; i++) gate[i] = SaturateInt16(gate[i] + temp[i]);
    }

    /// <summary>reference_integer_ops::FullyConnected, int8 × int8 (+ int32 bias) → int16, no activation, output offset 0.</summary>
    public static void FullyConnectedToInt16(int rows, int depth, int outputs, ReadOnlySpan<sbyte> input, int inputOffset,
        ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias, int multiplier, int shift, Span<short> output)
    {
        for (int r = 0; r < rows; r++)
        for (int o = 0; o < outputs; o++)
        {
            int acc = 0;
            for (int d = 0; d < depth; d++) acc = unchecked(acc + weights[o * depth + d] * (input[r * depth + d] + inputOffset));
            if (!bias.IsEmpty) acc = unchecked(acc + bias[o]);
            output[r * outputs + o] = SaturateInt16(MultiplyByQuantizedMultiplier(acc, multiplier, shift));
        }
    }

    private static void GateFast(in LstmGateParams g, int rows, int inputSize, int stateSize,
        ReadOnlySpan<byte> xu, ReadOnlySpan<sbyte> inputWeights, ReadOnlySpan<byte> hu, ReadOnlySpan<sbyte> recurrentWeights,
        ReadOnlySpan<int> folded, int gate, Span<short> output, SimdLevel simd)
    {
        ReadOnlySpan<int> inputConstants = folded.Slice(2 * gate * stateSize, stateSize);
        ReadOnlySpan<int> recurrentConstants = folded.Slice((2 * gate + 1) * stateSize, stateSize);
        inputWeights = inputWeights[..(stateSize * inputSize)];
        recurrentWeights = recurrentWeights[..(stateSize * stateSize)];
        ref sbyte wx = ref MemoryMarshal.GetReference(inputWeights);
        ref sbyte wh = ref MemoryMarshal.GetReference(recurrentWeights);
        for (int r = 0; r < rows; r++)
        {
            ref byte x = ref Unsafe.AsRef(in xu[r * inputSize]);
            ref byte h = ref Unsafe.AsRef(in hu[r * stateSize]);
            Span<short> outRow = output.Slice(r * stateSize, stateSize);
            int o = 0;
            for (; o <= stateSize - 4; o += 4)
            {
                Int8Dot.Dot4(ref x, ref Unsafe.Add(ref wx, o * inputSize), inputSize, inputSize, simd, out int a0, out int a1, out int a2, out int a3);
                Int8Dot.Dot4(ref h, ref Unsafe.Add(ref wh, o * stateSize), stateSize, stateSize, simd, out int c0, out int c1, out int c2, out int c3);
                outRow[o] = Combine(g, a0 + inputConstants[o], c0 + recurrentConstants[o]);
                outRow[o + 1] = Combine(g, a1 + inputConstants[o + 1], c1 + recurrentConstants[o + 1]);
                outRow[o + 2] = Combine(g, a2 + inputConstants[o + 2], c2 + recurrentConstants[o + 2]);
                outRow[o + 3] = Combine(g, a3 + inputConstants[o + 3], c3 + recurrentConstants[o + 3]);
            }
            for (; o < stateSize; o++)
            {
                int a = Int8Dot.Dot(ref x, ref Unsafe.Add(ref wx, o * inputSize), inputSize, simd) + inputConstants[o];
                int c = Int8Dot.Dot(ref h, ref Unsafe.Add(ref wh, o * stateSize), stateSize, simd) + recurrentConstants[o];
                outRow[o] = Combine(g, a, c);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static short Combine(in LstmGateParams g, int inputAcc, int recurrentAcc)
    {
        short fromInput = SaturateInt16(MultiplyByQuantizedMultiplier(inputAcc, g.InputMultiplier, g.InputShift));
        short fromHidden = SaturateInt16(MultiplyByQuantizedMultiplier(recurrentAcc, g.RecurrentMultiplier, g.RecurrentShift));
        return SaturateInt16(fromInput + fromHidden);
    }

    // Gate outputs are Q3.12 (scale 2^-12): sigmoid with the power-of-two multiplier, tanh with TFLM's fixed -12.
    private static void Squash(Span<short> gate, bool tanh)
    {
        if (!tanh)
        {
            Int16Nonlinear.Sigmoid(0, 0, gate, gate);
            return;
        }
        (int multiplier, int shift) = Int16Nonlinear.TanhParamsForScalePower(-12);
        Int16Nonlinear.Tanh(multiplier, shift, gate, gate);
    }

    // cell = clip(sat16(forget·cell + input·cellGate)); the second product goes through `input` (TFLM's buffer reuse).
    private static void UpdateCell(in LstmInt8Params p, ReadOnlySpan<short> forget, Span<short> input, ReadOnlySpan<short> cellGate, Span<short> cell)
    {
        for (int i = 0; i < cell.Length; i++) cell[i] = (short)Mul(p.ForgetCellMul, forget[i], cell[i]);
        for (int i = 0; i < cell.Length; i++) input[i] = (short)Mul(p.InputMul, input[i], cellGate[i]);
        for (int i = 0; i < cell.Length; i++) cell[i] = SaturateInt16(cell[i] + input[i]);
        if (!p.ClipCell) return;
        short clip = p.QuantizedCellClip;
        for (int i = 0; i < cell.Length; i++) cell[i] = Math.Max(Math.Min(clip, cell[i]), (short)-clip);
    }

    // hidden = int8(tanh(cell) · outputGate), tanh scaled by the cell's power of two.
    private static void UpdateHidden(in LstmInt8Params p, ReadOnlySpan<short> cell, ReadOnlySpan<short> outputGate, Span<short> tanhBuffer, Span<sbyte> hidden)
    {
        (int multiplier, int shift) = Int16Nonlinear.TanhParamsForScalePower(p.CellScalePower);
        Int16Nonlinear.Tanh(multiplier, shift, cell, tanhBuffer);
        for (int i = 0; i < hidden.Length; i++) hidden[i] = (sbyte)Mul(p.OutputMul, tanhBuffer[i], outputGate[i]);
    }

    // reference_integer_ops::MulElementwise with zero input offsets.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Mul(in LstmMulParams m, int a, int b) =>
        Math.Min(m.Max, Math.Max(m.Min, m.OutputOffset + MultiplyByQuantizedMultiplier(a * b, m.Multiplier, m.Shift)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static short SaturateInt16(int x) => (short)Math.Min(short.MaxValue, Math.Max(short.MinValue, x));
}
