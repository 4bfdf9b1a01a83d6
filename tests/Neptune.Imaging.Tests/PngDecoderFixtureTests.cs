using Neptune.Imaging.Codecs;

namespace Neptune.Imaging.Tests;

/// <summary>Decodes files written by ImageMagick, pngcrush, optipng and craft.py and compares with ImageMagick's decode.</summary>
public sealed class PngDecoderFixtureTests
{
    public static TheoryData<string, int, int> AllFixtures() => new()
    {
        { "gray1", 13, 11 },
        { "gray2", 13, 11 },
        { "gray4", 13, 11 },
        { "gray8", 13, 11 },
        { "gray16", 13, 11 },
        { "gray2-trns", 13, 11 },
        { "gray8-trns", 13, 11 },
        { "rgb8", 13, 11 },
        { "rgb16", 13, 11 },
        { "rgb8-trns", 13, 11 },
        { "rgb16-trns", 13, 11 },
        { "pal1", 13, 11 },
        { "pal2", 13, 11 },
        { "pal4", 13, 11 },
        { "pal8", 13, 11 },
        { "pal8-trns", 13, 11 },
        { "graya8", 13, 11 },
        { "graya16", 13, 11 },
        { "rgba8", 13, 11 },
        { "rgba16", 13, 11 },
        { "rgba8-adam7", 13, 11 },
        { "rgb16-adam7", 13, 11 },
        { "gray1-adam7", 13, 11 },
        { "pal4-adam7", 13, 11 },
        { "rgb8-adam7-3x2", 3, 2 },
        { "rgba8-pngcrush", 13, 11 },
        { "rgb8-optipng", 13, 11 },
        { "rgba8-multi-idat", 13, 11 },
    };

    public static TheoryData<string> SixteenBitFixtures() =>
        new() { "gray16", "graya16", "rgb16", "rgb16-adam7", "rgb16-trns", "rgba16" };

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Decode_Fixture_MatchesImageMagickPixels(string name, int width, int height)
    {
        RgbaImage image = new SkiaImageDecoder().Decode(Fixtures.Read(name + ".png"));
        byte[] expected = Fixtures.Read(name + ".rgba");

        // ImageMagick 6 truncates 16-bit samples where we round (see make-fixtures.sh): allow 1 there, 0 elsewhere.
        int tolerance = name.Contains("16", StringComparison.Ordinal) ? 1 : 0;
        Assert.Equal(width, image.Width);
        Assert.Equal(height, image.Height);
        Assert.Equal(expected.Length, image.Pixels.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            int difference = Math.Abs(image.Pixels[i] - expected[i]);
            Assert.True(
                difference <= tolerance,
                $"Pixel {i / 4} channel {i % 4}: got {image.Pixels[i]}, expected {expected[i]}.");
        }
    }

    [Theory]
    [MemberData(nameof(SixteenBitFixtures))]
    public void Decode_SixteenBitFixture_KeepsTheHighByteOfEachSample(string name)
    {
        RgbaImage image = new SkiaImageDecoder().Decode(Fixtures.Read(name + ".png"));
        byte[] wide = Fixtures.Read(name + ".rgba16");

        Assert.Equal(wide.Length, image.Pixels.Length * 2);
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            int sample = (wide[2 * i] << 8) | wide[(2 * i) + 1];
            int expected = sample >> 8;
            Assert.True(
                image.Pixels[i] == expected,
                $"Pixel {i / 4} channel {i % 4}: 16-bit {sample} decoded as {image.Pixels[i]}, expected {expected}.");
        }
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void EncodeThenDecode_Fixture_RoundTripsExactly(string name, int width, int height)
    {
        RgbaImage image = new SkiaImageDecoder().Decode(Fixtures.Read(name + ".png"));

        RgbaImage again = new SkiaImageDecoder().Decode(new PngEncoder().Encode(image));

        Assert.Equal((width, height), (again.Width, again.Height));
        Assert.True(again.PixelsEqual(image));
    }

    [Theory]
    [InlineData("rgba8-adam7", "rgba8")]
    [InlineData("rgb16-adam7", "rgb16")]
    [InlineData("gray1-adam7", "gray1")]
    [InlineData("pal4-adam7", "pal4")]
    [InlineData("rgba8-pngcrush", "rgba8")]
    [InlineData("rgb8-optipng", "rgb8")]
    public void Decode_InterlacedOrRecompressedFixture_EqualsItsPlainCounterpart(string variant, string plain)
    {
        var decoder = new SkiaImageDecoder();

        Assert.True(decoder.Decode(Fixtures.Read(variant + ".png")).PixelsEqual(decoder.Decode(Fixtures.Read(plain + ".png"))));
    }

