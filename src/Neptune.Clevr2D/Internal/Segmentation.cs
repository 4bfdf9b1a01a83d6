using Neptune.Imaging;

namespace Neptune.Clevr2D.Internal;

/// <summary>One object hypothesis: a connected set of foreground pixels of one color class.</summary>
internal sealed class Segment
{
    public required int Id { get; init; }

    public required int Left { get; init; }

    public required int Top { get; init; }

    /// <summary>Exclusive.</summary>
    public required int Right { get; init; }

    /// <summary>Exclusive.</summary>
    public required int Bottom { get; init; }

    /// <summary>Pixel indices (y · width + x), in scan order.</summary>
    public required int[] Pixels { get; init; }

    /// <summary>Pixel votes per color class (undecided pixels do not vote).</summary>
    public required int[] ColorVotes { get; init; }

    public int Width => Right - Left;

    public int Height => Bottom - Top;
}

/// <summary>
/// Splits a CLEVR-2D picture into object segments from pixels alone: a per-row robust floor model, a foreground mask
/// by difference from it, a color class per pixel (<see cref="PixelClassifier"/>), connected components per class,
/// then highlights and small fragments are merged into the neighbouring segment they touch most, and segments whose
/// silhouette holds several glyphs are split (<see cref="OverlapSplitter"/>).
/// </summary>
internal sealed class Segmentation
{
    /// <summary>A pixel is foreground when a channel differs from the floor model by at least this much.</summary>
    public const int ForegroundThreshold = 22;

    /// <summary>Components smaller than this are merged into a neighbour.</summary>
    public const int MinFragment = 30;

    /// <summary>Segments smaller than this (after merging) are dropped.</summary>
    public const int MinSegment = 24;

    /// <summary>Segments at most this many pixels wide or high are slivers and dropped.</summary>
    public const int MaxSliver = 2;

    /// <summary>The largest gap, in pixels, between neutral pieces of one object.</summary>
    public const int NeutralGap = 3;

    private const int BackgroundClass = -2;
    private const int RowSmoothing = 24;

    /// <summary>The largest channel spread of a floor pixel (the floor is gray; noise adds a few levels).</summary>
    private const int FloorSpread = 14;

