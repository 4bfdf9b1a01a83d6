using Neptune.Imaging.Codecs;

namespace Neptune.Imaging.Tests.Jpeg;

/// <summary>
/// orient-N.jpg carries EXIF orientation N over the same pixels as orient-1.jpg; orient-N.ppm is djpeg's decode of
/// orient-1.jpg turned upright by ImageMagick (see make-fixtures.sh).
/// </summary>
public sealed class JpegOrientationTests
{
    [Theory]
    [InlineData(1, 40, 24)]
    [InlineData(2, 40, 24)]
    [InlineData(3, 40, 24)]
    [InlineData(4, 40, 24)]
    [InlineData(5, 24, 40)]
    [InlineData(6, 24, 40)]
    [InlineData(7, 24, 40)]
    [InlineData(8, 24, 40)]
    public void Decode_ExifOrientation_ProducesUprightImage(int orientation, int width, int height)
    {
        RgbaImage image = new SkiaImageDecoder().Decode(JpegFixtures.Read($"orient-{orientation}.jpg"));
        RgbaImage expected = JpegFixtures.ReadReference($"orient-{orientation}");

        Assert.Equal(width, image.Width);
        Assert.Equal(height, image.Height);
        Assert.True(image.PixelsEqual(expected), $"orientation {orientation}: max difference {JpegFixtures.Difference(image, expected).Max}");
    }

    [Fact]
    public void Decode_OrientationDisabled_KeepsStoredPixels()
    {
        var decoder = new SkiaImageDecoder(new ImageDecoderOptions { ApplyExifOrientation = false });

        RgbaImage image = decoder.Decode(JpegFixtures.Read("orient-6.jpg"));

        Assert.True(image.PixelsEqual(JpegFixtures.ReadReference("orient-1")));
    }

    [Theory]
    [InlineData(1, 40, 24)]
    [InlineData(3, 40, 24)]
    [InlineData(6, 24, 40)]
    [InlineData(8, 24, 40)]
    public void Identify_ExifOrientation_ReportsUprightSizeAndOrientation(int orientation, int width, int height)
    {
        ImageInfo info = new SkiaImageDecoder().Identify(JpegFixtures.Read($"orient-{orientation}.jpg"));

        Assert.Equal(new ImageInfo(ImageFormat.Jpeg, width, height, orientation, 1), info);
    }

    [Fact]
    public void Decode_CorruptExifSegment_DecodesUpright()
    {
        byte[] data = JpegFixtures.Read("orient-6.jpg");
        data[6 + 6] = (byte)'X'; // break the TIFF byte-order mark after "Exif\0\0"

        RgbaImage image = new SkiaImageDecoder().Decode(data);

        Assert.True(image.PixelsEqual(JpegFixtures.ReadReference("orient-1")));
    }
}
