namespace Neptune.Clevr2D.Internal;

/// <summary>Sides of a segment's box hidden by something nearer (or cut by the image border).</summary>
[Flags]
internal enum Occlusion
{
    None = 0,
    Left = 1,
    Right = 2,
    Top = 4,
    Bottom = 8,
}

/// <summary>Measurements of one segment that the attribute and relation estimates are made from.</summary>
internal readonly record struct ObjectFeatures(
    float Fill,
    float Aspect,
    float TopWidth,
    float HighlightFraction,
    float DarkRatio,
    float Contrast,
    float CenterX,
    float Top,
    float Width,
    float Height,
    float Left,
    float Right,
    float Bottom,
    Occlusion Occluded,
    Occlusion Touched,
    float BottomFill,
    float Contact)
{
    /// <summary>Measures a segment of a segmentation of the image whose RGBA pixels are given.</summary>
    public static ObjectFeatures Measure(Segmentation segmentation, Segment s, ReadOnlySpan<byte> rgba)
    {
        int w = segmentation.Width;
        var labels = segmentation.Labels;
        float boxArea = Math.Max(1f, (float)s.Width * s.Height);
        float fill = s.Pixels.Length / boxArea;
        float aspect = s.Width / (float)Math.Max(1, s.Height);

        // Width of the silhouette in the row at 10% of the height from the top, relative to the box width.
        int row = s.Top + (int)MathF.Round(0.1f * s.Height);
        int first = -1, last = -1;
        for (int x = s.Left; x < s.Right; x++)
        {
            if (labels[(row * w) + x] == s.Id)
            {
                first = first < 0 ? x : first;
                last = x;
            }
        }

        float topWidth = first < 0 ? 0f : (last - first + 1) / (float)Math.Max(1, s.Width);

        // Luminance statistics of interior pixels (all four neighbours in the segment), so edge blends do not count.
        Span<int> hist = stackalloc int[256];
        hist.Clear();
        int interior = 0;
        foreach (int i in s.Pixels)
        {
            int x = i % w;
            if (x == 0 || x == w - 1 || i < w || i >= labels.Length - w ||
                labels[i - 1] != s.Id || labels[i + 1] != s.Id || labels[i - w] != s.Id || labels[i + w] != s.Id)
            {
                continue;
            }

            int p = i * 4;
            int lum = ((77 * rgba[p]) + (150 * rgba[p + 1]) + (29 * rgba[p + 2])) >> 8;
            hist[lum]++;
            interior++;
        }

        float highlight = 0f, dark = 1f, contrast = 0f;
        if (interior > 0)
        {
            float p10 = Percentile(hist, interior, 0.1f), p50 = Percentile(hist, interior, 0.5f), p90 = Percentile(hist, interior, 0.9f);
            float limit = (1.3f * p50) + 12f;
            int bright = 0;
            for (int v = (int)MathF.Ceiling(limit); v < 256; v++)
            {
                bright += hist[v];
            }

            highlight = bright / (float)interior;
            dark = p10 / Math.Max(1f, p50);
            contrast = (p90 - p10) / Math.Max(1f, p50);
        }

        return new ObjectFeatures(
            fill, aspect, topWidth, highlight, dark, contrast, (s.Left + s.Right) / 2f, s.Top, s.Width, s.Height,
            s.Left, s.Right, s.Bottom, OcclusionOf(segmentation, s, nearerOnly: true), OcclusionOf(segmentation, s, nearerOnly: false), BottomFillOf(segmentation, s),
            ContactOf(segmentation, s));
    }

    /// <summary>
    /// The share of a segment's outline (its pixels with a 4-neighbour outside it) that lies against a segment standing
    /// lower in the picture (nearer) or the image border, within 2 pixels: how much of the silhouette something may hide.
    /// </summary>
    internal static float ContactOf(Segmentation segmentation, Segment s)
    {
        int w = segmentation.Width, h = segmentation.Height;
        var labels = segmentation.Labels;
        var segments = segmentation.Segments;
        int outline = 0, contact = 0;
        foreach (int i in s.Pixels)
        {
            int x = i % w, y = i / w;
            bool edge = false, near = false;
            for (int d = 0; d < 4; d++)
            {
                int dx = d switch { 0 => -1, 1 => 1, _ => 0 }, dy = d switch { 2 => -1, 3 => 1, _ => 0 };
                int nx = x + dx, ny = y + dy;
                if (nx < 0 || ny < 0 || nx >= w || ny >= h)
                {
                    edge = near = true;
                    continue;
                }

                if (labels[(ny * w) + nx] == s.Id)
                {
                    continue;
                }

                edge = true;
                for (int k = 1; k <= 3 && !near; k++)
                {
                    int qx = x + (k * dx), qy = y + (k * dy);
                    if (qx < 0 || qy < 0 || qx >= w || qy >= h)
                    {
                        near = true;
                        break;
                    }

                    int other = labels[(qy * w) + qx];
                    near = other >= 0 && other != s.Id && segments[other].Bottom > s.Bottom;
                }
            }

            outline += edge ? 1 : 0;
            contact += edge && near ? 1 : 0;
        }

        return outline == 0 ? 0f : contact / (float)outline;
    }

    /// <summary>
    /// The share of the lower half of the box that the silhouette fills: a disc leaves its corners empty (π/4), a
    /// cube's front face and a cylinder's body fill it almost entirely; unlike the top, it does not depend on a bright
    /// top face standing out from the floor.
    /// </summary>
    internal static float BottomFillOf(Segmentation segmentation, Segment s)
    {
        int w = segmentation.Width;
        int top = s.Top + (s.Height / 2);
        int inside = 0;
        for (int y = top; y < s.Bottom; y++)
        {
            for (int x = s.Left; x < s.Right; x++)
            {
                inside += segmentation.Labels[(y * w) + x] == s.Id ? 1 : 0;
            }
        }

        return inside / Math.Max(1f, (float)(s.Bottom - top) * s.Width);
    }

    /// <summary>
    /// The sides of a segment's box that something nearer hides: a side is occluded when at least a third of the
    /// silhouette's outermost pixels on it (within 2 pixels of the box edge) touch, across at most 2 pixels, a segment
    /// standing lower in the picture (nearer, on the ground plane), or the image border; with
    /// <paramref name="nearerOnly"/> false, any other segment counts (the side touches something, and a split between
    /// touching segments may have moved its edge).
    /// </summary>
    internal static Occlusion OcclusionOf(Segmentation segmentation, Segment s, bool nearerOnly)
    {
        int w = segmentation.Width, h = segmentation.Height;
        var labels = segmentation.Labels;
        var segments = segmentation.Segments;
        bool Blocks(int x, int y)
        {
            if (x < 0 || y < 0 || x >= w || y >= h)
            {
                return true;
            }

            int other = labels[(y * w) + x];
            return other >= 0 && other != s.Id && (!nearerOnly || segments[other].Bottom > s.Bottom);
        }

        Occlusion result = Occlusion.None;
        Span<(int Dx, int Dy, Occlusion Side)> sides = [(-1, 0, Occlusion.Left), (1, 0, Occlusion.Right), (0, -1, Occlusion.Top), (0, 1, Occlusion.Bottom)];
        foreach (var (dx, dy, side) in sides)
        {
            int extreme = 0, blocked = 0;
            bool horizontal = dx != 0;
            int lines = horizontal ? s.Height : s.Width;
            for (int k = 0; k < lines; k++)
            {
                // The outermost pixel of this row (column) on this side.
                int a = horizontal ? s.Top + k : s.Left + k;
                int start = horizontal ? (dx < 0 ? s.Left : s.Right - 1) : (dy < 0 ? s.Top : s.Bottom - 1);
                int step = horizontal ? -dx : -dy;
                int end = horizontal ? (dx < 0 ? s.Right : s.Left - 1) : (dy < 0 ? s.Bottom : s.Top - 1);
                int found = int.MinValue;
                for (int b = start; b != end; b += step)
                {
                    int x = horizontal ? b : a, y = horizontal ? a : b;
                    if (labels[(y * w) + x] == s.Id)
                    {
                        found = b;
                        break;
                    }
                }

                if (found == int.MinValue || Math.Abs(found - start) > 2)
                {
                    continue;
                }

                extreme++;
                int px = horizontal ? found : a, py = horizontal ? a : found;
                if (Blocks(px + dx, py + dy) || Blocks(px + (2 * dx), py + (2 * dy)) || Blocks(px + (3 * dx), py + (3 * dy)))
                {
                    blocked++;
                }
            }

            if (extreme > 0 && blocked * 3 >= extreme)
            {
                result |= side;
            }
        }

        return result;
    }

    private static float Percentile(ReadOnlySpan<int> hist, int total, float q)
    {
        int target = (int)(q * (total - 1)), seen = 0;
        for (int v = 0; v < 256; v++)
        {
            seen += hist[v];
            if (seen > target)
            {
                return v;
            }
        }

        return 255;
    }
}
