using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Imaging.Drawing;
using Neptune.Perception;
using Neptune.Testing;

namespace Neptune.Vision.Tests;

/// <summary>Synthetic scenes and the pixel reading a fake VLM does.</summary>
internal static class TestImages
{
    public static readonly Rgba32 Background = new(200, 200, 200);

    /// <summary>A 240×160 gray image with three coloured squares: object 0 blue, 1 yellow, 2 blue.</summary>
    public static (RgbaImage Image, DetectedObject[] Objects) ThreeSquares()
    {
        var image = new RgbaImage(240, 160, Background);
        DetectedObject[] objects =
        [
            new(0, new BoundingBox(20, 40, 70, 90), "square"),
            new(1, new BoundingBox(100, 50, 150, 100), "square"),
            new(2, new BoundingBox(170, 30, 220, 80), "square"),
        ];
        image.FillRectangle(new PixelRect(25, 45, 40, 40), new Rgba32(40, 60, 220));
        image.FillRectangle(new PixelRect(105, 55, 40, 40), new Rgba32(240, 220, 40));
        image.FillRectangle(new PixelRect(175, 35, 40, 40), new Rgba32(40, 60, 220));
        return (image, objects);
    }

    /// <summary>The outer rectangle of the pixels of exactly the given colour, or null.</summary>
    public static PixelRect? FindMark(RgbaImage image, Rgba32 color)
    {
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                if (image.GetPixel(x, y) == color)
                {
                    x0 = Math.Min(x0, x);
                    y0 = Math.Min(y0, y);
                    x1 = Math.Max(x1, x);
                    y1 = Math.Max(y1, y);
                }
            }
        }

        return x1 < 0 ? null : PixelRect.FromEdges(x0, y0, x1 + 1, y1 + 1);
    }

    /// <summary>The mean colour inside a mark, leaving out a band along its edge and the given background colour.</summary>
    public static (double R, double G, double B) MeanInside(RgbaImage image, PixelRect mark, Func<Rgba32, bool> isBackground)
    {
        int bandX = Math.Max(3, mark.Width / 6);
        int bandY = Math.Max(3, mark.Height / 6);
        double r = 0, g = 0, b = 0;
        int n = 0;
        for (int y = mark.Y + bandY; y < mark.Bottom - bandY; y++)
        {
            for (int x = mark.X + bandX; x < mark.Right - bandX; x++)
            {
                Rgba32 p = image.GetPixel(x, y);
                if (!isBackground(p))
                {
                    r += p.R;
                    g += p.G;
                    b += p.B;
                    n++;
                }
            }
        }

        return n == 0 ? (0, 0, 0) : (r / n, g / n, b / n);
    }

    /// <summary>The first image of a request (the full, marked picture).</summary>
    public static RgbaImage FirstImage(FakeChatRequest request) => ImageCodecs.Default.Decode(FakeVision.Images(request)[0]);

    public static bool IsBackground(Rgba32 p) => p == Background;

    /// <summary>"blue" or "yellow" for the synthetic squares: whichever is nearer.</summary>
    public static string SquareColor(RgbaImage image, Rgba32 mark)
    {
        PixelRect? rect = FindMark(image, mark);
        if (rect is null)
        {
            return "none";
        }

        (double r, double g, double b) = MeanInside(image, rect.Value, IsBackground);
        return b > r ? "blue" : "yellow";
    }
}
