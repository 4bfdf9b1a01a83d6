using System.Buffers;

namespace Neptune.Imaging.Codecs;

/// <summary>
/// An immutable set of decoders and encoders. Decoding picks the first decoder whose signature matches,
/// so a decoder added with <see cref="WithDecoder"/> takes precedence over the built-in ones.
/// </summary>
public sealed class ImageCodecs
{
    /// <summary>Default cap on the bytes read from a stream: 256 MiB.</summary>
    public const long DefaultMaxInputBytes = 256L * 1024 * 1024;

    private readonly IImageDecoder[] _decoders;
    private readonly IImageEncoder[] _encoders;

    /// <summary>Creates a registry.</summary>
    /// <param name="decoders">Decoders in order of precedence.</param>
    /// <param name="encoders">Encoders in order of precedence.</param>
    /// <param name="maxInputBytes">Largest input accepted by the stream overloads, in bytes (positive).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxInputBytes"/> is not positive or exceeds <see cref="Array.MaxLength"/>.</exception>
    public ImageCodecs(IEnumerable<IImageDecoder> decoders, IEnumerable<IImageEncoder> encoders, long maxInputBytes = DefaultMaxInputBytes)
    {
        ArgumentNullException.ThrowIfNull(decoders);
        ArgumentNullException.ThrowIfNull(encoders);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInputBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxInputBytes, Array.MaxLength);
        _decoders = [.. decoders];
        _encoders = [.. encoders];
        if (Array.IndexOf(_decoders, null) >= 0 || Array.IndexOf(_encoders, null) >= 0)
        {
            throw new ArgumentException("Codec lists must not contain null.");
        }

