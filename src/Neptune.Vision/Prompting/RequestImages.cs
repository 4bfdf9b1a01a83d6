using System.IO.Compression;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;

namespace Neptune.Vision.Prompting;

/// <summary>
/// How pictures are encoded into model requests: lossless PNG at zlib's fastest level. The model sees exactly the
/// pixels the default level would send; on a 480 × 320 CLEVR picture the encoding takes about a quarter of the time
/// (31.9 → 8.7 ms here) for about 5% more bytes (docs/PERFORMANCE.md). Cache keys hash the pixels, never these bytes.
/// </summary>
internal static class RequestImages
{
    private static readonly PngEncoder Png = new(new PngEncoderOptions { CompressionLevel = CompressionLevel.Fastest });

    /// <summary>The encoder, for data URIs (<see cref="ImageExtensions.ToDataUri"/>).</summary>
    public static IImageEncoder Encoder => Png;

    /// <summary>The MIME type of <see cref="Encode"/>'s bytes.</summary>
    public const string MimeType = PngEncoder.PngMimeType;

    /// <summary>Encodes a picture for a request.</summary>
    /// <param name="image">The picture.</param>
    /// <returns>PNG bytes.</returns>
    public static byte[] Encode(RgbaImage image) => Png.Encode(image);
}
