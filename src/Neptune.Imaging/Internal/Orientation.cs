using System.Runtime.InteropServices;

namespace Neptune.Imaging.Internal;

/// <summary>Turns decoded pixels upright for an EXIF orientation: an exact permutation of whole pixels.</summary>
internal static class Orientation
{
    /// <summary>
    /// Returns the image as it should be displayed: 2 mirrors left-right, 3 rotates 180°, 4 mirrors top-bottom,
    /// 5 transposes, 6 rotates 90° clockwise, 7 transverses, 8 rotates 90° counter-clockwise. Orientation 1 (or
    /// anything else) returns the image itself.
    /// </summary>
    public static RgbaImage Apply(RgbaImage image, int orientation)
    {
        if (orientation is < 2 or > 8)
        {
            return image;
        }

        int w = image.Width;
        int h = image.Height;
        bool swap = orientation >= 5;
        int outW = swap ? h : w;
        int outH = swap ? w : h;
        byte[] pixels = new byte[image.Buffer.Length];
        ReadOnlySpan<uint> source = MemoryMarshal.Cast<byte, uint>(image.Buffer);
        Span<uint> destination = MemoryMarshal.Cast<byte, uint>(pixels.AsSpan());

        // Source index of output pixel (x, y) is origin + x * stepX + y * stepY.
        (int origin, int stepX, int stepY) = orientation switch
        {
            2 => (w - 1, -1, w),
            3 => (((h - 1) * w) + w - 1, -1, -w),
            4 => ((h - 1) * w, 1, -w),
            5 => (0, w, 1),
            6 => ((h - 1) * w, -w, 1),
            7 => (((h - 1) * w) + w - 1, -w, -1),
            _ => (w - 1, w, -1),
        };
        for (int y = 0; y < outH; y++)
        {
            Span<uint> row = destination.Slice(y * outW, outW);
            int index = origin + (y * stepY);
            for (int x = 0; x < outW; x++, index += stepX)
            {
                row[x] = source[index];
            }
        }

        return RgbaImage.Wrap(outW, outH, pixels);
    }
}
