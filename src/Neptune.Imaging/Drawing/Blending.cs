namespace Neptune.Imaging.Drawing;

/// <summary>Source-over compositing of straight-alpha 8-bit colours, in integer arithmetic.</summary>
internal static class Blending
{
    /// <summary>
    /// Composites <paramref name="color"/> with its alpha scaled by <paramref name="coverage"/> (0–255) over the
    /// 4-byte pixel <paramref name="pixel"/>.
    /// </summary>
    public static void BlendOver(Span<byte> pixel, Rgba32 color, int coverage)
    {
        int sa = color.A * coverage;
        sa = (sa + 127) / 255;
        if (sa == 0)
        {
            return;
        }

        if (sa == 255)
        {
            pixel[0] = color.R;
            pixel[1] = color.G;
            pixel[2] = color.B;
            pixel[3] = 255;
            return;
        }

        int da = pixel[3];
        int inv = 255 - sa;

        // Alpha scaled by 255: a255 = 255 * (sa + da * (1 - sa)) in [0, 255] units.
        int a255 = (sa * 255) + (da * inv);
        int half = a255 / 2;
        pixel[0] = (byte)(((color.R * sa * 255) + (pixel[0] * da * inv) + half) / a255);
        pixel[1] = (byte)(((color.G * sa * 255) + (pixel[1] * da * inv) + half) / a255);
        pixel[2] = (byte)(((color.B * sa * 255) + (pixel[2] * da * inv) + half) / a255);
        pixel[3] = (byte)((a255 + 127) / 255);
    }

    /// <summary>Blends a colour over every pixel of a clipped rectangle.</summary>
    public static void FillClipped(RgbaImage image, PixelRect clipped, Rgba32 color)
    {
        if (clipped.IsEmpty || color.A == 0)
        {
            return;
        }

        uint packed = RgbaImage.Pack(color);
        for (int y = clipped.Y; y < clipped.Bottom; y++)
        {
            Span<byte> row = image.GetRow(y).Slice(clipped.X * 4, clipped.Width * 4);
            if (color.A == 255)
            {
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(row).Fill(packed);
                continue;
            }

            for (int i = 0; i < row.Length; i += 4)
            {
                BlendOver(row.Slice(i, 4), color, 255);
            }
        }
    }
}
