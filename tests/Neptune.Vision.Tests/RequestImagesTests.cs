using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Vision.Prompting;

namespace Neptune.Vision.Tests;

/// <summary>The pictures put into model requests: fast to encode, and exactly the pixels that were drawn.</summary>
public sealed class RequestImagesTests
{
    [Fact]
    public void Encode_DecodesToTheSamePixels_AsAPng()
    {
        var random = new Random(7);
        var image = new RgbaImage(97, 61, new Rgba32(0, 0, 0));
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                image.SetPixel(x, y, new Rgba32((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            }
        }

        byte[] bytes = RequestImages.Encode(image);
        RgbaImage decoded = ImageCodecs.Default.Decode(bytes);

        Assert.Equal("image/png", RequestImages.MimeType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.Equal(image.Width, decoded.Width);
        Assert.Equal(image.Height, decoded.Height);
        Assert.True(image.PixelsEqual(decoded), "a pixel changed in the request encoding");
    }
}
