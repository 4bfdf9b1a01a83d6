using Neptune.Imaging.Internal;
using SkiaSharp;

namespace Neptune.Imaging.Codecs;

/// <summary>
/// Decodes JPEG, PNG, WebP, GIF (first frame) and BMP files with Skia's codecs (libjpeg-turbo, libpng, libwebp and
/// Skia's own GIF and BMP readers) into straight-alpha RGBA, with no colour-space conversion: the stored 8-bit
/// samples are kept (16-bit samples keep their high byte).
/// </summary>
/// <remarks>
/// The header is read first (through <see cref="SKCodec"/>) and checked against <see cref="ImageDecoderOptions"/>
/// before the pixel buffer is allocated. An EXIF orientation is applied when
/// <see cref="ImageDecoderOptions.ApplyExifOrientation"/> is set. Every problem with the input is an
/// <see cref="ImageDecodeException"/>: <see cref="UnknownImageFormatException"/> for an empty or unrecognised file,
/// <see cref="ImageLimitExceededException"/> for one too large, and the base type for a corrupt or truncated one.
/// </remarks>
public sealed class SkiaImageDecoder : IImageDecoder
{
    /// <summary>Creates a decoder with <see cref="ImageDecoderOptions.Default"/>.</summary>
    public SkiaImageDecoder()
        : this(ImageDecoderOptions.Default)
    {
    }

    /// <summary>Creates a decoder with the given limits.</summary>
    /// <param name="options">The limits.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is outside its valid range.</exception>
    public SkiaImageDecoder(ImageDecoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The limits in force.</summary>
    public ImageDecoderOptions Options { get; }

    /// <inheritdoc />
    public bool CanDecode(ReadOnlySpan<byte> header) => ImageFormats.Detect(header) is not null;

    /// <inheritdoc />
    public unsafe ImageInfo Identify(ReadOnlySpan<byte> data)
    {
        ImageFormat format = DetectOrThrow(data);
        fixed (byte* pointer = data)
        {
            using SKCodec codec = Open(pointer, data, format);
            return Describe(codec, format);
        }
    }

    /// <inheritdoc />
    public unsafe RgbaImage Decode(ReadOnlySpan<byte> data)
    {
        ImageFormat format = DetectOrThrow(data);
        fixed (byte* pointer = data)
        {
            using SKCodec codec = Open(pointer, data, format);
            ImageInfo info = Describe(codec, format);
            int width = info.StoredWidth;
            int height = info.StoredHeight;
            byte[] pixels = new byte[checked(width * height * RgbaImage.BytesPerPixel)];
            var target = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            SKCodecResult result;
            fixed (byte* destination = pixels)
            {
                result = codec.GetPixels(target, (IntPtr)destination);
            }

            if (result != SKCodecResult.Success)
            {
                throw new ImageDecodeException($"{Describe(format)}: {Reason(result, data, format)} while decoding the {width}x{height} pixels.");
            }

            RgbaImage image = RgbaImage.Wrap(width, height, pixels);
            return Options.ApplyExifOrientation ? Orientation.Apply(image, info.Orientation) : image;
        }
    }

    private static ImageFormat DetectOrThrow(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new UnknownImageFormatException("The input is empty.");
        }

        return ImageFormats.Detect(data) ?? throw new UnknownImageFormatException(
            $"Unrecognised image format: the leading bytes {Convert.ToHexString(data[..Math.Min(8, data.Length)])} are not a JPEG, PNG, WebP, GIF or BMP signature.");
    }

    private static unsafe SKCodec Open(byte* pointer, ReadOnlySpan<byte> bytes, ImageFormat format)
    {
        // The SKData wraps the caller's pinned bytes without copying; the codec owns the stream that reads them.
        using SKData data = SKData.Create((IntPtr)pointer, bytes.Length);
        var stream = new SKMemoryStream(data);
        SKCodec? codec = SKCodec.Create(stream, out SKCodecResult result);
        if (codec is null)
        {
            stream.Dispose();
            throw new ImageDecodeException($"{Describe(format)}: {Reason(result, bytes, format)} in the header.", 0);
        }

        if (Map(codec.EncodedFormat) != format)
        {
            codec.Dispose();
            throw new ImageDecodeException($"{Describe(format)}: the file's contents are not {Describe(format)} ({codec.EncodedFormat}).", 0);
        }

        return codec;
    }

    private ImageInfo Describe(SKCodec codec, ImageFormat format)
    {
        SKImageInfo stored = codec.Info;
        int width = stored.Width;
        int height = stored.Height;
        if (width < 1 || height < 1)
        {
            throw new ImageDecodeException($"{Describe(format)}: the header gives an empty size {width}x{height}.", 0);
        }

        if (width > Options.MaxWidth || height > Options.MaxHeight)
        {
            throw new ImageLimitExceededException(
                $"{Describe(format)}: {width}x{height} exceeds the limit of {Options.MaxWidth}x{Options.MaxHeight} pixels.", 0);
        }

        if ((long)width * height > Options.MaxPixelCount)
        {
            throw new ImageLimitExceededException(
                $"{Describe(format)}: {width}x{height} = {(long)width * height} pixels exceeds the limit of {Options.MaxPixelCount} pixels.", 0);
        }

        int orientation = (int)codec.EncodedOrigin is int o and >= 1 and <= 8 ? o : 1;
        bool swap = orientation >= 5;
        return new ImageInfo(format, swap ? height : width, swap ? width : height, orientation, Math.Max(1, codec.FrameCount));
    }

    private static ImageFormat? Map(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Png => ImageFormat.Png,
        SKEncodedImageFormat.Jpeg => ImageFormat.Jpeg,
        SKEncodedImageFormat.Webp => ImageFormat.WebP,
        SKEncodedImageFormat.Gif => ImageFormat.Gif,
        SKEncodedImageFormat.Bmp => ImageFormat.Bmp,
        _ => null,
    };

    private static string Describe(ImageFormat format) => format switch
    {
        ImageFormat.WebP => "WebP",
        _ => format.ToString().ToUpperInvariant(),
    };

    private static string Reason(SKCodecResult result, ReadOnlySpan<byte> data, ImageFormat format) =>
        IsShorterThanDeclared(data, format) ? $"the file is truncated ({data.Length} of {DeclaredLength(data)} bytes)" : Reason(result);

    /// <summary>A WebP file declares its length in the RIFF header; libwebp reports a cut-off one as invalid.</summary>
    private static bool IsShorterThanDeclared(ReadOnlySpan<byte> data, ImageFormat format) =>
        format == ImageFormat.WebP && data.Length >= 8 && DeclaredLength(data) > data.Length;

    private static long DeclaredLength(ReadOnlySpan<byte> data) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) + 8L;

    private static string Reason(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "the file is truncated",
        SKCodecResult.ErrorInInput => "the file is corrupt",
        SKCodecResult.InvalidInput => "the file is invalid",
        SKCodecResult.Unimplemented => "the file uses a feature that is not supported",
        SKCodecResult.InvalidConversion => "the pixels cannot be converted to RGBA",
        SKCodecResult.InvalidScale => "the size is invalid",
        SKCodecResult.InvalidParameters => "the decoder was given invalid parameters",
        SKCodecResult.CouldNotRewind => "the input could not be re-read",
        SKCodecResult.InternalError => "the decoder failed",
        _ => $"decoding failed ({result})",
    };
}
