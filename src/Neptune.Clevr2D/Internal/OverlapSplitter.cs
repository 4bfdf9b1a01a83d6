namespace Neptune.Clevr2D.Internal;

/// <summary>
/// Splits segments that hold several overlapping objects of one color. Every glyph is convex, so the distance from a
/// pixel of one glyph's silhouette to the silhouette's border has a single maximum; a segment whose distance map has
/// two or more well separated maxima is the union of several glyphs. The split is a watershed of the distance map
/// from its maxima, in which a maximum survives only when it rises clearly above the saddle where its basin meets a
/// higher one (its persistence), so that the small bumps of a ragged border do not split an object.
/// </summary>
internal static class OverlapSplitter
{
    /// <summary>Chamfer distances: 3 per straight step, 4 per diagonal step.</summary>
    private const int Straight = 3;

    private const int Diagonal = 4;

    /// <summary>The smallest persistence, in chamfer units (3 per pixel), for a maximum to start a segment of its own.</summary>
    internal const int MinPersistence = 10;

    /// <summary>The persistence a maximum needs, as a fraction of its own height.</summary>
    internal const float RelativePersistence = 0.08f;

    /// <summary>The smallest height (inscribed radius), in chamfer units, of a maximum that may start a segment.</summary>
    internal const int MinPeak = 3 * Straight;

    /// <summary>Segments smaller than this are never split.</summary>
    internal const int MinSplitArea = 120;

    /// <summary>
    /// Splits every segment of <paramref name="comp"/> (segment ids per pixel, −1 for none) whose silhouette is the
    /// union of several convex pieces; new segments get ids from <paramref name="count"/> upwards.
    /// </summary>
    /// <returns>The new number of segment ids.</returns>
    public static int Split(int[] comp, int w, int h, int count)
    {
        // Pixels grouped by segment (a counting sort).
        var start = new int[count + 1];
        foreach (int c in comp)
        {
            if (c >= 0)
            {
                start[c + 1]++;
            }
        }

        for (int c = 0; c < count; c++)
        {
            start[c + 1] += start[c];
        }

        var order = new int[start[count]];
        var fill = (int[])start.Clone();
        for (int i = 0; i < comp.Length; i++)
        {
            if (comp[i] >= 0)
            {
                order[fill[comp[i]]++] = i;
            }
        }

        int next = count;
        for (int c = 0; c < count; c++)
        {
            int size = start[c + 1] - start[c];
            if (size >= MinSplitArea)
            {
                next = SplitOne(comp, w, c, order.AsSpan(start[c], size), next);
            }
        }

        return next;
    }

