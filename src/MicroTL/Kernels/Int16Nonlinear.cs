// The int16 logistic and tanh of TFLite's LSTM and int16 kernels (reference_integer_ops::Logistic / Tanh for int16):
// a 256-entry table of the sigmoid in Q0.16 and linear interpolation between entries, bit-exact.
using System.Runtime.CompilerServices;

namespace MicroTL.Kernels;

/// <summary>Int16 sigmoid and tanh by table lookup and interpolation, as TFLite's int16 kernels.</summary>
public static class Int16Nonlinear
{
    // tflite::sigmoid_table_uint16 (kernels/internal/common.h): sigmoid(i / 24) in Q0.16 for i = 0..255.
    private static ReadOnlySpan<ushort> SigmoidTable =>
    [
        32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149, 40794, 41432, 42064, 42688,
        43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369, 47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409,
        51865, 52311, 52745, 53169, 53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433,
        57724, 58007, 58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370, 60565, 60753, 60935, 61110,
        61279, 61441, 61599, 61750, 61896, 62036, 62172, 62302, 62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186,
        63279, 63368, 63454, 63536, 63615, 63691, 63765, 63835, 63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308,
        64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786, 64816, 64845, 64873, 64900,
        64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079, 65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208,
        65221, 65234, 65246, 65258, 65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360, 65367,
        65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433, 65438, 65442, 65445, 65449,
        65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474, 65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491,
        65493, 65495, 65497, 65498, 65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513,
        65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522, 65523, 65523, 65524, 65524,
        65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528, 65528, 65528, 65529, 65529, 65529, 65529, 65530, 65530,
        65530, 65530, 65531, 65531, 65531, 65531, 65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
        65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65535
    ];

    /// <summary>
    /// Sigmoid of Q3.12 inputs (times <paramref name="multiplier"/>, right shift <paramref name="leftShift"/>) to Q0.15
    /// outputs, in place allowed; <paramref name="multiplier"/> 0 means the power-of-two case (3 &lt;&lt; shift, shift 0).
    /// </summary>
    public static void Sigmoid(int multiplier, int leftShift, ReadOnlySpan<short> input, Span<short> output)
    {
        (multiplier, leftShift, int round) = Scaling(multiplier, leftShift);
        input = input[..output.Length];
        for (int i = 0; i < output.Length; i++)
        {
            int x = (input[i] * multiplier + round) >> leftShift;
            uint result = Interpolate((uint)Math.Abs(x), fractionBits: 9, saturated: 0x7FFFu << 10);
            result = x >= 0 ? unchecked(result + (1u << 9)) : unchecked((1u << (16 + 9)) - result + (1u << 9) - 1);
            output[i] = unchecked((short)(result >> 10));
        }
    }

    /// <summary>
    /// Tanh of int16 inputs (times <paramref name="multiplier"/>, right shift <paramref name="leftShift"/>, in Q3.12 after
    /// that) to Q0.15 outputs, in place allowed; <paramref name="multiplier"/> 0 means 3 &lt;&lt; shift, shift 0.
    /// </summary>
    public static void Tanh(int multiplier, int leftShift, ReadOnlySpan<short> input, Span<short> output)
    {
        (multiplier, leftShift, int round) = Scaling(multiplier, leftShift);
        input = input[..output.Length];
        for (int i = 0; i < output.Length; i++)
        {
            int x = (input[i] * multiplier + round) >> leftShift;
            int result = unchecked((int)Interpolate((uint)Math.Abs(x), fractionBits: 8, saturated: 0xFFFFu << 8));
            result = x >= 0
                ? unchecked(result - (1 << (14 + 9)) + (1 << (9 - 2)))
                : unchecked(-result + (1 << (14 + 9)) + (1 << (9 - 2)) - 1);
            output[i] = unchecked((short)(result >> (9 - 1)));
        }
    }

    // The input scaling both functions share: multiplier 0 stands for 3 << shift with no shift left; the right shift rounds.
    private static (int Multiplier, int Shift, int Round) Scaling(int multiplier, int leftShift)
    {
        if (multiplier == 0) (multiplier, leftShift) = (3 << leftShift, 0);
        return (multiplier, leftShift, leftShift > 0 ? 1 << (leftShift - 1) : 0);
    }

    // TFLM's table lookup: the entry at abs >> fractionBits and the next one, interpolated by the low fractionBits bits
    // (in units of 2^-fractionBits of an entry); past the table's end, the function's saturated value.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Interpolate(uint abs, int fractionBits, uint saturated)
    {
        uint uh = abs >> fractionBits;
        if (uh >= 255) return saturated;
        uint ua = SigmoidTable[(int)uh], ub = SigmoidTable[(int)uh + 1];
        uint ut = abs & ((1u << fractionBits) - 1);
        return unchecked((ua << fractionBits) + ut * (ub - ua));
    }

    /// <summary>
    /// The (multiplier, shift) pair TFLM's LSTM passes to <see cref="Tanh"/> for a cell state of scale 2^power
    /// (lstm_eval.cc): shift <c>15 + power - 3</c>, or for a negative one, multiplier 3 and the shift negated.
    /// </summary>
    public static (int Multiplier, int LeftShift) TanhParamsForScalePower(int scalePower)
    {
        int shift = 15 + scalePower - 3;
        return shift < 0 ? (3, -shift) : (0, shift);
    }
}
