using Neptune.Imaging.Codecs;
using Neptune.Imaging.Tests.Jpeg;

namespace Neptune.Imaging.Tests;

/// <summary>
/// WebP, GIF and BMP files written by cwebp and ImageMagick (Fixtures/formats/make-fixtures.sh), decoded through the
/// default codecs and compared with the PNG or PPM they were made from.
/// </summary>
public sealed class ImageFormatTests
{
    private static byte[] Read(string name) => Fixtures.Read(Path.Combine("formats", name));

    [Theory]
    [InlineData("rgb8-lossless.webp", "rgb8.png")]
    [InlineData("pal8.gif", "pal8.png")]
    [InlineData("rgb8.bmp", "rgb8.png")]
    [InlineData("rgba8.bmp", "rgba8.png")]
    public void Decode_LosslessFile_EqualsTheSourcePixels(string file, string source)
    {
        RgbaImage image = ImageCodecs.Default.Decode(Read(file));
        RgbaImage expected = ImageCodecs.Default.Decode(Fixtures.Read(source));

        Assert.Equal((expected.Width, expected.Height), (image.Width, image.Height));
        Assert.True(image.PixelsEqual(expected), $"{file}: largest difference {JpegFixtures.Difference(image, expected).Max}");
    }

    [Fact]
    public void Decode_LossyWebP_IsCloseToTheSource()
    {
        RgbaImage image = ImageCodecs.Default.Decode(Read("photo-lossy.webp"));
        RgbaImage source = JpegFixtures.ReadReference("baseline-444");

        (int _, double mean) = JpegFixtures.Difference(image, source);
        Assert.True(mean < 8, $"mean difference {mean:F2}"); // the source is noisy; a wrong decode differs by tens
    }

    [Theory]
    [InlineData("rgb8-lossless.webp", ImageFormat.WebP, 13, 11, 1)]
    [InlineData("photo-lossy.webp", ImageFormat.WebP, 48, 32, 1)]
    [InlineData("pal8.gif", ImageFormat.Gif, 13, 11, 1)]
    [InlineData("animated.gif", ImageFormat.Gif, 8, 6, 3)]
    [InlineData("rgb8.bmp", ImageFormat.Bmp, 13, 11, 1)]
    public void Identify_File_ReportsFormatSizeAndFrames(string file, ImageFormat format, int width, int height, int frames)
    {
        Assert.Equal(new ImageInfo(format, width, height, 1, frames), ImageCodecs.Default.Identify(Read(file)));
    }

    [Fact]
    public void Identify_PngAndJpeg_ReportFormat()
    {
        Assert.Equal(new ImageInfo(ImageFormat.Png, 13, 11, 1, 1), ImageCodecs.Default.Identify(Fixtures.Read("rgb8.png")));
        Assert.Equal(new ImageInfo(ImageFormat.Jpeg, 48, 32, 1, 1), ImageCodecs.Default.Identify(JpegFixtures.Read("baseline-420.jpg")));
    }

    [Fact]
    public void Decode_AnimatedGif_GivesTheFirstFrame()
    {
        RgbaImage image = ImageCodecs.Default.Decode(Read("animated.gif"));

        Assert.Equal(new Rgba32(255, 0, 0), image.GetPixel(0, 0));
        Assert.Equal(new Rgba32(255, 0, 0), image.GetPixel(7, 5));
    }

    [Theory]
    [InlineData(ImageFormat.Png, "image/png", "png")]
    [InlineData(ImageFormat.Jpeg, "image/jpeg", "jpeg")]
    [InlineData(ImageFormat.WebP, "image/webp", "webp")]
    [InlineData(ImageFormat.Gif, "image/gif", "gif")]
    [InlineData(ImageFormat.Bmp, "image/bmp", "bmp")]
    public void Format_Names_AreTheUsualOnes(ImageFormat format, string mime, string name)
    {
        Assert.Equal(mime, format.MimeType());
        Assert.Equal(name, format.Name());
    }

    [Fact]
    public void JpegEncoder_Photo_DecodesCloseToTheOriginal()
    {
        RgbaImage source = JpegFixtures.ReadReference("baseline-444");

        byte[] jpeg = ImageCodecs.Default.Encode(source, "image/jpeg");
        RgbaImage decoded = ImageCodecs.Default.Decode(jpeg);

        Assert.Equal(ImageFormat.Jpeg, ImageFormats.Detect(jpeg));
        (int _, double mean) = JpegFixtures.Difference(decoded, source);
        Assert.True(mean < 8, $"mean difference {mean:F2}"); // the source is noisy; a wrong decode differs by tens
    }

    [Fact]
    public void JpegEncoder_LowerQuality_GivesSmallerFile()
    {
        RgbaImage source = JpegFixtures.ReadReference("baseline-444");

        Assert.True(new JpegEncoder(30).Encode(source).Length < new JpegEncoder(95).Encode(source).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => new JpegEncoder(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JpegEncoder(101));
    }
}
