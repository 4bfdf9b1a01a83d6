namespace Neptune.Imaging.Png;

/// <summary>The five PNG scanline filters (filter method 0), forward and inverse.</summary>
internal static class PngFilters
{
    public const int None = 0;
    public const int Sub = 1;
    public const int Up = 2;
    public const int Average = 3;
    public const int Paeth = 4;

    /// <summary>Reverses filter <paramref name="filter"/> in place. Returns false for an unknown filter type.</summary>
    /// <param name="filter">Filter type byte.</param>
    /// <param name="row">The filtered scanline (without the filter byte), reconstructed in place.</param>
    /// <param name="previous">The reconstructed previous scanline, all zeros for the first row of a pass.</param>
    /// <param name="bpp">Bytes per complete pixel, at least 1.</param>
    public static bool TryUnfilter(int filter, Span<byte> row, ReadOnlySpan<byte> previous, int bpp)
    {
        previous = previous[..row.Length];
        switch (filter)
        {
            case None:
                return true;
            case Sub:
                for (int i = bpp; i < row.Length; i++)
                {
                    row[i] += row[i - bpp];
                }

                return true;
            case Up:
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] += previous[i];
                }

                return true;
            case Average:
                for (int i = 0; i < row.Length; i++)
                {
                    int left = i >= bpp ? row[i - bpp] : 0;
                    row[i] += (byte)((left + previous[i]) >> 1);
                }

                return true;
            case Paeth:
                for (int i = 0; i < row.Length; i++)
                {
                    if (i < bpp)
                    {
                        row[i] += previous[i];
                    }
                    else
                    {
                        row[i] += PaethPredictor(row[i - bpp], previous[i], previous[i - bpp]);
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>Applies filter <paramref name="filter"/> to a raw scanline.</summary>
    /// <param name="filter">Filter type 0–4.</param>
    /// <param name="row">The raw scanline.</param>
    /// <param name="previous">The raw previous scanline, all zeros for the first row.</param>
    /// <param name="bpp">Bytes per complete pixel.</param>
    /// <param name="destination">Receives the filtered bytes; same length as <paramref name="row"/>.</param>
    public static void Apply(int filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bpp, Span<byte> destination)
    {
        previous = previous[..row.Length];
        destination = destination[..row.Length];
        for (int i = 0; i < row.Length; i++)
        {
            byte left = i >= bpp ? row[i - bpp] : (byte)0;
            byte up = previous[i];
            byte upLeft = i >= bpp ? previous[i - bpp] : (byte)0;
            destination[i] = filter switch
            {
                None => row[i],
                Sub => (byte)(row[i] - left),
                Up => (byte)(row[i] - up),
                Average => (byte)(row[i] - ((left + up) >> 1)),
                _ => (byte)(row[i] - PaethPredictor(left, up, upLeft)),
            };
        }
    }

    /// <summary>Sum of the filtered bytes taken as signed values, the usual cost for choosing a filter.</summary>
    public static long SumOfAbsoluteDifferences(ReadOnlySpan<byte> filtered)
    {
        long sum = 0;
        foreach (byte b in filtered)
        {
            sum += Math.Abs((int)(sbyte)b);
        }

        return sum;
    }

    internal static byte PaethPredictor(byte a, byte b, byte c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return a;
        }

        return pb <= pc ? b : c;
    }
}
