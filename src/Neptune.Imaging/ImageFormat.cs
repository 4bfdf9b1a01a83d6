namespace Neptune.Imaging;

/// <summary>The encoded image formats Neptune reads.</summary>
public enum ImageFormat
{
    /// <summary>Portable Network Graphics.</summary>
    Png,

    /// <summary>JPEG (JFIF or EXIF).</summary>
    Jpeg,

    /// <summary>WebP, lossy or lossless.</summary>
    WebP,

    /// <summary>GIF; only the first frame of an animation is decoded.</summary>
    Gif,

    /// <summary>Windows bitmap.</summary>
    Bmp,
}

/// <summary>Names and signatures of <see cref="ImageFormat"/> values.</summary>
public static class ImageFormats
{
    /// <summary>Number of leading bytes <see cref="Detect"/> needs to tell every format apart.</summary>
    public const int SignatureLength = 12;

    /// <summary>The MIME type of a format, for example <c>image/png</c>.</summary>
    /// <param name="format">The format.</param>
    public static string MimeType(this ImageFormat format) => format switch
    {
        ImageFormat.Png => "image/png",
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.WebP => "image/webp",
        ImageFormat.Gif => "image/gif",
        ImageFormat.Bmp => "image/bmp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown image format"),
    };

    /// <summary>The lower-case short name of a format, as <c>neptune image info</c> prints it: png, jpeg, webp, gif, bmp.</summary>
    /// <param name="format">The format.</param>
    public static string Name(this ImageFormat format) => format switch
    {
        ImageFormat.Png => "png",
        ImageFormat.Jpeg => "jpeg",
        ImageFormat.WebP => "webp",
        ImageFormat.Gif => "gif",
        ImageFormat.Bmp => "bmp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown image format"),
    };

    /// <summary>Recognises a format by the signature in the leading bytes.</summary>
    /// <param name="header">The first bytes of the file (at least <see cref="SignatureLength"/> when available).</param>
    /// <returns>The format, or null when no supported signature matches.</returns>
    public static ImageFormat? Detect(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ImageFormat.Png;
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ImageFormat.Jpeg;
        }

        if (header.Length >= 12 && header.StartsWith("RIFF"u8) && header.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return ImageFormat.WebP;
        }

        if (header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8))
        {
            return ImageFormat.Gif;
        }

        if (header.StartsWith("BM"u8))
        {
            return ImageFormat.Bmp;
        }

        return null;
    }
}
