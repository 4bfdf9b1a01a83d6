using Neptune.Imaging;
using Neptune.Imaging.Codecs;

namespace Neptune.Testing;

/// <summary>
/// A stand-in for CLIP's image tower behind <see cref="FakeEmbeddingsServer"/>: an image's embedding is its mean colour
/// (r, g, b in [0, 1]), so a crop of a red object lies near the text embedding a test gives "a photo of a red object.".
/// </summary>
public static class FakeClip
{
    /// <summary>The mean colour of an encoded image (PNG, JPEG, …) as a three-dimensional embedding.</summary>
    /// <param name="image">The encoded image, as the embeddings request carries it.</param>
    /// <returns>(mean r, mean g, mean b) / 255.</returns>
    public static float[] MeanColour(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        RgbaImage decoded = ImageCodecs.Default.Decode(image);
        double r = 0, g = 0, b = 0;
        for (int y = 0; y < decoded.Height; y++)
        {
            for (int x = 0; x < decoded.Width; x++)
            {
                Rgba32 p = decoded.GetPixel(x, y);
                r += p.R;
                g += p.G;
                b += p.B;
            }
        }

        double n = 255.0 * decoded.Width * decoded.Height;
        return [(float)(r / n), (float)(g / n), (float)(b / n)];
    }
}
