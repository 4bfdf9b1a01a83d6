using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Neptune.Imaging.Codecs;

namespace Neptune.Imaging.Png;

/// <summary>
/// A managed PNG decoder covering the whole of the PNG 1.2 / ISO 15948 core: colour types 0, 2, 3, 4 and 6 at every
/// legal bit depth, PLTE, tRNS, Adam7 interlacing, the five filter types and image data split across any number of
/// IDAT chunks. Every chunk CRC is verified; ancillary chunks other than tRNS are skipped; an unknown critical chunk
/// is an error.
/// </summary>
/// <remarks>
/// <para>Output is always 8-bit RGBA. Samples of 1, 2 and 4 bits are scaled by bit replication (a 4-bit 0xA becomes
/// 0xAA); 16-bit samples are rounded to the nearest 8-bit value, <c>(v + 128) / 257</c>, which equals
/// <c>round(v * 255 / 65535)</c>; decoders that keep the high byte or truncate (ImageMagick 6) can differ by one.
/// tRNS colour keys are compared
/// against the original samples at full precision. Palette indices past the end of PLTE decode as opaque black,
/// as in libpng.</para>
/// <para>Limits from <see cref="PngDecoderOptions"/> are checked against IHDR before anything is allocated; the zlib
/// stream is inflated one scanline at a time into the output, and inflating more data than the header implies is
/// an error, so a compression bomb costs no more than the image it claims to be.</para>
/// <para>Every problem with the input raises <see cref="ImageDecodeException"/> or a subclass. Instances are
/// immutable and thread-safe.</para>
/// </remarks>
public sealed class PngDecoder : IImageDecoder
{
    private const uint ChunkIhdr = 0x49484452;
    private const uint ChunkPlte = 0x504C5445;
    private const uint ChunkIdat = 0x49444154;
    private const uint ChunkIend = 0x49454E44;
    private const uint ChunkTrns = 0x74524E53;

