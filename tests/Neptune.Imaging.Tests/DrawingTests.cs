using System.Numerics;
using System.Text;
using Neptune.Imaging.Drawing;

namespace Neptune.Imaging.Tests;

public sealed class DrawingTests
{
    private static readonly Rgba32 White = new(255, 255, 255);
    private static readonly Rgba32 Red = new(255, 0, 0);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void DrawRectangle_WholeImageWithThickness_PaintsExactlyTheBorderBand(int thickness)
    {
        var image = new RgbaImage(10, 8, White);

        image.DrawRectangle(image.Bounds, Red, thickness);

        AssertPixels(image, (x, y) => x < thickness || x >= 10 - thickness || y < thickness || y >= 8 - thickness);
    }

    [Fact]
    public void DrawRectangle_PartlyOutsideImage_IsClipped()
    {
        var image = new RgbaImage(10, 8, White);

        // Columns and rows -3..4; with thickness 2 the visible stroke is columns 3-4 and rows 3-4.
        image.DrawRectangle(new PixelRect(-3, -3, 8, 8), Red, 2);

        AssertPixels(image, (x, y) => (x is 3 or 4 && y <= 4) || (y is 3 or 4 && x <= 4));
    }

    [Fact]
    public void DrawRectangle_ThicknessAtLeastHalfTheSize_FillsTheRectangle()
    {
        var image = new RgbaImage(10, 8, White);

        image.DrawRectangle(new PixelRect(2, 2, 4, 3), Red, 2);

        AssertPixels(image, (x, y) => x is >= 2 and < 6 && y is >= 2 and < 5);
    }

    [Fact]
    public void DrawRectangle_TranslucentColour_BlendsEveryStrokePixelOnce()
    {
        var image = new RgbaImage(6, 6, White);

        image.DrawRectangle(image.Bounds, Red.WithAlpha(128), 1);

        // 255 * 127 / 255 = 127 for green and blue; corners are not blended twice.
        var expected = new Rgba32(255, 127, 127);
        Assert.Equal(expected, image.GetPixel(0, 0));
        Assert.Equal(expected, image.GetPixel(5, 5));
        Assert.Equal(expected, image.GetPixel(0, 3));
        Assert.Equal(White, image.GetPixel(2, 2));
    }

