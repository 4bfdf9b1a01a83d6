namespace Neptune.Imaging.Tests.Jpeg;

/// <summary>Assembles small JPEG files segment by segment, for inputs no encoder would write.</summary>
internal sealed class JpegBuilder
{
    private readonly List<byte> _bytes = [0xFF, 0xD8];

    /// <summary>DC and AC tables that each hold a single one-bit code, '0', for symbol 0.</summary>
    public static byte[] OneCodeTable(int tableClassAndIndex) =>
        [(byte)tableClassAndIndex, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>
    /// A complete 8×8 greyscale baseline image whose one block is all zero (DC 0, then EOB), so it decodes to
    /// mid-grey 128. <paramref name="entropy"/> replaces the entropy-coded bytes.
    /// </summary>
    public static JpegBuilder FlatGray(int width = 8, int height = 8, byte[]? entropy = null) =>
        new JpegBuilder()
            .Segment(0xDB, [0, .. Enumerable.Repeat((byte)1, 64)])
            .Segment(0xC0, Sof(width, height, (1, 0x11, 0)))
            .Segment(0xC4, OneCodeTable(0x00))
            .Segment(0xC4, OneCodeTable(0x10))
            .Segment(0xDA, [1, 1, 0x00, 0, 63, 0])
            .Raw(entropy ?? [0x3F]);

    public static byte[] Sof(int width, int height, params (int Id, int Sampling, int Table)[] components)
    {
        List<byte> body = [8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, (byte)components.Length];
        foreach ((int id, int sampling, int table) in components)
        {
            body.AddRange([(byte)id, (byte)sampling, (byte)table]);
        }

        return [.. body];
    }

    public JpegBuilder Segment(byte marker, byte[] body)
    {
        int length = body.Length + 2;
        _bytes.AddRange([0xFF, marker, (byte)(length >> 8), (byte)length]);
        _bytes.AddRange(body);
        return this;
    }

    public JpegBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public JpegBuilder End() => Raw(0xFF, 0xD9);

    public byte[] ToArray() => [.. _bytes];
}
