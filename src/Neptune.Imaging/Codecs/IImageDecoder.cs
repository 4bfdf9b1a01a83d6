namespace Neptune.Imaging.Codecs;

/// <summary>
/// Decodes encoded image files into <see cref="RgbaImage"/>s. Implementations must be thread-safe and must report
/// every problem with the input as an <see cref="ImageDecodeException"/> (or a subclass), never another exception type.
/// </summary>
public interface IImageDecoder
{
    /// <summary>True when the leading bytes carry the signature of a format this decoder reads.</summary>
    /// <param name="header">The first bytes of the input (may be shorter than <see cref="ImageFormats.SignatureLength"/>).</param>
    bool CanDecode(ReadOnlySpan<byte> header);

    /// <summary>Reads the format, size, orientation and frame count from the headers, without decoding pixels.</summary>
    /// <param name="data">The whole encoded file.</param>
    /// <returns>What decoding the file would give.</returns>
    /// <exception cref="ImageDecodeException">The headers are malformed, truncated or exceed a limit.</exception>
    ImageInfo Identify(ReadOnlySpan<byte> data);

    /// <summary>Decodes a complete encoded image (the first frame of an animation).</summary>
    /// <param name="data">The whole encoded file.</param>
    /// <returns>The decoded image.</returns>
    /// <exception cref="ImageDecodeException">The data is malformed, truncated or exceeds a limit.</exception>
    RgbaImage Decode(ReadOnlySpan<byte> data);
}

/// <summary>
/// Encodes an <see cref="RgbaImage"/> into one file format. Implementations must be thread-safe.
/// </summary>
public interface IImageEncoder
{
    /// <summary>The MIME type of the produced data, for example <c>image/png</c>.</summary>
    string MimeType { get; }

    /// <summary>Writes the encoded image to a stream.</summary>
    /// <param name="image">The image to encode.</param>
    /// <param name="destination">A writable stream; it is not closed.</param>
    void Encode(RgbaImage image, Stream destination);

    /// <summary>Encodes the image into a new byte array.</summary>
    /// <param name="image">The image to encode.</param>
    /// <returns>The encoded file.</returns>
    byte[] Encode(RgbaImage image)
    {
        using var buffer = new MemoryStream();
        Encode(image, buffer);
        return buffer.ToArray();
    }
}
