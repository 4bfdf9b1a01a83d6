using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Neptune.Imaging.Tests;

/// <summary>Builds PNG byte streams chunk by chunk, for malformed-input tests.</summary>
internal sealed class PngBuilder
{
    private readonly MemoryStream _stream = new();

    public PngBuilder(bool signature = true)
    {
        if (signature)
        {
            _stream.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        }
    }

    public static byte[] Ihdr(uint width, uint height, byte depth, byte colorType, byte interlace = 0, byte compression = 0, byte filter = 0)
    {
        var body = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(body, width);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(4), height);
        body[8] = depth;
        body[9] = colorType;
        body[10] = compression;
        body[11] = filter;
        body[12] = interlace;
        return body;
    }

    public static byte[] Zlib(ReadOnlySpan<byte> raw)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw);
        }

        return output.ToArray();
    }

    public PngBuilder Chunk(string type, ReadOnlySpan<byte> data, bool corruptCrc = false)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        _stream.Write(word);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        _stream.Write(typeBytes);
        _stream.Write(data);
        uint crc = Crc32.Append(Crc32.Compute(typeBytes), data);
        BinaryPrimitives.WriteUInt32BigEndian(word, corruptCrc ? crc ^ 1 : crc);
        _stream.Write(word);
        return this;
    }

    public PngBuilder Raw(ReadOnlySpan<byte> data)
    {
        _stream.Write(data);
        return this;
    }

    public PngBuilder End() => Chunk("IEND", []);

    public byte[] ToArray() => _stream.ToArray();

    /// <summary>A valid 2x2 8-bit greyscale image: rows (10, 20) and (30, 40), filter None.</summary>
    public static byte[] SmallGray() =>
        new PngBuilder()
            .Chunk("IHDR", Ihdr(2, 2, 8, 0))
            .Chunk("IDAT", Zlib([0, 10, 20, 0, 30, 40]))
            .End()
            .ToArray();
}

/// <summary>The CRC-32 of PNG chunks (ISO 3309, reflected polynomial 0xEDB88320).</summary>
internal static class Crc32
{
    private static readonly uint[] Table = Build();

    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint c = ~crc;
        foreach (byte b in data)
        {
            c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return ~c;
    }

    private static uint[] Build()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}

internal static class Fixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] Read(string name) => File.ReadAllBytes(PathOf(name));
}
