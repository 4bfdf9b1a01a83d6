namespace Neptune.Imaging.Tests;

public sealed class RgbaImageTests
{
    [Fact]
    public void Constructor_NewImage_IsTransparentBlackWithRgbaLayout()
    {
        var image = new RgbaImage(3, 2);

        Assert.Equal(3 * 2 * 4, image.Pixels.Length);
        Assert.Equal(new Rgba32(0, 0, 0, 0), image.GetPixel(2, 1));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(-5, 3)]
    [InlineData(65536, 1)]
    [InlineData(1, 65536)]
    [InlineData(65535, 65535)]
    public void Constructor_SizeOutsideLimits_Throws(int width, int height)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RgbaImage(width, height));
        Assert.False(RgbaImage.IsValidSize(width, height));
    }

    [Fact]
    public void SetPixel_ThenGetPixel_WritesRowMajorRgbaBytes()
    {
        var image = new RgbaImage(3, 2);

        image.SetPixel(1, 1, new Rgba32(10, 20, 30, 40));

        Assert.Equal(new Rgba32(10, 20, 30, 40), image.GetPixel(1, 1));
        Assert.Equal([10, 20, 30, 40], image.Pixels.Slice(((1 * 3) + 1) * 4, 4).ToArray());
        Assert.Equal([10, 20, 30, 40], image.GetRow(1).Slice(4, 4).ToArray());
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(3, 0)]
    [InlineData(0, 2)]
    public void GetPixel_OutsideImage_Throws(int x, int y)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RgbaImage(3, 2).GetPixel(x, y));
    }

    [Fact]
    public void Clone_ThenModifyOriginal_LeavesCloneUnchanged()
    {
        var image = new RgbaImage(2, 2, new Rgba32(1, 2, 3));
        RgbaImage clone = image.Clone();

        image.SetPixel(0, 0, new Rgba32(9, 9, 9));

        Assert.Equal(new Rgba32(1, 2, 3), clone.GetPixel(0, 0));
        Assert.False(clone.PixelsEqual(image));
    }

    [Fact]
    public void Fill_Colour_SetsEveryPixel()
    {
        var image = new RgbaImage(4, 3, new Rgba32(5, 6, 7, 8));

        for (int i = 0; i < image.Pixels.Length; i += 4)
        {
            Assert.Equal([5, 6, 7, 8], image.Pixels.Slice(i, 4).ToArray());
        }
    }

    [Fact]
    public void FromPixels_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => RgbaImage.FromPixels(2, 2, new byte[15]));
        Assert.Equal(new Rgba32(1, 2, 3, 4), RgbaImage.FromPixels(1, 1, [1, 2, 3, 4]).GetPixel(0, 0));
    }

    [Fact]
    public void Rgba32_ToString_IsHexRgba()
    {
        Assert.Equal("#0A14FF80", new Rgba32(10, 20, 255, 128).ToString());
    }

    [Fact]
    public void PixelRect_Intersect_ClipsAndHandlesDisjoint()
    {
        Assert.Equal(new PixelRect(0, 0, 3, 2), new PixelRect(-2, -1, 5, 3).Intersect(new PixelRect(0, 0, 10, 10)));
        Assert.True(new PixelRect(20, 0, 5, 5).Intersect(new PixelRect(0, 0, 10, 10)).IsEmpty);
        Assert.Equal(new PixelRect(1, 2, 3, 4), PixelRect.FromBox(1.2, 2.9, 3.1, 5.5));
        Assert.True(PixelRect.FromBox(double.NaN, 0, 1, 1).IsEmpty);
    }
}
