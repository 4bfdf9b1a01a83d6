using Neptune.Imaging.Internal;
using SkiaSharp;

namespace Neptune.Imaging.Codecs;

/// <summary>
/// Encodes baseline JPEG files with Skia's encoder (libjpeg-turbo), 4:2:0 chroma subsampling. Alpha is dropped:
/// the colour channels are written as stored, so composite a translucent image over a background first.
/// </summary>
public sealed class JpegEncoder : SkiaImageEncoder
{
    /// <summary>The JPEG MIME type.</summary>
    public const string JpegMimeType = "image/jpeg";

    private readonly SKJpegEncoderOptions _skia;

    /// <summary>Creates an encoder.</summary>
    /// <param name="quality">Quality, 1 (smallest) to 100 (best); default 90.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quality"/> is outside 1 to 100.</exception>
    public JpegEncoder(int quality = 90)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        Quality = quality;
        _skia = new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore);
    }

    /// <summary>The quality, 1 to 100.</summary>
    public int Quality { get; }

    /// <inheritdoc />
    public override string MimeType => JpegMimeType;

    /// <inheritdoc />
    private protected override SKData EncodeData(RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using SkiaPixels pixels = SkiaPixels.PinOpaque(image);
        return pixels.Pixmap.Encode(_skia) ?? throw new InvalidOperationException("Skia's JPEG encoder failed.");
    }
}
