namespace Neptune.Imaging.Jpeg;

/// <summary>How decoded component samples map to RGB.</summary>
internal enum JpegColorTransform
{
    /// <summary>One component, copied to R, G and B.</summary>
    Grayscale,

    /// <summary>JFIF YCbCr (ITU-R BT.601, full range).</summary>
    YCbCr,

    /// <summary>Components are already R, G, B (Adobe transform 0 or component ids 'R','G','B').</summary>
    Rgb,
}

/// <summary>
/// Upsamples chroma and converts component planes to RGBA, bit-exact with libjpeg-turbo's defaults
/// (<c>do_fancy_upsampling</c> on, integer YCbCr tables).
/// </summary>
/// <remarks>
/// Components subsampled by two horizontally, vertically or both use libjpeg's "fancy" triangle filter: each output
/// sample is ¾ of the nearest input sample plus ¼ of the next nearest, with libjpeg's alternating rounding biases;
/// image edges replicate the outermost sample. As in libjpeg-turbo, a component only one or two samples wide is
/// replicated instead when it is subsampled horizontally, and any other integral ratio (3 or 4) is replicated.
/// </remarks>
internal static class JpegColorConverter
{
    private const int ScaleBits = 16;
    private const int OneHalf = 1 << (ScaleBits - 1);

    private static readonly int[] CrToR = BuildTable(1.40200, true);
    private static readonly int[] CbToB = BuildTable(1.77200, true);
    private static readonly int[] CrToG = BuildTable(-0.71414, false);
    private static readonly int[] CbToG = BuildTable(-0.34414, false, OneHalf);

    internal static RgbaImage ToRgba(JpegComponent[] components, int width, int height, int maxH, int maxV, JpegColorTransform transform)
    {
        byte[] pixels = new byte[checked(width * height * 4)];
        int count = transform == JpegColorTransform.Grayscale ? 1 : 3;
        var rows = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            // Upsampled rows may run past the image width by up to one subsampling factor.
            rows[i] = new byte[width + 8];
        }

        Span<int> columnSums = count > 1 ? new int[(width / 2) + 8] : [];
        for (int y = 0; y < height; y++)
        {
            for (int i = 0; i < count; i++)
            {
                UpsampleRow(components[i], y, maxH / components[i].HorizontalFactor, maxV / components[i].VerticalFactor, rows[i], columnSums);
            }

            Span<byte> output = pixels.AsSpan(y * width * 4, width * 4);
            switch (transform)
            {
                case JpegColorTransform.Grayscale:
                    GrayRow(rows[0], output);
                    break;
                case JpegColorTransform.Rgb:
                    RgbRow(rows[0], rows[1], rows[2], output);
                    break;
                default:
                    YCbCrRow(rows[0], rows[1], rows[2], output);
                    break;
            }
        }

