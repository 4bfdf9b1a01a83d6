using System.IO.Compression;
using Neptune.Imaging.Internal;
using SkiaSharp;

namespace Neptune.Imaging.Codecs;

/// <summary>Which PNG colour type <see cref="PngEncoder"/> writes.</summary>
public enum PngColorMode
{
    /// <summary>RGB when every pixel is opaque, RGBA otherwise.</summary>
    Auto,

    /// <summary>Always RGB; alpha is dropped (colour channels are written as stored).</summary>
    Rgb,

    /// <summary>Always RGBA.</summary>
    Rgba,
}

/// <summary>Settings of <see cref="PngEncoder"/>.</summary>
public sealed record PngEncoderOptions
{
    /// <summary>The defaults: automatic colour type, zlib level 6.</summary>
    public static PngEncoderOptions Default { get; } = new();

    /// <summary>The colour type. Default <see cref="PngColorMode.Auto"/>.</summary>
    public PngColorMode ColorMode { get; init; } = PngColorMode.Auto;

    /// <summary>
    /// How hard zlib works: <see cref="CompressionLevel.Optimal"/> (the default) is level 6,
    /// <see cref="CompressionLevel.Fastest"/> 1, <see cref="CompressionLevel.SmallestSize"/> 9 and
    /// <see cref="CompressionLevel.NoCompression"/> 0.
    /// </summary>
    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Optimal;
}

/// <summary>Encodes 8-bit RGB or RGBA PNG files with Skia's encoder (libpng), deterministically.</summary>
public sealed class PngEncoder : SkiaImageEncoder
{
    /// <summary>The PNG MIME type.</summary>
    public const string PngMimeType = "image/png";

    private readonly SKPngEncoderOptions _skia;

    /// <summary>Creates an encoder with <see cref="PngEncoderOptions.Default"/>.</summary>
    public PngEncoder()
        : this(PngEncoderOptions.Default)
    {
    }

    /// <summary>Creates an encoder.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is not a defined value.</exception>
    public PngEncoder(PngEncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.ColorMode))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ColorMode, "Undefined PNG colour mode.");
        }

        int level = options.CompressionLevel switch
        {
            CompressionLevel.Optimal => 6,
            CompressionLevel.Fastest => 1,
            CompressionLevel.SmallestSize => 9,
            CompressionLevel.NoCompression => 0,
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.CompressionLevel, "Undefined compression level."),
        };
        Options = options;
        _skia = new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, level);
    }

    /// <summary>The settings in force.</summary>
    public PngEncoderOptions Options { get; }

    /// <inheritdoc />
    public override string MimeType => PngMimeType;

    /// <inheritdoc />
    private protected override SKData EncodeData(RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        bool opaque = Options.ColorMode switch
        {
            PngColorMode.Rgb => true,
            PngColorMode.Rgba => false,
            _ => image.IsOpaque(),
        };
        using SkiaPixels pixels = opaque ? SkiaPixels.PinOpaque(image) : SkiaPixels.Pin(image);
        return pixels.Pixmap.Encode(_skia) ?? throw new InvalidOperationException("Skia's PNG encoder failed.");
    }
}
