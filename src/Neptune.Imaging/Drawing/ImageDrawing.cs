using System.Numerics;
using Neptune.Imaging.Internal;
using SkiaSharp;

namespace Neptune.Imaging.Drawing;

/// <summary>
/// Drawing on an <see cref="RgbaImage"/> for visual prompts and reports, with Skia: filled and outlined boxes,
/// ellipses, polygons, lines and text labels. Everything is clipped to the image and composited source-over with the
/// colour's alpha.
/// </summary>
/// <remarks>
/// Continuous coordinates follow the usual raster convention: pixel (i, j) covers the square
/// [i, i+1) × [j, j+1), so its centre is (i + 0.5, j + 0.5). Rectangles are pixel-aligned and drawn without
/// anti-aliasing, so a box covers exactly the pixels of its <see cref="PixelRect"/>. Labels are real text in
/// DejaVu Sans Bold (or the system's default sans-serif); drawing one when no font is installed raises
/// <see cref="ImageFontException"/>.
/// </remarks>
public static class ImageDrawing
{
    /// <summary>Default label text size, in pixels.</summary>
    public const float DefaultLabelSize = 16f;

    /// <summary>Largest accepted label text size, in pixels.</summary>
    public const float MaxLabelSize = 1024f;

    /// <summary>Fills a rectangle, clipped to the image, blending with the colour's alpha.</summary>
    /// <param name="image">Target image.</param>
    /// <param name="rect">The rectangle; any part outside the image is ignored.</param>
    /// <param name="color">Fill colour.</param>
    public static void FillRectangle(this RgbaImage image, PixelRect rect, Rgba32 color)
    {
        ArgumentNullException.ThrowIfNull(image);
        PixelRect clipped = rect.Intersect(image.Bounds);
        if (clipped.IsEmpty || color.A == 0)
        {
            return;
        }

        using var canvas = new ImageCanvas(image);
        using SKPaint paint = Paint(color, antialias: false);
        canvas.Canvas.DrawRect(ToSkia(clipped), paint);
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
        if (rect.IsEmpty || color.A == 0 || rect.Intersect(image.Bounds).IsEmpty)
        {
            return;
        }

        if ((long)thickness * 2 >= rect.Width || (long)thickness * 2 >= rect.Height)
        {
            image.FillRectangle(rect, color);
            return;
        }

        // The ring between the outer and the inner rectangle, filled once under the even-odd rule.
        using var canvas = new ImageCanvas(image);
        using SKPaint paint = Paint(color, antialias: false);
        using var builder = new SKPathBuilder { FillType = SKPathFillType.EvenOdd };
        builder.AddRect(ToSkia(rect), SKPathDirection.Clockwise);
        builder.AddRect(SKRect.Create(rect.X + thickness, rect.Y + thickness, rect.Width - (2 * thickness), rect.Height - (2 * thickness)), SKPathDirection.Clockwise);
        using SKPath ring = builder.Detach();
        canvas.Canvas.DrawPath(ring, paint);
    }

    /// <summary>Fills an axis-aligned ellipse.</summary>
    /// <param name="image">Target image.</param>
    /// <param name="centerX">Centre x in continuous pixel coordinates.</param>
    /// <param name="centerY">Centre y in continuous pixel coordinates.</param>
    /// <param name="radiusX">Horizontal radius, positive; anything else draws nothing.</param>
    /// <param name="radiusY">Vertical radius, positive; anything else draws nothing.</param>
    /// <param name="color">Fill colour.</param>
    /// <param name="antialias">Blend edge pixels by covered area.</param>
    public static void FillEllipse(this RgbaImage image, double centerX, double centerY, double radiusX, double radiusY, Rgba32 color, bool antialias = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!(radiusX > 0) || !(radiusY > 0) || !double.IsFinite(centerX) || !double.IsFinite(centerY)
            || !double.IsFinite(radiusX) || !double.IsFinite(radiusY))
        {
            return;
        }

        using var canvas = new ImageCanvas(image);
        using SKPaint paint = Paint(color, antialias);
        canvas.Canvas.DrawOval((float)centerX, (float)centerY, (float)radiusX, (float)radiusY, paint);
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

