namespace Neptune.Imaging.Jpeg;

/// <summary>
/// A canonical Huffman table from a DHT segment, prepared for decoding: codes of up to
/// <see cref="LookupBits"/> bits resolve with one table look-up, longer ones by comparing against the
/// largest code of each length (ITU T.81 F.2.2.3).
/// </summary>
internal sealed class JpegHuffmanTable
{
    internal const int LookupBits = 9;

    private readonly byte[] _values;

    // Entry = (code length << 8) | symbol for codes of at most LookupBits bits; 0 when the code is longer.
    private readonly ushort[] _lookup = new ushort[1 << LookupBits];
    private readonly int[] _maxCode = new int[17];
    private readonly int[] _valueOffset = new int[17];

    private JpegHuffmanTable(byte[] values) => _values = values;

    /// <summary>The largest symbol value in the table; DC tables must not exceed 15.</summary>
    internal int MaxSymbol { get; private set; }

    /// <summary>
    /// Builds a table from the 16 code-length counts and the symbols, rejecting tables whose codes overflow
    /// their length or use an all-ones code, as libjpeg does.
    /// </summary>
    /// <returns>The table, or null with <paramref name="error"/> set when the counts are inconsistent.</returns>
    internal static JpegHuffmanTable? Build(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values, out string? error)
    {
        var table = new JpegHuffmanTable(values.ToArray());
        int code = 0;
        int k = 0;
        for (int length = 1; length <= 16; length++)
        {
            int count = counts[length - 1];
            table._valueOffset[length] = k - code;
            if (code + count >= 1 << length)
            {
                error = $"code lengths overflow at length {length} (too many codes for the code space)";
                return null;
            }

            for (int i = 0; i < count; i++, code++, k++)
            {
                if (length <= LookupBits)
                {
                    int shift = LookupBits - length;
                    ushort entry = (ushort)((length << 8) | values[k]);
                    table._lookup.AsSpan(code << shift, 1 << shift).Fill(entry);
                }
            }

            table._maxCode[length] = count > 0 ? code - 1 : -1;
            code <<= 1;
        }

        foreach (byte value in values)
        {
            table.MaxSymbol = Math.Max(table.MaxSymbol, value);
        }

        error = null;
        return table;
    }

    /// <summary>Decodes one symbol.</summary>
    /// <exception cref="ImageDecodeException">The next 16 bits start with no code of this table.</exception>
    internal int Decode(ref JpegBitReader reader)
    {
        reader.EnsureBits(16);
        int peek = reader.Peek16();
        int entry = _lookup[peek >> (16 - LookupBits)];
        if (entry != 0)
        {
            reader.Skip(entry >> 8);
            return entry & 0xFF;
        }

        for (int length = LookupBits + 1; length <= 16; length++)
        {
            int code = peek >> (16 - length);
            if (code <= _maxCode[length])
            {
                reader.Skip(length);
                return _values[code + _valueOffset[length]];
            }
        }

        throw new ImageDecodeException(
            $"JPEG: corrupt entropy-coded data near offset {reader.Position}: Huffman code not in table.", reader.Position);
    }
}
