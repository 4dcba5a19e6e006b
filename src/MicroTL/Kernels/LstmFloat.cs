// One time step of TFLM's float32 LSTM (lstm_eval.h with float types): the same order of operations as the integer
// path (forget, input and cell gates, cell update, output gate, hidden update), each operation TFLite's float reference.
// Letters: R rows of one step, I input size, S state size; four R×S float buffers.
namespace MicroTL.Kernels;

/// <summary>One step of the float32 LSTM.</summary>
public static class LstmFloat
{
    /// <summary>
    /// Runs one step: input [R, I], hidden and cell [R, S] updated in place, output [R, S]; weights [S, I] and [S, S] and
    /// biases [S] per gate; <paramref name="buffers"/> is 4·R·S floats.
    /// <paramref name="cellClip"/> above 0 clips the cell state to ±clip.
    /// </summary>
    public static void Step(int rows, int inputSize, int stateSize, float cellClip, bool cellGateTanh,
        ReadOnlySpan<float> input, in LstmGateSpans<float> inputWeights, in LstmGateSpans<float> recurrentWeights, in LstmGateSpans<float> biases,
        Span<float> hidden, Span<float> cell, Span<float> output, Span<float> buffers)
    {
        int n = rows * stateSize;
        Span<float> forget = buffers[..n], inputGate = buffers.Slice(n, n), cellGate = buffers.Slice(2 * n, n), temp = buffers.Slice(3 * n, n);
        Gate(rows, inputSize, stateSize, input, inputWeights[0], biases[0], hidden, recurrentWeights[0], forget, temp);
        Sigmoid(forget);
        Gate(rows, inputSize, stateSize, input, inputWeights[1], biases[1], hidden, recurrentWeights[1], inputGate, temp);
        Sigmoid(inputGate);
        Gate(rows, inputSize, stateSize, input, inputWeights[2], biases[2], hidden, recurrentWeights[2], cellGate, temp);
        if (cellGateTanh) Tanh(cellGate, cellGate);
        else Sigmoid(cellGate);

        Span<float> cellState = cell[..n];
        for (int i = 0; i < n; i++) cellState[i] = forget[i] * cellState[i];
        for (int i = 0; i < n; i++) inputGate[i] = inputGate[i] * cellGate[i];
        for (int i = 0; i < n; i++) cellState[i] = cellState[i] + inputGate[i];
        if (cellClip > 0)
            for (int i = 0; i < n; i++) cellState[i] = Math.Max(Math.Min(cellClip, cellState[i]), -cellClip);

        Span<float> outputGate = inputGate;
        Gate(rows, inputSize, stateSize, input, inputWeights[3], biases[3], hidden, recurrentWeights[3], outputGate, temp);
        Sigmoid(outputGate);
        Tanh(cellState, forget);
        for (int i = 0; i < n; i++) hidden[i] = forget[i] * outputGate[i];
        hidden[..n].CopyTo(output);
    }

    private static void Gate(int rows, int inputSize, int stateSize, ReadOnlySpan<float> input, ReadOnlySpan<float> inputWeights,
        ReadOnlySpan<float> bias, ReadOnlySpan<float> hidden, ReadOnlySpan<float> recurrentWeights, Span<float> gate, Span<float> temp)
    {
        FullyConnected(rows, inputSize, stateSize, input, inputWeights, bias, gate);
        FullyConnected(rows, stateSize, stateSize, hidden, recurrentWeights, default, temp);
        for (int i = 0; i < rows * stateSize; i++) gate[i] += temp[i];
    }

    // reference_ops::FullyConnected: the sum first, the bias after.
    private static void FullyConnected(int rows, int depth, int outputs, ReadOnlySpan<float> input, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias, Span<float> output)
    {
        for (int r = 0; r < rows; r++)
        for (int o = 0; o < outputs; o++)
        {
            float total = 0f;
            for (int d = 0; d < depth; d++) total += input[r * depth + d] * weights[o * depth + d];
            output[r * outputs + o] = total + (bias.IsEmpty ? 0f : bias[o]);
        }
    }

    /// <summary>reference_ops::Logistic for float: 1 above 16.619..., e^x below -9, else 1 / (1 + e^-x).</summary>
    public static void Sigmoid(Span<float> values)
    {
        const float cutoffUpper = 16.619047164916992188f, cutoffLower = -9f;
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            values[i] = v > cutoffUpper ? 1f : v < cutoffLower ? MathF.Exp(v) : 1f / (1f + MathF.Exp(-v));
        }
    }

    private static void Tanh(ReadOnlySpan<float> input, Span<float> output)
    {
        for (int i = 0; i < output.Length; i++) output[i] = MathF.Tanh(input[i]);
    }
}
