using MicroTL.Features;
using MicroTL.Training;

namespace MicroTL.Store;

/// <summary>
/// The read side of a labelled int8 feature store (<see cref="FeatureStore"/>, wherever its
/// records are), which splitting, validation and int8 calibration need.
/// </summary>
public interface IFeatureRecords : ITrainingData
{
    /// <summary>How the int8 features map back to real values, part by part: <c>Scale_k * (q - ZeroPoint_k)</c>.</summary>
    FeatureSegments Segments { get; }

    /// <summary>Records held per class, indexed by label.</summary>
    ReadOnlySpan<int> CountsPerClass { get; }

    /// <summary>
    /// The int8 features of record <paramref name="index"/>. A store with its records in flash returns
    /// a view of its one record buffer, valid only until the next read of any record; copy it if it must live longer.
    /// </summary>
    ReadOnlySpan<sbyte> FeaturesOf(int index);
}
