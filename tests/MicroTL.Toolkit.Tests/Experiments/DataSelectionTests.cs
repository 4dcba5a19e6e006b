using MicroTL.Toolkit.Experiments;

namespace MicroTL.Toolkit.Tests.Experiments;

public class DataSelectionTests
{
    [Fact]
    public void ParseClasses_WisdmLetters_KeepsOrderAndUppercases() =>
        Assert.Equal(["B", "A", "M"], DataSelection.ParseClasses(DatasetKind.Wisdm, "b,A, M"));

    [Theory]
    [InlineData("0-4", new[] { "0", "1", "2", "3", "4" })]
    [InlineData("7,2,0", new[] { "7", "2", "0" })]
    [InlineData("0-1,5", new[] { "0", "1", "5" })]
    public void ParseClasses_MnistListsAndRanges_GivesDigits(string text, string[] expected) =>
        Assert.Equal(expected, DataSelection.ParseClasses(DatasetKind.Mnist, text));

    [Theory]
    [InlineData(DatasetKind.Wisdm, "A,X", "'X' is not a WISDM activity code")]
    [InlineData(DatasetKind.Wisdm, "A,N", "'N' is not a WISDM activity code")]
    [InlineData(DatasetKind.Wisdm, "A,A", "lists a class twice")]
    [InlineData(DatasetKind.Wisdm, "A", "at least 2")]
    [InlineData(DatasetKind.Mnist, "3,12", "12 is not an MNIST digit")]
    [InlineData(DatasetKind.Mnist, "a-b", "not a number")]
    public void ParseClasses_BadList_ThrowsNamingIt(DatasetKind kind, string text, string message)
    {
        var e = Assert.Throws<SelectionException>(() => DataSelection.ParseClasses(kind, text));
        Assert.Contains(message, e.Message);
        Assert.NotEmpty(e.Hint);
    }

    [Fact]
    public void ParseSubjects_RangesAndListsMixed_ExpandsAll() =>
        Assert.Equal([1600, 1601, 1602, 1610, 1605], DataSelection.ParseSubjects("1600-1602,1610,1605"));

    [Fact]
    public void Parse_MnistWithSubjects_Throws()
    {
        var e = Assert.Throws<SelectionException>(() => DataSelection.Parse("mnist", "0-4", "1600"));
        Assert.Contains("no subjects", e.Message);
    }

    [Fact]
    public void Parse_WisdmWithoutSubjects_Throws() =>
        Assert.Throws<SelectionException>(() => DataSelection.Parse("wisdm", "A,B", null));

    [Fact]
    public void ParseDataset_Unknown_ThrowsWithHint()
    {
        var e = Assert.Throws<SelectionException>(() => DataSelection.ParseDataset("cifar"));
        Assert.Contains("wisdm", e.Hint);
    }
}
