using Neptune.Imaging.Codecs;

namespace Neptune.Imaging.Jpeg;

/// <summary>
/// A managed JPEG (ITU T.81 / JFIF) decoder for 8-bit Huffman-coded images: baseline and extended sequential
/// (SOF0, SOF1) and progressive (SOF2, spectral selection and successive approximation), greyscale or three-component
/// YCbCr/RGB with any integral chroma subsampling, restart intervals, 8- and 16-bit quantisation tables, and the
/// EXIF orientation tag.
/// </summary>
/// <remarks>
/// <para>The output matches libjpeg-turbo's <c>djpeg</c> with its defaults (<c>-dct int</c>, fancy upsampling):
/// the inverse DCT is libjpeg's accurate integer algorithm, chroma subsampled by two is upsampled with libjpeg's
/// triangle ("fancy") filter, and YCbCr is converted with libjpeg's fixed-point tables, so decoded pixels are
/// bit-identical to djpeg's for every supported layout. Three components are YCbCr unless an Adobe APP14 segment
/// says transform 0 (or there is no JFIF/Adobe segment and the component ids are 'R', 'G', 'B'), as in libjpeg.</para>
/// <para>Unsupported: arithmetic coding, 12-bit samples, lossless and hierarchical modes, CMYK/YCCK (4 components),
/// a height given by DNL. Each raises <see cref="ImageDecodeException"/> naming the feature.</para>
/// <para>Corrupt input raises <see cref="ImageDecodeException"/> with the byte offset: a bad marker or segment,
/// a Huffman code missing from its table, a scan whose entropy-coded data runs out (truncation) or a wrong restart
/// marker. A file that ends after its last complete scan without EOI is accepted, as libjpeg accepts it. Limits from
/// <see cref="JpegDecoderOptions"/> are checked against the frame header before any image memory is allocated and
/// raise <see cref="ImageLimitExceededException"/>. Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class JpegDecoder : IImageDecoder
{
    /// <summary>The MIME type of JPEG files.</summary>
    public const string JpegMimeType = "image/jpeg";

    /// <summary>Creates a decoder with <see cref="JpegDecoderOptions.Default"/> limits.</summary>
    public JpegDecoder()
        : this(JpegDecoderOptions.Default)
    {
    }

    /// <summary>Creates a decoder with the given limits.</summary>
    /// <param name="options">The limits; validated here.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
    public JpegDecoder(JpegDecoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The limits this decoder enforces.</summary>
    public JpegDecoderOptions Options { get; }

    /// <inheritdoc />
    public string MimeType => JpegMimeType;

    /// <inheritdoc />
    public int SignatureLength => 3;

    /// <inheritdoc />
    /// <remarks>A JPEG file starts with SOI (FF D8) followed by the FF of its first marker.</remarks>
    public bool CanDecode(ReadOnlySpan<byte> header) =>
        header.Length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF;

    /// <inheritdoc />
    public RgbaImage Decode(ReadOnlySpan<byte> data) => new JpegDecodeSession(Options).Decode(data);
}
