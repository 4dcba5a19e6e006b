using MicroTL.Features;
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.IO;
using MicroTL.Toolkit.Reports;
using MicroTL.Training;

namespace MicroTL.Toolkit.Tests.Energy;

public class WorkloadTests
{
    /// <summary>hello_world transferred to 2 classes: body = FC 1 -&gt; 16 (16 MACs a sample); head 16 -&gt; 16 -&gt; 2.</summary>
    private static TransferOutcome HelloWorldRun(int samples, int epochs, int batch)
    {
        TfLiteModel model = ModelFile.Read(Path.Combine(TestFixtures.Folder("tflm"), "models", "hello_world_int8.tflite"));
        var random = new Random(5);
        var data = new List<LabelledInput>();
        for (int i = 0; i < samples; i++)
        {
            sbyte q = (sbyte)random.Next(-128, 128);
            data.Add(new LabelledInput([(byte)q], q > 0 ? 1 : 0));
        }

        var settings = new TransferSettings(TestDevices.Nrf52840, Classes: 2, BatchSize: batch, MaxEpochs: epochs, Stopping: StoppingKind.FixedEpochs, Seed: 2,
            StepBudget: null, StoreInFlash: false);
        return new TransferSession(model, settings).Run(data);
    }

    [Fact]
    public void FromOutcome_HelloWorld_CountsMatchHandWorkedValues()
    {
        TransferOutcome o = HelloWorldRun(samples: 40, epochs: 3, batch: 4);
        Workload w = Workload.FromOutcome(o, rawBytesPerSample: 5, cloudTrainHostSeconds: 0.1, cloudModelBytes: 3000, deployedModelBytes: 4000, "hello");

        // Collection: the body is hello_world's first FULLY_CONNECTED, 1 input x 16 outputs = 16 MACs per sample.
        Assert.Equal(16L * 40, w.CollectionInt8Macs["FULLY_CONNECTED"]);
        Assert.Equal(40, w.Samples);
        Assert.Equal(3, w.Epochs);

        // Head 16 -> 16 -> 2: forward 16*16 + 16*2 = 288, backward 16*16 + 2*16*2 = 320 a sample;
        // Adam 8 multiply-adds per parameter, P = 16*16 + 16 + 16*2 + 2 = 306; validation runs forward only.
        int train = o.TrainRecords, validation = o.ValidationRecords;
        Assert.Equal(40, train + validation);
        long steps = 3L * (long)Math.Ceiling(train / 4.0);
        Assert.Equal(3L * (train + validation) * 288, w.Training.ForwardMultiplyAdds);
        Assert.Equal(3L * train * 320, w.Training.BackwardMultiplyAdds);
        Assert.Equal(steps * 306 * 8, w.Training.OptimizerMultiplyAdds);
        Assert.Equal(3L * (train + validation) * 16, w.Training.BytesDequantized);
        Assert.Equal(306 * 4, w.HeadParameterBytes);
        // 40 records of a 2-byte label + 16 feature bytes.
        Assert.Equal(40L * (2 + 16), w.BytesStored);

        // Priced on the nrf52840: 640 MACs x 2 cycles / 64 MHz = 20 µs.
        Assert.Equal(640 * 2 / 64e6, CostModel.Collection(DeviceProfileLoader.Default.WithoutCalibration(), w.CollectionInt8Macs).Seconds, 15);
    }

    [Fact]
    public void ScaledTo_DoubleSamplesAndEpochs_ScalesEachCount()
    {
        Workload w = Sample();
        Workload s = w.ScaledTo(200, 20);
        Assert.Equal(2_000_000, s.CollectionInt8Macs["CONV_2D"]);
        Assert.Equal(2 * w.BytesStored, s.BytesStored);
        Assert.Equal(4 * w.Training.ForwardMultiplyAdds, s.Training.ForwardMultiplyAdds);
        Assert.Equal(4 * w.Training.OptimizerRootsAndDivisions, s.Training.OptimizerRootsAndDivisions);
        Assert.Equal(2 * w.CloudTrainHostSeconds, s.CloudTrainHostSeconds, 12);
        Assert.Equal(w.CloudModelBytes, s.CloudModelBytes);
    }

    [Fact]
    public void Validated_NegativeCount_ThrowsNamingField()
    {
        var e = Assert.Throws<WorkloadException>(() => (Sample() with { CloudModelBytes = -1 }).Validated());
        Assert.Contains("cloudModelBytes", e.Message);
    }