    private static readonly (int X0, int Y0, int Dx, int Dy)[] Adam7Passes =
    [
        (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
    ];

    /// <summary>Creates a decoder with <see cref="PngDecoderOptions.Default"/> limits.</summary>
    public PngDecoder()
        : this(PngDecoderOptions.Default)
    {
    }

    /// <summary>Creates a decoder with the given limits.</summary>
    /// <param name="options">The limits; validated here.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
    public PngDecoder(PngDecoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The limits this decoder enforces.</summary>
    public PngDecoderOptions Options { get; }

    /// <inheritdoc />
    public string MimeType => PngEncoder.PngMimeType;

    /// <inheritdoc />
    public int SignatureLength => 8;

    internal static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    /// <inheritdoc />
    public bool CanDecode(ReadOnlySpan<byte> header) => header.StartsWith(Signature);

    /// <inheritdoc />
    public RgbaImage Decode(ReadOnlySpan<byte> data)
    {
        if (!data.StartsWith(Signature))
        {
            throw data.Length < Signature.Length && Signature.StartsWith(data)
                ? new ImageDecodeException($"PNG: truncated signature ({data.Length} of 8 bytes).", data.Length)
                : new ImageDecodeException("PNG: bad signature; the input is not a PNG file.", 0);
        }

        Header? header = null;
        byte[]? palette = null;
        int paletteCount = 0;
        Transparency transparency = default;
        List<(int Start, int Length)> idat = [];
        int firstIdatOffset = -1;
        bool idatEnded = false;
        int pos = Signature.Length;

        while (true)
        {
            int chunkStart = pos;
            if (data.Length - pos < 8)
            {
                throw new ImageDecodeException(
                    $"PNG: truncated at offset {pos}: expected a chunk header (8 bytes), {data.Length - pos} available{(header is null ? string.Empty : "; IEND missing")}.",
                    pos);
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            ReadOnlySpan<byte> typeBytes = data.Slice(pos + 4, 4);
            uint type = BinaryPrimitives.ReadUInt32BigEndian(typeBytes);
            if (!IsValidChunkType(typeBytes))
            {
                throw new ImageDecodeException($"PNG chunk at offset {pos}: invalid chunk type 0x{type:X8}.", pos);
            }

            string name = Encoding.ASCII.GetString(typeBytes);
            if (length > int.MaxValue)
            {
                throw new ImageDecodeException($"PNG chunk {name} at offset {pos}: length {length} exceeds 2^31-1.", pos);
            }

            if (length > Options.MaxChunkSize)
            {
                throw new ImageLimitExceededException(
                    $"PNG chunk {name} at offset {pos}: length {length} exceeds the limit of {Options.MaxChunkSize} bytes.", pos);
            }

            long available = (long)data.Length - pos - 8;
            if (available < (long)length + 4)
            {
                throw new ImageDecodeException(
                    $"PNG chunk {name} at offset {pos}: truncated {name} data; {length} data bytes and a 4-byte CRC declared, {available} bytes available.",
                    pos);
            }

            int len = (int)length;
            ReadOnlySpan<byte> body = data.Slice(pos + 8, len);
            uint storedCrc = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 8 + len)..]);
            uint actualCrc = Crc32.Compute(data.Slice(pos + 4, len + 4));
            if (storedCrc != actualCrc)
            {
                throw new ImageDecodeException(
                    $"PNG chunk {name} at offset {pos}: CRC mismatch (stored 0x{storedCrc:X8}, computed 0x{actualCrc:X8}).", pos);
            }

            pos += 12 + len;

            if (header is null && type != ChunkIhdr)
            {
                throw new ImageDecodeException($"PNG chunk {name} at offset {chunkStart}: the first chunk must be IHDR.", chunkStart);
            }

            if (idat.Count > 0 && type != ChunkIdat)
            {
                idatEnded = true;
            }

            switch (type)
            {
                case ChunkIhdr:
                    if (header is not null)
                    {
                        throw new ImageDecodeException($"PNG chunk IHDR at offset {chunkStart}: duplicate IHDR.", chunkStart);
                    }

                    header = ParseHeader(body, chunkStart);
                    break;

                case ChunkPlte:
                    if (palette is not null)
                    {
                        throw new ImageDecodeException($"PNG chunk PLTE at offset {chunkStart}: duplicate PLTE.", chunkStart);
                    }

                    if (idat.Count > 0)
                    {
                        throw new ImageDecodeException($"PNG chunk PLTE at offset {chunkStart}: PLTE must precede IDAT.", chunkStart);
                    }

                    palette = ParsePalette(body, header!.Value, chunkStart, out paletteCount);
                    break;

                case ChunkTrns:
                    // Ancillary: misplaced or malformed tRNS is ignored, as libpng does.
                    if (idat.Count == 0)
                    {
                        transparency = ParseTransparency(body, header!.Value, palette, paletteCount, transparency);
                    }

                    break;

                case ChunkIdat:
                    if (idatEnded)
                    {
                        throw new ImageDecodeException($"PNG chunk IDAT at offset {chunkStart}: IDAT chunks must be consecutive.", chunkStart);
                    }

                    if (header!.Value.ColorType == 3 && palette is null)
                    {
                        throw new ImageDecodeException($"PNG chunk IDAT at offset {chunkStart}: colour type 3 requires a PLTE chunk before IDAT.", chunkStart);
                    }

                    if (firstIdatOffset < 0)
                    {
                        firstIdatOffset = chunkStart;
                    }

                    idat.Add((chunkStart + 8, len));
                    break;

                case ChunkIend:
                    if (idat.Count == 0)
                    {
                        throw new ImageDecodeException($"PNG chunk IEND at offset {chunkStart}: no IDAT chunk precedes IEND.", chunkStart);
                    }

                    return DecodeImageData(header!.Value, data, idat, palette, transparency, firstIdatOffset);

                default:
                    if ((typeBytes[0] & 0x20) == 0)
                    {
                        throw new ImageDecodeException($"PNG chunk {name} at offset {chunkStart}: unknown critical chunk.", chunkStart);
                    }

                    break;
            }
        }
    }

