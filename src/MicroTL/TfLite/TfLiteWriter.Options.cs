// Builtin options tables. Fields equal to their schema default are left out, as the reference
// builder does, so the reader's defaults recreate them exactly.
using S = MicroTL.TfLite.TfLiteSchema;

namespace MicroTL.TfLite;

public static partial class TfLiteWriter
{
    private static int WriteOptions(FlatBufferBuilder builder, OperatorOptions options)
    {
        // Vectors must be finished before the table that refers to them opens.
        int newShape = options is ReshapeOptions reshape ? builder.CreateInt32Vector(reshape.NewShape) : 0;

        switch (options)
        {
            case Conv2DOptions conv:
                builder.StartTable(S.Conv2D.FieldCount);
                builder.AddInt32(S.Conv2D.StrideW, conv.StrideW);
                builder.AddInt32(S.Conv2D.StrideH, conv.StrideH);
                builder.AddInt32(S.Conv2D.DilationW, conv.DilationW, 1);
                builder.AddInt32(S.Conv2D.DilationH, conv.DilationH, 1);
                builder.AddByte(S.Conv2D.Padding, (byte)conv.Padding);
                builder.AddByte(S.Conv2D.Activation, (byte)conv.Activation);
                break;
            case DepthwiseConv2DOptions depthwise:
                builder.StartTable(S.DepthwiseConv2D.FieldCount);
                builder.AddInt32(S.DepthwiseConv2D.StrideW, depthwise.StrideW);
                builder.AddInt32(S.DepthwiseConv2D.StrideH, depthwise.StrideH);
                builder.AddInt32(S.DepthwiseConv2D.DepthMultiplier, depthwise.DepthMultiplier);
                builder.AddInt32(S.DepthwiseConv2D.DilationW, depthwise.DilationW, 1);
                builder.AddInt32(S.DepthwiseConv2D.DilationH, depthwise.DilationH, 1);
                builder.AddByte(S.DepthwiseConv2D.Padding, (byte)depthwise.Padding);
                builder.AddByte(S.DepthwiseConv2D.Activation, (byte)depthwise.Activation);
                break;
            case Pool2DOptions pool:
                builder.StartTable(S.Pool2D.FieldCount);
                builder.AddInt32(S.Pool2D.StrideW, pool.StrideW);
                builder.AddInt32(S.Pool2D.StrideH, pool.StrideH);
                builder.AddInt32(S.Pool2D.FilterWidth, pool.FilterWidth);
                builder.AddInt32(S.Pool2D.FilterHeight, pool.FilterHeight);
                builder.AddByte(S.Pool2D.Padding, (byte)pool.Padding);
                builder.AddByte(S.Pool2D.Activation, (byte)pool.Activation);
                break;
            case FullyConnectedOptions fc:
                if ((uint)fc.WeightsFormat > byte.MaxValue)
                {
                    throw new ArgumentException($"weights format {fc.WeightsFormat} does not fit the schema's byte field.", nameof(options));
                }

                builder.StartTable(S.FullyConnected.FieldCount);
                builder.AddByte(S.FullyConnected.Activation, (byte)fc.Activation);
                builder.AddByte(S.FullyConnected.WeightsFormat, (byte)fc.WeightsFormat);
                builder.AddBool(S.FullyConnected.KeepNumDims, fc.KeepNumDims);
                builder.AddBool(S.FullyConnected.AsymmetricQuantizeInputs, fc.AsymmetricQuantizeInputs);
                break;
            case SoftmaxOptions softmax:
                builder.StartTable(S.Softmax.FieldCount);
                builder.AddFloat(S.Softmax.Beta, softmax.Beta);
                break;
            case AddOptions add:
                builder.StartTable(S.Add.FieldCount);
                builder.AddByte(S.Add.Activation, (byte)add.Activation);
                builder.AddBool(S.Add.PotScaleInt16, add.PotScaleInt16, defaultValue: true);
                break;
            case ReshapeOptions:
                builder.StartTable(S.Reshape.FieldCount);
                builder.AddOffset(S.Reshape.NewShape, newShape);
                break;
            default: // QuantizeOptions, DequantizeOptions: empty tables
                builder.StartTable(0);
                break;
        }

        return builder.EndTable();
    }
}