        MaxInputBytes = maxInputBytes;
    }

    /// <summary>
    /// The built-in codecs: JPEG, PNG, WebP, GIF and BMP decoding with default limits (<see cref="SkiaImageDecoder"/>),
    /// PNG encoding and JPEG encoding at quality 90.
    /// </summary>
    public static ImageCodecs Default { get; } = new([new SkiaImageDecoder()], [new PngEncoder(), new JpegEncoder()]);

    /// <summary>Decoders in order of precedence.</summary>
    public IReadOnlyList<IImageDecoder> Decoders => _decoders;

    /// <summary>Encoders in order of precedence.</summary>
    public IReadOnlyList<IImageEncoder> Encoders => _encoders;

    /// <summary>Largest input accepted by the stream overloads, in bytes.</summary>
    public long MaxInputBytes { get; }

    /// <summary>Returns a copy with <paramref name="decoder"/> placed first, ahead of the existing decoders.</summary>
    /// <param name="decoder">The decoder to add.</param>
    public ImageCodecs WithDecoder(IImageDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        return new ImageCodecs([decoder, .. _decoders], _encoders, MaxInputBytes);
    }

    /// <summary>Returns a copy with <paramref name="encoder"/> placed first, ahead of the existing encoders.</summary>
    /// <param name="encoder">The encoder to add.</param>
    public ImageCodecs WithEncoder(IImageEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        return new ImageCodecs(_decoders, [encoder, .. _encoders], MaxInputBytes);
    }

    /// <summary>Returns a copy with a different stream input limit.</summary>
    /// <param name="maxInputBytes">Largest input accepted by the stream overloads, in bytes.</param>
    public ImageCodecs WithMaxInputBytes(long maxInputBytes) => new(_decoders, _encoders, maxInputBytes);

    /// <summary>Finds the first decoder that recognises the leading bytes, or null.</summary>
    /// <param name="header">The first bytes of the input.</param>
    public IImageDecoder? FindDecoder(ReadOnlySpan<byte> header)
    {
        foreach (IImageDecoder decoder in _decoders)
        {
            if (decoder.CanDecode(header))
            {
                return decoder;
            }
        }

        return null;
    }

    /// <summary>Finds the first encoder for a MIME type (case-insensitive), or null.</summary>
    /// <param name="mimeType">For example <c>image/png</c>.</param>
    public IImageEncoder? FindEncoder(string mimeType)
    {
        ArgumentNullException.ThrowIfNull(mimeType);
        foreach (IImageEncoder encoder in _encoders)
        {
            if (string.Equals(encoder.MimeType, mimeType, StringComparison.OrdinalIgnoreCase))
            {
                return encoder;
            }
        }

        return null;
    }

    /// <summary>Decodes an encoded image of any registered format.</summary>
    /// <param name="data">The whole encoded file.</param>
    /// <exception cref="UnknownImageFormatException">No decoder recognises the signature.</exception>
    /// <exception cref="ImageDecodeException">The data is malformed, truncated or exceeds a limit.</exception>
    public RgbaImage Decode(ReadOnlySpan<byte> data)
    {
        IImageDecoder decoder = FindDecoder(data) ?? throw Unknown(data);
        return decoder.Decode(data);
    }

    /// <summary>Reads what decoding would give (format, upright size, orientation, frames) from the headers alone.</summary>
    /// <param name="data">The whole encoded file.</param>
    /// <exception cref="UnknownImageFormatException">No decoder recognises the signature.</exception>
    /// <exception cref="ImageDecodeException">The headers are malformed, truncated or exceed a limit.</exception>
    public ImageInfo Identify(ReadOnlySpan<byte> data)
    {
        IImageDecoder decoder = FindDecoder(data) ?? throw Unknown(data);
        return decoder.Identify(data);
    }

    /// <summary>Reads a stream to its end (at most <see cref="MaxInputBytes"/>) and decodes it.</summary>
    /// <param name="source">A readable stream; it is not closed.</param>
    /// <exception cref="ImageLimitExceededException">The stream is longer than <see cref="MaxInputBytes"/>.</exception>
    /// <exception cref="ImageDecodeException">The data is malformed, truncated or unknown.</exception>
    /// <exception cref="IOException">Reading the stream failed.</exception>
    public RgbaImage Decode(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var buffer = new ArrayBufferWriter<byte>(InitialCapacity(source));
        while (true)
        {
            Span<byte> span = buffer.GetSpan(81920);
            int read = source.Read(span);
            if (read == 0)
            {
                break;
            }

            Advance(buffer, read);
        }

        return Decode(buffer.WrittenSpan);
    }

    /// <summary>Reads a stream asynchronously to its end (at most <see cref="MaxInputBytes"/>) and decodes it.</summary>
    /// <param name="source">A readable stream; it is not closed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ImageLimitExceededException">The stream is longer than <see cref="MaxInputBytes"/>.</exception>
    /// <exception cref="ImageDecodeException">The data is malformed, truncated or unknown.</exception>
    /// <exception cref="IOException">Reading the stream failed.</exception>
    public async Task<RgbaImage> DecodeAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var buffer = new ArrayBufferWriter<byte>(InitialCapacity(source));
        while (true)
        {
            Memory<byte> memory = buffer.GetMemory(81920);
            int read = await source.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            Advance(buffer, read);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Decode(buffer.WrittenSpan);
    }

    /// <summary>Encodes with the first encoder registered for <paramref name="mimeType"/>.</summary>
    /// <param name="image">The image to encode.</param>
    /// <param name="mimeType">The target format; PNG when omitted.</param>
    /// <exception cref="NotSupportedException">No encoder is registered for the MIME type.</exception>
    public byte[] Encode(RgbaImage image, string mimeType = PngEncoder.PngMimeType)
    {
        ArgumentNullException.ThrowIfNull(image);
        IImageEncoder encoder = FindEncoder(mimeType) ?? throw new NotSupportedException($"No image encoder is registered for '{mimeType}'.");
        return encoder.Encode(image);
    }

    private int InitialCapacity(Stream source)
    {
        if (source.CanSeek)
        {
            long remaining = source.Length - source.Position;
            if (remaining > MaxInputBytes)
            {
                throw new ImageLimitExceededException($"Input of {remaining} bytes exceeds the limit of {MaxInputBytes} bytes.");
            }

            return (int)Math.Clamp(remaining + 1, 256, MaxInputBytes + 1);
        }

        return 64 * 1024;
    }

    private void Advance(ArrayBufferWriter<byte> buffer, int read)
    {
        buffer.Advance(read);
        if (buffer.WrittenCount > MaxInputBytes)
        {
            throw new ImageLimitExceededException($"Input exceeds the limit of {MaxInputBytes} bytes.");
        }
    }

    private static UnknownImageFormatException Unknown(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return new UnknownImageFormatException("The input is empty.");
        }

        string head = Convert.ToHexString(data[..Math.Min(8, data.Length)]);
        return new UnknownImageFormatException($"Unrecognised image format: the leading bytes {head} are not a JPEG, PNG, WebP, GIF or BMP signature.");
    }
}