    private static int SplitOne(int[] comp, int w, int id, ReadOnlySpan<int> pixels, int next)
    {
        int left = int.MaxValue, top = int.MaxValue, right = int.MinValue, bottom = int.MinValue;
        foreach (int i in pixels)
        {
            int x = i % w, y = i / w;
            left = Math.Min(left, x);
            right = Math.Max(right, x);
            top = Math.Min(top, y);
            bottom = Math.Max(bottom, y);
        }

        // Local grid with a one-pixel empty frame, so the border needs no special cases.
        int gw = right - left + 3, gh = bottom - top + 3, gn = gw * gh;
        var dist = new int[gn];
        foreach (int i in pixels)
        {
            dist[Local(i)] = int.MaxValue / 2;
        }

        if (!IsConnected(dist, gw, Local(pixels[0]), pixels.Length))
        {
            return next;
        }

        ChamferDistance(dist, gw, gh);

        // Pixels by decreasing distance (a counting sort), then the watershed with persistence merging.
        int max = 0;
        foreach (int i in pixels)
        {
            max = Math.Max(max, dist[Local(i)]);
        }

        if (max < 2 * MinPeak)
        {
            return next;
        }

        var bucket = new int[max + 2];
        foreach (int i in pixels)
        {
            bucket[max - dist[Local(i)] + 1]++;
        }

        for (int d = 0; d <= max; d++)
        {
            bucket[d + 1] += bucket[d];
        }

        var sorted = new int[pixels.Length];
        foreach (int i in pixels)
        {
            int g = Local(i);
            sorted[bucket[max - dist[g]]++] = g;
        }

        var basin = new int[gn];
        Array.Fill(basin, -1);
        var parent = new List<int>();
        var peak = new List<int>();
        Span<int> offsets = [-gw - 1, -gw, -gw + 1, -1, 1, gw - 1, gw, gw + 1];
        foreach (int g in sorted)
        {
            int level = dist[g], own = -1;
            foreach (int o in offsets)
            {
                int b = basin[g + o];
                if (b < 0)
                {
                    continue;
                }

                b = Find(parent, b);
                if (own < 0 || own == b)
                {
                    own = b;
                    continue;
                }

                // Two basins meet at this level: the lower one dies unless it stands clearly above the saddle.
                int high = peak[own] >= peak[b] ? own : b, low = high == own ? b : own;
                if (!Persists(peak[low], level))
                {
                    parent[low] = high;
                }

                own = high;
            }

            if (own < 0)
            {
                own = parent.Count;
                parent.Add(own);
                peak.Add(level);
            }

            basin[g] = own;
        }

        // Surviving basins: the one holding the highest maximum keeps the id, the others get new ones.
        var ids = new Dictionary<int, int>();
        int keep = -1;
        for (int b = 0; b < parent.Count; b++)
        {
            if (Find(parent, b) == b && (keep < 0 || peak[b] > peak[keep]))
            {
                keep = b;
            }
        }

        foreach (int i in pixels)
        {
            int b = Find(parent, basin[Local(i)]);
            if (b == keep)
            {
                continue;
            }

            if (!ids.TryGetValue(b, out int newId))
            {
                newId = next++;
                ids[b] = newId;
            }

            comp[i] = newId;
        }

        return next;

        int Local(int i) => ((i / w) - top + 1) * gw + (i % w) - left + 1;
    }

    /// <summary>Whether a maximum of height <paramref name="peak"/> that meets a higher basin at <paramref name="saddle"/> survives.</summary>
    internal static bool Persists(int peak, int saddle) =>
        peak >= MinPeak && peak - saddle >= Math.Max(MinPersistence, RelativePersistence * peak);

    /// <summary>Whether the marked cells (non-zero) are one 4-connected region.</summary>
    private static bool IsConnected(int[] mask, int gw, int seed, int total)
    {
        var seen = new bool[mask.Length];
        var queue = new int[total];
        int head = 0, tail = 0;
        seen[seed] = true;
        queue[tail++] = seed;
        while (head < tail)
        {
            int g = queue[head++];
            Visit(g - gw);
            Visit(g + gw);
            Visit(g - 1);
            Visit(g + 1);
        }

        return tail == total;

        void Visit(int j)
        {
            if (mask[j] != 0 && !seen[j])
            {
                seen[j] = true;
                queue[tail++] = j;
            }
        }
    }

    /// <summary>Two-pass 3-4 chamfer distance to the nearest unmarked cell; the grid's frame must be unmarked.</summary>
    private static void ChamferDistance(int[] dist, int gw, int gh)
    {
        for (int y = 1; y < gh - 1; y++)
        {
            for (int x = 1; x < gw - 1; x++)
            {
                int g = (y * gw) + x;
                if (dist[g] == 0)
                {
                    continue;
                }

                int d = dist[g];
                d = Math.Min(d, dist[g - 1] + Straight);
                d = Math.Min(d, dist[g - gw] + Straight);
                d = Math.Min(d, dist[g - gw - 1] + Diagonal);
                d = Math.Min(d, dist[g - gw + 1] + Diagonal);
                dist[g] = d;
            }
        }

        for (int y = gh - 2; y >= 1; y--)
        {
            for (int x = gw - 2; x >= 1; x--)
            {
                int g = (y * gw) + x;
                if (dist[g] == 0)
                {
                    continue;
                }

                int d = dist[g];
                d = Math.Min(d, dist[g + 1] + Straight);
                d = Math.Min(d, dist[g + gw] + Straight);
                d = Math.Min(d, dist[g + gw + 1] + Diagonal);
                d = Math.Min(d, dist[g + gw - 1] + Diagonal);
                dist[g] = d;
            }
        }
    }

    private static int Find(List<int> parent, int b)
    {
        while (parent[b] != b)
        {
            parent[b] = parent[parent[b]];
            b = parent[b];
        }

        return b;
    }
}
