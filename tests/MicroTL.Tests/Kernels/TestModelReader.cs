// A minimal, test-only FlatBuffers reader for the .tflite files of the shared data, so the prepared
// operators can be run end to end against TFLM's golden activations before the real reader lands.
// It trusts its input (the files are fixed test data); the product reader validates every offset.
using System.Buffers.Binary;
using System.Text;
using MicroTL.TfLite;

namespace MicroTL.Tests.Kernels;

internal static class TestModelReader
{
    public static TfLiteModel Read(byte[] bytes)
    {
        var f = new Flat(bytes);
        int model = f.Root();
        var codes = new List<OperatorCode>();
        foreach (int c in f.Tables(model, 1))
        {
            int code = Math.Max(f.Scalar<sbyte>(c, 0, 0), f.Scalar(c, 3, 0));
            codes.Add(new OperatorCode((BuiltinOperator)code, f.Scalar(c, 2, 1), f.String(c, 1)));
        }
        var buffers = new List<ReadOnlyMemory<byte>>();
        foreach (int b in f.Tables(model, 4)) buffers.Add(f.Bytes(b, 0));
        var subgraphs = new List<Subgraph>();
        foreach (int s in f.Tables(model, 2))
        {
            var tensors = new List<TensorInfo>();
            foreach (int t in f.Tables(s, 0))
            {
                QuantizationParams? q = null;
                int qt = f.Table(t, 4);
                if (qt != 0 && f.Floats(qt, 2).Length > 0)
                    q = new QuantizationParams(f.Floats(qt, 2), f.Longs(qt, 3), f.Scalar(qt, 6, 0));
                tensors.Add(new TensorInfo(f.String(t, 3) ?? "", (TensorType)f.Scalar<byte>(t, 1, 0), f.Ints(t, 0),
                    f.Scalar(t, 2, 0), q, f.Scalar<byte>(t, 5, 0) != 0));
            }
            var ops = new List<OperatorInfo>();
            foreach (int o in f.Tables(s, 3))
                ops.Add(new OperatorInfo(f.Scalar(o, 0, 0), f.Ints(o, 1), f.Ints(o, 2), Options(f, f.Scalar<byte>(o, 3, 0), f.Table(o, 4))));
            subgraphs.Add(new Subgraph(tensors, ops, f.Ints(s, 1), f.Ints(s, 2), f.String(s, 4)));
        }
        return new TfLiteModel((uint)f.Scalar(model, 0, 0), codes, subgraphs, buffers, f.String(model, 3));
    }

    private static OperatorOptions? Options(Flat f, byte type, int t) => type switch
    {
        1 => new Conv2DOptions((Padding)f.Scalar<byte>(t, 0, 0), f.Scalar(t, 1, 0), f.Scalar(t, 2, 0),
            (ActivationFunction)f.Scalar<byte>(t, 3, 0), f.Scalar(t, 4, 1), f.Scalar(t, 5, 1)),
        2 => new DepthwiseConv2DOptions((Padding)f.Scalar<byte>(t, 0, 0), f.Scalar(t, 1, 0), f.Scalar(t, 2, 0),
            f.Scalar(t, 3, 0), (ActivationFunction)f.Scalar<byte>(t, 4, 0), f.Scalar(t, 5, 1), f.Scalar(t, 6, 1)),
        5 => new Pool2DOptions((Padding)f.Scalar<byte>(t, 0, 0), f.Scalar(t, 1, 0), f.Scalar(t, 2, 0),
            f.Scalar(t, 3, 0), f.Scalar(t, 4, 0), (ActivationFunction)f.Scalar<byte>(t, 5, 0)),
        8 => new FullyConnectedOptions((ActivationFunction)f.Scalar<byte>(t, 0, 0), f.Scalar<byte>(t, 1, 0),
            f.Scalar<byte>(t, 2, 0) != 0, f.Scalar<byte>(t, 3, 0) != 0),
        9 => new SoftmaxOptions(f.Scalar(t, 0, 0f)),
        11 => new AddOptions((ActivationFunction)f.Scalar<byte>(t, 0, 0)),
        17 => new ReshapeOptions(f.Ints(t, 0)),
        _ => null,
    };

    private sealed class Flat(byte[] b)
    {
        private int U32(int p) => BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(p));

        public int Root() => U32(0);

        // Position of field `id` of the table at `t`, or 0 when absent.
        private int Field(int t, int id)
        {
            int vtable = t - U32(t);
            int vsize = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(vtable));
            int slot = 4 + 2 * id;
            if (slot >= vsize) return 0;
            int off = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(vtable + slot));
            return off == 0 ? 0 : t + off;
        }

        public T Scalar<T>(int t, int id, T fallback) where T : unmanaged
        {
            int p = Field(t, id);
            return p == 0 ? fallback : System.Runtime.InteropServices.MemoryMarshal.Read<T>(b.AsSpan(p));
        }

        public int Table(int t, int id)
        {
            int p = Field(t, id);
            return p == 0 ? 0 : p + U32(p);
        }

        private (int Start, int Count) Vector(int t, int id)
        {
            int v = Table(t, id);
            return v == 0 ? (0, 0) : (v + 4, U32(v));
        }

        public List<int> Tables(int t, int id)
        {
            (int start, int count) = Vector(t, id);
            var result = new List<int>(count);
            for (int i = 0; i < count; i++) result.Add(start + 4 * i + U32(start + 4 * i));
            return result;
        }

        public int[] Ints(int t, int id)
        {
            (int start, int count) = Vector(t, id);
            return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(b.AsSpan(start, 4 * count)).ToArray();
        }

        public float[] Floats(int t, int id)
        {
            (int start, int count) = Vector(t, id);
            return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(b.AsSpan(start, 4 * count)).ToArray();
        }

        public long[] Longs(int t, int id)
        {
            (int start, int count) = Vector(t, id);
            return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(b.AsSpan(start, 8 * count)).ToArray();
        }

        public ReadOnlyMemory<byte> Bytes(int t, int id)
        {
            (int start, int count) = Vector(t, id);
            return b.AsMemory(start, count);
        }

        public string? String(int t, int id)
        {
            (int start, int count) = Vector(t, id);
            return Table(t, id) == 0 ? null : Encoding.UTF8.GetString(b, start, count);
        }
    }
}