    [Fact]
    public void Decode_TransparencyKeyFixtures_MakeOnlyKeyedPixelsTransparent()
    {
        RgbaImage gray = new SkiaImageDecoder().Decode(Fixtures.Read("gray8-trns.png"));
        RgbaImage rgb16 = new SkiaImageDecoder().Decode(Fixtures.Read("rgb16-trns.png"));

        // craft.py keys grey on the sample at (3, 2) and RGB16 on (10000, 12000, 0x1234) = pixel (2, 2).
        Assert.Equal(0, gray.GetPixel(3, 2).A);
        Assert.Equal(0, rgb16.GetPixel(2, 2).A);
        Assert.Equal(255, rgb16.GetPixel(3, 2).A);
        Assert.Equal(1, CountTransparent(rgb16));
    }

    [Fact]
    public void Decode_Gray16_KeepsTheHighByte()
    {
        // libpng reduces 16-bit samples to their high byte: 0x1280 -> 0x12 = 18 and 0x13FF -> 0x13 = 19.
        byte[] png = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(2, 1, 16, 0))
            .Chunk("IDAT", PngBuilder.Zlib([0, 0x12, 0x80, 0x13, 0xFF]))
            .End()
            .ToArray();

        RgbaImage image = new SkiaImageDecoder().Decode(png);

        Assert.Equal(new Rgba32(18, 18, 18), image.GetPixel(0, 0));
        Assert.Equal(new Rgba32(19, 19, 19), image.GetPixel(1, 0));
    }

    [Fact]
    public void Decode_PaletteIndexBeyondPalette_DecodesWithoutError()
    {
        byte[] png = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(2, 1, 8, 3))
            .Chunk("PLTE", [1, 2, 3])
            .Chunk("IDAT", PngBuilder.Zlib([0, 0, 7]))
            .End()
            .ToArray();

        RgbaImage image = new SkiaImageDecoder().Decode(png);

        Assert.Equal(new Rgba32(1, 2, 3), image.GetPixel(0, 0));
        Assert.Equal(255, image.GetPixel(1, 0).A);
    }

    [Fact]
    public void Decode_UnknownAncillaryChunk_IsSkipped()
    {
        byte[] png = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(2, 2, 8, 0))
            .Chunk("zzZz", [1, 2, 3])
            .Chunk("IDAT", PngBuilder.Zlib([0, 10, 20, 0, 30, 40]))
            .Chunk("abCd", [])
            .End()
            .Raw([1, 2, 3]) // Trailing bytes after IEND are ignored.
            .ToArray();

        RgbaImage image = new SkiaImageDecoder().Decode(png);

        Assert.Equal(new Rgba32(40, 40, 40), image.GetPixel(1, 1));
    }

    [Fact]
    public void Decode_EmptyIdatChunksAroundData_AreAccepted()
    {
        byte[] z = PngBuilder.Zlib([0, 10, 20, 0, 30, 40]);
        byte[] png = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(2, 2, 8, 0))
            .Chunk("IDAT", [])
            .Chunk("IDAT", z.AsSpan(0, 3))
            .Chunk("IDAT", [])
            .Chunk("IDAT", z.AsSpan(3))
            .End()
            .ToArray();

        Assert.Equal(new Rgba32(30, 30, 30), new SkiaImageDecoder().Decode(png).GetPixel(0, 1));
    }

    [Fact]
    public async Task DecodeAsync_FixtureStream_MatchesSpanDecode()
    {
        byte[] bytes = Fixtures.Read("rgba8-adam7.png");
        await using var stream = new MemoryStream(bytes);

        RgbaImage fromStream = await ImageCodecs.Default.DecodeAsync(stream, CancellationToken.None);

        Assert.True(fromStream.PixelsEqual(ImageCodecs.Default.Decode(bytes)));
    }

    private static int CountTransparent(RgbaImage image)
    {
        int n = 0;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                n += image.GetPixel(x, y).A == 0 ? 1 : 0;
            }
        }

        return n;
    }
}
