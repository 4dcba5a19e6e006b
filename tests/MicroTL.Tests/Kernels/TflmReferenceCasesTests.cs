// Random cases computed by TFLM's own reference kernels (tensorflow/lite/kernels/internal/reference,
// gemmlowp fixedpoint, quantization_util.cc) compiled with g++ on x86-64; one line per case in
// TestData/tflm_reference_cases.txt.gz: an op tag, the parameters (floats printed with 9 significant
// digits, so they parse back exactly), the inputs and TFLM's outputs. Every case must match bit for bit.
using System.Globalization;
using System.IO.Compression;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Tests.Kernels;

public class TflmReferenceCasesTests
{
    private static readonly Lazy<string[]> Lines = new(Load);

    public static TheoryData<string> Ops() => new() { "QM", "SM", "ADD", "QF", "DQ", "CONV", "DW", "FC" };

    [Theory]
    [MemberData(nameof(Ops))]
    public void Kernel_TflmReferenceCases_MatchBitForBit(string op)
    {
        int checkedCases = 0;
        foreach (string line in Lines.Value)
        {
            if (!line.StartsWith(op + " ", StringComparison.Ordinal)) continue;
            Assert.True(Check(new Reader(line)), $"case differs: {line[..Math.Min(160, line.Length)]}");
            checkedCases++;
        }
        Assert.True(checkedCases >= 40, $"only {checkedCases} {op} cases");
    }

