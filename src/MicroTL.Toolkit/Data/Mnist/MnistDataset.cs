namespace MicroTL.Toolkit.Data.Mnist;

/// <summary>
/// MNIST digits: <see cref="Count"/> images of <see cref="Rows"/> x <see cref="Columns"/> unsigned
/// bytes (0 background .. 255 ink) with labels 0-9, from the IDX files
/// (<c>train-images-idx3-ubyte[.gz]</c>, <c>train-labels-idx1-ubyte[.gz]</c>, and <c>t10k-*</c>).
/// </summary>
public sealed class MnistDataset
{
    private readonly byte[] _pixels;
    private readonly byte[] _labels;

    private MnistDataset(int count, int rows, int columns, byte[] pixels, byte[] labels)
    {
        (Count, Rows, Columns, _pixels, _labels) = (count, rows, columns, pixels, labels);
    }

    public int Count { get; }
    public int Rows { get; }
    public int Columns { get; }

    /// <summary>The pixels of image <paramref name="index"/>, row-major.</summary>
    public ReadOnlySpan<byte> Image(int index) => _pixels.AsSpan(index * Rows * Columns, Rows * Columns);

    /// <summary>The digit of image <paramref name="index"/>.</summary>
    public int Label(int index) => _labels[index];

    /// <summary>Reads the "train" or "t10k" split of a folder (each file plain or gzipped).</summary>
    /// <exception cref="DataFormatException">A file is missing or malformed, or the image and label counts differ.</exception>
    public static MnistDataset Load(string directory, string split)
    {
        string images = Find(directory, $"{split}-images-idx3-ubyte");
        string labels = Find(directory, $"{split}-labels-idx1-ubyte");
        (int[] imageDims, byte[] pixels) = IdxFile.Read(images, 3);
        (int[] labelDims, byte[] labelBytes) = IdxFile.Read(labels, 1);
        if (imageDims[0] != labelDims[0])
            throw new DataFormatException($"{images} has {imageDims[0]} images but {labels} has {labelDims[0]} labels");
        for (int i = 0; i < labelBytes.Length; i++)
            if (labelBytes[i] > 9) throw new DataFormatException($"{labels}: label {i} is {labelBytes[i]}, not a digit 0-9");
        return new MnistDataset(imageDims[0], imageDims[1], imageDims[2], pixels, labelBytes);
    }

    private static string Find(string directory, string name)
    {
        foreach (string candidate in new[] { name, name + ".gz" })
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path)) return path;
        }

        throw new DataFormatException($"{directory}: neither {name} nor {name}.gz exists",
            "point --data at the MNIST folder holding train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz");
    }
}
