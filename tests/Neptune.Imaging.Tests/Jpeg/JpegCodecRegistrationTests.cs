using Neptune.Imaging.Codecs;

namespace Neptune.Imaging.Tests.Jpeg;

public sealed class JpegCodecRegistrationTests
{
    [Fact]
    public void Decode_JpegBytesThroughDefaultCodecs_UsesJpegDecoder()
    {
        byte[] data = JpegFixtures.Read("baseline-422.jpg");

        RgbaImage image = ImageCodecs.Default.Decode(data);

        Assert.IsType<SkiaImageDecoder>(ImageCodecs.Default.FindDecoder(data));
        Assert.True(image.PixelsEqual(JpegFixtures.ReadReference("baseline-422")));
    }

    [Fact]
    public async Task DecodeAsync_JpegStream_DecodesIt()
    {
        using var stream = new MemoryStream(JpegFixtures.Read("progressive-420.jpg"));

        RgbaImage image = await ImageCodecs.Default.DecodeAsync(stream);

        Assert.True(image.PixelsEqual(JpegFixtures.ReadReference("progressive-420")));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF }, true)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDB }, true)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0x00 }, false)]
    [InlineData(new byte[] { 0xFF, 0xD8 }, false)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E }, false)]
    public void CanDecode_LeadingBytes_RequiresSoiAndMarkerPrefix(byte[] header, bool expected)
    {
        Assert.Equal(expected, new SkiaImageDecoder().CanDecode(header));
    }
}
