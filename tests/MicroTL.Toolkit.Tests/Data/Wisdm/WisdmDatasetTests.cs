using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Data.Wisdm;

namespace MicroTL.Toolkit.Tests.Data.Wisdm;

public class WisdmDatasetTests
{
    private static WisdmRecording Recording(int subject, char activity, int samples) =>
        new(subject, activity, Enumerable.Range(0, samples * 3).Select(i => (float)i).ToArray());

    [Fact]
    public void Windows_StrideEqualsWindow_CutsWholeWindowsOnly()
    {
        var data = new WisdmDataset([Recording(1600, 'A', 450), Recording(1600, 'B', 199)]);

        IReadOnlyList<WisdmWindow> windows = data.Windows();

        Assert.Equal(2, windows.Count); // 450 -> 2 windows (tail of 50 left out); 199 -> none
        Assert.Equal(600f, windows[1].Values[0]); // sample 200, x
        Assert.All(windows, w => Assert.Equal(200, w.Length));
    }

    [Fact]
    public void Windows_HalfStride_Overlaps()
    {
        var data = new WisdmDataset([Recording(1600, 'A', 400)]);

        Assert.Equal(new[] { 0, 100, 200 }, data.Windows(200, 100).Select(w => w.Start));
    }

    [Fact]
    public void Select_UnknownSubject_ThrowsListingWhatExists()
    {
        var data = new WisdmDataset([Recording(1600, 'A', 10), Recording(1601, 'A', 10), Recording(1603, 'B', 10)]);

        var error = Assert.Throws<DataFormatException>(() => data.Select([1700], null));

        Assert.Contains("1700", error.Message);
        Assert.Contains("1600-1601,1603", error.Message);
    }

    [Fact]
    public void Select_SubjectsAndActivities_KeepsOnlyThose()
    {
        var data = new WisdmDataset([Recording(1600, 'A', 10), Recording(1601, 'A', 10), Recording(1601, 'B', 10)]);

        WisdmDataset selected = data.Select([1601], ['A']);

        Assert.Single(selected.Recordings);
        Assert.Equal((1601, 'A'), (selected.Recordings[0].Subject, selected.Recordings[0].Activity));
    }

    [Theory]
    [InlineData("1600-1603", new[] { 1600, 1601, 1602, 1603 })]
    [InlineData("1601,1605", new[] { 1601, 1605 })]
    [InlineData("1600-1601, 1610", new[] { 1600, 1601, 1610 })]
    public void RangesParse_ListsAndRanges_Expand(string text, int[] expected)
    {
        Assert.Equal(expected, Ranges.Parse(text));
    }

    [Theory]
    [InlineData("16x0")]
    [InlineData("1605-1600")]
    [InlineData(",")]
    public void RangesParse_Malformed_Throws(string text)
    {
        Assert.Throws<DataFormatException>(() => Ranges.Parse(text));
    }
}