        return RgbaImage.Wrap(width, height, pixels);
    }

    private static int[] BuildTable(double factor, bool rounded, int bias = 0)
    {
        int fix = (int)((Math.Abs(factor) * (1 << ScaleBits)) + 0.5) * Math.Sign(factor);
        int[] table = new int[256];
        for (int i = 0; i < 256; i++)
        {
            int x = i - 128;
            table[i] = rounded ? ((fix * x) + OneHalf) >> ScaleBits : (fix * x) + bias;
        }

        return table;
    }

    private static void UpsampleRow(JpegComponent c, int y, int hRatio, int vRatio, Span<byte> destination, Span<int> columnSums)
    {
        int stride = c.BlocksPerLine * 8;
        byte[] plane = c.Plane;
        int w = c.Width;
        if (hRatio == 1 && vRatio == 1)
        {
            plane.AsSpan(y * stride, w).CopyTo(destination);
            return;
        }

        if (hRatio == 2 && vRatio == 2 && w > 2)
        {
            int near = y / 2;
            int far = Math.Clamp((y & 1) == 0 ? near - 1 : near + 1, 0, c.Height - 1);
            ReadOnlySpan<byte> a = plane.AsSpan(near * stride, w);
            ReadOnlySpan<byte> b = plane.AsSpan(far * stride, w);
            Span<int> sums = columnSums[..w];
            for (int x = 0; x < w; x++)
            {
                sums[x] = (a[x] * 3) + b[x];
            }

            destination[0] = (byte)(((sums[0] * 4) + 8) >> 4);
            destination[1] = (byte)(((sums[0] * 3) + sums[1] + 7) >> 4);
            for (int x = 1; x < w - 1; x++)
            {
                destination[2 * x] = (byte)(((sums[x] * 3) + sums[x - 1] + 8) >> 4);
                destination[(2 * x) + 1] = (byte)(((sums[x] * 3) + sums[x + 1] + 7) >> 4);
            }

            destination[(2 * w) - 2] = (byte)(((sums[w - 1] * 3) + sums[w - 2] + 8) >> 4);
            destination[(2 * w) - 1] = (byte)(((sums[w - 1] * 4) + 7) >> 4);
            return;
        }

        if (hRatio == 2 && vRatio == 1 && w > 2)
        {
            ReadOnlySpan<byte> a = plane.AsSpan(y * stride, w);
            destination[0] = a[0];
            destination[1] = (byte)(((a[0] * 3) + a[1] + 2) >> 2);
            for (int x = 1; x < w - 1; x++)
            {
                int value = a[x] * 3;
                destination[2 * x] = (byte)((value + a[x - 1] + 1) >> 2);
                destination[(2 * x) + 1] = (byte)((value + a[x + 1] + 2) >> 2);
            }

            destination[(2 * w) - 2] = (byte)(((a[w - 1] * 3) + a[w - 2] + 1) >> 2);
            destination[(2 * w) - 1] = a[w - 1];
            return;
        }

        if (hRatio == 1 && vRatio == 2)
        {
            int near = y / 2;
            bool upper = (y & 1) == 0;
            int far = Math.Clamp(upper ? near - 1 : near + 1, 0, c.Height - 1);
            int bias = upper ? 1 : 2;
            ReadOnlySpan<byte> a = plane.AsSpan(near * stride, w);
            ReadOnlySpan<byte> b = plane.AsSpan(far * stride, w);
            for (int x = 0; x < w; x++)
            {
                destination[x] = (byte)(((a[x] * 3) + b[x] + bias) >> 2);
            }

            return;
        }

        // Plain replication for other integral ratios and for components too narrow to filter.
        ReadOnlySpan<byte> source = plane.AsSpan(Math.Min(y / vRatio, c.Height - 1) * stride, w);
        for (int x = 0; x < w; x++)
        {
            destination.Slice(x * hRatio, hRatio).Fill(source[x]);
        }
    }

    private static void GrayRow(ReadOnlySpan<byte> gray, Span<byte> output)
    {
        for (int x = 0, o = 0; o < output.Length; x++, o += 4)
        {
            byte v = gray[x];
            output[o] = v;
            output[o + 1] = v;
            output[o + 2] = v;
            output[o + 3] = 255;
        }
    }

    private static void RgbRow(ReadOnlySpan<byte> r, ReadOnlySpan<byte> g, ReadOnlySpan<byte> b, Span<byte> output)
    {
        for (int x = 0, o = 0; o < output.Length; x++, o += 4)
        {
            output[o] = r[x];
            output[o + 1] = g[x];
            output[o + 2] = b[x];
            output[o + 3] = 255;
        }
    }

    private static void YCbCrRow(ReadOnlySpan<byte> luma, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> output)
    {
        int[] crToR = CrToR;
        int[] cbToB = CbToB;
        int[] crToG = CrToG;
        int[] cbToG = CbToG;
        for (int x = 0, o = 0; o < output.Length; x++, o += 4)
        {
            int y = luma[x];
            int blue = cb[x];
            int red = cr[x];
            output[o] = Clamp(y + crToR[red]);
            output[o + 1] = Clamp(y + ((cbToG[blue] + crToG[red]) >> ScaleBits));
            output[o + 2] = Clamp(y + cbToB[blue]);
            output[o + 3] = 255;
        }
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
