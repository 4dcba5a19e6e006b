namespace MicroTL.Features;

/// <summary>One labelled model input: the raw little-endian bytes of the input tensor and its class.</summary>
public readonly record struct LabelledInput(byte[] Input, int Label);
