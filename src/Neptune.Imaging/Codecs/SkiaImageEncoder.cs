using SkiaSharp;

namespace Neptune.Imaging.Codecs;

/// <summary>An <see cref="IImageEncoder"/> whose bytes come from one of Skia's encoders.</summary>
public abstract class SkiaImageEncoder : IImageEncoder
{
    private protected SkiaImageEncoder()
    {
    }

    /// <inheritdoc />
    public abstract string MimeType { get; }

    /// <inheritdoc />
    public byte[] Encode(RgbaImage image)
    {
        using SKData data = EncodeData(image);
        return data.ToArray();
    }

    /// <inheritdoc />
    public void Encode(RgbaImage image, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using SKData data = EncodeData(image);
        destination.Write(data.AsSpan());
    }

    /// <summary>Encodes the image with Skia.</summary>
    /// <param name="image">The image.</param>
    /// <returns>The encoded file; the caller disposes it.</returns>
    private protected abstract SKData EncodeData(RgbaImage image);
}
