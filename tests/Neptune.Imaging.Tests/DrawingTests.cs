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
    public void BlendPixel_HalfAlphaOverHalfAlpha_ComposesSourceOver()
    {
        var image = new RgbaImage(1, 1, new Rgba32(0, 0, 255, 128));

        image.BlendPixel(0, 0, new Rgba32(255, 0, 0, 128));
        image.BlendPixel(5, 5, Red); // Outside: ignored.

        // outA = 128 + 128 * 127 / 255 = 191.75; red = 255 * 128 / 191.75 = 170.2; blue = 255 * 128 * 127 / 255 / 191.75 = 84.8.
        Assert.Equal(new Rgba32(170, 0, 85, 192), image.GetPixel(0, 0));
    }

    [Fact]
    public void DrawLabel_DigitOneAtScaleOne_MatchesGlyph()
    {
        var image = new RgbaImage(9, 11, White);

        PixelRect box = image.DrawLabel("1", 0, 0, Red, new Rgba32(0, 0, 0), 1);

        Assert.Equal(new PixelRect(0, 0, 7, 9), box);
        string expected =
            "........." + "\n" +
            "...#....." + "\n" +
            "..##....." + "\n" +
            "...#....." + "\n" +
            "...#....." + "\n" +
            "...#....." + "\n" +
            "...#....." + "\n" +
            "..###...." + "\n" +
            "........." + "\n";
        Assert.Equal(expected, Render(image, Red, 9));
        Assert.Equal(new Rgba32(0, 0, 0), image.GetPixel(6, 8));
        Assert.Equal(White, image.GetPixel(7, 0));
        Assert.Equal(White, image.GetPixel(0, 9));
    }

    [Fact]
    public void DrawLabel_ScaleThree_IsScaleOneMagnifiedByThree()
    {
        (int w, int h) = ImageDrawing.MeasureLabel("A7x?", 1);
        var small = new RgbaImage(w, h, White);
        var large = new RgbaImage(w * 3, h * 3, White);

        small.DrawLabel("A7x?", 0, 0, Red, NamedColors.Black, 1);
        large.DrawLabel("A7x?", 0, 0, Red, NamedColors.Black, 3);

        for (int y = 0; y < large.Height; y++)
        {
            for (int x = 0; x < large.Width; x++)
            {
                Assert.Equal(small.GetPixel(x / 3, y / 3), large.GetPixel(x, y));
            }
        }
    }

    [Fact]
    public void DrawLabel_SameTextTwice_IsDeterministic()
    {
        var first = new RgbaImage(80, 20, White);
        var second = new RgbaImage(80, 20, White);

        first.DrawLabel("obj 12", 3, 2, White, Red, 2);
        second.DrawLabel("obj 12", 3, 2, White, Red, 2);

        Assert.True(first.PixelsEqual(second));
        // Pinned so that any change to the font or label layout is noticed.
        Assert.Equal("0EA223A9", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(first.Pixels))[..8]);
    }

    [Fact]
    public void DrawLabel_NonAsciiCharacter_RendersAsQuestionMark()
    {
        var a = new RgbaImage(10, 10, White);
        var b = new RgbaImage(10, 10, White);

        a.DrawLabel("é", 0, 0, Red, White, 1);
        b.DrawLabel("?", 0, 0, Red, White, 1);

        Assert.True(a.PixelsEqual(b));
    }

    [Fact]
    public void DrawLabel_PartlyOutsideImage_IsClipped()
    {
        var image = new RgbaImage(5, 5, White);

        PixelRect box = image.DrawLabel("88", -4, 2, Red, NamedColors.Black, 2);

        Assert.Equal(new PixelRect(-4, 2, 26, 18), box);
        Assert.Equal(NamedColors.Black, image.GetPixel(0, 2));
    }

    [Fact]
    public void MeasureLabel_TwoDigitsAtScaleTwo_IncludesPadding()
    {
        Assert.Equal((26, 18), ImageDrawing.MeasureLabel("12", 2));
        Assert.Equal((2, 9), ImageDrawing.MeasureLabel(string.Empty, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageDrawing.MeasureLabel("1", 0));
    }

    [Fact]
    public void DrawMark_BoxWithRoomAbove_PutsLabelAboveBox()
    {
        var image = new RgbaImage(60, 60, White);

        image.DrawMark(new PixelRect(10, 30, 20, 20), NamedColors.Blue, "1", thickness: 2, labelScale: 1);

        // Label 7x9 at (10, 21); white text on blue.
        Assert.Equal(NamedColors.Blue, image.GetPixel(10, 21));
        Assert.Equal(NamedColors.White, image.GetPixel(13, 23));
        Assert.Equal(White, image.GetPixel(10, 20));
        Assert.Equal(NamedColors.Blue, image.GetPixel(11, 31));
    }

    [Fact]
    public void DrawMark_BoxAtTopEdge_PutsLabelInsideWithContrastingText()
    {
        var image = new RgbaImage(60, 60, White);

        image.DrawMark(new PixelRect(55, 0, 20, 20), NamedColors.Yellow, "2", labelScale: 1);

        // Shifted left to stay inside the image: x = 60 - 7 = 53; black text on yellow.
        Assert.Equal(NamedColors.Yellow, image.GetPixel(53, 0));
        Assert.Contains(NamedColors.Black, Enumerable.Range(53, 7).SelectMany(x => Enumerable.Range(0, 9).Select(y => image.GetPixel(x, y))));
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

        var half = new Rgba32(255, 127, 127); // coverage 0.5 -> alpha 128 -> 255 * 127 / 255.
        Assert.Equal(half, image.GetPixel(2, 1));
        Assert.Equal(Red, image.GetPixel(3, 1));
        Assert.Equal(Red, image.GetPixel(4, 1));
        Assert.Equal(half, image.GetPixel(5, 1));
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
    public void FillCircle_WithoutAntialiasing_IsSymmetricAndPaintsPixelCentresInside()
    {
        var image = new RgbaImage(21, 21, White);

        image.FillCircle(10.5, 10.5, 5.2, Red, antialias: false);

        int count = 0;
        for (int y = 0; y < 21; y++)
        {
            for (int x = 0; x < 21; x++)
            {
                bool painted = image.GetPixel(x, y) == Red;
                Assert.Equal(painted, image.GetPixel(20 - x, y) == Red);
                Assert.Equal(painted, image.GetPixel(x, 20 - y) == Red);
                Assert.Equal(painted, image.GetPixel(y, x) == Red);
                double dx = x + 0.5 - 10.5, dy = y + 0.5 - 10.5;
                Assert.Equal((dx * dx) + (dy * dy) < 5.2 * 5.2, painted);

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
        Assert.InRange(covered, area * 0.99, area * 1.01);
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
