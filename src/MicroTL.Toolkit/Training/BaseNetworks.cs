// The base networks MicroTL pretrains in the cloud. Both end in FLATTEN -> FC 64 (ReLU) -> FC classes,
// the head the transfer-learning cut expects (the input of the last two FULLY_CONNECTED layers).
namespace MicroTL.Toolkit.Training;

/// <summary>Factories for the small base CNNs (motion and image).</summary>
public static class BaseNetworks
{
    /// <summary>WISDM window: 200 samples x 3 axes, as one row of 200 pixels with 3 channels (raw m/s²).</summary>
    public static readonly FeatureShape MotionInput = new(1, 200, 3);

    /// <summary>MNIST digit: 28 x 28 x 1 (pixel / 255).</summary>
    public static readonly FeatureShape ImageInput = new(28, 28, 1);

    /// <summary>
    /// Motion network for a [1, 1, 200, 3] window: conv 1x5 x16 (ReLU) -> max pool 1x2 -> conv 1x5 x32 (ReLU)
    /// -> max pool 1x4 -> flatten (23·32 = 736) -> FC 64 (ReLU) -> FC <paramref name="classes"/>. About 52 k parameters.
    /// </summary>
    public static FloatNetwork Motion(int classes, ulong seed = 1) =>
        new NetworkBuilder(MotionInput)
            .Conv2D(16, 1, 5).MaxPool2D(1, 2)
            .Conv2D(32, 1, 5).MaxPool2D(1, 4)
            .Flatten().Dense(64).Dense(Check(classes), relu: false)
            .Build(seed);

    /// <summary>
    /// Image network for a [1, 28, 28, 1] digit: conv 3x3 x8 (ReLU) -> max pool 2 -> conv 3x3 x16 (ReLU) -> max pool 2
    /// -> flatten (5·5·16 = 400) -> FC 64 (ReLU) -> FC <paramref name="classes"/>. About 28 k parameters.
    /// </summary>
    public static FloatNetwork Image(int classes, ulong seed = 1) =>
        new NetworkBuilder(ImageInput)
            .Conv2D(8, 3, 3).MaxPool2D(2, 2)
            .Conv2D(16, 3, 3).MaxPool2D(2, 2)
            .Flatten().Dense(64).Dense(Check(classes), relu: false)
            .Build(seed);

    private static int Check(int classes) =>
        classes >= 2 ? classes : throw new ArgumentOutOfRangeException(nameof(classes), classes, "a classifier needs at least 2 classes");
}
