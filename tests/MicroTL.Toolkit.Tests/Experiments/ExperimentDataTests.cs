using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Tests.Experiments;

public class ExperimentDataTests
{
    private static readonly ExperimentData Wisdm = ExperimentData.Load(DatasetKind.Wisdm, null);

    [Fact]
    public void CheckSubjects_UnknownSubject_NamesTheSubjectsThatExist()
    {
        var e = Assert.Throws<SelectionException>(() => Wisdm.CheckSubjects([1600, 1700, 1701]));
        Assert.Contains("subjects 1700-1701 are not in the data set", e.Message);
        Assert.Contains($"subjects: {MicroTL.Toolkit.Data.Ranges.Format(Wisdm.Wisdm!.Subjects)}", e.Message);
    }

    [Fact]
    public void Select_WisdmWindows_LabelIsIndexOfTheListedClass()
    {
        SampleSet samples = Wisdm.Select(["D", "A"], [1600]);
        Assert.True(samples.Count > 10);
        Assert.Equal(BaseNetworks.MotionInput, samples.Shape);
        Assert.Equal([0, 1], samples.Labels.ToArray().Distinct().Order());
    }

    [Fact]
    public void Load_MnistWithoutFolder_ThrowsWithHint()
    {
        var e = Assert.Throws<SelectionException>(() => ExperimentData.Load(DatasetKind.Mnist, null));
        Assert.Contains("--data", e.Message);
        Assert.Contains("t10k-images-idx3-ubyte.gz", e.Hint);
    }

    [Fact]
    public void Load_MnistFolderWithoutFiles_NamesTheMissingFiles()
    {
        string empty = Directory.CreateTempSubdirectory("microtl-nomnist-").FullName;
        try
        {
            var e = Assert.Throws<SelectionException>(() => ExperimentData.Load(DatasetKind.Mnist, empty));
            Assert.Contains("train-images-idx3-ubyte", e.Message);
            Assert.Contains("t10k-labels-idx1-ubyte", e.Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void Select_MnistDigits_PixelsScaledAndLabelsRemapped()
    {
        ExperimentData mnist = ExperimentData.Load(DatasetKind.Mnist, TestFixtures.Folder("mnist"));
        SampleSet samples = mnist.Select(["7", "3"], null);
        Assert.Equal(BaseNetworks.ImageInput, samples.Shape);
        int sevens = 0;
        for (int i = 0; i < samples.Count; i++) if (samples.Label(i) == 0) sevens++;
        Assert.Equal(57, sevens); // the fixture's first 600 t10k digits hold 57 sevens
        float max = 0;
        foreach (float v in samples.Values) max = Math.Max(max, v);
        Assert.Equal(1f, max);
    }

    [Fact]
    public void RawBytesPerSample_ByDataSet_IsValuesPlusLabel()
    {
        Assert.Equal(200 * 3 * 4 + 1, Wisdm.RawBytesPerSample);
        Assert.Equal(28 * 28 + 1, ExperimentData.Load(DatasetKind.Mnist, TestFixtures.Folder("mnist")).RawBytesPerSample);
    }

    [Fact]
    public void Load_MnistDeviceSplitOnly_NeedsOnlyItsFiles()
    {
        string folder = Directory.CreateTempSubdirectory("microtl-devicesplit-").FullName;
        try
        {
            foreach (string file in Directory.GetFiles(TestFixtures.Folder("mnist"), "t10k-*")) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));

            ExperimentData mnist = ExperimentData.Load(DatasetKind.Mnist, folder, [ExperimentData.MnistDeviceSplit]);

            Assert.True(mnist.Select(["1", "2"], null).Count > 0);
            var e = Assert.Throws<SelectionException>(() => ExperimentData.Load(DatasetKind.Mnist, folder, [ExperimentData.MnistPretrainSplit]));
            Assert.Contains("train-images-idx3-ubyte", e.Message);
            Assert.DoesNotContain("t10k-", e.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_WisdmTextWithAMalformedLine_KeepsTheLoadReportWithFileAndLine()
    {
        string folder = Directory.CreateTempSubdirectory("microtl-wisdm-").FullName;
        try
        {
            string file = Path.Combine(folder, "data_1600_accel_watch.txt");
            File.WriteAllLines(file, ["1600,A,1,2,3;", "1600,A,1,oops,3;", "1600,A,4,5,6;"]);

            ExperimentData data = ExperimentData.Load(DatasetKind.Wisdm, folder);

            Assert.Equal(1, data.LoadReport!.MalformedLines);
            Assert.Equal(folder, data.LoadReport.Directory);
            Assert.StartsWith($"{file}:2: values '1,oops,3'", data.LoadReport.Problems[0]);
            Assert.Null(Wisdm.LoadReport); // the embedded pack skips nothing
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
