using System.Buffers.Binary;
using System.Diagnostics;
using Neptune.Imaging.Codecs;
using Neptune.Imaging.Tests.Jpeg;

namespace Neptune.Imaging.Tests;

/// <summary>
/// Corrupt, truncated, empty, huge and non-image inputs, made from the real fixture files: every one is a typed
/// <see cref="ImageDecodeException"/> with a message naming the format and the problem, never a crash or another
/// exception type.
/// </summary>
public sealed class DecodeErrorTests
{
    public static TheoryData<string> RealFiles() => new()
    {
        "rgba8.png", "rgb16-adam7.png", "pal4.png", "jpeg/baseline-420.jpg", "jpeg/progressive-420.jpg", "jpeg/orient-6.jpg",
        "formats/photo-lossy.webp", "formats/rgb8-lossless.webp", "formats/pal8.gif", "formats/animated.gif", "formats/rgb8.bmp",
    };

    [Fact]
    public void Decode_Empty_IsUnknownFormat()
    {
        var ex = Assert.Throws<UnknownImageFormatException>(() => new SkiaImageDecoder().Decode([]));

        Assert.Equal("The input is empty.", ex.Message);
    }

    [Theory]
    [InlineData("%PDF-1.7\n%", "255044462D312E37")]
    [InlineData("{\"scenes\": []}", "7B227363656E6573")]
    [InlineData("II*\0", "49492A00")]
    public void Decode_NonImage_IsUnknownFormatNamingTheLeadingBytes(string text, string hex)
    {
        byte[] data = System.Text.Encoding.ASCII.GetBytes(text);

        var ex = Assert.Throws<UnknownImageFormatException>(() => new SkiaImageDecoder().Decode(data));

        Assert.Contains(hex, ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a JPEG, PNG, WebP, GIF or BMP signature", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rgba8.png", "PNG")]
    [InlineData("jpeg/baseline-420.jpg", "JPEG")]
    [InlineData("formats/photo-lossy.webp", "WebP")]
    [InlineData("formats/pal8.gif", "GIF")]
    [InlineData("formats/rgb8.bmp", "BMP")]
    public void Decode_TruncatedToHalf_IsTypedTruncationError(string file, string format)
    {
        byte[] data = Fixtures.Read(file);

        var ex = Assert.ThrowsAny<ImageDecodeException>(() => new SkiaImageDecoder().Decode(data[..(data.Length / 2)]));

        Assert.IsNotType<UnknownImageFormatException>(ex);
        Assert.StartsWith(format + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RealFiles))]
    public void Decode_EveryTruncation_RaisesTypedErrorOrDecodes(string file)
    {
        byte[] data = Fixtures.Read(file);
        var decoder = new SkiaImageDecoder();
        for (int length = 0; length < data.Length; length += Math.Max(1, data.Length / 97))
        {
            try
            {
                RgbaImage image = decoder.Decode(data[..length]);
                Assert.True(image.Width > 0 && image.Height > 0);
            }
            catch (ImageDecodeException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
        }
    }

    [Fact]
    public void Decode_PngWithCorruptImageData_IsTypedCorruptionError()
    {
        byte[] data = Fixtures.Read("rgba8.png");
        int idat = IndexOf(data, "IDAT"u8);
        for (int i = idat + 8; i < idat + 40; i++)
        {
            data[i] ^= 0x5A;
        }

        var ex = Assert.ThrowsAny<ImageDecodeException>(() => new SkiaImageDecoder().Decode(data));

        Assert.StartsWith("PNG: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_HugePngHeader_FailsOnLimitBeforeAllocating()
    {
        // A real file whose header claims 60000 x 60000 (14 GB of RGBA): the limit must trip on the header alone.
        byte[] png = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(60000, 60000, 8, 6))
            .Chunk("IDAT", PngBuilder.Zlib(new byte[64]))
            .End()
            .ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<ImageLimitExceededException>(() => new SkiaImageDecoder().Decode(png));

        Assert.Equal("PNG: 60000x60000 exceeds the limit of 16384x16384 pixels.", ex.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the pixel buffer was allocated");
    }

    [Fact]
    public void Decode_HugeJpegHeader_FailsOnLimitBeforeAllocating()
    {
        byte[] data = Fixtures.Read("jpeg/baseline-420.jpg");
        int sof = IndexOf(data, [0xFF, 0xC0]);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(sof + 5), 40000); // height
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(sof + 7), 40000); // width
        var watch = Stopwatch.StartNew();

        var ex = Assert.Throws<ImageLimitExceededException>(() => ImageCodecs.Default.Decode(data));

        Assert.Equal("JPEG: 40000x40000 exceeds the limit of 16384x16384 pixels.", ex.Message);
        Assert.Throws<ImageLimitExceededException>(() => ImageCodecs.Default.Identify(data));
    }

    [Fact]
    public void Decode_PixelCountOverConfiguredLimit_IsLimitError()
    {
        var decoder = new SkiaImageDecoder(new ImageDecoderOptions { MaxPixelCount = 1000 });

        var ex = Assert.Throws<ImageLimitExceededException>(() => decoder.Decode(JpegFixtures.Read("baseline-420.jpg")));

        Assert.Equal("JPEG: 48x32 = 1536 pixels exceeds the limit of 1000 pixels.", ex.Message);
        Assert.Equal(13, decoder.Decode(Fixtures.Read("rgb8.png")).Width); // 143 pixels: within the limit
    }

    [Fact]
    public void Decode_WidthOverConfiguredLimit_IsLimitErrorForEveryFormat()
    {
        var decoder = new SkiaImageDecoder(new ImageDecoderOptions { MaxWidth = 8 });

        foreach (string file in new[] { "rgb8.png", "formats/rgb8-lossless.webp", "formats/pal8.gif", "formats/rgb8.bmp", "jpeg/tiny-420.jpg" })
        {
            if (file == "jpeg/tiny-420.jpg")
            {
                Assert.Equal(3, decoder.Decode(Fixtures.Read(file)).Width); // 3 x 5: within the limit
                continue;
            }

            Assert.Throws<ImageLimitExceededException>(() => decoder.Decode(Fixtures.Read(file)));
        }
    }

    [Fact]
    public void Decode_WrongContentsBehindASignature_IsTypedError()
    {
        byte[] data = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

        var ex = Assert.ThrowsAny<ImageDecodeException>(() => new SkiaImageDecoder().Decode(data));

        Assert.StartsWith("PNG: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SkiaImageDecoder(new ImageDecoderOptions { MaxWidth = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SkiaImageDecoder(new ImageDecoderOptions { MaxHeight = RgbaImage.MaxDimension + 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SkiaImageDecoder(new ImageDecoderOptions { MaxPixelCount = RgbaImage.MaxPixelCount + 1 }));
    }

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> value)
    {
        int at = data.AsSpan().IndexOf(value);
        Assert.True(at >= 0);
        return at;
    }
}
