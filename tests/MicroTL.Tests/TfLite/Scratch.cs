using MicroTL.TfLite;
using Xunit.Abstractions;
namespace MicroTL.Tests.TfLite;
public class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Dump()
    {
        foreach (var f in SharedData.Models())
        {
            var m = TfLiteReader.ReadFile(f);
            output.WriteLine($"{Path.GetFileName(f)} v{m.Version} codes={string.Join(",", m.OperatorCodes)} buffers={m.Buffers.Count} desc={m.Description}");
            var sg = m.MainSubgraph;
            for (int i = 0; i < sg.Tensors.Count; i++) { var t = sg.Tensors[i]; output.WriteLine($"  t{i} {t.Name} {t.Type} [{string.Join(",", t.Shape)}] buf={t.Buffer}({m.DataOf(t).Length}) q={(t.Quantization is null ? "" : $"{t.Quantization.Scale.Length} {t.Quantization.Scale[0]} zp {t.Quantization.ZeroPoint[0]} dim {t.Quantization.QuantizedDimension}")}"); }
            foreach (var op in sg.Operators) output.WriteLine($"  {m.CodeOf(op)} in=[{string.Join(",", op.Inputs)}] out=[{string.Join(",", op.Outputs)}] {op.Options}");
            var bytes = TfLiteWriter.Write(m);
            var m2 = TfLiteReader.Read(bytes);
            output.WriteLine($"  rewritten {bytes.Length} bytes, {m2.MainSubgraph.Operators.Count} ops");
        }
    }
}
