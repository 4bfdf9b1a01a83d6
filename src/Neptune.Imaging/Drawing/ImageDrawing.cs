using System.Numerics;

namespace Neptune.Imaging.Drawing;

/// <summary>
/// Drawing on an <see cref="RgbaImage"/> for visual prompts and simple scene rendering. Everything is clipped to
/// the image, composited source-over with the colour's alpha, and deterministic (integer or fixed-order floating
/// point arithmetic, no platform text rendering).
/// </summary>
/// <remarks>
/// Continuous coordinates follow the usual raster convention: pixel (i, j) covers the square
/// [i, i+1) × [j, j+1), so its centre is (i + 0.5, j + 0.5).
/// </remarks>
public static class ImageDrawing
{
    /// <summary>Largest accepted label scale factor.</summary>
    public const int MaxLabelScale = 64;

    /// <summary>Blends one colour over a single pixel; coordinates outside the image are ignored.</summary>
    /// <param name="image">Target image.</param>
    /// <param name="x">Column.</param>
    /// <param name="y">Row.</param>
    /// <param name="color">Colour; its alpha controls the blend.</param>
    public static void BlendPixel(this RgbaImage image, int x, int y, Rgba32 color)
    {
        ArgumentNullException.ThrowIfNull(image);
        if ((uint)x < (uint)image.Width && (uint)y < (uint)image.Height)
        {
            Blending.BlendOver(image.GetRow(y).Slice(x * 4, 4), color, 255);
        }
    }

    /// <summary>Fills a rectangle, clipped to the image, blending with the colour's alpha.</summary>
    /// <param name="image">Target image.</param>
    /// <param name="rect">The rectangle; any part outside the image is ignored.</param>
    /// <param name="color">Fill colour.</param>
    public static void FillRectangle(this RgbaImage image, PixelRect rect, Rgba32 color)
    {
        ArgumentNullException.ThrowIfNull(image);
        Blending.FillClipped(image, rect.Intersect(image.Bounds), color);
    }

    /// <summary>
    /// Draws a rectangle outline <paramref name="thickness"/> pixels wide, lying inside <paramref name="rect"/>
    /// (the outer edge of the stroke is the rectangle's edge), clipped to the image. When the stroke would meet
    /// itself the whole rectangle is filled. Each pixel is painted once, so a translucent outline has uniform alpha.
    /// </summary>
    /// <param name="image">Target image.</param>
    /// <param name="rect">The rectangle's outer edge.</param>
    /// <param name="color">Stroke colour.</param>
    /// <param name="thickness">Stroke width in pixels, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="thickness"/> is less than 1.</exception>
    public static void DrawRectangle(this RgbaImage image, PixelRect rect, Rgba32 color, int thickness = 1)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(thickness, 1);
        if (rect.IsEmpty)
        {
            return;
        }

        if ((long)thickness * 2 >= rect.Width || (long)thickness * 2 >= rect.Height)
        {
            image.FillRectangle(rect, color);
            return;
        }