    [Fact]
    public void Validated_NoEpochKept_IsPricedButNotScaled()
    {
        // A run that diverged in its first epoch kept none, yet its work was done: price it, but refuse to scale by epochs.
        Workload w = (Sample() with { Epochs = 0 }).Validated();

        Assert.True(CostModel.OnDevice(DeviceProfileLoader.Default, w).EnergyMillijoules > 0);
        var e = Assert.Throws<WorkloadException>(() => w.ScaledTo(200, 10));
        Assert.Contains("kept no epoch", e.Message);
        Assert.Throws<WorkloadException>(() => BreakEven.Epochs(DeviceProfileLoader.Default, w, 5));
    }

    [Fact]
    public void WorkloadFile_RoundTrip_KeepsEveryCount()
    {
        Workload w = Sample();
        Workload back = WorkloadFile.Parse(WorkloadFile.ToJson(w, "test"), "mem");
        Assert.Equal(w.Training, back.Training with { Samples = w.Training.Samples });
        Assert.Equal(w.CollectionInt8Macs["CONV_2D"], back.CollectionInt8Macs["CONV_2D"]);
        Assert.Equal(w.CloudTrainHostSeconds, back.CloudTrainHostSeconds);
        Assert.Equal((w.Samples, w.Epochs, w.HeadParameterBytes, w.CloudModelBytes, w.RawBytesPerSample),
            (back.Samples, back.Epochs, back.HeadParameterBytes, back.CloudModelBytes, back.RawBytesPerSample));
    }

    [Fact]
    public void WorkloadFile_TransferReportWithoutWorkload_ThrowsNamingField()
    {
        const string report = """{"epochs": 3, "head": {"inputs": 16, "hidden": 16, "classes": 2}, "ops": {"collectionInt8Macs": {}, "bytesStored": 1, "training": {"forwardMultiplyAdds": 1, "backwardMultiplyAdds": 1, "optimizerMultiplyAdds": 1, "bytesDequantized": 1, "steps": 1}}}""";
        var e = Assert.Throws<WorkloadException>(() => WorkloadFile.Parse(report, "r.json"));
        Assert.Contains("'workload'", e.Message);
        Assert.Contains("r.json", e.Message);
    }

    [Fact]
    public void WorkloadFile_TransferReportShape_ReadsHeadAndStore()
    {
        const string report = """{"epochs": 3, "head": {"inputs": 16, "hidden": 16, "classes": 2}, "store": {"samplesOffered": 40}, "memory": {"totalBytes": 1000}, "ops": {"collectionInt8Macs": {"FULLY_CONNECTED": 640}, "bytesStored": 640, "training": {"forwardMultiplyAdds": 1, "backwardMultiplyAdds": 2, "optimizerMultiplyAdds": 3, "bytesDequantized": 4, "steps": 5}}, "workload": {"rawBytesPerSample": 5, "cloudTrainHostSeconds": 0.5, "cloudModelBytes": 3000}}""";
        Workload w = WorkloadFile.Parse(report, "r.json");
        Assert.Equal(40, w.Samples);
        Assert.Equal(306 * 4, w.HeadParameterBytes);
        Assert.Equal(1000, w.RamBytesNeeded);
        Assert.Equal(0, w.Training.OptimizerRootsAndDivisions); // a report from before they were counted prices none
        Assert.Equal(6, w.Training.TotalMultiplyAdds);
    }

    [Fact]
    public void DefaultScenario_IsThePaperLikeMeasuredWorkload()
    {
        Workload w = DefaultScenario.Workload;
        Assert.InRange(w.Samples, 90, 110);
        Assert.Equal(2401, w.RawBytesPerSample);
        Assert.InRange(w.Epochs, 2, 30);
        Assert.True(w.CollectionInt8Macs.Values.Sum() > 0);
        Assert.True(w.CloudTrainHostSeconds > 0);
        // The paper's way: each window once through the body, the CNN features alone, in RAM.
        Assert.False(w.StoreInFlash);
        Assert.Equal(0, w.CollectionFloatOperations);
        Assert.Equal(w.Samples * (2 + 96), w.BytesStored);
        // Adam: 8 multiply-adds and a square root and a division per parameter and step.
        long parameters = w.HeadParameterBytes / sizeof(float);
        Assert.Equal(8 * parameters * w.Training.Steps, w.Training.OptimizerMultiplyAdds);
        Assert.Equal(2 * parameters * w.Training.Steps, w.Training.OptimizerRootsAndDivisions);
    }

    internal static Workload Sample() => new()
    {
        Description = "sample",
        Samples = 100,
        RawBytesPerSample = 2401,
        CollectionInt8Macs = new Dictionary<string, long> { ["CONV_2D"] = 1_000_000 },
        BytesStored = 9600,
        Training = new OpCounts(1_000_000, 900_000, 300_000, 75_000, 40_000, 1000, 100),
        Epochs = 10,
        HeadParameterBytes = 13208,
        CloudTrainHostSeconds = 0.5,
        CloudModelBytes = 15744,
        DeployedModelBytes = 25000,
        RamBytesNeeded = 187_000,
    };
}
