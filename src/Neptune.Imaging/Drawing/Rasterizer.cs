using System.Numerics;

namespace Neptune.Imaging.Drawing;

/// <summary>
/// Scanline fill of shapes given as horizontal spans per scanline. Pixel (i, j) covers [i, i+1) × [j, j+1).
/// Without anti-aliasing a pixel is painted when its centre lies inside the shape (left edges inclusive, right
/// edges exclusive). With anti-aliasing each pixel row is sampled on <see cref="SubScanlines"/> sub-scanlines and
/// the horizontal coverage of every span is accumulated exactly, giving the covered area fraction.
/// </summary>
internal sealed class Rasterizer
{
    public const int SubScanlines = 4;

    private readonly List<(double Left, double Right)> _spans = [];
    private float[] _coverage = [];

    /// <summary>Produces the spans of a shape on the horizontal line at height <c>y</c>.</summary>
    public interface IShape
    {
        double Top { get; }

        double Bottom { get; }

        void GetSpans(double y, List<(double Left, double Right)> spans);
    }

    public void Fill<TShape>(RgbaImage image, in TShape shape, Rgba32 color, bool antialias)
        where TShape : IShape
    {
        if (color.A == 0 || !double.IsFinite(shape.Top) || !double.IsFinite(shape.Bottom))
        {
            return;
        }

        int width = image.Width;
        if (_coverage.Length < width)
        {
            _coverage = new float[width];
        }

        int y0 = (int)Math.Clamp(Math.Floor(shape.Top), 0, image.Height);
        int y1 = (int)Math.Clamp(Math.Ceiling(shape.Bottom), 0, image.Height);
        int samples = antialias ? SubScanlines : 1;
        float weight = 1f / samples;
        for (int y = y0; y < y1; y++)
        {
            int minX = int.MaxValue;
            int maxX = -1;
            for (int s = 0; s < samples; s++)
            {
                double sy = y + ((s + 0.5) / samples);
                _spans.Clear();
                shape.GetSpans(sy, _spans);
                foreach ((double left, double right) in _spans)
                {
                    if (antialias)
                    {
                        AccumulateExact(left, right, width, weight, ref minX, ref maxX);
                    }
                    else
                    {
                        AccumulateCentres(left, right, width, ref minX, ref maxX);
                    }
                }
            }

            if (maxX < minX)
            {
                continue;
            }

            Span<byte> row = image.GetRow(y);
            for (int x = minX; x <= maxX; x++)
            {
                float c = _coverage[x];
                _coverage[x] = 0;
                if (c <= 0)
                {
                    continue;
                }

                int coverage = c >= 1f ? 255 : (int)MathF.Round(c * 255f);
                Blending.BlendOver(row.Slice(x * 4, 4), color, coverage);
            }
        }
    }

    private void AccumulateCentres(double left, double right, int width, ref int minX, ref int maxX)
    {
        // Pixel i is inside when left <= i + 0.5 < right.
        int a = (int)Math.Clamp(Math.Ceiling(left - 0.5), 0, width);
        int b = (int)Math.Clamp(Math.Ceiling(right - 0.5), 0, width);
        for (int x = a; x < b; x++)
        {
            _coverage[x] = 1f;
        }

        if (a < b)
        {
            minX = Math.Min(minX, a);
            maxX = Math.Max(maxX, b - 1);
        }
    }

    private void AccumulateExact(double left, double right, int width, float weight, ref int minX, ref int maxX)
    {
        left = Math.Clamp(left, 0, width);
        right = Math.Clamp(right, 0, width);
        if (!(right > left))
        {
            return;
        }

        int a = (int)Math.Floor(left);
        int b = Math.Min(width - 1, (int)Math.Ceiling(right) - 1);
        for (int x = a; x <= b; x++)
        {
            double overlap = Math.Min(right, x + 1) - Math.Max(left, x);
            if (overlap > 0)
            {
                _coverage[x] += (float)(overlap * weight);
            }
        }

        minX = Math.Min(minX, a);
        maxX = Math.Max(maxX, b);
    }

    /// <summary>An axis-aligned ellipse.</summary>
    public readonly struct Ellipse(double centerX, double centerY, double radiusX, double radiusY) : IShape
    {
        public double Top => centerY - radiusY;

        public double Bottom => centerY + radiusY;

        public void GetSpans(double y, List<(double Left, double Right)> spans)
        {
            double t = (y - centerY) / radiusY;
            double q = 1 - (t * t);
            if (q <= 0)
            {
                return;
            }

            double half = radiusX * Math.Sqrt(q);
            spans.Add((centerX - half, centerX + half));
        }
    }

    /// <summary>A closed polygon under the non-zero winding rule; handles convex, concave and self-intersecting outlines.</summary>
    public readonly struct Polygon : IShape
    {
        private readonly Vector2[] _points;
        private readonly List<(double X, int Winding)> _crossings;

        public Polygon(Vector2[] points, List<(double X, int Winding)> crossings)
        {
            _points = points;
            _crossings = crossings;
            float top = float.PositiveInfinity;
            float bottom = float.NegativeInfinity;
            foreach (Vector2 p in points)
            {
                top = Math.Min(top, p.Y);
                bottom = Math.Max(bottom, p.Y);
            }

            Top = top;
            Bottom = bottom;
        }

        public double Top { get; }

        public double Bottom { get; }

        public void GetSpans(double y, List<(double Left, double Right)> spans)
        {
            _crossings.Clear();
            Vector2[] pts = _points;
            for (int i = 0; i < pts.Length; i++)
            {
                Vector2 p = pts[i];
                Vector2 q = pts[(i + 1) % pts.Length];
                double ya = p.Y, yb = q.Y;
                if (ya == yb)
                {
                    continue;
                }

                // Half-open in y so that a vertex shared by two edges is counted once.
                bool down = ya < yb;
                double lo = down ? ya : yb;
                double hi = down ? yb : ya;
                if (y < lo || y >= hi)
                {
                    continue;
                }

                double x = p.X + ((y - ya) * (q.X - p.X) / (yb - ya));
                _crossings.Add((x, down ? 1 : -1));
            }

            _crossings.Sort(static (a, b) => a.X.CompareTo(b.X));
            int winding = 0;
            double start = 0;
            foreach ((double x, int w) in _crossings)
            {
                int before = winding;
                winding += w;
                if (before == 0 && winding != 0)
                {
                    start = x;
                }
                else if (before != 0 && winding == 0 && x > start)
                {
                    spans.Add((start, x));
                }
            }
        }
    }
}
