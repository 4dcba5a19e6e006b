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
        int squeezeDims = options is SqueezeOptions squeeze ? builder.CreateInt32Vector(squeeze.SqueezeDims) : 0;

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
            case SvdfOptions svdf:
                builder.StartTable(S.Svdf.FieldCount);
                builder.AddInt32(S.Svdf.Rank, svdf.Rank);
                builder.AddByte(S.Svdf.Activation, (byte)svdf.Activation);
                builder.AddBool(S.Svdf.AsymmetricQuantizeInputs, svdf.AsymmetricQuantizeInputs);
                break;
            case ConcatenationOptions concatenation:
                builder.StartTable(S.Concatenation.FieldCount);
                builder.AddInt32(S.Concatenation.Axis, concatenation.Axis);
                builder.AddByte(S.Concatenation.Activation, (byte)concatenation.Activation);
                break;
            case MulOptions mul:
                builder.StartTable(S.Mul.FieldCount);
                builder.AddByte(S.Mul.Activation, (byte)mul.Activation);
                break;
            case SubOptions sub:
                builder.StartTable(S.Sub.FieldCount);
                builder.AddByte(S.Sub.Activation, (byte)sub.Activation);
                builder.AddBool(S.Sub.PotScaleInt16, sub.PotScaleInt16, defaultValue: true);
                break;
            case ReducerOptions reducer:
                builder.StartTable(S.Reducer.FieldCount);
                builder.AddBool(S.Reducer.KeepDims, reducer.KeepDims);
                break;
            case SqueezeOptions:
                builder.StartTable(S.Squeeze.FieldCount);
                builder.AddOffset(S.Squeeze.SqueezeDims, squeezeDims);
                break;
            case StridedSliceOptions slice:
                builder.StartTable(S.StridedSlice.FieldCount);
                builder.AddInt32(S.StridedSlice.BeginMask, slice.BeginMask);
                builder.AddInt32(S.StridedSlice.EndMask, slice.EndMask);
                builder.AddInt32(S.StridedSlice.EllipsisMask, slice.EllipsisMask);
                builder.AddInt32(S.StridedSlice.NewAxisMask, slice.NewAxisMask);
                builder.AddInt32(S.StridedSlice.ShrinkAxisMask, slice.ShrinkAxisMask);
                builder.AddBool(S.StridedSlice.Offset, slice.Offset);
                break;
            case SplitOptions split:
                builder.StartTable(S.Split.FieldCount);
                builder.AddInt32(S.Split.NumSplits, split.NumSplits);
                break;
            case PackOptions pack:
                builder.StartTable(S.Pack.FieldCount);
                builder.AddInt32(S.Pack.ValuesCount, pack.ValuesCount);
                builder.AddInt32(S.Pack.Axis, pack.Axis);
                break;
            case UnpackOptions unpack:
                builder.StartTable(S.Unpack.FieldCount);
                builder.AddInt32(S.Unpack.Num, unpack.Num);
                builder.AddInt32(S.Unpack.Axis, unpack.Axis);
                break;
            case LeakyReluOptions leaky:
                builder.StartTable(S.LeakyRelu.FieldCount);
                builder.AddFloat(S.LeakyRelu.Alpha, leaky.Alpha);
                break;
            case ResizeNearestNeighborOptions resize:
                builder.StartTable(S.ResizeNearestNeighbor.FieldCount);
                builder.AddBool(S.ResizeNearestNeighbor.AlignCorners, resize.AlignCorners);
                builder.AddBool(S.ResizeNearestNeighbor.HalfPixelCenters, resize.HalfPixelCenters);
                break;
            case TransposeConvOptions transposeConv:
                builder.StartTable(S.TransposeConv.FieldCount);
                builder.AddInt32(S.TransposeConv.StrideW, transposeConv.StrideW);
                builder.AddInt32(S.TransposeConv.StrideH, transposeConv.StrideH);
                builder.AddByte(S.TransposeConv.Padding, (byte)transposeConv.Padding);
                builder.AddByte(S.TransposeConv.Activation, (byte)transposeConv.Activation);
                break;
            case UnidirectionalSequenceLstmOptions lstm:
                builder.StartTable(S.UnidirectionalSequenceLstm.FieldCount);
                builder.AddFloat(S.UnidirectionalSequenceLstm.CellClip, lstm.CellClip);
                builder.AddFloat(S.UnidirectionalSequenceLstm.ProjClip, lstm.ProjClip);
                builder.AddByte(S.UnidirectionalSequenceLstm.Activation, (byte)lstm.Activation);
                builder.AddBool(S.UnidirectionalSequenceLstm.TimeMajor, lstm.TimeMajor);
                builder.AddBool(S.UnidirectionalSequenceLstm.AsymmetricQuantizeInputs, lstm.AsymmetricQuantizeInputs);
                break;
            default: // QuantizeOptions, DequantizeOptions, EmptyOptions: empty tables
                builder.StartTable(0);
                break;
        }

        return builder.EndTable();
    }
}
