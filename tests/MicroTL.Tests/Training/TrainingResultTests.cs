using MicroTL.Training;

namespace MicroTL.Tests.Training;

public sealed class TrainingResultTests
{
    [Theory]
    [InlineData(true, 7)]  // patience restored the best epoch's weights
    [InlineData(false, 12)] // a fixed budget keeps the last epoch's, whatever scored best
    public void KeptEpoch_RestoredOrNot_NamesTheEpochWhoseWeightsTheHeadHolds(bool restored, int expected)
    {
        var result = new TrainingResult(12, StopReason.MaxEpochs, [], 0.9, 7, restored, false, 0.01f, default);

        Assert.Equal(expected, result.KeptEpoch);
    }
}
