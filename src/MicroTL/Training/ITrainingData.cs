namespace MicroTL.Training;

/// <summary>
/// A labelled set of stored features the trainer reads one record at a time. The device's int8
/// feature store implements it: <see cref="Dequantize"/> turns a record's int8 values into floats,
/// <c>real = scale * (q - zero_point)</c>, so only one mini-batch is ever held as float.
/// </summary>
public interface ITrainingData
{
    /// <summary>Number of records.</summary>
    int Count { get; }

    /// <summary>Values per record (the head's input length I).</summary>
    int FeatureLength { get; }

    /// <summary>The class label of record <paramref name="index"/>, in <c>[0, classes)</c>.</summary>
    int LabelOf(int index);

    /// <summary>Writes record <paramref name="index"/> as <see cref="FeatureLength"/> floats. Must not allocate.</summary>
    void Dequantize(int index, Span<float> destination);
}
