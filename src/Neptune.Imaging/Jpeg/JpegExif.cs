using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Neptune.Imaging.Jpeg;

/// <summary>Reads the EXIF orientation tag and applies it to decoded pixels.</summary>
internal static class JpegExif
{
    private const ushort OrientationTag = 0x0112;
    private const ushort TypeShort = 3;

    /// <summary>
    /// Reads tag 0x0112 from IFD0 of a TIFF structure (the APP1 payload after <c>Exif\0\0</c>).
    /// Metadata never fails a decode: anything malformed or out of range yields 1 (upright).
    /// </summary>
    internal static int ReadOrientation(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return 1;
        }

        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I')
        {
            little = true;
        }
        else if (tiff[0] == 'M' && tiff[1] == 'M')
        {
            little = false;
        }
        else
        {
            return 1;
        }

        if (Read16(tiff[2..], little) != 42)
        {
            return 1;
        }

        uint ifd = Read32(tiff[4..], little);
        if (ifd > (uint)tiff.Length - 2)
        {
            return 1;
        }

        int entries = Read16(tiff[(int)ifd..], little);
        int first = (int)ifd + 2;
        for (int i = 0; i < entries; i++)
        {
            int at = first + (12 * i);
            if (at > tiff.Length - 12)
            {
                return 1;
            }

            ReadOnlySpan<byte> entry = tiff.Slice(at, 12);
            if (Read16(entry, little) != OrientationTag)
            {
                continue;
            }

            if (Read16(entry[2..], little) != TypeShort || Read32(entry[4..], little) < 1)
            {
                return 1;
            }

            int value = Read16(entry[8..], little);
            return value is >= 1 and <= 8 ? value : 1;
        }

        return 1;
    }

    /// <summary>
    /// Returns the image as it should be displayed for an EXIF orientation: 2 mirrors left-right, 3 rotates 180°,
    /// 4 mirrors top-bottom, 5 transposes, 6 rotates 90° clockwise, 7 transverses, 8 rotates 90° counter-clockwise.
    /// Orientation 1 (or anything else) returns the image itself.
    /// </summary>
    internal static RgbaImage ApplyOrientation(RgbaImage image, int orientation)
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

    private static int Read16(ReadOnlySpan<byte> data, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(data) : BinaryPrimitives.ReadUInt16BigEndian(data);

    private static uint Read32(ReadOnlySpan<byte> data, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(data) : BinaryPrimitives.ReadUInt32BigEndian(data);
}