    [Fact]
    public void DrawRectangle_InvalidThickness_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RgbaImage(2, 2).DrawRectangle(new PixelRect(0, 0, 2, 2), Red, 0));
    }

    [Fact]
    public void FillRectangle_TranslucentOverTransparent_KeepsStraightColour()
    {
        var image = new RgbaImage(2, 2);

        image.FillRectangle(new PixelRect(0, 0, 1, 1), new Rgba32(200, 100, 50, 128));

        Assert.Equal(new Rgba32(200, 100, 50, 128), image.GetPixel(0, 0));
        Assert.Equal(new Rgba32(0, 0, 0, 0), image.GetPixel(1, 1));
    }

    [Fact]
    public void DrawLabel_Digit_DrawsRealTextInsideItsBox()
    {
        var image = new RgbaImage(60, 40, White);

        PixelRect box = image.DrawLabel("1", 5, 4, Red, NamedColors.Black, 20);

        Assert.Equal(ImageDrawing.MeasureLabel("1", 20), (box.Width, box.Height));
        int ink = 0;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                Rgba32 p = image.GetPixel(x, y);
                bool inside = x >= box.X && x < box.Right && y >= box.Y && y < box.Bottom;
                if (!inside)
                {
                    Assert.Equal(White, p);
                }
                else if (p.R > 128 && p.G < 64)
                {
                    ink++;
                }
            }
        }

        // A 20-pixel digit has tens of fully red pixels; a label drawn as nothing has none.
        Assert.True(ink > 20, $"only {ink} text pixels");
        Assert.Equal(NamedColors.Black, image.GetPixel(box.X, box.Y));
    }

    [Fact]
    public void DrawLabel_DifferentDigits_DrawDifferentGlyphs()
    {
        var one = new RgbaImage(40, 40, White);
        var seven = new RgbaImage(40, 40, White);

        one.DrawLabel("1", 0, 0, NamedColors.Black, White, 24);
        seven.DrawLabel("7", 0, 0, NamedColors.Black, White, 24);

        Assert.False(one.PixelsEqual(seven));
    }

    [Fact]
    public void DrawLabel_SameTextTwice_IsDeterministic()
    {
        var first = new RgbaImage(80, 30, White);
        var second = new RgbaImage(80, 30, White);

        first.DrawLabel("obj 12", 3, 2, White, Red, 14);
        second.DrawLabel("obj 12", 3, 2, White, Red, 14);

        Assert.True(first.PixelsEqual(second));
    }

    [Fact]
    public void DrawLabel_PartlyOutsideImage_IsClipped()
    {
        var image = new RgbaImage(5, 5, White);

        PixelRect box = image.DrawLabel("88", -4, 2, Red, NamedColors.Black, 16);

        Assert.Equal((-4, 2), (box.X, box.Y));
        Assert.Equal(NamedColors.Black, image.GetPixel(0, 4));
        Assert.Equal(White, image.GetPixel(0, 1));
    }

    [Fact]
    public void MeasureLabel_MoreDigitsOrLargerSize_GivesLargerBoxOfEqualHeight()
    {
        (int w1, int h1) = ImageDrawing.MeasureLabel("1", 16);
        (int w12, int h12) = ImageDrawing.MeasureLabel("12", 16);
        (int w1Large, int h1Large) = ImageDrawing.MeasureLabel("1", 32);

        Assert.True(w12 > w1);
        Assert.Equal(h1, h12);
        Assert.True(w1Large > w1 && h1Large > h1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageDrawing.MeasureLabel("1", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageDrawing.MeasureLabel("1", float.NaN));
    }

    [Fact]
    public void LabelFont_TypefaceWithoutGlyphs_FailsLoudlyNamingThePackage()
    {
        var ex = Assert.Throws<ImageFontException>(() => LabelFont.Check(SkiaSharp.SKTypeface.Empty, "12"));

        Assert.Contains("no font is installed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("fonts-dejavu-core", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ImageFontException>(() => LabelFont.Check(null, "12"));
    }

    [Fact]
    public void LabelFont_InstalledFont_DrawsDigits()
    {
        Assert.True(LabelFont.Typeface.GlyphCount > 0);
    }

    [Fact]
    public void DrawMark_BoxWithRoomAbove_PutsLabelAboveBox()
    {
        var image = new RgbaImage(80, 80, White);
        (int w, int h) = ImageDrawing.MeasureLabel("1", 12);

        image.DrawMark(new PixelRect(10, 40, 20, 20), NamedColors.Blue, "1", thickness: 2, labelSize: 12);

        // Label w x h just above the box, left-aligned with it; white text on blue.
        Assert.Equal(NamedColors.Blue, image.GetPixel(10, 40 - h));
        Assert.Equal(White, image.GetPixel(10, 40 - h - 1));
        Assert.Contains(NamedColors.White, Enumerable.Range(10, w).SelectMany(x => Enumerable.Range(40 - h, h).Select(y => image.GetPixel(x, y))));
        Assert.Equal(NamedColors.Blue, image.GetPixel(11, 41));
    }

    [Fact]
    public void DrawMark_BoxAtTopEdge_PutsLabelInsideWithContrastingText()
    {
        var image = new RgbaImage(60, 60, White);
        (int w, int h) = ImageDrawing.MeasureLabel("2", 12);

        image.DrawMark(new PixelRect(55, 0, 20, 20), NamedColors.Yellow, "2", labelSize: 12);

        // Shifted left to stay inside the image: x = 60 - w; black text on yellow.
        Assert.Equal(NamedColors.Yellow, image.GetPixel(60 - w, 0));
        Assert.Contains(NamedColors.Black, Enumerable.Range(60 - w, w).SelectMany(x => Enumerable.Range(0, h).Select(y => image.GetPixel(x, y))));
    }

    [Fact]
    public void FillPolygon_PixelAlignedSquare_FillsExactPixelsWithOrWithoutAntialiasing()
    {
        Vector2[] square = [new(2, 2), new(5, 2), new(5, 5), new(2, 5)];
        var hard = new RgbaImage(8, 8, White);
        var soft = new RgbaImage(8, 8, White);

        hard.FillPolygon(square, Red, antialias: false);
        soft.FillPolygon(square, Red, antialias: true);

        AssertPixels(hard, (x, y) => x is >= 2 and < 5 && y is >= 2 and < 5);
        Assert.True(soft.PixelsEqual(hard));
    }

    [Fact]
    public void FillPolygon_HalfPixelOffsetWithAntialiasing_BlendsEdgeColumnsByHalf()
    {
        var image = new RgbaImage(8, 4, White);

        image.FillPolygon([new(2.5f, 0), new(5.5f, 0), new(5.5f, 4), new(2.5f, 4)], Red, antialias: true);

        // Coverage 0.5: red at half alpha over white, 255 * 127 / 255 or 128 depending on rounding.
        Assert.InRange((int)image.GetPixel(2, 1).G, 126, 129);
        Assert.Equal(image.GetPixel(2, 1), image.GetPixel(5, 1));
        Assert.Equal(255, image.GetPixel(2, 1).R);
        Assert.Equal(Red, image.GetPixel(3, 1));
        Assert.Equal(Red, image.GetPixel(4, 1));
        Assert.Equal(White, image.GetPixel(6, 1));
    }

    [Fact]
    public void FillPolygon_ConcaveLShape_FillsOnlyTheL()
    {
        var image = new RgbaImage(8, 8, White);

        image.FillPolygon([new(1, 1), new(3, 1), new(3, 5), new(6, 5), new(6, 7), new(1, 7)], Red, antialias: false);

        AssertPixels(image, (x, y) => (x is >= 1 and < 3 && y is >= 1 and < 7) || (x is >= 1 and < 6 && y is >= 5 and < 7));
    }

    [Fact]
    public void FillPolygon_Pentagram_FillsCentreUnderNonZeroRule()
    {
        var image = new RgbaImage(40, 40, White);
        var star = new Vector2[5];
        for (int i = 0; i < 5; i++)
        {
            double angle = (-Math.PI / 2) + (i * 4 * Math.PI / 5);
            star[i] = new Vector2((float)(20 + (18 * Math.Cos(angle))), (float)(20 + (18 * Math.Sin(angle))));
        }

        image.FillPolygon(star, Red, antialias: false);

        Assert.Equal(Red, image.GetPixel(20, 20));
        Assert.Equal(White, image.GetPixel(2, 2));
    }

    [Fact]
    public void FillPolygon_DegenerateInput_DrawsNothing()
    {
        var image = new RgbaImage(4, 4, White);

        image.FillPolygon([new(0, 0), new(3, 3)], Red);
        image.FillPolygon([new(0, 0), new(float.NaN, 3), new(3, 0)], Red);

        Assert.True(image.PixelsEqual(new RgbaImage(4, 4, White)));
    }

    [Fact]
    public void FillCircle_WithoutAntialiasing_PaintsOpaquePixelsInsideOnly()
    {
        var image = new RgbaImage(21, 21, White);

        image.FillCircle(10.5, 10.5, 5.2, Red, antialias: false);

        int count = 0;
        for (int y = 0; y < 21; y++)
        {
            for (int x = 0; x < 21; x++)
            {
                bool painted = image.GetPixel(x, y) == Red;
                Assert.True(painted || image.GetPixel(x, y) == White, "without anti-aliasing a pixel is painted or untouched");
                double dx = x + 0.5 - 10.5, dy = y + 0.5 - 10.5;
                double distance = Math.Sqrt((dx * dx) + (dy * dy));
                if (Math.Abs(distance - 5.2) > 0.5)
                {
                    Assert.Equal(distance < 5.2, painted); // away from the edge, inside is painted and outside is not
                }

                count += painted ? 1 : 0;
            }
        }

        Assert.InRange(count, 75, 95);
    }

    [Fact]
    public void FillEllipse_WithAntialiasing_CoverageSumsToArea()
    {
        var image = new RgbaImage(40, 30);

        image.FillEllipse(20.3, 14.7, 12, 8, Red, antialias: true);

        double covered = 0;
        for (int i = 3; i < image.Pixels.Length; i += 4)
        {
            covered += image.Pixels[i] / 255.0;
        }

        double area = Math.PI * 12 * 8;
        Assert.InRange(covered, area * 0.98, area * 1.02);
        Assert.Equal(Red, image.GetPixel(20, 14));
    }

    [Fact]
    public void FillShapes_HugeOrFarAwayCoordinates_ClipWithoutThrowing()
    {
        var image = new RgbaImage(6, 4, White);

        image.FillEllipse(1e12, 1e12, 1e3, 1e3, Red);
        image.FillPolygon([new(-1e7f, -1e7f), new(1e7f, -1e7f), new(1e7f, 1e7f)], Red, antialias: false);
        image.FillPolygon([new(-1e30f, 5), new(1e30f, 5), new(0, 1e30f)], Red);
        image.FillCircle(3, 2, 1e200, Red.WithAlpha(0));

        Assert.Equal(Red, image.GetPixel(5, 0));
        Assert.Equal(White, image.GetPixel(0, 3));
    }

    [Fact]
    public void DrawLine_Horizontal_CoversItsWidth()
    {
        var image = new RgbaImage(10, 6, White);

        image.DrawLine(new Vector2(1, 3), new Vector2(9, 3), Red, 2, antialias: false);

        AssertPixels(image, (x, y) => x is >= 1 and < 9 && y is 2 or 3);
    }

    [Fact]
    public void NamedColors_MarkOrder_StartsRedGreenBlueAndWraps()
    {
        Assert.Equal(new Rgba32(255, 0, 0), NamedColors.ForArgument(0));
        Assert.Equal(new Rgba32(0, 255, 0), NamedColors.ForArgument(1));
        Assert.Equal(new Rgba32(0, 0, 255), NamedColors.ForArgument(2));
        Assert.Equal(NamedColors.ForArgument(0), NamedColors.ForArgument(NamedColors.MarkOrder.Count));
        Assert.True(NamedColors.TryGet(" Grey ", out Rgba32 gray));
        Assert.Equal(new Rgba32(128, 128, 128), gray);
        Assert.False(NamedColors.TryGet("mauve", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => NamedColors.ForArgument(-1));
    }

    private static void AssertPixels(RgbaImage image, Func<int, int, bool> isRed)
    {
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                Assert.True(
                    image.GetPixel(x, y) == (isRed(x, y) ? Red : White),
                    $"pixel ({x}, {y}) is {image.GetPixel(x, y)}");
            }
        }
    }

    private static string Render(RgbaImage image, Rgba32 ink, int rows)
    {
        var text = new StringBuilder();
        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                text.Append(image.GetPixel(x, y) == ink ? '#' : '.');
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
