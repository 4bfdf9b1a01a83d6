using System.Buffers.Binary;
using System.IO.Compression;
using Neptune.Learning;

namespace Neptune.Mnist;

/// <summary>An MNIST file is missing, not gzip, not IDX, or inconsistent with its pair. The CLI exits with code 2.</summary>
public sealed class MnistDataException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>Digits read from an IDX image file and its label file: pixels normalised as the MNIST-R networks expect.</summary>
public sealed class MnistDigits
{
    /// <summary>The mean and standard deviation of MNIST's pixels (in [0, 1]) used for normalisation.</summary>
    public const float Mean = 0.1307f;

    /// <summary>See <see cref="Mean"/>.</summary>
    public const float Std = 0.3081f;

    /// <summary>Pixels per image (28 × 28).</summary>
    public const int ImageSize = 28 * 28;

    internal MnistDigits(float[] pixels, byte[] labels)
    {
        Pool = new InputPool(pixels, ImageSize);
        Labels = labels;
    }

    /// <summary>The images, (x/255 − <see cref="Mean"/>) / <see cref="Std"/>, one row of 784 per digit.</summary>
    public InputPool Pool { get; }

    /// <summary>The digit of each image.</summary>
    public IReadOnlyList<byte> Labels { get; }

    /// <summary>The number of digits.</summary>
    public int Count => Labels.Count;

    /// <summary>The shared files: <c>../shared/data/mnist/</c> beside the repository root (the directory holding <c>Neptune.slnx</c>).</summary>
    /// <param name="startDirectory">Where to start looking upwards.</param>
    /// <returns>The image and label files of the official test set.</returns>
    /// <exception cref="MnistDataException">No repository root or no data beside it.</exception>
    public static (string Images, string Labels) SharedFiles(string startDirectory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Neptune.slnx")))
            {
                string data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "mnist"));
                return (Path.Combine(data, "t10k-images-idx3-ubyte.gz"), Path.Combine(data, "t10k-labels-idx1-ubyte.gz"));
            }
        }

        throw new MnistDataException($"no MNIST files given and no directory holding Neptune.slnx above '{startDirectory}'; set 'images' and 'labels'");
    }

    /// <summary>Reads an IDX image file and its label file (gzip or plain).</summary>
    /// <param name="imagesPath">The images (magic 2051, n × 28 × 28 bytes).</param>
    /// <param name="labelsPath">The labels (magic 2049, n bytes in 0..9).</param>
    /// <returns>The digits.</returns>
    /// <exception cref="MnistDataException">A file is missing, malformed, or the two disagree.</exception>
    public static MnistDigits Read(string imagesPath, string labelsPath)
    {
        byte[] images = ReadAll(imagesPath);
        byte[] labels = ReadAll(labelsPath);
        if (images.Length < 16 || BinaryPrimitives.ReadInt32BigEndian(images) != 2051)
        {
            throw new MnistDataException($"'{imagesPath}' is not an IDX image file (magic 2051)");
        }

        if (labels.Length < 8 || BinaryPrimitives.ReadInt32BigEndian(labels) != 2049)
        {
            throw new MnistDataException($"'{labelsPath}' is not an IDX label file (magic 2049)");
        }

        int n = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(4));
        int rows = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(8));
        int cols = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(12));
        int m = BinaryPrimitives.ReadInt32BigEndian(labels.AsSpan(4));
        if (rows != 28 || cols != 28)
        {
            throw new MnistDataException($"'{imagesPath}' holds {rows}×{cols} images; expected 28×28");
        }

        if (n < 0 || (long)n * ImageSize + 16 > images.Length)
        {
            throw new MnistDataException($"'{imagesPath}' declares {n} images but is truncated");
        }

        if (m != n || m + 8 > labels.Length)
        {
            throw new MnistDataException($"'{labelsPath}' declares {m} labels for {n} images, or is truncated");
        }

        var pixels = new float[n * ImageSize];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = ((images[16 + i] / 255f) - Mean) / Std;
        }

        byte[] digits = labels.AsSpan(8, n).ToArray();
        int bad = Array.FindIndex(digits, d => d > 9);
        if (bad >= 0)
        {
            throw new MnistDataException($"'{labelsPath}': label {bad} is {digits[bad]}, not a digit");
        }

        return new MnistDigits(pixels, digits);
    }

    /// <summary>
    /// The fixed split of these digits: a seeded permutation, the first <paramref name="trainCount"/> for training and
    /// the rest for testing.
    /// </summary>
    /// <param name="trainCount">Training digits.</param>
    /// <param name="seed">The permutation's seed.</param>
    /// <returns>The training and test indices.</returns>
    public (int[] Train, int[] Test) Split(int trainCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trainCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trainCount, Count);
        int[] order = [.. Enumerable.Range(0, Count)];
        new Random(seed).Shuffle(order);
        return (order[..trainCount], order[trainCount..]);
    }

    /// <summary>
    /// sum_n examples as the MNIST-R benchmarks build them: for each position a digit value uniform in 0..9, then an
    /// image of that value drawn with replacement from <paramref name="indices"/>; the label is the sum.
    /// </summary>
    /// <param name="indices">The digits to draw from (a split).</param>
    /// <param name="digits">n, the digits per example.</param>
    /// <param name="count">Examples.</param>
    /// <param name="random">The randomness.</param>
    /// <returns>The examples, with their true digits.</returns>
    public List<ProgramExample> SumExamples(IReadOnlyList<int> indices, int digits, int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(random);
        var byValue = new List<int>[10];
        for (int v = 0; v < 10; v++)
        {
            byValue[v] = [];
        }

        foreach (int i in indices)
        {
            byValue[Labels[i]].Add(i);
        }

        if (byValue.Any(l => l.Count == 0))
        {
            throw new MnistDataException("the split lacks images of some digit value");
        }

        var examples = new List<ProgramExample>(count);
        for (int e = 0; e < count; e++)
        {
            var inputs = new int[digits];
            var values = new int[digits];
            for (int p = 0; p < digits; p++)
            {
                values[p] = random.Next(10);
                List<int> pool = byValue[values[p]];
                inputs[p] = pool[random.Next(pool.Count)];
            }

            examples.Add(new ProgramExample(inputs, values.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture), values));
        }

        return examples;
    }

    private static byte[] ReadAll(string path)
    {
        try
        {
            using FileStream file = File.OpenRead(path);
            Span<byte> head = stackalloc byte[2];
            int read = file.Read(head);
            file.Position = 0;
            using var buffer = new MemoryStream();
            if (read == 2 && head[0] == 0x1f && head[1] == 0x8b)
            {
                using var gzip = new GZipStream(file, CompressionMode.Decompress);
                gzip.CopyTo(buffer);
            }
            else
            {
                file.CopyTo(buffer);
            }

            return buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new MnistDataException($"'{path}': {e.Message}", e);
        }
    }
}