        using var builder = new SKPathBuilder { FillType = SKPathFillType.Winding };
        builder.MoveTo(points[0].X, points[0].Y);
        for (int i = 1; i < points.Length; i++)
        {
            builder.LineTo(points[i].X, points[i].Y);
        }

        builder.Close();
        using SKPath path = builder.Detach();
        using var canvas = new ImageCanvas(image);
        using SKPaint paint = Paint(color, antialias);
        canvas.Canvas.DrawPath(path, paint);
    }

    /// <summary>Draws a straight line segment of the given width with flat (butt) ends.</summary>
    /// <param name="image">Target image.</param>
    /// <param name="from">Start point in continuous pixel coordinates.</param>
    /// <param name="to">End point in continuous pixel coordinates.</param>
    /// <param name="color">Line colour.</param>
    /// <param name="width">Line width in pixels, positive; anything else draws nothing.</param>
    /// <param name="antialias">Blend edge pixels by covered area.</param>
    public static void DrawLine(this RgbaImage image, Vector2 from, Vector2 to, Rgba32 color, float width = 1f, bool antialias = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!(width > 0) || !float.IsFinite(width) || !float.IsFinite(from.X) || !float.IsFinite(from.Y)
            || !float.IsFinite(to.X) || !float.IsFinite(to.Y) || from == to)
        {
            return;
        }

        using var canvas = new ImageCanvas(image);
        using SKPaint paint = Paint(color, antialias);
        paint.Style = SKPaintStyle.Stroke;
        paint.StrokeWidth = width;
        paint.StrokeCap = SKStrokeCap.Butt;
        canvas.Canvas.DrawLine(from.X, from.Y, to.X, to.Y, paint);
    }

    /// <summary>Size in pixels of the box <see cref="DrawLabel"/> draws for <paramref name="text"/>.</summary>
    /// <param name="text">Label text.</param>
    /// <param name="size">Text size in pixels, positive, at most <see cref="MaxLabelSize"/>.</param>
    /// <returns>Width and height of the label box including padding.</returns>
    /// <exception cref="ImageFontException">No usable font is installed, or it lacks a character of the text.</exception>
    public static (int Width, int Height) MeasureLabel(string text, float size = DefaultLabelSize)
    {
        using SKFont font = LabelFontOf(text, size);
        return Measure(font, text);
    }

    /// <summary>
    /// Draws a text label (set-of-marks style): a filled box of <paramref name="background"/> with the text in
    /// <paramref name="foreground"/>, padded by a quarter of the text size on every side. The box's top-left corner is
    /// at (<paramref name="x"/>, <paramref name="y"/>); everything is clipped to the image.
    /// </summary>
    /// <param name="image">Target image.</param>
    /// <param name="text">Label text, for example "1" or "A".</param>
    /// <param name="x">Left edge of the box.</param>
    /// <param name="y">Top edge of the box.</param>
    /// <param name="foreground">Text colour.</param>
    /// <param name="background">Box colour; use <see cref="NamedColors.Transparent"/> for text only.</param>
    /// <param name="size">Text size in pixels, positive, at most <see cref="MaxLabelSize"/>.</param>
    /// <returns>The label box, before clipping.</returns>
    /// <exception cref="ImageFontException">No usable font is installed, or it lacks a character of the text.</exception>
    public static PixelRect DrawLabel(this RgbaImage image, string text, int x, int y, Rgba32 foreground, Rgba32 background, float size = DefaultLabelSize)
    {
        ArgumentNullException.ThrowIfNull(image);
        using SKFont font = LabelFontOf(text, size);
        (int width, int height) = Measure(font, text);
        var box = new PixelRect(x, y, width, height);
        image.FillRectangle(box, background);
        if (foreground.A == 0 || text.Length == 0)
        {
            return box;
        }

        int padding = Padding(size);
        SKRect bounds = TextBounds(font, text);
        using var canvas = new ImageCanvas(image);
        using SKPaint paint = Paint(foreground, antialias: true);
        canvas.Canvas.DrawText(text, x + padding - bounds.Left, y + padding - bounds.Top, SKTextAlign.Left, font, paint);
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
    /// <param name="labelSize">Label text size in pixels, positive, at most <see cref="MaxLabelSize"/>.</param>
    /// <exception cref="ImageFontException">A label is given and no usable font is installed.</exception>
    public static void DrawMark(this RgbaImage image, PixelRect box, Rgba32 color, string? label = null, int thickness = 2, float labelSize = DefaultLabelSize)
    {
        ArgumentNullException.ThrowIfNull(image);
        image.DrawRectangle(box, color, thickness);
        if (label is null)
        {
            return;
        }

        (int width, int height) = MeasureLabel(label, labelSize);
        long lx = Math.Clamp((long)box.X, 0, Math.Max(0, image.Width - width));
        long ly = box.Y - (long)height >= 0 ? box.Y - (long)height : Math.Clamp((long)box.Y, 0, Math.Max(0, image.Height - height));
        Rgba32 text = ((299 * color.R) + (587 * color.G) + (114 * color.B)) >= 128_000 ? NamedColors.Black : NamedColors.White;
        image.DrawLabel(label, (int)lx, (int)ly, text, color, labelSize);
    }

    private static SKFont LabelFontOf(string text, float size)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!(size > 0) || size > MaxLabelSize)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Label size must be in (0, {MaxLabelSize}].");
        }

        SKTypeface typeface = LabelFont.Typeface;
        var font = new SKFont(typeface, size) { Edging = SKFontEdging.Antialias, Subpixel = true };
        string printable = new([.. text.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c))]);
        if (printable.Length > 0 && !font.ContainsGlyphs(printable))
        {
            font.Dispose();
            LabelFont.Check(typeface, printable);
        }

        return font;
    }

    private static (int Width, int Height) Measure(SKFont font, string text)
    {
        int padding = Padding(font.Size);
        SKRect bounds = TextBounds(font, text);
        long width = (long)MathF.Ceiling(bounds.Width) + (2L * padding);
        int height = (int)MathF.Ceiling(bounds.Height) + (2 * padding);
        return ((int)Math.Min(width, int.MaxValue), height);
    }

    /// <summary>The ink bounds of the text, vertically those of the font's digits and capitals so every label of one size is as tall.</summary>
    private static SKRect TextBounds(SKFont font, string text)
    {
        SKFontMetrics metrics = font.Metrics;
        float top = metrics.CapHeight > 0 ? -metrics.CapHeight : metrics.Ascent;
        if (text.Length == 0)
        {
            return new SKRect(0, top, 0, 0);
        }

        float advance = font.MeasureText(text, out SKRect ink);
        return new SKRect(Math.Min(0, ink.Left), top, Math.Max(advance, ink.Right), 0);
    }

    private static int Padding(float size) => Math.Max(1, (int)MathF.Round(size / 4));

    private static SKRect ToSkia(PixelRect rect) => SKRect.Create(rect.X, rect.Y, rect.Width, rect.Height);

    private static SKPaint Paint(Rgba32 color, bool antialias) => new()
    {
        Color = new SKColor(color.R, color.G, color.B, color.A),
        IsAntialias = antialias,
        Style = SKPaintStyle.Fill,
        BlendMode = SKBlendMode.SrcOver,
    };

    /// <summary>A Skia canvas drawing straight into an image's pixels.</summary>
    private readonly struct ImageCanvas : IDisposable
    {
        private readonly SkiaPixels _pixels;
        private readonly SKBitmap _bitmap;

        public ImageCanvas(RgbaImage image)
        {
            _pixels = SkiaPixels.Pin(image);
            _bitmap = _pixels.CreateBitmap();
            Canvas = new SKCanvas(_bitmap);
        }

        public SKCanvas Canvas { get; }

        public void Dispose()
        {
            Canvas.Flush();
            Canvas.Dispose();
            _bitmap.Dispose();
            _pixels.Dispose();
        }
    }
}
