using System.Buffers.Binary;

namespace Neptune.Imaging.Jpeg;

/// <summary>
/// The state of decoding one JPEG file: tables, frame, component buffers. Used once, by one thread.
/// </summary>
internal sealed partial class JpegDecodeSession
{
    // Natural (row-major) index of each zig-zag position, padded with 63 so that a corrupt run length that
    // overshoots the block lands harmlessly on the last coefficient, as in libjpeg.
    private static ReadOnlySpan<byte> ZigZag =>
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
        63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
    ];

    private readonly JpegDecoderOptions _options;
    private readonly int[]?[] _quantization = new int[]?[4];
    private readonly JpegHuffmanTable?[] _dcTables = new JpegHuffmanTable?[4];
    private readonly JpegHuffmanTable?[] _acTables = new JpegHuffmanTable?[4];

    private JpegComponent[]? _components;
    private int _width;
    private int _height;
    private int _maxH;
    private int _maxV;
    private int _mcusPerLine;
    private int _mcuRows;
    private bool _progressive;
    private bool _buffersAllocated;
    private int _restartInterval;
    private bool _sawJfif;
    private int _adobeTransform = -1;
    private int _orientation = 1;
    private bool _sawExif;
    private int _scanCount;
    private int _markerCount;
    private int _eobRun;

    internal JpegDecodeSession(JpegDecoderOptions options) => _options = options;

    internal RgbaImage Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || data[0] != 0xFF || data[1] != JpegMarkerReader.Soi)
        {
            throw data.Length < 2 && (data.IsEmpty || data[0] == 0xFF)
                ? new ImageDecodeException($"JPEG: truncated SOI marker ({data.Length} of 2 bytes).", data.Length)
                : new ImageDecodeException("JPEG: missing SOI marker (FFD8); the input is not a JPEG file.", 0);
        }

        int position = 2;
        while (true)
        {
            int markerAt = JpegMarkerReader.FindMarker(data, position);
            if (markerAt < 0)
            {
                if (_scanCount > 0 && !EndsInPartialMarker(data, position))
                {
                    // EOI missing after complete scans: libjpeg warns and outputs the image; so do we.
                    break;
                }

                throw new ImageDecodeException(
                    _components is null
                        ? $"JPEG: truncated before the frame header (SOF): the input ends at offset {data.Length}."
                        : $"JPEG: truncated: the input ends at offset {data.Length} before any scan (SOS).",
                    data.Length);
            }

            byte marker = data[markerAt + 1];
            position = markerAt + 2;
            if (marker is >= JpegMarkerReader.Rst0 and <= JpegMarkerReader.Rst7 || marker == JpegMarkerReader.Tem)
            {
                // Stand-alone markers outside a scan carry nothing; libjpeg ignores them.
                CountMarker(markerAt);
                continue;
            }

            if (marker == JpegMarkerReader.Eoi)
            {
                if (_components is null)
                {
                    throw new ImageDecodeException($"JPEG: EOI at offset {markerAt} before the frame header (SOF).", markerAt);
                }

                if (_scanCount == 0)
                {
                    throw new ImageDecodeException($"JPEG: EOI at offset {markerAt} before any scan (SOS).", markerAt);
                }

                break;
            }

            if (marker == JpegMarkerReader.Soi)
            {
                throw new ImageDecodeException($"JPEG: second SOI marker at offset {markerAt}.", markerAt);
            }

            CountMarker(markerAt);
            if (data.Length - position < 2)
            {
                throw new ImageDecodeException(
                    $"JPEG {JpegMarkerReader.Describe(marker)} at offset {markerAt}: truncated segment length.", markerAt);
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
            if (length < 2)
            {
                throw new ImageDecodeException(
                    $"JPEG {JpegMarkerReader.Describe(marker)} at offset {markerAt}: invalid segment length {length}.", markerAt);
            }

            if (length > data.Length - position)
            {
                throw new ImageDecodeException(
                    $"JPEG {JpegMarkerReader.Describe(marker)} at offset {markerAt}: segment length {length} overruns the input ({data.Length - position} bytes left).",
                    markerAt);
            }

            ReadOnlySpan<byte> segment = data.Slice(position + 2, length - 2);
            position += length;

            switch (marker)
            {
                case JpegMarkerReader.Sof0 or JpegMarkerReader.Sof1 or JpegMarkerReader.Sof2:
                    ReadFrameHeader(segment, marker, markerAt);
                    break;
                case JpegMarkerReader.Sof3:
                    throw Unsupported(marker, markerAt, "lossless JPEG is not supported");
                case 0xC5 or 0xC6 or 0xC7 or JpegMarkerReader.Dhp or JpegMarkerReader.Exp:
                    throw Unsupported(marker, markerAt, "hierarchical JPEG is not supported");
                case 0xC9 or 0xCA or 0xCB or 0xCD or 0xCE or 0xCF or JpegMarkerReader.Dac:
                    throw Unsupported(marker, markerAt, "arithmetic coding is not supported");
                case JpegMarkerReader.Jpg:
                    throw Unsupported(marker, markerAt, "JPEG extensions (JPG marker) are not supported");
                case JpegMarkerReader.Dht:
                    ReadHuffmanTables(segment, markerAt);
                    break;
                case JpegMarkerReader.Dqt:
                    ReadQuantizationTables(segment, markerAt);
                    break;
                case JpegMarkerReader.Dri:
                    if (segment.Length != 2)
                    {
                        throw new ImageDecodeException($"JPEG DRI at offset {markerAt}: length {length} is not 4.", markerAt);
                    }

                    _restartInterval = BinaryPrimitives.ReadUInt16BigEndian(segment);
                    break;
                case JpegMarkerReader.Dnl:
                    throw Unsupported(marker, markerAt, "a height defined by a DNL marker is not supported");
                case JpegMarkerReader.Sos:
                    position = ReadScan(data, segment, position, markerAt);
                    break;
                case JpegMarkerReader.App0:
                    _sawJfif |= segment.StartsWith("JFIF\0"u8);
                    break;
                case JpegMarkerReader.App1:
                    if (!_sawExif && segment.StartsWith("Exif\0\0"u8))
                    {
                        _sawExif = true;
                        _orientation = JpegExif.ReadOrientation(segment[6..]);
                    }

                    break;
                case JpegMarkerReader.App14:
                    if (segment.Length >= 12 && segment.StartsWith("Adobe"u8))
                    {
                        _adobeTransform = segment[11];
                    }

                    break;
                case >= 0xE0 and <= 0xEF or >= 0xF0 and <= JpegMarkerReader.Com:
                    break;
                default:
                    throw new ImageDecodeException($"JPEG: unknown marker FF{marker:X2} at offset {markerAt}.", markerAt);
            }
        }

        if (_progressive)
        {
            FinishProgressive();
        }

        RgbaImage image = JpegColorConverter.ToRgba(_components!, _width, _height, _maxH, _maxV, ResolveColorTransform());
        return _options.ApplyExifOrientation ? JpegExif.ApplyOrientation(image, _orientation) : image;
    }

    private static ImageDecodeException Unsupported(byte marker, int offset, string what) =>
        new($"JPEG {JpegMarkerReader.Describe(marker)} at offset {offset}: {what}.", offset);

    // Called when no complete marker follows position. True when the tail still holds an FF, i.e. the input
    // stops in the middle of a marker; false when it holds nothing or only stray bytes after the last segment.
    private static bool EndsInPartialMarker(ReadOnlySpan<byte> data, int position) =>
        data[position..].Contains((byte)0xFF);

    private void CountMarker(int offset)
    {
        if (++_markerCount > _options.MaxMarkers)
        {
            throw new ImageLimitExceededException(
                $"JPEG: more than {_options.MaxMarkers} markers (limit reached at offset {offset}).", offset);
        }
    }

    private JpegColorTransform ResolveColorTransform()
    {
        // The rules of libjpeg's default_decompress_parms.
        if (_components!.Length == 1)
        {
            return JpegColorTransform.Grayscale;
        }

        if (_sawJfif)
        {
            return JpegColorTransform.YCbCr;
        }

        if (_adobeTransform >= 0)
        {
            return _adobeTransform == 0 ? JpegColorTransform.Rgb : JpegColorTransform.YCbCr;
        }

        JpegComponent[] c = _components;
        return c[0].Id == 'R' && c[1].Id == 'G' && c[2].Id == 'B' ? JpegColorTransform.Rgb : JpegColorTransform.YCbCr;
    }

    private void ReadFrameHeader(ReadOnlySpan<byte> segment, byte marker, int offset)
    {
        string sof = JpegMarkerReader.Describe(marker);
        if (_components is not null)
        {
            throw new ImageDecodeException($"JPEG {sof} at offset {offset}: a second frame header; only one is allowed.", offset);
        }

        if (segment.Length < 6)
        {
            throw new ImageDecodeException($"JPEG {sof} at offset {offset}: segment too short ({segment.Length + 2} bytes).", offset);
        }

        int precision = segment[0];
        int height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
        int count = segment[5];
        if (precision != 8)
        {
            throw new ImageDecodeException(
                $"JPEG {sof} at offset {offset}: {precision}-bit samples are not supported (only 8-bit).", offset);
        }

        if (width == 0)
        {
            throw new ImageDecodeException($"JPEG {sof} at offset {offset}: image width is 0.", offset);
        }

        if (height == 0)
        {
            throw new ImageDecodeException(
                $"JPEG {sof} at offset {offset}: image height is 0 (a height defined later by DNL is not supported).", offset);
        }

        if (count == 0 || segment.Length != 6 + (3 * count))
        {
            throw new ImageDecodeException(
                $"JPEG {sof} at offset {offset}: length {segment.Length + 2} does not match {count} components.", offset);
        }

        if (count is 2 or > 4)
        {
            throw new ImageDecodeException($"JPEG {sof} at offset {offset}: {count} colour components are not supported.", offset);
        }

        if (count == 4)
        {
            throw new ImageDecodeException(
                $"JPEG {sof} at offset {offset}: 4-component (CMYK or YCCK) images are not supported.", offset);
        }

        if (width > _options.MaxWidth || height > _options.MaxHeight)
        {
            throw new ImageLimitExceededException(
                $"JPEG {sof} at offset {offset}: {width}x{height} exceeds the limit of {_options.MaxWidth}x{_options.MaxHeight}.", offset);
        }

        if ((long)width * height > _options.MaxPixelCount)
        {
            throw new ImageLimitExceededException(
                $"JPEG {sof} at offset {offset}: {width}x{height} = {(long)width * height} pixels exceeds the limit of {_options.MaxPixelCount}.",
                offset);
        }

        var components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> c = segment.Slice(6 + (3 * i), 3);
            int h = c[1] >> 4;
            int v = c[1] & 15;
            if (h is < 1 or > 4 || v is < 1 or > 4)
            {
                throw new ImageDecodeException(
                    $"JPEG {sof} at offset {offset}: component {c[0]} has invalid sampling factors {h}x{v}.", offset);
            }

            if (c[2] > 3)
            {
                throw new ImageDecodeException(
                    $"JPEG {sof} at offset {offset}: component {c[0]} uses quantisation table {c[2]} (0 to 3 allowed).", offset);
            }

            for (int j = 0; j < i; j++)
            {
                if (components[j].Id == c[0])
                {
                    throw new ImageDecodeException($"JPEG {sof} at offset {offset}: duplicate component id {c[0]}.", offset);
                }
            }

            components[i] = new JpegComponent(c[0], h, v, c[2]);
        }

        int maxH = components.Max(c => c.HorizontalFactor);
        int maxV = components.Max(c => c.VerticalFactor);
        foreach (JpegComponent c in components)
        {
            if (maxH % c.HorizontalFactor != 0 || maxV % c.VerticalFactor != 0)
            {
                throw new ImageDecodeException(
                    $"JPEG {sof} at offset {offset}: fractional chroma sampling ({c.HorizontalFactor}x{c.VerticalFactor} against {maxH}x{maxV}) is not supported.",
                    offset);
            }
        }

        _width = width;
        _height = height;
        _maxH = maxH;
        _maxV = maxV;
        _mcusPerLine = (width + (8 * maxH) - 1) / (8 * maxH);
        _mcuRows = (height + (8 * maxV) - 1) / (8 * maxV);
        _progressive = marker == JpegMarkerReader.Sof2;

        long coefficientBytes = 0;
        foreach (JpegComponent c in components)
        {
            c.Width = (int)(((long)width * c.HorizontalFactor + maxH - 1) / maxH);
            c.Height = (int)(((long)height * c.VerticalFactor + maxV - 1) / maxV);
            c.BlocksPerLine = _mcusPerLine * c.HorizontalFactor;
            c.BlocksPerColumn = _mcuRows * c.VerticalFactor;
            coefficientBytes += (long)c.BlocksPerLine * c.BlocksPerColumn * 128;
        }

        if (_progressive && coefficientBytes > _options.MaxCoefficientBytes)
        {
            throw new ImageLimitExceededException(
                $"JPEG {sof} at offset {offset}: the progressive coefficient buffer needs {coefficientBytes} bytes, over the limit of {_options.MaxCoefficientBytes}.",
                offset);
        }

        _components = components;
    }

    private void AllocateBuffers()
    {
        foreach (JpegComponent c in _components!)
        {
            // Samples of a component no scan covers stay at the level of an all-zero block.
            c.Plane = new byte[c.BlocksPerLine * 8 * c.BlocksPerColumn * 8];
            c.Plane.AsSpan().Fill(128);
            if (_progressive)
            {
                c.Coefficients = new short[c.BlocksPerLine * c.BlocksPerColumn * 64];
            }
        }

        _buffersAllocated = true;
    }

    private void ReadHuffmanTables(ReadOnlySpan<byte> segment, int offset)
    {
        while (!segment.IsEmpty)
        {
            if (segment.Length < 17)
            {
                throw new ImageDecodeException($"JPEG DHT at offset {offset}: truncated table header.", offset);
            }

            int tableClass = segment[0] >> 4;
            int index = segment[0] & 15;
            if (tableClass > 1 || index > 3)
            {
                throw new ImageDecodeException(
                    $"JPEG DHT at offset {offset}: invalid table class {tableClass} or index {index}.", offset);
            }

            ReadOnlySpan<byte> counts = segment.Slice(1, 16);
            int total = 0;
            foreach (byte n in counts)
            {
                total += n;
            }

            if (total > 256)
            {
                throw new ImageDecodeException($"JPEG DHT at offset {offset}: {total} codes declared, at most 256 allowed.", offset);
            }

            if (segment.Length < 17 + total)
            {
                throw new ImageDecodeException(
                    $"JPEG DHT at offset {offset}: table declares {total} symbols but the segment holds {segment.Length - 17}.", offset);
            }

            JpegHuffmanTable table = JpegHuffmanTable.Build(counts, segment.Slice(17, total), out string? error)
                ?? throw new ImageDecodeException($"JPEG DHT at offset {offset}: invalid Huffman table: {error}.", offset);
            (tableClass == 0 ? _dcTables : _acTables)[index] = table;
            segment = segment[(17 + total)..];
        }
    }

    private void ReadQuantizationTables(ReadOnlySpan<byte> segment, int offset)
    {
        while (!segment.IsEmpty)
        {
            int precision = segment[0] >> 4;
            int index = segment[0] & 15;
            if (precision > 1 || index > 3)
            {
                throw new ImageDecodeException(
                    $"JPEG DQT at offset {offset}: invalid precision {precision} or table index {index}.", offset);
            }

            int size = 1 + (64 << precision);
            if (segment.Length < size)
            {
                throw new ImageDecodeException($"JPEG DQT at offset {offset}: truncated table {index}.", offset);
            }

            int[] table = new int[64];
            for (int k = 0; k < 64; k++)
            {
                table[ZigZag[k]] = precision == 0 ? segment[1 + k] : BinaryPrimitives.ReadUInt16BigEndian(segment[(1 + (2 * k))..]);
            }

            _quantization[index] = table;
            segment = segment[size..];
        }
    }
}
