using Neptune.Imaging.Codecs;

namespace Neptune.Imaging.Tests;

public sealed class ImageTransformsTests
{
    [Fact]
    public void Crop_RegionInside_CopiesThosePixels()
    {
        RgbaImage image = Numbered(5, 4);

        RgbaImage crop = image.Crop(new PixelRect(1, 2, 3, 2));

        Assert.Equal((3, 2), (crop.Width, crop.Height));
        Assert.Equal(image.GetPixel(1, 2), crop.GetPixel(0, 0));
        Assert.Equal(image.GetPixel(3, 3), crop.GetPixel(2, 1));
    }

    [Fact]
    public void Crop_RegionOverlappingEdge_IsClippedToBounds()
    {
        RgbaImage image = Numbered(5, 4);

        RgbaImage crop = image.Crop(new PixelRect(-2, 3, 4, 10));

        Assert.Equal((2, 1), (crop.Width, crop.Height));
        Assert.Equal(image.GetPixel(1, 3), crop.GetPixel(1, 0));
    }

    [Theory]
    [InlineData(5, 0, 2, 2)]
    [InlineData(-3, 0, 3, 2)]
    [InlineData(0, 0, 0, 2)]
    [InlineData(1, 1, -1, 2)]
    public void Crop_RegionOutsideOrEmpty_ThrowsImageOperationException(int x, int y, int width, int height)
    {
        var ex = Assert.Throws<ImageOperationException>(() => Numbered(5, 4).Crop(new PixelRect(x, y, width, height)));

        Assert.Equal($"Crop region (x={x}, y={y}, width={width}, height={height}) does not overlap the 5x4 image.", ex.Message);
    }

    [Fact]
    public void Resize_TwoByTwoToFourByFour_MatchesHandComputedBilinear()
    {
        // Source R: [0 100; 100 200], G: [200 0; 0 0]; sample positions -0.25, 0.25, 0.75, 1.25 clamp to the edges.
        var image = new RgbaImage(2, 2);
        image.SetPixel(0, 0, new Rgba32(0, 200, 0));
        image.SetPixel(1, 0, new Rgba32(100, 0, 0));
        image.SetPixel(0, 1, new Rgba32(100, 0, 0));
        image.SetPixel(1, 1, new Rgba32(200, 0, 0));

        RgbaImage big = image.Resize(4, 4);

        int[,] red =
        {
            { 0, 25, 75, 100 },
            { 25, 50, 100, 125 },
            { 75, 100, 150, 175 },
            { 100, 125, 175, 200 },
        };
        int[,] green =
        {
            { 200, 150, 50, 0 },
            { 150, 113, 38, 0 }, // 112.5 and 37.5 round away from zero.
            { 50, 38, 13, 0 },
            { 0, 0, 0, 0 },
        };
        for (int y = 0; y < 4; y++)
        {
            for (int x = 0; x < 4; x++)
            {
                Assert.Equal(new Rgba32((byte)red[y, x], (byte)green[y, x], 0), big.GetPixel(x, y));
            }
        }
    }

    [Fact]
    public void Resize_HalveEachAxis_AveragesTwoByTwoBlocks()
    {
        var image = new RgbaImage(4, 2);
        byte[] values = [0, 10, 20, 30, 40, 50, 60, 70];
        for (int i = 0; i < 8; i++)
        {
            image.SetPixel(i % 4, i / 4, new Rgba32(values[i], 0, 0));
        }

        RgbaImage small = image.Resize(2, 1);

        Assert.Equal(new Rgba32(25, 0, 0), small.GetPixel(0, 0)); // (0 + 10 + 40 + 50) / 4
        Assert.Equal(new Rgba32(45, 0, 0), small.GetPixel(1, 0)); // (20 + 30 + 60 + 70) / 4
    }

    [Fact]
    public void Resize_ThreeToTwo_InterpolatesAtPixelCentres()
    {
        var image = new RgbaImage(3, 1);
        image.SetPixel(0, 0, new Rgba32(0, 0, 0));
        image.SetPixel(1, 0, new Rgba32(100, 0, 0));
        image.SetPixel(2, 0, new Rgba32(200, 0, 0));

        RgbaImage small = image.Resize(2, 1);

        // Positions 0.25 and 1.75.
        Assert.Equal(25, small.GetPixel(0, 0).R);
        Assert.Equal(175, small.GetPixel(1, 0).R);
    }

    [Fact]
    public void Resize_TransparentNeighbour_DoesNotBleedItsColour()
    {
        var image = new RgbaImage(2, 1);
        image.SetPixel(0, 0, new Rgba32(255, 0, 0, 255));
        image.SetPixel(1, 0, new Rgba32(0, 255, 0, 0));

        RgbaImage big = image.Resize(4, 1);

        Assert.Equal(new Rgba32(255, 0, 0, 191), big.GetPixel(1, 0));
        Assert.Equal(new Rgba32(255, 0, 0, 64), big.GetPixel(2, 0));
        Assert.Equal(new Rgba32(0, 0, 0, 0), big.GetPixel(3, 0));
    }

    [Fact]
    public void Resize_SameSize_ReturnsEqualCopy()
    {
        RgbaImage image = Numbered(3, 3);

        RgbaImage same = image.Resize(3, 3);

        Assert.NotSame(image, same);
        Assert.True(same.PixelsEqual(image));
    }

    [Fact]
    public void Resize_UniformImage_StaysUniformAtAnyScale()
    {
        var image = new RgbaImage(7, 5, new Rgba32(10, 200, 30, 255));

        foreach ((int w, int h) in new[] { (1, 1), (3, 2), (13, 11), (50, 3) })
        {
            RgbaImage resized = image.Resize(w, h);
            Assert.True(resized.PixelsEqual(new RgbaImage(w, h, new Rgba32(10, 200, 30, 255))), $"{w}x{h}");
        }
    }

    [Fact]
    public void Resize_InvalidSize_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Numbered(2, 2).Resize(0, 5));
    }

    [Fact]
    public void ToDataUri_Image_IsBase64PngThatDecodesBack()
    {
        RgbaImage image = Numbered(4, 3);

        string uri = image.ToDataUri();

        Assert.StartsWith("data:image/png;base64,iVBORw0KGgo", uri);
        byte[] png = Convert.FromBase64String(uri["data:image/png;base64,".Length..]);
        Assert.True(new SkiaImageDecoder().Decode(png).PixelsEqual(image));
        Assert.Equal(image.ToPng(), png);
    }

    private static RgbaImage Numbered(int width, int height)
    {
        var image = new RgbaImage(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image.SetPixel(x, y, new Rgba32((byte)x, (byte)y, (byte)((x * 16) + y), 255));
            }
        }

        return image;
    }
}
