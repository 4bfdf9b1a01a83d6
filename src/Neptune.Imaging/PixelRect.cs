namespace Neptune.Imaging;

/// <summary>
/// An axis-aligned rectangle on the pixel grid: columns <c>[X, X + Width)</c> and rows <c>[Y, Y + Height)</c>.
/// Coordinates may lie outside an image; operations clip them.
/// </summary>
/// <param name="X">Left column (inclusive).</param>
/// <param name="Y">Top row (inclusive).</param>
/// <param name="Width">Number of columns; zero or negative means empty.</param>
/// <param name="Height">Number of rows; zero or negative means empty.</param>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    /// <summary>Column just past the right edge (exclusive), computed without overflow.</summary>
    public long Right => (long)X + Width;

    /// <summary>Row just past the bottom edge (exclusive), computed without overflow.</summary>
    public long Bottom => (long)Y + Height;

    /// <summary>True when the rectangle covers no pixel.</summary>
    public bool IsEmpty => Width <= 0 || Height <= 0;

    /// <summary>Builds a rectangle from its left/top (inclusive) and right/bottom (exclusive) edges.</summary>
    /// <param name="left">Left column, inclusive.</param>
    /// <param name="top">Top row, inclusive.</param>
    /// <param name="right">Right column, exclusive.</param>
    /// <param name="bottom">Bottom row, exclusive.</param>
    public static PixelRect FromEdges(int left, int top, int right, int bottom) =>
        new(left, top, (int)Math.Clamp((long)right - left, 0, int.MaxValue), (int)Math.Clamp((long)bottom - top, 0, int.MaxValue));

    /// <summary>
    /// Converts a box in continuous pixel coordinates (as detectors report them, <c>x1 &lt; x2</c>, <c>y1 &lt; y2</c>)
    /// to the pixels it touches: left and top are floored, right and bottom are ceiled.
    /// Non-finite values produce an empty rectangle.
    /// </summary>
    /// <param name="x1">Left edge.</param>
    /// <param name="y1">Top edge.</param>
    /// <param name="x2">Right edge.</param>
    /// <param name="y2">Bottom edge.</param>
    public static PixelRect FromBox(double x1, double y1, double x2, double y2)
    {
        if (!double.IsFinite(x1) || !double.IsFinite(y1) || !double.IsFinite(x2) || !double.IsFinite(y2))
        {
            return default;
        }

        static int ToInt(double v) => (int)Math.Clamp(v, int.MinValue / 2, int.MaxValue / 2);
        return FromEdges(ToInt(Math.Floor(x1)), ToInt(Math.Floor(y1)), ToInt(Math.Ceiling(x2)), ToInt(Math.Ceiling(y2)));
    }

    /// <summary>Returns the part of this rectangle that lies inside <paramref name="other"/>; empty when they do not overlap.</summary>
    /// <param name="other">The rectangle to intersect with.</param>
    public PixelRect Intersect(PixelRect other)
    {
        if (IsEmpty || other.IsEmpty)
        {
            return default;
        }

        long left = Math.Max(X, other.X);
        long top = Math.Max(Y, other.Y);
        long right = Math.Min(Right, other.Right);
        long bottom = Math.Min(Bottom, other.Bottom);
        if (right <= left || bottom <= top)
        {
            return default;
        }

        return new PixelRect((int)left, (int)top, (int)(right - left), (int)(bottom - top));
    }
}