    private Segmentation(int width, int height, float[] floor, int[] labels, Segment[] segments)
    {
        Width = width;
        Height = height;
        Floor = floor;
        Labels = labels;
        Segments = segments;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The floor model: R, G, B per row.</summary>
    public float[] Floor { get; }

    /// <summary>The segment index of every pixel, or −1.</summary>
    public int[] Labels { get; }

    public Segment[] Segments { get; }

    public static Segmentation Run(RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height, n = w * h;
        ReadOnlySpan<byte> px = image.Pixels;
        float[] floor = EstimateFloor(px, w, h);

        var cls = new sbyte[n];
        for (int y = 0; y < h; y++)
        {
            float fr = floor[y * 3], fg = floor[(y * 3) + 1], fb = floor[(y * 3) + 2];
            float floorMean = (fr + fg + fb) / 3f;
            for (int x = 0; x < w; x++)
            {
                int i = (y * w) + x, p = i * 4;
                byte r = px[p], g = px[p + 1], b = px[p + 2];
                float d = MathF.Max(MathF.Abs(r - fr), MathF.Max(MathF.Abs(g - fg), MathF.Abs(b - fb)));
                cls[i] = d < ForegroundThreshold ? (sbyte)BackgroundClass : (sbyte)PixelClassifier.Classify(r, g, b, floorMean);
            }
        }

        var comp = new int[n];
        Array.Fill(comp, -1);
        var queue = new int[n];
        int count = LabelComponents(cls, comp, queue, w, h);
        GrowIntoUndecided(cls, comp, queue, w, h, ref count);
        var parent = MergeFragments(comp, w, h, count);
        MergeNeutralPieces(cls, comp, parent, w, count);

        for (int i = 0; i < n; i++)
        {
            if (comp[i] >= 0)
            {
                comp[i] = Find(parent, comp[i]);
            }
        }

        count = OverlapSplitter.Split(comp, w, h, count);

        // Relabel to final segments, dropping the small ones and the slivers (at most MaxSliver pixels across: a
        // glyph's antialiased edge left over by the merging, never an object).
        var sizes = new int[count];
        var extent = new int[count * 4];
        for (int c = 0; c < count; c++)
        {
            extent[c * 4] = int.MaxValue;
            extent[(c * 4) + 1] = int.MaxValue;
            extent[(c * 4) + 2] = int.MinValue;
            extent[(c * 4) + 3] = int.MinValue;
        }

        for (int i = 0; i < n; i++)
        {
            int c = comp[i];
            if (c >= 0)
            {
                sizes[c]++;
                int x = i % w, y = i / w;
                extent[c * 4] = Math.Min(extent[c * 4], x);
                extent[(c * 4) + 1] = Math.Min(extent[(c * 4) + 1], y);
                extent[(c * 4) + 2] = Math.Max(extent[(c * 4) + 2], x);
                extent[(c * 4) + 3] = Math.Max(extent[(c * 4) + 3], y);
            }
        }

        var remap = new int[count];
        int kept = 0;
        for (int c = 0; c < count; c++)
        {
            bool sliver = extent[(c * 4) + 2] - extent[c * 4] < MaxSliver || extent[(c * 4) + 3] - extent[(c * 4) + 1] < MaxSliver;
            remap[c] = sizes[c] >= MinSegment && !sliver ? kept++ : -1;
        }

        var labels = new int[n];
        var pixelCounts = new int[kept];
        var votes = new int[kept * 8];
        var bounds = new int[kept * 4];
        for (int s = 0; s < kept; s++)
        {
            bounds[s * 4] = int.MaxValue;
            bounds[(s * 4) + 1] = int.MaxValue;
            bounds[(s * 4) + 2] = int.MinValue;
            bounds[(s * 4) + 3] = int.MinValue;
        }

        for (int i = 0; i < n; i++)
        {
            int s = comp[i] >= 0 ? remap[comp[i]] : -1;
            labels[i] = s;
            if (s < 0)
            {
                continue;
            }

            pixelCounts[s]++;
            if (cls[i] >= 0)
            {
                votes[(s * 8) + cls[i]]++;
            }

            int x = i % w, y = i / w;
            bounds[s * 4] = Math.Min(bounds[s * 4], x);
            bounds[(s * 4) + 1] = Math.Min(bounds[(s * 4) + 1], y);
            bounds[(s * 4) + 2] = Math.Max(bounds[(s * 4) + 2], x + 1);
            bounds[(s * 4) + 3] = Math.Max(bounds[(s * 4) + 3], y + 1);
        }

        var pixelLists = new int[kept][];
        var fill = new int[kept];
        for (int s = 0; s < kept; s++)
        {
            pixelLists[s] = new int[pixelCounts[s]];
        }

        for (int i = 0; i < n; i++)
        {
            int s = labels[i];
            if (s >= 0)
            {
                pixelLists[s][fill[s]++] = i;
            }
        }

        var segments = new Segment[kept];
        for (int s = 0; s < kept; s++)
        {
            segments[s] = new Segment
            {
                Id = s,
                Left = bounds[s * 4],
                Top = bounds[(s * 4) + 1],
                Right = bounds[(s * 4) + 2],
                Bottom = bounds[(s * 4) + 3],
                Pixels = pixelLists[s],
                ColorVotes = votes.AsSpan(s * 8, 8).ToArray(),
            };
        }

        return new Segmentation(w, h, floor, labels, segments);
    }

    /// <summary>The floor color per row: the per-row median of each channel over neutral pixels, then a running median over 49 rows.</summary>
    private static float[] EstimateFloor(ReadOnlySpan<byte> px, int w, int h)
    {
        var raw = new float[h * 3];
        Span<int> hist = stackalloc int[256];
        for (int y = 0; y < h; y++)
        {
            // The floor is neutral: the median over the row's neutral pixels, so that colored objects filling most of
            // a row do not move it; over all pixels when too few are neutral.
            int row = y * w * 4, neutral = 0;
            for (int x = 0; x < w; x++)
            {
                int p = row + (x * 4);
                neutral += IsNeutral(px[p], px[p + 1], px[p + 2]) ? 1 : 0;
            }

            bool onlyNeutral = neutral * 8 >= w;
            for (int c = 0; c < 3; c++)
            {
                hist.Clear();
                int total = 0;
                for (int x = 0; x < w; x++)
                {
                    int p = row + (x * 4);
                    if (!onlyNeutral || IsNeutral(px[p], px[p + 1], px[p + 2]))
                    {
                        hist[px[p + c]]++;
                        total++;
                    }
                }

                raw[(y * 3) + c] = Median(hist, total);
            }
        }

        var floor = new float[h * 3];
        Span<float> window = stackalloc float[(2 * RowSmoothing) + 1];
        for (int y = 0; y < h; y++)
        {
            int lo = Math.Max(0, y - RowSmoothing), hi = Math.Min(h - 1, y + RowSmoothing);
            for (int c = 0; c < 3; c++)
            {
                int k = 0;
                for (int t = lo; t <= hi; t++)
                {
                    window[k++] = raw[(t * 3) + c];
                }

                var part = window[..k];
                part.Sort();
                floor[(y * 3) + c] = part[k / 2];
            }
        }

        return floor;
    }

    private static bool IsNeutral(byte r, byte g, byte b) =>
        Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b)) <= FloorSpread;

    private static float Median(ReadOnlySpan<int> hist, int total)
    {
        int half = total / 2, seen = 0;
        for (int v = 0; v < 256; v++)
        {
            seen += hist[v];
            if (seen > half)
            {
                return v;
            }
        }

        return 255;
    }

    /// <summary>4-connected components of equal, decided color class.</summary>
    private static int LabelComponents(sbyte[] cls, int[] comp, int[] queue, int w, int h)
    {
        int count = 0;
        for (int start = 0; start < cls.Length; start++)
        {
            if (cls[start] < 0 || comp[start] >= 0)
            {
                continue;
            }

            int c = cls[start], label = count++, head = 0, tail = 0;
            comp[start] = label;
            queue[tail++] = start;
            while (head < tail)
            {
                int i = queue[head++], x = i % w;
                Visit(i - w, i >= w);
                Visit(i + w, i + w < cls.Length);
                Visit(i - 1, x > 0);
                Visit(i + 1, x < w - 1);
            }

            void Visit(int j, bool inside)
            {
                if (inside && comp[j] < 0 && cls[j] == c)
                {
                    comp[j] = label;
                    queue[tail++] = j;
                }
            }
        }

        return count;
    }

    /// <summary>Undecided foreground pixels (highlights) join the component that reaches them first; isolated ones form their own.</summary>
    private static void GrowIntoUndecided(sbyte[] cls, int[] comp, int[] queue, int w, int h, ref int count)
    {
        int head = 0, tail = 0;
        for (int i = 0; i < cls.Length; i++)
        {
            if (comp[i] >= 0)
            {
                queue[tail++] = i;
            }
        }

        while (head < tail)
        {
            int i = queue[head++], x = i % w;
            Visit(i - w, i >= w, comp[i]);
            Visit(i + w, i + w < cls.Length, comp[i]);
            Visit(i - 1, x > 0, comp[i]);
            Visit(i + 1, x < w - 1, comp[i]);
        }

        for (int start = 0; start < cls.Length; start++)
        {
            if (cls[start] != PixelClassifier.Undecided || comp[start] >= 0)
            {
                continue;
            }

            int label = count++;
            head = 0;
            tail = 0;
            comp[start] = label;
            queue[tail++] = start;
            while (head < tail)
            {
                int i = queue[head++], x = i % w;
                Visit(i - w, i >= w, label);
                Visit(i + w, i + w < cls.Length, label);
                Visit(i - 1, x > 0, label);
                Visit(i + 1, x < w - 1, label);
            }
        }

        void Visit(int j, bool inside, int label)
        {
            if (inside && comp[j] < 0 && cls[j] == PixelClassifier.Undecided)
            {
                comp[j] = label;
                queue[tail++] = j;
            }
        }
    }

    /// <summary>Merges every component smaller than <see cref="MinFragment"/> into the neighbour it shares the longest border with.</summary>
    private static int[] MergeFragments(int[] comp, int w, int h, int count)
    {
        var parent = new int[count];
        for (int c = 0; c < count; c++)
        {
            parent[c] = c;
        }

        var sizes = new int[count];
        for (int pass = 0; pass < 4; pass++)
        {
            Array.Clear(sizes);
            foreach (int c in comp)
            {
                if (c >= 0)
                {
                    sizes[Find(parent, c)]++;
                }
            }

            // Border lengths between a small component and its neighbours.
            var borders = new Dictionary<long, int>();
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int i = (y * w) + x;
                    if (comp[i] < 0)
                    {
                        continue;
                    }

                    int a = Find(parent, comp[i]);
                    if (x + 1 < w && comp[i + 1] >= 0)
                    {
                        Count(a, Find(parent, comp[i + 1]));
                    }

                    if (y + 1 < h && comp[i + w] >= 0)
                    {
                        Count(a, Find(parent, comp[i + w]));
                    }
                }
            }

            var best = new Dictionary<int, (int Neighbour, int Length)>();
            foreach (var (key, length) in borders)
            {
                int small = (int)(key >> 32), other = (int)(key & 0xFFFFFFFF);
                if (!best.TryGetValue(small, out var current) || length > current.Length ||
                    (length == current.Length && sizes[other] > sizes[current.Neighbour]))
                {
                    best[small] = (other, length);
                }
            }

            bool changed = false;
            foreach (var (small, (neighbour, _)) in best.OrderBy(kv => sizes[kv.Key]).ThenBy(kv => kv.Key))
            {
                int a = Find(parent, small), b = Find(parent, neighbour);
                if (a != b && sizes[a] < MinFragment)
                {
                    parent[a] = b;
                    sizes[b] += sizes[a];
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }

            void Count(int a, int b)
            {
                if (a == b)
                {
                    return;
                }

                if (sizes[a] < MinFragment)
                {
                    long key = ((long)a << 32) | (uint)b;
                    borders[key] = borders.GetValueOrDefault(key) + 1;
                }

                if (sizes[b] < MinFragment)
                {
                    long key = ((long)b << 32) | (uint)a;
                    borders[key] = borders.GetValueOrDefault(key) + 1;
                }
            }
        }

        return parent;
    }

    /// <summary>
    /// A gray metal object whose shading crosses the floor's brightness falls apart into neutral pieces separated by
    /// floor-like pixels. Neutral (gray or highlight) components whose boxes lie within <see cref="NeutralGap"/> pixels
    /// of each other are joined when the joined box still has the proportions of one object.
    /// </summary>
    private static void MergeNeutralPieces(sbyte[] cls, int[] comp, int[] parent, int w, int count)
    {
        var box = new int[count * 4];
        var neutral = new int[count];
        var chromatic = new int[count];
        for (int c = 0; c < count; c++)
        {
            box[c * 4] = int.MaxValue;
            box[(c * 4) + 1] = int.MaxValue;
            box[(c * 4) + 2] = int.MinValue;
            box[(c * 4) + 3] = int.MinValue;
        }

        for (int i = 0; i < comp.Length; i++)
        {
            if (comp[i] < 0)
            {
                continue;
            }

            int c = Find(parent, comp[i]), x = i % w, y = i / w;
            box[c * 4] = Math.Min(box[c * 4], x);
            box[(c * 4) + 1] = Math.Min(box[(c * 4) + 1], y);
            box[(c * 4) + 2] = Math.Max(box[(c * 4) + 2], x + 1);
            box[(c * 4) + 3] = Math.Max(box[(c * 4) + 3], y + 1);
            if (cls[i] > PixelClassifier.Gray)
            {
                chromatic[c]++;
            }
            else
            {
                neutral[c]++;
            }
        }

        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int a = 0; a < count; a++)
            {
                if (parent[a] != a || neutral[a] <= chromatic[a])
                {
                    continue;
                }

                for (int b = a + 1; b < count; b++)
                {
                    if (parent[b] != b || neutral[b] <= chromatic[b])
                    {
                        continue;
                    }

                    int gapX = Math.Max(box[a * 4], box[b * 4]) - Math.Min(box[(a * 4) + 2], box[(b * 4) + 2]);
                    int gapY = Math.Max(box[(a * 4) + 1], box[(b * 4) + 1]) - Math.Min(box[(a * 4) + 3], box[(b * 4) + 3]);
                    if (gapX > NeutralGap || gapY > NeutralGap)
                    {
                        continue;
                    }

                    int left = Math.Min(box[a * 4], box[b * 4]), top = Math.Min(box[(a * 4) + 1], box[(b * 4) + 1]);
                    int right = Math.Max(box[(a * 4) + 2], box[(b * 4) + 2]), bottom = Math.Max(box[(a * 4) + 3], box[(b * 4) + 3]);
                    float aspect = (right - left) / (float)Math.Max(1, bottom - top);
                    if (aspect < 0.6f || aspect > 1.4f)
                    {
                        continue;
                    }

                    parent[b] = a;
                    box[a * 4] = left;
                    box[(a * 4) + 1] = top;
                    box[(a * 4) + 2] = right;
                    box[(a * 4) + 3] = bottom;
                    neutral[a] += neutral[b];
                    chromatic[a] += chromatic[b];
                    changed = true;
                }
            }
        }
    }

    private static int Find(int[] parent, int c)
    {
        while (parent[c] != c)
        {
            parent[c] = parent[parent[c]];
            c = parent[c];
        }

        return c;
    }
}
