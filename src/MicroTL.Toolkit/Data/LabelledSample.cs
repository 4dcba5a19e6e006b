namespace MicroTL.Toolkit.Data;

/// <summary>One labelled model input: the raw little-endian bytes of the input tensor and the class.</summary>
public sealed record LabelledSample(byte[] Input, int Label);
