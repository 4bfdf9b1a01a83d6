namespace Neptune.Logic.Internal;

/// <summary>Index arithmetic over row-major tensors of rank ≤ 4 whose axes all have the same length.</summary>
internal static class TensorLayout
{
    /// <summary>n^k as an int; callers have already checked the cell count.</summary>
    public static int Power(int n, int k)
    {
        int r = 1;
        for (int i = 0; i < k; i++)
        {
            r *= n;
        }

        return r;
    }

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="destination"/> with destination axis k taken from source axis
    /// <paramref name="sourceAxisOf"/>[k].
    /// </summary>
    public static void Permute(ReadOnlySpan<float> source, int rank, int n, ReadOnlySpan<int> sourceAxisOf, Span<float> destination)
    {
        if (source.Length == 0)
        {
            return;
        }

        // Pad to four axes with leading length-1 axes; stride of each destination axis within the source.
        Span<int> len = stackalloc int[4];
        Span<int> stride = stackalloc int[4];
        int pad = 4 - rank;
        for (int k = 0; k < 4; k++)
        {
            if (k < pad)
            {
                len[k] = 1;
                stride[k] = 0;
            }
            else
            {
                len[k] = n;
                stride[k] = Power(n, rank - 1 - sourceAxisOf[k - pad]);
            }
        }

        int d = 0;
        int n0 = len[0], n1 = len[1], n2 = len[2], n3 = len[3];
        int s0 = stride[0], s1 = stride[1], s2 = stride[2], s3 = stride[3];
        for (int i0 = 0; i0 < n0; i0++)
        {
            for (int i1 = 0; i1 < n1; i1++)
            {
                for (int i2 = 0; i2 < n2; i2++)
                {
                    int o = (i0 * s0) + (i1 * s1) + (i2 * s2);
                    if (s3 == 1)
                    {
                        source.Slice(o, n3).CopyTo(destination.Slice(d, n3));
                        d += n3;
                    }
                    else
                    {
                        for (int i3 = 0; i3 < n3; i3++)
                        {
                            destination[d++] = source[o + (i3 * s3)];
                        }
                    }
                }
            }
        }
    }

    /// <summary>Sets every cell where two axes carry the same index to <paramref name="value"/>.</summary>
    public static void FillDiagonals(Span<float> cells, int rank, int n, float value)
    {
        if (rank < 2 || n == 0)
        {
            return;
        }

        Span<int> others = stackalloc int[2];
        for (int i = 0; i < rank; i++)
        {
            for (int j = i + 1; j < rank; j++)
            {
                int m = 0;
                others[0] = 0;
                others[1] = 0;
                for (int k = 0; k < rank; k++)
                {
                    if (k != i && k != j)
                    {
                        others[m++] = Power(n, rank - 1 - k);
                    }
                }

                int diagonalStride = Power(n, rank - 1 - i) + Power(n, rank - 1 - j);
                int o1Count = m >= 1 ? n : 1;
                int o2Count = m >= 2 ? n : 1;
                int t1 = others[0], t2 = others[1];
                for (int d = 0; d < n; d++)
                {
                    int baseOffset = d * diagonalStride;
                    for (int o1 = 0; o1 < o1Count; o1++)
                    {
                        for (int o2 = 0; o2 < o2Count; o2++)
                        {
                            cells[baseOffset + (o1 * t1) + (o2 * t2)] = value;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Whether two of the indices are equal.</summary>
    public static bool HasRepeat(ReadOnlySpan<int> index)
    {
        for (int i = 1; i < index.Length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (index[i] == index[j])
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Advances a row-major odometer; returns false after the last cell.</summary>
    public static bool Increment(Span<int> index, int n)
    {
        for (int k = index.Length - 1; k >= 0; k--)
        {
            if (++index[k] < n)
            {
                return true;
            }

            index[k] = 0;
        }

        return false;
    }

    /// <summary>Ordinal search in a small array of variable names.</summary>
    public static int IndexOf(string[] names, string name)
    {
        for (int i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
