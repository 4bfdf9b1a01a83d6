using Neptune.Imaging.Jpeg;

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
        RgbaImage image = new JpegDecoder().Decode(JpegFixtures.Read($"orient-{orientation}.jpg"));
        RgbaImage expected = JpegFixtures.ReadReference($"orient-{orientation}");

        Assert.Equal(width, image.Width);
        Assert.Equal(height, image.Height);
        Assert.True(image.PixelsEqual(expected), $"orientation {orientation}: max difference {JpegFixtures.Difference(image, expected).Max}");
    }

    [Fact]
    public void Decode_OrientationDisabled_KeepsStoredPixels()
    {
        var decoder = new JpegDecoder(new JpegDecoderOptions { ApplyExifOrientation = false });

        RgbaImage image = decoder.Decode(JpegFixtures.Read("orient-6.jpg"));

        Assert.True(image.PixelsEqual(JpegFixtures.ReadReference("orient-1")));
    }

    [Fact]
    public void ReadOrientation_LittleEndianTiffWithOtherTagsFirst_FindsTag()
    {
        byte[] tiff =
        [
            (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0,
            2, 0,
            0x0F, 0x01, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0,
            0x12, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0,
            0, 0, 0, 0,
        ];

        Assert.Equal(8, JpegExif.ReadOrientation(tiff));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void ReadOrientation_ValueOutOfRange_ReturnsUpright(int value)
    {
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)value, 0, 0];

        Assert.Equal(1, JpegExif.ReadOrientation(tiff));
    }

    [Fact]
    public void ReadOrientation_IfdOffsetPastEnd_ReturnsUpright()
    {
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0x7F, 0xFF, 0xFF, 0xFF, 0, 1];

        Assert.Equal(1, JpegExif.ReadOrientation(tiff));
    }

    [Fact]
    public void Decode_CorruptExifSegment_DecodesUpright()
    {
        byte[] data = JpegFixtures.Read("orient-6.jpg");
        data[6 + 6] = (byte)'X'; // break the TIFF byte-order mark after "Exif\0\0"

        RgbaImage image = new JpegDecoder().Decode(data);

        Assert.True(image.PixelsEqual(JpegFixtures.ReadReference("orient-1")));
    }
}
