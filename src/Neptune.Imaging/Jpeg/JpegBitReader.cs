namespace Neptune.Imaging.Jpeg;

/// <summary>
/// Reads the bits of one entropy-coded segment, most significant bit first, removing byte stuffing (FF 00) and
/// fill bytes (runs of FF before a marker). At a marker or at the end of the input it supplies zero bits, as
/// libjpeg does, but counts them, so <see cref="CheckNotOverrun"/> can tell a scan that needed more data than
/// the file holds (truncated or corrupt) from one that merely looked ahead.
/// </summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private ulong _buffer;
    private int _bitCount;
    private int _paddingBits;

    internal JpegBitReader(ReadOnlySpan<byte> data, int position)
    {
        _data = data;
        _position = position;
        MarkerPosition = -1;
    }

    /// <summary>Offset of the FF of the marker that ended the segment, or -1 while none has been reached.</summary>
    internal int MarkerPosition { get; private set; }

    /// <summary>Approximate offset of the next unread bit, for error messages.</summary>
    internal readonly int Position => Math.Max(0, _position - (Math.Max(0, _bitCount - _paddingBits) / 8));

    /// <summary>Where marker parsing resumes after this segment: the marker that ended it, or the next unread byte.</summary>
    internal readonly int ResumePosition => MarkerPosition >= 0 ? MarkerPosition : _position;

    /// <summary>Makes at least <paramref name="count"/> (at most 57) bits available.</summary>
    internal void EnsureBits(int count)
    {
        if (_bitCount < count)
        {
            Fill();
        }
    }

    /// <summary>The next 16 bits without consuming them; <see cref="EnsureBits"/>(16) must come first.</summary>
    internal readonly int Peek16() => (int)(_buffer >> 48);

    /// <summary>Consumes bits already made available.</summary>
    internal void Skip(int count)
    {
        _buffer <<= count;
        _bitCount -= count;
    }

    /// <summary>Reads <paramref name="count"/> bits (0 to 16) as an unsigned number.</summary>
    internal int ReadBits(int count)
    {
        if (count == 0)
        {
            return 0;
        }

        EnsureBits(count);
        int value = (int)(_buffer >> (64 - count));
        _buffer <<= count;
        _bitCount -= count;
        return value;
    }

    /// <summary>Reads one bit.</summary>
    internal int ReadBit()
    {
        EnsureBits(1);
        int value = (int)(_buffer >> 63);
        _buffer <<= 1;
        _bitCount--;
        return value;
    }

    /// <summary>Reads <paramref name="count"/> bits and sign-extends them as T.81 F.2.2.1 EXTEND does.</summary>
    internal int ReceiveExtend(int count)
    {
        if (count == 0)
        {
            return 0;
        }

        int value = ReadBits(count);
        return value < (1 << (count - 1)) ? value - (1 << count) + 1 : value;
    }

    /// <summary>Throws when decoding has consumed zero bits supplied past the end of the segment's data.</summary>
    /// <param name="what">What was being decoded, for the message.</param>
    internal readonly void CheckNotOverrun(string what)
    {
        if (_bitCount < _paddingBits)
        {
            string reason = MarkerPosition >= 0
                ? $"the entropy-coded data ends at a marker at offset {MarkerPosition} before the {what} is complete"
                : $"the input ends before the {what} is complete";
            int offset = MarkerPosition >= 0 ? MarkerPosition : _data.Length;
            throw new ImageDecodeException($"JPEG: truncated or corrupt scan: {reason}.", offset);
        }
    }

    /// <summary>
    /// Ends a restart interval: drops the remaining bits of the current byte, skips to the next marker and
    /// checks that it is RST<paramref name="expected"/>.
    /// </summary>
    internal void ReadRestartMarker(int expected)
    {
        _buffer = 0;
        _bitCount = 0;
        _paddingBits = 0;
        if (MarkerPosition < 0)
        {
            int found = JpegMarkerReader.FindMarker(_data, _position);
            if (found < 0)
            {
                throw new ImageDecodeException(
                    $"JPEG: truncated scan: the input ends where restart marker RST{expected} is expected.", _data.Length);
            }

            MarkerPosition = found;
        }

        byte marker = _data[MarkerPosition + 1];
        if (marker != 0xD0 + expected)
        {
            throw new ImageDecodeException(
                $"JPEG: corrupt scan: expected restart marker RST{expected} at offset {MarkerPosition}, found {JpegMarkerReader.Describe(marker)}.",
                MarkerPosition);
        }

        _position = MarkerPosition + 2;
        MarkerPosition = -1;
    }

    private void Fill()
    {
        while (_bitCount <= 56)
        {
            int value = 0;
            if (MarkerPosition < 0 && _position < _data.Length)
            {
                value = _data[_position];
                if (value != 0xFF)
                {
                    _position++;
                }
                else
                {
                    int next = _position + 1;
                    while (next < _data.Length && _data[next] == 0xFF)
                    {
                        next++;
                    }

                    if (next >= _data.Length)
                    {
                        _position = _data.Length;
                        value = 0;
                        _paddingBits += 8;
                    }
                    else if (_data[next] == 0)
                    {
                        _position = next + 1;
                    }
                    else
                    {
                        MarkerPosition = next - 1;
                        _position = next - 1;
                        value = 0;
                        _paddingBits += 8;
                    }
                }
            }
            else
            {
                _paddingBits += 8;
            }

            _buffer |= (ulong)value << (56 - _bitCount);
            _bitCount += 8;
        }
    }
}
