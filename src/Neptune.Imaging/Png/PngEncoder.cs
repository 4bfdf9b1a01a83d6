using System.Buffers.Binary;
using System.IO.Compression;
using Neptune.Imaging.Codecs;

namespace Neptune.Imaging.Png;

/// <summary>Which PNG colour type <see cref="PngEncoder"/> writes.</summary>
public enum PngColorMode
{
    /// <summary>RGB when every pixel is opaque, otherwise RGBA.</summary>
    Auto = 0,

    /// <summary>Always 8-bit RGB (colour type 2); alpha is discarded.</summary>
    Rgb = 1,

    /// <summary>Always 8-bit RGBA (colour type 6).</summary>
    Rgba = 2,
}

/// <summary>Settings for <see cref="PngEncoder"/>.</summary>
public sealed record PngEncoderOptions
{
    /// <summary>The defaults: <see cref="PngColorMode.Auto"/> and <see cref="System.IO.Compression.CompressionLevel.Optimal"/>.</summary>
    public static PngEncoderOptions Default { get; } = new();

    /// <summary>Colour type to write. Default <see cref="PngColorMode.Auto"/>.</summary>
    public PngColorMode ColorMode { get; init; } = PngColorMode.Auto;

    /// <summary>zlib compression level. Default <see cref="System.IO.Compression.CompressionLevel.Optimal"/>.</summary>
    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Optimal;
}

/// <summary>
/// Writes 8-bit RGB or RGBA PNG files, non-interlaced. Each scanline's filter is chosen by the minimum sum of
/// absolute differences heuristic (filtered bytes read as signed values; ties go to the lower filter type).
/// Output contains IHDR, one or more IDAT chunks and IEND. Instances are immutable and thread-safe.
/// </summary>
public sealed class PngEncoder : IImageEncoder
{
    /// <summary>The PNG MIME type, <c>image/png</c>.</summary>
    public const string PngMimeType = "image/png";

    private const int MaxIdatLength = 1 << 18;

    /// <summary>Creates an encoder with <see cref="PngEncoderOptions.Default"/>.</summary>
    public PngEncoder()
        : this(PngEncoderOptions.Default)
    {
    }

    /// <summary>Creates an encoder.</summary>
    /// <param name="options">Encoder settings.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option has an undefined enum value.</exception>
    public PngEncoder(PngEncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.ColorMode))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ColorMode, "Unknown colour mode.");
        }

        if (!Enum.IsDefined(options.CompressionLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CompressionLevel, "Unknown compression level.");
        }

        Options = options;
    }

    /// <summary>The settings this encoder uses.</summary>
    public PngEncoderOptions Options { get; }

    /// <inheritdoc />
    public string MimeType => PngMimeType;

    /// <inheritdoc />
    public byte[] Encode(RgbaImage image)
    {
        using var buffer = new MemoryStream();
        Encode(image, buffer);
        return buffer.ToArray();
    }

    /// <inheritdoc />
    public void Encode(RgbaImage image, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(destination);

        bool alpha = Options.ColorMode switch
        {
            PngColorMode.Rgb => false,
            PngColorMode.Rgba => true,
            _ => !IsOpaque(image),
        };
        int channels = alpha ? 4 : 3;
        int rowBytes = image.Width * channels;

        destination.Write(PngDecoder.Signature);

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], image.Height);
        ihdr[8] = 8;
        ihdr[9] = alpha ? (byte)6 : (byte)2;
        ihdr[10] = 0;
        ihdr[11] = 0;
        ihdr[12] = 0;
        WriteChunk(destination, "IHDR"u8, ihdr);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, Options.CompressionLevel, leaveOpen: true))
            {
                byte[] previous = new byte[rowBytes];
                byte[] current = new byte[rowBytes];
                byte[] candidate = new byte[rowBytes + 1];
                byte[] best = new byte[rowBytes + 1];
                for (int y = 0; y < image.Height; y++)
                {
                    ReadOnlySpan<byte> source = image.GetRow(y);
                    if (alpha)
                    {
                        source.CopyTo(current);
                    }
                    else
                    {
                        for (int x = 0; x < image.Width; x++)
                        {
                            current[x * 3] = source[x * 4];
                            current[(x * 3) + 1] = source[(x * 4) + 1];
                            current[(x * 3) + 2] = source[(x * 4) + 2];
                        }
                    }

                    long bestCost = long.MaxValue;
                    for (int filter = PngFilters.None; filter <= PngFilters.Paeth; filter++)
                    {
                        candidate[0] = (byte)filter;
                        PngFilters.Apply(filter, current, previous, channels, candidate.AsSpan(1));
                        long cost = PngFilters.SumOfAbsoluteDifferences(candidate.AsSpan(1));
                        if (cost < bestCost)
                        {
                            bestCost = cost;
                            (best, candidate) = (candidate, best);
                        }
                    }

                    zlib.Write(best);
                    (previous, current) = (current, previous);
                }
            }

            ReadOnlySpan<byte> data = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
            do
            {
                int n = Math.Min(data.Length, MaxIdatLength);
                WriteChunk(destination, "IDAT"u8, data[..n]);
                data = data[n..];
            }
            while (!data.IsEmpty);
        }

        WriteChunk(destination, "IEND"u8, []);
    }

    private static bool IsOpaque(RgbaImage image)
    {
        ReadOnlySpan<byte> pixels = image.Pixels;
        for (int i = 3; i < pixels.Length; i += 4)
        {
            if (pixels[i] != 255)
            {
                return false;
            }
        }

        return true;
    }

    private static void WriteChunk(Stream destination, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        destination.Write(word);
        destination.Write(type);
        destination.Write(data);
        uint crc = Crc32.Append(Crc32.Compute(type), data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        destination.Write(word);
    }
}
