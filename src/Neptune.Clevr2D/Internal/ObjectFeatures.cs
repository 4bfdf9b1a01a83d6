namespace Neptune.Clevr2D.Internal;

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
    float Height)
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
            fill, aspect, topWidth, highlight, dark, contrast, (s.Left + s.Right) / 2f, s.Top, s.Width, s.Height);
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