    private static bool IsValidChunkType(ReadOnlySpan<byte> type)
    {
        foreach (byte b in type)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                return false;
            }
        }

        return true;
    }

    private Header ParseHeader(ReadOnlySpan<byte> body, int offset)
    {
        if (body.Length != 13)
        {
            throw new ImageDecodeException($"PNG IHDR at offset {offset}: length {body.Length}, expected 13.", offset);
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(body);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        byte bitDepth = body[8];
        byte colorType = body[9];
        if (width == 0 || width > int.MaxValue)
        {
            throw new ImageDecodeException($"PNG IHDR at offset {offset}: width {width} is outside [1, 2^31-1].", offset);
        }

        if (height == 0 || height > int.MaxValue)
        {
            throw new ImageDecodeException($"PNG IHDR at offset {offset}: height {height} is outside [1, 2^31-1].", offset);
        }

        bool depthValid = colorType switch
        {
            0 => bitDepth is 1 or 2 or 4 or 8 or 16,
            3 => bitDepth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => bitDepth is 8 or 16,
            _ => throw new ImageDecodeException($"PNG IHDR at offset {offset}: invalid colour type {colorType}.", offset),
        };
        if (!depthValid)
        {
            throw new ImageDecodeException($"PNG IHDR at offset {offset}: bit depth {bitDepth} is not allowed for colour type {colorType}.", offset);
        }

        if (body[10] != 0)
        {
            throw new ImageDecodeException($"PNG IHDR at offset {offset}: unknown compression method {body[10]}.", offset);
        }

        if (body[11] != 0)
        {
            throw new ImageDecodeException($"PNG IHDR at offset {offset}: unknown filter method {body[11]}.", offset);
        }

        if (body[12] > 1)
        {
            throw new ImageDecodeException($"PNG IHDR at offset {offset}: unknown interlace method {body[12]}.", offset);
        }

        var header = new Header((int)width, (int)height, bitDepth, colorType, body[12] == 1);
        if (width > (uint)Options.MaxWidth)
        {
            throw new ImageLimitExceededException($"PNG IHDR at offset {offset}: width {width} exceeds the limit of {Options.MaxWidth}.", offset);
        }

        if (height > (uint)Options.MaxHeight)
        {
            throw new ImageLimitExceededException($"PNG IHDR at offset {offset}: height {height} exceeds the limit of {Options.MaxHeight}.", offset);
        }

        long pixels = (long)width * height;
        if (pixels > Options.MaxPixelCount)
        {
            throw new ImageLimitExceededException(
                $"PNG IHDR at offset {offset}: {width}x{height} = {pixels} pixels exceeds the limit of {Options.MaxPixelCount}.", offset);
        }

        long inflated = header.DecompressedSize();
        if (inflated > Options.MaxDecompressedBytes)
        {
            throw new ImageLimitExceededException(
                $"PNG IHDR at offset {offset}: the image data inflates to {inflated} bytes, exceeding the limit of {Options.MaxDecompressedBytes}.", offset);
        }

        return header;
    }

    private static byte[] ParsePalette(ReadOnlySpan<byte> body, Header header, int offset, out int count)
    {
        if (header.ColorType is 0 or 4)
        {
            throw new ImageDecodeException($"PNG chunk PLTE at offset {offset}: PLTE is not allowed for greyscale colour type {header.ColorType}.", offset);
        }

        if (body.Length % 3 != 0 || body.Length == 0 || body.Length > 768)
        {
            throw new ImageDecodeException($"PNG chunk PLTE at offset {offset}: length {body.Length} is not 3 × (1 to 256) entries.", offset);
        }

        count = body.Length / 3;
        var palette = new byte[256 * 4];
        for (int i = 0; i < 256; i++)
        {
            palette[(i * 4) + 3] = 255;
        }

        for (int i = 0; i < count; i++)
        {
            palette[i * 4] = body[i * 3];
            palette[(i * 4) + 1] = body[(i * 3) + 1];
            palette[(i * 4) + 2] = body[(i * 3) + 2];
        }

        return palette;
    }

    private static Transparency ParseTransparency(ReadOnlySpan<byte> body, Header header, byte[]? palette, int paletteCount, Transparency current)
    {
        switch (header.ColorType)
        {
            case 0 when body.Length == 2:
                return new Transparency(true, BinaryPrimitives.ReadUInt16BigEndian(body), 0, 0);
            case 2 when body.Length == 6:
                return new Transparency(
                    true,
                    BinaryPrimitives.ReadUInt16BigEndian(body),
                    BinaryPrimitives.ReadUInt16BigEndian(body[2..]),
                    BinaryPrimitives.ReadUInt16BigEndian(body[4..]));
            case 3 when palette is not null:
                int n = Math.Min(body.Length, paletteCount);
                for (int i = 0; i < n; i++)
                {
                    palette[(i * 4) + 3] = body[i];
                }

                return current;
            default:
                return current;
        }
    }

    private static RgbaImage DecodeImageData(
        Header header,
        ReadOnlySpan<byte> data,
        List<(int Start, int Length)> idat,
        byte[]? palette,
        Transparency transparency,
        int idatOffset)
    {
        int total = 0;
        foreach ((_, int length) in idat)
        {
            total += length; // Cannot overflow: every chunk lies inside data.
        }

        byte[] compressed = new byte[total];
        int at = 0;
        foreach ((int start, int length) in idat)
        {
            data.Slice(start, length).CopyTo(compressed.AsSpan(at));
            at += length;
        }

        int width = header.Width;
        int bitsPerPixel = header.BitsPerPixel;
        int filterBpp = Math.Max(1, bitsPerPixel / 8);
        int maxRowBytes = header.RowBytes(width);
        byte[] current = new byte[maxRowBytes + 1];
        byte[] previous = new byte[maxRowBytes + 1];
        byte[] pixels = new byte[(long)width * header.Height * RgbaImage.BytesPerPixel];
        long expected = header.DecompressedSize();
        long inflated = 0;
        int stride = width * RgbaImage.BytesPerPixel;
        var expander = new RowExpander(header, palette, transparency);

        using var source = new MemoryStream(compressed, writable: false);
        using var zlib = new ZLibStream(source, CompressionMode.Decompress);
        ReadOnlySpan<(int X0, int Y0, int Dx, int Dy)> passes = header.Interlaced ? Adam7Passes : [(0, 0, 1, 1)];
        for (int p = 0; p < passes.Length; p++)
        {
            (int x0, int y0, int dx, int dy) = passes[p];
            int passWidth = PassExtent(width, x0, dx);
            int passHeight = PassExtent(header.Height, y0, dy);
            if (passWidth == 0 || passHeight == 0)
            {
                continue;
            }

            int rowBytes = header.RowBytes(passWidth);
            Array.Clear(previous);
            for (int r = 0; r < passHeight; r++)
            {
                Span<byte> row = current.AsSpan(0, rowBytes + 1);
                inflated = ReadExactly(zlib, row, inflated, expected, idatOffset);
                int filter = row[0];
                if (!PngFilters.TryUnfilter(filter, row[1..], previous.AsSpan(1, rowBytes), filterBpp))
                {
                    string where = header.Interlaced ? $"pass {p + 1} row {r}" : $"row {r}";
                    throw new ImageDecodeException($"PNG IDAT: {where} has invalid filter type {filter}.", idatOffset);
                }

                int y = y0 + (r * dy);
                expander.Expand(row[1..], passWidth, pixels.AsSpan(y * stride, stride), x0, dx);
                (current, previous) = (previous, current);
            }
        }

        Span<byte> probe = stackalloc byte[1];
        int extra;
        try
        {
            extra = zlib.Read(probe);
        }
        catch (InvalidDataException ex)
        {
            throw new ImageDecodeException($"PNG IDAT: corrupt zlib stream after the image data: {ex.Message}", idatOffset, ex);
        }

        if (extra > 0)
        {
            throw new ImageDecodeException(
                $"PNG IDAT: the zlib stream inflates past the {expected} bytes the header implies.", idatOffset);
        }

        return RgbaImage.Wrap(width, header.Height, pixels);
    }

    private static long ReadExactly(ZLibStream zlib, Span<byte> buffer, long inflated, long expected, int idatOffset)
    {
        while (!buffer.IsEmpty)
        {
            int n;
            try
            {
                n = zlib.Read(buffer);
            }
            catch (InvalidDataException ex)
            {
                throw new ImageDecodeException($"PNG IDAT: corrupt zlib stream after {inflated} inflated bytes: {ex.Message}", idatOffset, ex);
            }

            if (n == 0)
            {
                throw new ImageDecodeException(
                    $"PNG IDAT: truncated IDAT data; the header implies {expected} inflated bytes, the zlib stream ends after {inflated}.",
                    idatOffset);
            }

            inflated += n;
            buffer = buffer[n..];
        }

        return inflated;
    }

    private static int PassExtent(int size, int start, int step) => size <= start ? 0 : ((size - start + step - 1) / step);

    private readonly record struct Header(int Width, int Height, byte BitDepth, byte ColorType, bool Interlaced)
    {
        public int Channels => ColorType switch
        {
            0 or 3 => 1,
            4 => 2,
            2 => 3,
            _ => 4,
        };

        public int BitsPerPixel => Channels * BitDepth;

        public int RowBytes(int pixels) => (int)((((long)pixels * BitsPerPixel) + 7) / 8);

        public long DecompressedSize()
        {
            if (!Interlaced)
            {
                return (long)Height * (RowBytes(Width) + 1L);
            }

            long total = 0;
            foreach ((int x0, int y0, int dx, int dy) in Adam7Passes)
            {
                int w = PassExtent(Width, x0, dx);
                int h = PassExtent(Height, y0, dy);
                if (w > 0 && h > 0)
                {
                    total += (long)h * (RowBytes(w) + 1L);
                }
            }

            return total;
        }
    }

    /// <summary>A tRNS colour key: <c>GrayOrRed</c> is the grey sample (colour type 0) or the red sample (type 2).</summary>
    private readonly record struct Transparency(bool Present, ushort GrayOrRed, ushort Green, ushort Blue);

    /// <summary>Converts one reconstructed scanline to RGBA pixels, scattering them for Adam7 passes.</summary>
    private readonly struct RowExpander(Header header, byte[]? palette, Transparency transparency)
    {
        public void Expand(ReadOnlySpan<byte> src, int count, Span<byte> dst, int x0, int dx)
        {
            int depth = header.BitDepth;
            bool key = transparency.Present;
            switch (header.ColorType)
            {
                case 0 when depth < 8:
                {
                    int mask = (1 << depth) - 1;
                    int scale = 255 / mask;
                    for (int i = 0; i < count; i++)
                    {
                        int bit = i * depth;
                        int s = (src[bit >> 3] >> (8 - depth - (bit & 7))) & mask;
                        byte v = (byte)(s * scale);
                        Put(dst, x0 + (i * dx), v, v, v, key && s == transparency.GrayOrRed ? (byte)0 : (byte)255);
                    }

                    break;
                }

                case 0 when depth == 8:
                    for (int i = 0; i < count; i++)
                    {
                        byte v = src[i];
                        Put(dst, x0 + (i * dx), v, v, v, key && v == transparency.GrayOrRed ? (byte)0 : (byte)255);
                    }

                    break;

                case 0:
                    for (int i = 0; i < count; i++)
                    {
                        int s = Read16(src, i);
                        byte v = To8(s);
                        Put(dst, x0 + (i * dx), v, v, v, key && s == transparency.GrayOrRed ? (byte)0 : (byte)255);
                    }

                    break;

                case 2 when depth == 8:
                    for (int i = 0; i < count; i++)
                    {
                        byte r = src[i * 3], g = src[(i * 3) + 1], b = src[(i * 3) + 2];
                        bool clear = key && r == transparency.GrayOrRed && g == transparency.Green && b == transparency.Blue;
                        Put(dst, x0 + (i * dx), r, g, b, clear ? (byte)0 : (byte)255);
                    }

                    break;

                case 2:
                    for (int i = 0; i < count; i++)
                    {
                        int r = Read16(src, i * 3), g = Read16(src, (i * 3) + 1), b = Read16(src, (i * 3) + 2);
                        bool clear = key && r == transparency.GrayOrRed && g == transparency.Green && b == transparency.Blue;
                        Put(dst, x0 + (i * dx), To8(r), To8(g), To8(b), clear ? (byte)0 : (byte)255);
                    }

                    break;

                case 3:
                {
                    byte[] pal = palette!;
                    int mask = (1 << depth) - 1;
                    for (int i = 0; i < count; i++)
                    {
                        int bit = i * depth;
                        int index = depth == 8 ? src[i] : (src[bit >> 3] >> (8 - depth - (bit & 7))) & mask;
                        pal.AsSpan(index * 4, 4).CopyTo(dst[((x0 + (i * dx)) * 4)..]);
                    }

                    break;
                }

                case 4 when depth == 8:
                    for (int i = 0; i < count; i++)
                    {
                        byte v = src[i * 2];
                        Put(dst, x0 + (i * dx), v, v, v, src[(i * 2) + 1]);
                    }

                    break;

                case 4:
                    for (int i = 0; i < count; i++)
                    {
                        byte v = To8(Read16(src, i * 2));
                        Put(dst, x0 + (i * dx), v, v, v, To8(Read16(src, (i * 2) + 1)));
                    }

                    break;

                case 6 when depth == 8:
                    if (dx == 1)
                    {
                        src[..(count * 4)].CopyTo(dst[(x0 * 4)..]);
                        break;
                    }

                    for (int i = 0; i < count; i++)
                    {
                        src.Slice(i * 4, 4).CopyTo(dst[((x0 + (i * dx)) * 4)..]);
                    }

                    break;

                default:
                    for (int i = 0; i < count; i++)
                    {
                        Put(
                            dst,
                            x0 + (i * dx),
                            To8(Read16(src, i * 4)),
                            To8(Read16(src, (i * 4) + 1)),
                            To8(Read16(src, (i * 4) + 2)),
                            To8(Read16(src, (i * 4) + 3)));
                    }

                    break;
            }
        }

        private static int Read16(ReadOnlySpan<byte> src, int sample) => (src[sample * 2] << 8) | src[(sample * 2) + 1];

        private static byte To8(int v) => (byte)((v + 128) / 257);

        private static void Put(Span<byte> dst, int x, byte r, byte g, byte b, byte a)
        {
            Span<byte> p = dst.Slice(x * 4, 4);
            p[0] = r;
            p[1] = g;
            p[2] = b;
            p[3] = a;
        }
    }
}