        int innerHeight = rect.Height - (2 * thickness);
        image.FillRectangle(rect with { Height = thickness }, color);
        image.FillRectangle(rect with { Y = rect.Y + rect.Height - thickness, Height = thickness }, color);
        image.FillRectangle(new PixelRect(rect.X, rect.Y + thickness, thickness, innerHeight), color);
        image.FillRectangle(new PixelRect(rect.X + rect.Width - thickness, rect.Y + thickness, thickness, innerHeight), color);
    }

    /// <summary>Fills an axis-aligned ellipse.</summary>
    /// <param name="image">Target image.</param>
    /// <param name="centerX">Centre x in continuous pixel coordinates.</param>
    /// <param name="centerY">Centre y in continuous pixel coordinates.</param>
    /// <param name="radiusX">Horizontal radius, positive.</param>
    /// <param name="radiusY">Vertical radius, positive.</param>
    /// <param name="color">Fill colour.</param>
    /// <param name="antialias">Blend edge pixels by covered area (4 sub-scanlines, exact horizontal coverage).</param>
    public static void FillEllipse(this RgbaImage image, double centerX, double centerY, double radiusX, double radiusY, Rgba32 color, bool antialias = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!(radiusX > 0) || !(radiusY > 0) || !double.IsFinite(centerX) || !double.IsFinite(centerY)
            || !double.IsFinite(radiusX) || !double.IsFinite(radiusY))
        {
            return;
        }

        new Rasterizer().Fill(image, new Rasterizer.Ellipse(centerX, centerY, radiusX, radiusY), color, antialias);
    }

    /// <summary>Fills a circle.</summary>
    /// <param name="image">Target image.</param>
    /// <param name="centerX">Centre x in continuous pixel coordinates.</param>
    /// <param name="centerY">Centre y in continuous pixel coordinates.</param>
    /// <param name="radius">Radius, positive.</param>
    /// <param name="color">Fill colour.</param>
    /// <param name="antialias">Blend edge pixels by covered area.</param>
    public static void FillCircle(this RgbaImage image, double centerX, double centerY, double radius, Rgba32 color, bool antialias = true) =>
        image.FillEllipse(centerX, centerY, radius, radius, color, antialias);

    /// <summary>
    /// Fills a closed polygon (convex or not) under the non-zero winding rule. Fewer than three points, or any
    /// non-finite coordinate, draws nothing.
    /// </summary>
    /// <param name="image">Target image.</param>
    /// <param name="points">Vertices in order, in continuous pixel coordinates; the last connects back to the first.</param>
    /// <param name="color">Fill colour.</param>
    /// <param name="antialias">Blend edge pixels by covered area.</param>
    public static void FillPolygon(this RgbaImage image, ReadOnlySpan<Vector2> points, Rgba32 color, bool antialias = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (points.Length < 3)
        {
            return;
        }

        foreach (Vector2 p in points)
        {
            if (!float.IsFinite(p.X) || !float.IsFinite(p.Y))
            {
                return;
            }
        }

        var polygon = new Rasterizer.Polygon(points.ToArray(), new List<(double X, int Winding)>(points.Length));
        new Rasterizer().Fill(image, polygon, color, antialias);
    }

    /// <summary>Draws a straight line segment of the given width with flat ends, as a filled quadrilateral.</summary>
    /// <param name="image">Target image.</param>
    /// <param name="from">Start point in continuous pixel coordinates.</param>
    /// <param name="to">End point in continuous pixel coordinates.</param>
    /// <param name="color">Line colour.</param>
    /// <param name="width">Line width in pixels, positive.</param>
    /// <param name="antialias">Blend edge pixels by covered area.</param>
    public static void DrawLine(this RgbaImage image, Vector2 from, Vector2 to, Rgba32 color, float width = 1f, bool antialias = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        Vector2 d = to - from;
        float length = d.Length();
        if (!(width > 0) || !(length > 0) || !float.IsFinite(length))
        {
            return;
        }

        Vector2 n = new Vector2(-d.Y, d.X) / length * (width / 2);
        ReadOnlySpan<Vector2> quad = [from + n, to + n, to - n, from - n];
        image.FillPolygon(quad, color, antialias);
    }

    /// <summary>Size in pixels of the box <see cref="DrawLabel"/> draws for <paramref name="text"/>.</summary>
    /// <param name="text">Label text (printable ASCII; other characters count as one glyph each).</param>
    /// <param name="scale">Integer magnification of the 5×7 font, 1 to <see cref="MaxLabelScale"/>.</param>
    /// <returns>Width and height of the label box including padding.</returns>
    public static (int Width, int Height) MeasureLabel(string text, int scale = 2)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, MaxLabelScale);
        long width = ((long)BitmapFont.MeasureWidth(text.Length) + 2) * scale;
        int height = (BitmapFont.GlyphHeight + 2) * scale;
        return ((int)Math.Min(width, int.MaxValue), height);
    }

    /// <summary>
    /// Draws a text label (set-of-marks style): a filled box of <paramref name="background"/> with the text in the
    /// built-in 5×7 font magnified by <paramref name="scale"/>, one font pixel of padding on every side. The box's
    /// top-left corner is at (<paramref name="x"/>, <paramref name="y"/>); everything is clipped to the image.
    /// Characters outside printable ASCII render as '?'.
    /// </summary>
    /// <param name="image">Target image.</param>
    /// <param name="text">Label text, for example "1" or "A".</param>
    /// <param name="x">Left edge of the box.</param>
    /// <param name="y">Top edge of the box.</param>
    /// <param name="foreground">Text colour.</param>
    /// <param name="background">Box colour; use <see cref="NamedColors.Transparent"/> for text only.</param>
    /// <param name="scale">Integer magnification, 1 to <see cref="MaxLabelScale"/>.</param>
    /// <returns>The label box, before clipping.</returns>
    public static PixelRect DrawLabel(this RgbaImage image, string text, int x, int y, Rgba32 foreground, Rgba32 background, int scale = 2)
    {
        ArgumentNullException.ThrowIfNull(image);
        (int width, int height) = MeasureLabel(text, scale);
        var box = new PixelRect(x, y, width, height);
        image.FillRectangle(box, background);
        int originX = x + scale;
        int originY = y + scale;
        for (int i = 0; i < text.Length; i++)
        {
            long glyphX = originX + ((long)i * BitmapFont.Advance * scale);
            if (glyphX >= image.Width)
            {
                break;
            }

            ReadOnlySpan<byte> glyph = BitmapFont.GetGlyph(text[i]);
            for (int column = 0; column < BitmapFont.GlyphWidth; column++)
            {
                for (int row = 0; row < BitmapFont.GlyphHeight; row++)
                {
                    if (BitmapFont.IsSet(glyph, column, row))
                    {
                        image.FillRectangle(new PixelRect((int)glyphX + (column * scale), originY + (row * scale), scale, scale), foreground);
                    }
                }
            }
        }

        return box;
    }

    /// <summary>
    /// Marks an object for a visual prompt: the box outline in <paramref name="color"/> and, when
    /// <paramref name="label"/> is given, a label filled with the same colour at the box's top-left corner —
    /// just above the box when there is room, otherwise just inside it — kept within the image where possible.
    /// The label text is black or white, whichever contrasts more with <paramref name="color"/>.
    /// </summary>
    /// <param name="image">Target image.</param>
    /// <param name="box">The object's box.</param>
    /// <param name="color">Mark colour, typically <see cref="NamedColors.ForArgument"/>.</param>
    /// <param name="label">Text such as "1"; null for no label.</param>
    /// <param name="thickness">Outline width in pixels, at least 1.</param>
    /// <param name="labelScale">Label font magnification, 1 to <see cref="MaxLabelScale"/>.</param>
    public static void DrawMark(this RgbaImage image, PixelRect box, Rgba32 color, string? label = null, int thickness = 2, int labelScale = 2)
    {
        ArgumentNullException.ThrowIfNull(image);
        image.DrawRectangle(box, color, thickness);
        if (label is null)
        {
            return;
        }

        (int width, int height) = MeasureLabel(label, labelScale);
        long lx = Math.Clamp((long)box.X, 0, Math.Max(0, image.Width - width));
        long ly = box.Y - (long)height >= 0 ? box.Y - (long)height : Math.Clamp((long)box.Y, 0, Math.Max(0, image.Height - height));
        Rgba32 text = ((299 * color.R) + (587 * color.G) + (114 * color.B)) >= 128_000 ? NamedColors.Black : NamedColors.White;
        image.DrawLabel(label, (int)lx, (int)ly, text, color, labelScale);
    }
}
