using System.Buffers.Binary;
using Neptune.Imaging.Codecs;

namespace Neptune.Imaging.Tests;

public sealed class PngEncoderTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 3, 2)]
    [InlineData(64, 48, 3)]
    [InlineData(300, 5, 4)]
    public void EncodeThenDecode_RandomRgba_RoundTripsExactly(int width, int height, int seed)
    {
        RgbaImage image = RandomImage(width, height, seed, opaque: false);

        RgbaImage decoded = new SkiaImageDecoder().Decode(new PngEncoder().Encode(image));

        Assert.True(decoded.PixelsEqual(image));
    }

    [Fact]
    public void EncodeThenDecode_SmoothGradient_RoundTripsExactly()
    {
        var image = new RgbaImage(97, 61);
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                image.SetPixel(x, y, new Rgba32((byte)(x * 2), (byte)(y * 4), (byte)(x + y), 255));
            }
        }

        byte[] png = new PngEncoder().Encode(image);

        Assert.True(new SkiaImageDecoder().Decode(png).PixelsEqual(image));
        Assert.True(png.Length < image.Pixels.Length / 4, $"gradient compressed to {png.Length} bytes");
    }

    [Fact]
    public void Encode_OpaqueImageInAutoMode_WritesRgbColourType()
    {
        byte[] png = new PngEncoder().Encode(RandomImage(5, 5, 9, opaque: true));

        Assert.Equal(2, png[8 + 8 + 9]);
        Assert.Equal(8, png[8 + 8 + 8]);
    }

    [Fact]
    public void Encode_TranslucentImageInAutoMode_WritesRgbaColourType()
    {
        byte[] png = new PngEncoder().Encode(RandomImage(5, 5, 9, opaque: false));

        Assert.Equal(6, png[8 + 8 + 9]);
    }

    [Fact]
    public void Encode_RgbMode_DropsAlpha()
    {
        var image = new RgbaImage(2, 1, new Rgba32(10, 20, 30, 40));

        RgbaImage decoded = new SkiaImageDecoder().Decode(new PngEncoder(new PngEncoderOptions { ColorMode = PngColorMode.Rgb }).Encode(image));

        Assert.Equal(new Rgba32(10, 20, 30, 255), decoded.GetPixel(1, 0));
    }

    [Fact]
    public void Encode_RgbaModeOnOpaqueImage_KeepsAlphaChannel()
    {
        byte[] png = new PngEncoder(new PngEncoderOptions { ColorMode = PngColorMode.Rgba }).Encode(new RgbaImage(2, 2, new Rgba32(1, 2, 3)));

        Assert.Equal(6, png[8 + 8 + 9]);
    }

    [Fact]
    public void Encode_Output_HasSignatureHeaderAndValidChunkStructure()
    {
        byte[] png = new PngEncoder().Encode(RandomImage(40, 30, 1, opaque: false));

        Assert.Equal(ImageFormat.Png, ImageFormats.Detect(png));
        var types = new List<string>();
        int pos = 8;
        while (pos < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            types.Add(System.Text.Encoding.ASCII.GetString(png, pos + 4, 4));
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            Assert.Equal(Crc32.Compute(png.AsSpan(pos + 4, length + 4)), crc);
            pos += 12 + length;
        }

        Assert.Equal(png.Length, pos);
        Assert.Equal("IHDR", types[0]);
        Assert.Equal("IEND", types[^1]);
        Assert.Contains("IDAT", types);
    }

    [Fact]
    public void Encode_SameImageTwice_IsDeterministic()
    {
        RgbaImage image = RandomImage(33, 17, 5, opaque: false);

        Assert.Equal(new PngEncoder().Encode(image), new PngEncoder().Encode(image));
    }

    [Fact]
    public void Encode_ToStream_MatchesByteArrayOverload()
    {
        RgbaImage image = RandomImage(8, 8, 3, opaque: true);
        using var stream = new MemoryStream();

        new PngEncoder().Encode(image, stream);

        Assert.Equal(new PngEncoder().Encode(image), stream.ToArray());
    }

    [Fact]
    public void Constructor_UndefinedColourMode_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PngEncoder(new PngEncoderOptions { ColorMode = (PngColorMode)9 }));
    }

    internal static RgbaImage RandomImage(int width, int height, int seed, bool opaque)
    {
        var random = new Random(seed);
        var image = new RgbaImage(width, height);
        random.NextBytes(image.Pixels);
        if (opaque)
        {
            for (int i = 3; i < image.Pixels.Length; i += 4)
            {
                image.Pixels[i] = 255;
            }
        }

        return image;
    }
}
