// The strided view behind the data movement operators against index arithmetic written out per element.
using MicroTL.Kernels;

namespace MicroTL.Tests.Kernels;

public class StridedViewTests
{
    [Fact]
    public void Gather_Transposed_ReadsEachElementWhereThePermutationSays()
    {
        // [2, 3] read as its transpose [3, 2]: element (i, j) of the view is source (j, i).
        int[] source = [0, 1, 2, 10, 11, 12];
        var destination = new int[6];
        StridedView.Create([3, 2], [1, 3], 0).Gather<int>(source, destination);
        Assert.Equal([0, 10, 1, 11, 2, 12], destination);
    }

    [Fact]
    public void Gather_NegativeStride_ReadsBackwards()
    {
        int[] source = [0, 1, 2, 3, 4, 5, 6];
        var destination = new int[3];
        StridedView.Create([3], [-2], 6).Gather<int>(source, destination);
        Assert.Equal([6, 4, 2], destination);
    }

    [Fact]
    public void Scatter_IntoPaddedBox_WritesOnlyTheBox()
    {
        // A [2, 2] block into the middle of a [4, 4] buffer at (1, 1).
        var destination = new byte[16];
        StridedView.Create([2, 2], [4, 1], 5).Scatter<byte>([1, 2, 3, 4], destination);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0 }, destination);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Move_AnyElementWidth_MovesWholeElements(int width)
    {
        byte[] source = [.. Enumerable.Range(0, 4 * width).Select(i => (byte)i)];
        var destination = new byte[4 * width];
        StridedView.Create([4], [-1], 3).Move(source, destination, width, scatter: false);
        for (int e = 0; e < 4; e++)
            Assert.Equal(source.AsSpan((3 - e) * width, width).ToArray(), destination.AsSpan(e * width, width).ToArray());
    }

    [Fact]
    public void Create_SevenDimensions_Throws() =>
        Assert.Throws<ArgumentException>(() => StridedView.Create([1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1], 0));

    [Fact]
    public void RowMajorStrides_Shape_LastIsOne() => Assert.Equal([12, 4, 1], StridedView.RowMajorStrides([2, 3, 4]));
}