    private static bool Check(Reader r)
    {
        switch (r.Op)
        {
            case "QM":
            {
                double d = r.Double();
                return QuantizationMath.QuantizeMultiplier(d) == (r.Int(), r.Int());
            }
            case "SM":
            {
                int rows = r.Int(), depth = r.Int();
                float beta = r.Float(), scale = r.Float();
                sbyte[] input = r.SBytes(rows * depth), expected = r.SBytes(rows * depth);
                (int m, int shift, int diffMin) = SoftmaxInt8.ComputeParams(beta, scale);
                var actual = new sbyte[rows * depth];
                SoftmaxInt8.Run(rows, depth, m, shift, diffMin, input, actual);
                return expected.AsSpan().SequenceEqual(actual);
            }
            case "ADD":
            {
                float s1 = r.Float(); int z1 = r.Int(); float s2 = r.Float(); int z2 = r.Int(); float so = r.Float(); int zo = r.Int();
                ActivationFunction act = Act(r.Int());
                int min = r.Int(), max = r.Int(), n = r.Int();
                sbyte[] a = r.SBytes(n), b = r.SBytes(n), expected = r.SBytes(n);
                if (!QuantizationMath.TryQuantizedActivationRange(act, so, zo, out int amin, out int amax) || (amin, amax) != (min, max)) return false;
                AddInt8Params p = AddInt8Params.Create(s1, z1, s2, z2, so, zo, amin, amax);
                var fast = new sbyte[n];
                var reference = new sbyte[n];
                AddInt8.Run(p, a, b, fast, SimdSupport.Best);
                AddInt8.RunReference(p, a, b, reference);
                return expected.AsSpan().SequenceEqual(fast) && expected.AsSpan().SequenceEqual(reference);
            }
            case "QF":
            {
                float scale = r.Float(); int zp = r.Int(), n = r.Int();
                float[] input = r.Floats(n);
                sbyte[] expected = r.SBytes(n);
                var actual = new sbyte[n];
                QuantizeFloatToInt8.Run(scale, zp, input, actual);
                return expected.AsSpan().SequenceEqual(actual);
            }
            case "DQ":
            {
                float scale = r.Float(); int zp = r.Int(), n = r.Int();
                sbyte[] input = r.SBytes(n);
                float[] expected = r.Floats(n), actual = new float[n];
                DequantizeInt8ToFloat.Run(scale, zp, input, actual);
                for (int i = 0; i < n; i++)
                    if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i])) return false;
                return true;
            }
            case "CONV":
            {
                int bt = r.Int(), h = r.Int(), w = r.Int(), c = r.Int(), o = r.Int(), fh = r.Int(), fw = r.Int(), ci = r.Int();
                int sh = r.Int(), sw = r.Int(), dh = r.Int(), dw = r.Int(), pad = r.Int(), scales = r.Int();
                float si = r.Float(); int zi = r.Int(); float so = r.Float(); int zo = r.Int();
                ActivationFunction act = Act(r.Int());
                r.Int(); // per-tensor flag (implied by the scale count)
                float[] fs = r.Floats(scales);
                ConvGeometry g = Geometry(bt, h, w, c, fh, fw, ci, o, sh, sw, dh, dw, pad, 1);
                sbyte[] input = r.SBytes(g.InputLength), filter = r.SBytes(g.ConvFilterLength);
                int[] bias = r.Ints(o);
                sbyte[] expected = r.SBytes(g.OutputLength);
                Int8Requantization q = Requantization(si, fs, so, zi, zo, act, o, out _);
                var reference = new sbyte[g.OutputLength];
                Conv2DInt8.RunReference(g, q, input, filter, bias, reference);
                bool ok = expected.AsSpan().SequenceEqual(reference);
                if (Conv2DInt8.SupportsFastPath(g, q.InputOffset))
                {
                    var folded = new int[o];
                    Conv2DInt8.ComputeFoldedBias(g, filter, bias, q.InputOffset, folded);
                    var fast = new sbyte[g.OutputLength];
                    Conv2DInt8.Run(g, q, input, Packed(g, filter, SimdSupport.Best), folded, fast, new byte[Conv2DInt8.ScratchBytes(g)], SimdSupport.Best);
                    ok &= expected.AsSpan().SequenceEqual(fast);
                }
                return ok;
            }
            case "DW":
            {
                int bt = r.Int(), h = r.Int(), w = r.Int(), c = r.Int(), m = r.Int(), fh = r.Int(), fw = r.Int();
                int sh = r.Int(), sw = r.Int(), dh = r.Int(), dw = r.Int(), pad = r.Int();
                float si = r.Float(); int zi = r.Int(); float so = r.Float(); int zo = r.Int();
                ActivationFunction act = Act(r.Int());
                float[] fs = r.Floats(c * m);
                ConvGeometry g = Geometry(bt, h, w, c, fh, fw, 1, c * m, sh, sw, dh, dw, pad, m);
                sbyte[] input = r.SBytes(g.InputLength), filter = r.SBytes(g.DepthwiseFilterLength);
                int[] bias = r.Ints(c * m);
                sbyte[] expected = r.SBytes(g.OutputLength);
                Int8Requantization q = Requantization(si, fs, so, zi, zo, act, c * m, out _);
                var reference = new sbyte[g.OutputLength];
                var fast = new sbyte[g.OutputLength];
                DepthwiseConv2DInt8.RunReference(g, q, input, filter, bias, reference);
                DepthwiseConv2DInt8.Run(g, q, input, filter, bias, fast, new int[c * m], SimdSupport.Best);
                return expected.AsSpan().SequenceEqual(reference) && expected.AsSpan().SequenceEqual(fast);
            }
            case "FC":
            {
                int bt = r.Int(), d = r.Int(), o = r.Int();
                float si = r.Float(); int zi = r.Int(); float sw = r.Float(), so = r.Float(); int zo = r.Int();
                ActivationFunction act = Act(r.Int());
                sbyte[] input = r.SBytes(bt * d), weights = r.SBytes(o * d);
                int[] bias = r.Ints(o);
                sbyte[] expected = r.SBytes(bt * o);
                // Per-tensor FULLY_CONNECTED: the input and weight scales multiply in single precision.
                (int mult, int shift) = QuantizationMath.QuantizeMultiplier((double)(si * sw) / so);
                Assert.True(QuantizationMath.TryQuantizedActivationRange(act, so, zo, out int min, out int max));
                var q = new Int8Requantization(new[] { mult }, new[] { shift }, -zi, zo, min, max);
                var reference = new sbyte[bt * o];
                var fast = new sbyte[bt * o];
                var folded = new int[o];
                FullyConnectedInt8.RunReference(q, bt, d, o, input, weights, bias, reference);
                FullyConnectedInt8.ComputeFoldedBias(weights, bias, o, d, -zi, 0, folded);
                FullyConnectedInt8.Run(q, bt, d, o, input, weights, folded, fast, new byte[d], SimdSupport.Best);
                return expected.AsSpan().SequenceEqual(reference) && expected.AsSpan().SequenceEqual(fast);
            }
            default:
                return false;
        }
    }

    private static Int8Requantization Requantization(float si, float[] filterScales, float so, int zi, int zo,
        ActivationFunction act, int channels, out int[] multipliers)
    {
        multipliers = new int[channels];
        var shifts = new int[channels];
        for (int i = 0; i < channels; i++)
            (multipliers[i], shifts[i]) = QuantizationMath.QuantizeMultiplier((double)si * filterScales[filterScales.Length == 1 ? 0 : i] / so);
        Assert.True(QuantizationMath.TryQuantizedActivationRange(act, so, zo, out int min, out int max));
        return new Int8Requantization(multipliers, shifts, -zi, zo, min, max);
    }

    private static ConvGeometry Geometry(int b, int h, int w, int c, int fh, int fw, int ci, int o,
        int sh, int sw, int dh, int dw, int pad, int m)
    {
        PaddingValues p = PaddingMath.ComputePaddingHeightWidth(sh, sw, dh, dw, h, w, fh, fw,
            pad == 0 ? Padding.Same : Padding.Valid, out int oh, out int ow);
        return new ConvGeometry(b, h, w, c, fh, fw, ci, oh, ow, o, sh, sw, dh, dw, p.Height, p.Width, m);
    }

    private static ActivationFunction Act(int code) => code switch
    {
        1 => ActivationFunction.Relu,
        2 => ActivationFunction.ReluN1To1,
        3 => ActivationFunction.Relu6,
        _ => ActivationFunction.None,
    };

    private static string[] Load()
    {
        const string relative = "tests/MicroTL.Tests/Kernels/TestData/tflm_reference_cases.txt.gz";
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, relative);
            if (!File.Exists(path)) continue;
            using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var text = new StreamReader(gz);
            return text.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }

    private sealed class Reader(string line)
    {
        private readonly string[] tokens = line.Split(' ');
        private int next = 1;

        public string Op => tokens[0];

        public int Int() => int.Parse(tokens[next++], CultureInfo.InvariantCulture);

        public float Float() => float.Parse(tokens[next++], CultureInfo.InvariantCulture);

        public double Double() => double.Parse(tokens[next++], CultureInfo.InvariantCulture);

        public sbyte[] SBytes(int n) => Array.ConvertAll(Ints(n), v => checked((sbyte)v));

        public int[] Ints(int n)
        {
            var a = new int[n];
            for (int i = 0; i < n; i++) a[i] = Int();
            return a;
        }

        public float[] Floats(int n)
        {
            var a = new float[n];
            for (int i = 0; i < n; i++) a[i] = Float();
            return a;
        }
    }

    private static sbyte[] Packed(ConvGeometry g, sbyte[] filter, SimdLevel level)
    {
        var packed = new sbyte[Conv2DInt8.PackedFilterBytes(g)];
        Conv2DInt8.PackFilter(g, filter, packed, level);
        return packed;
    }
}
