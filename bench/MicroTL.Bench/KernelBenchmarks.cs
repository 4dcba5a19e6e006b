using BenchmarkDotNet.Attributes;
using MicroTL.Kernels;

namespace MicroTL.Bench;

/// <summary>
/// The convolutions person_detect spends its time in (issue 15), one kernel call each, on random data: the narrow 1x1
/// convolutions over 8 and 16 channels and the depthwise convolutions, at the portable Vector128 level (what ARM64
/// hosts run), the CPU's best level, and the reference path. The layer is named by person_detect's operator index.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private ConvGeometry _g;
    private sbyte[] _input = [], _filter = [], _packed = [], _output = [];
    private int[] _bias = [], _folded = [], _multipliers = [], _shifts = [], _scratchInts = [];
    private byte[] _scratch = [];
    private bool _depthwise;
    private SimdLevel _level;

    /// <summary>person_detect's operator: 0, 1, 3, 5 depthwise, 13 and 25 its small depthwise layers; 2, 4 the narrow 1x1 convolutions.</summary>
    [Params("op0-dw-96x96x1-m8-s2", "op1-dw-48x48x8", "op2-conv1x1-48x48x8-16", "op3-dw-48x48x16-s2", "op4-conv1x1-24x24x16-32", "op5-dw-24x24x32",
        "op13-dw-6x6x128", "op25-dw-3x3x256")]
    public string Layer { get; set; } = "";

    /// <summary>"reference": the plain path; "vector128": the portable fast path; "best": the CPU's widest.</summary>
    [Params("reference", "vector128", "best")]
    public string Path { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        (_g, _depthwise) = Layer switch
        {
            "op0-dw-96x96x1-m8-s2" => (new ConvGeometry(1, 96, 96, 1, 3, 3, 1, 48, 48, 8, 2, 2, DepthMultiplier: 8), true),
            "op1-dw-48x48x8" => (new ConvGeometry(1, 48, 48, 8, 3, 3, 1, 48, 48, 8, PadHeight: 1, PadWidth: 1), true),
            "op2-conv1x1-48x48x8-16" => (new ConvGeometry(1, 48, 48, 8, 1, 1, 8, 48, 48, 16), false),
            "op3-dw-48x48x16-s2" => (new ConvGeometry(1, 48, 48, 16, 3, 3, 1, 24, 24, 16, 2, 2), true),
            "op4-conv1x1-24x24x16-32" => (new ConvGeometry(1, 24, 24, 16, 1, 1, 16, 24, 24, 32), false),
            "op13-dw-6x6x128" => (new ConvGeometry(1, 6, 6, 128, 3, 3, 1, 6, 6, 128, PadHeight: 1, PadWidth: 1), true),
            "op25-dw-3x3x256" => (new ConvGeometry(1, 3, 3, 256, 3, 3, 1, 3, 3, 256, PadHeight: 1, PadWidth: 1), true),
            _ => (new ConvGeometry(1, 24, 24, 32, 3, 3, 1, 24, 24, 32, PadHeight: 1, PadWidth: 1), true),
        };
        _level = Path == "vector128" ? SimdLevel.Vector128 : SimdSupport.Best;
        var rng = new Random(15);
        _input = Bytes(rng, _g.InputLength);
        _filter = Bytes(rng, _depthwise ? _g.DepthwiseFilterLength : _g.ConvFilterLength);
        _output = new sbyte[_g.OutputLength];
        int o = _g.OutputChannels;
        _bias = new int[o];
        _multipliers = new int[o];
        _shifts = new int[o];
        for (int c = 0; c < o; c++)
        {
            _bias[c] = rng.Next(-5000, 5000);
            (_multipliers[c], _shifts[c]) = QuantizationMath.QuantizeMultiplier(Math.Pow(2, -rng.Next(6, 11)) * (0.5 + rng.NextDouble()));
        }
        _scratchInts = new int[DepthwiseConv2DInt8.ScratchInts(_g)];
        if (_depthwise) return;
        _folded = new int[o];
        Conv2DInt8.ComputeFoldedBias(_g, _filter, _bias, 128, _folded);
        _packed = new sbyte[Conv2DInt8.PackedFilterBytes(_g)];
        Conv2DInt8.PackFilter(_g, _filter, _packed, _level);
        _scratch = new byte[Conv2DInt8.ScratchBytes(_g)];
    }

    [Benchmark]
    public void Run()
    {
        var q = new Int8Requantization(_multipliers, _shifts, 128, -128, -128, 127);
        if (_depthwise)
        {
            if (Path == "reference") DepthwiseConv2DInt8.RunReference(_g, q, _input, _filter, _bias, _output);
            else DepthwiseConv2DInt8.Run(_g, q, _input, _filter, _bias, _output, _scratchInts, _level);
        }
        else if (Path == "reference") Conv2DInt8.RunReference(_g, q, _input, _filter, _bias, _output);
        else Conv2DInt8.Run(_g, q, _input, _packed, _folded, _output, _scratch, _level);
    }

    private static sbyte[] Bytes(Random rng, int n)
    {
        var a = new sbyte[n];
        for (int i = 0; i < n; i++) a[i] = (sbyte)rng.Next(-128, 128);
        return a;
    }
}
