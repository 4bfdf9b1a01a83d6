namespace Neptune.Clevr2D.Internal;

/// <summary>
/// Splits segments that hold several overlapping objects of one color. Every glyph is convex, so the distance from a
/// pixel of one glyph's silhouette to the silhouette's border has a single maximum; a segment whose distance map has
/// two or more well separated maxima is the union of several glyphs. The split is a watershed of the distance map
/// from its maxima, in which a maximum survives only when it rises clearly above the saddle where its basin meets a
/// higher one (its persistence), so that the small bumps of a ragged border do not split an object. A segment in
/// several pieces (gray pieces joined because their boxes nearly touch) is first closed over gaps of up to 4 px, so that
/// an object cut by floor-like pixels has one silhouette again; pieces still apart after that keep a segment of their
/// own when they hold a maximum, and tiny ones without a maximum stay with the segment.
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

    /// <summary>The radius of the closing that joins a segment's pieces (gaps up to twice this wide).</summary>
    internal const int CloseRadius = 2;

    /// <summary>The empty frame around a segment's local grid: one pixel for the distance map, plus the closing's reach.</summary>
    private const int Frame = CloseRadius + 1;

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

        // Local grid with an empty frame (one pixel, plus room for the closing below), so the border needs no special cases.
        int gw = right - left + 1 + (2 * Frame), gh = bottom - top + 1 + (2 * Frame), gn = gw * gh;
        var dist = new int[gn];
        foreach (int i in pixels)
        {
            dist[Local(i)] = int.MaxValue / 2;
        }

        // The cells the watershed runs over: the segment's pixels, or, when the segment is in pieces (a gray object
        // cut by floor-like pixels, joined to its neighbours' pieces), the pieces closed over their narrow gaps, so
        // that the distance map sees the objects' silhouettes rather than the pieces.
        int[] cells = new int[pixels.Length];
        for (int k = 0; k < pixels.Length; k++)
        {
            cells[k] = Local(pixels[k]);
        }

        // Pieces that stay apart after the closing (boxes within NeutralGap, pixels farther) are split by the watershed
        // like touching objects: their basins never meet, so each piece with a maximum of its own keeps it.
        if (!IsConnected(dist, gw, cells[0], cells.Length))
        {
            cells = Close(dist, gw, gh);
        }

        ChamferDistance(dist, gw, gh);

        // Cells by decreasing distance (a counting sort), then the watershed with persistence merging.
        int max = 0;
        foreach (int g in cells)
        {
            max = Math.Max(max, dist[g]);
        }

        if (max < 2 * MinPeak)
        {
            return next;
        }

        var bucket = new int[max + 2];
        foreach (int g in cells)
        {
            bucket[max - dist[g] + 1]++;
        }

        for (int d = 0; d <= max; d++)
        {
            bucket[d + 1] += bucket[d];
        }

        var sorted = new int[cells.Length];
        foreach (int g in cells)
        {
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
            if (b == keep || peak[b] < MinPeak)
            {
                // A piece without a maximum of its own (a fragment that stayed apart) stays with the segment.
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

        int Local(int i) => ((i / w) - top + Frame) * gw + (i % w) - left + Frame;
    }

    /// <summary>
    /// Closes the marked cells (non-zero) over gaps of up to 2 · <see cref="CloseRadius"/> pixels (a dilation, then an
    /// erosion, by a square of that radius), marking the added cells as the others.
    /// </summary>
    /// <returns>Every marked cell after the closing.</returns>
    private static int[] Close(int[] mask, int gw, int gh)
    {
        int gn = gw * gh;
        var grown = new bool[gn];
        for (int y = CloseRadius; y < gh - CloseRadius; y++)
        {
            for (int x = CloseRadius; x < gw - CloseRadius; x++)
            {
                bool any = false;
                for (int dy = -CloseRadius; dy <= CloseRadius && !any; dy++)
                {
                    for (int dx = -CloseRadius; dx <= CloseRadius; dx++)
                    {
                        if (mask[((y + dy) * gw) + x + dx] != 0)
                        {
                            any = true;
                            break;
                        }
                    }
                }

                grown[(y * gw) + x] = any;
            }
        }

        var cells = new List<int>();
        for (int y = 1; y < gh - 1; y++)
        {
            for (int x = 1; x < gw - 1; x++)
            {
                int g = (y * gw) + x;
                if (mask[g] == 0)
                {
                    bool all = y >= CloseRadius && y < gh - CloseRadius && x >= CloseRadius && x < gw - CloseRadius;
                    for (int dy = -CloseRadius; dy <= CloseRadius && all; dy++)
                    {
                        for (int dx = -CloseRadius; dx <= CloseRadius; dx++)
                        {
                            if (!grown[((y + dy) * gw) + x + dx])
                            {
                                all = false;
                                break;
                            }
                        }
                    }

                    if (!all)
                    {
                        continue;
                    }

                    mask[g] = int.MaxValue / 2;
                }

                cells.Add(g);
            }
        }

        return [.. cells];
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
