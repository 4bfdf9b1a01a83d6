namespace Neptune.Imaging.Jpeg;

/// <summary>Scan headers and Huffman-coded entropy data, sequential and progressive (ITU T.81 F.2 and G.2).</summary>
internal sealed partial class JpegDecodeSession
{
    // libjpeg's D_MAX_BLOCKS_IN_MCU.
    private const int MaxBlocksPerMcu = 10;

    private enum ScanKind
    {
        Sequential,
        DcFirst,
        DcRefine,
        AcFirst,
        AcRefine,
    }

    private int ReadScan(ReadOnlySpan<byte> data, ReadOnlySpan<byte> segment, int entropyStart, int offset)
    {
        if (_components is null)
        {
            throw new ImageDecodeException($"JPEG SOS at offset {offset}: scan before the frame header (SOF).", offset);
        }

        if (++_scanCount > _options.MaxScans)
        {
            throw new ImageLimitExceededException($"JPEG SOS at offset {offset}: more than {_options.MaxScans} scans.", offset);
        }

        int count = segment.IsEmpty ? 0 : segment[0];
        if (count is < 1 or > 4 || segment.Length != 4 + (2 * count))
        {
            throw new ImageDecodeException(
                $"JPEG SOS at offset {offset}: invalid header ({count} components in {segment.Length + 2} bytes).", offset);
        }

        var scanComponents = new JpegComponent[count];
        int blocksPerMcu = 0;
        for (int i = 0; i < count; i++)
        {
            int id = segment[1 + (2 * i)];
            JpegComponent component = Array.Find(_components, c => c.Id == id)
                ?? throw new ImageDecodeException($"JPEG SOS at offset {offset}: component id {id} is not in the frame.", offset);
            if (Array.IndexOf(scanComponents, component) >= 0)
            {
                throw new ImageDecodeException($"JPEG SOS at offset {offset}: component id {id} appears twice.", offset);
            }

            int tables = segment[2 + (2 * i)];
            component.DcTable = (tables >> 4) < 4 ? _dcTables[tables >> 4] : null;
            component.AcTable = (tables & 15) < 4 ? _acTables[tables & 15] : null;
            scanComponents[i] = component;
            blocksPerMcu += count == 1 ? 1 : component.HorizontalFactor * component.VerticalFactor;
        }

        if (blocksPerMcu > MaxBlocksPerMcu)
        {
            throw new ImageDecodeException(
                $"JPEG SOS at offset {offset}: an MCU of {blocksPerMcu} blocks exceeds the maximum of {MaxBlocksPerMcu}.", offset);
        }

        int start = segment[1 + (2 * count)];
        int end = segment[2 + (2 * count)];
        int high = segment[3 + (2 * count)] >> 4;
        int low = segment[3 + (2 * count)] & 15;
        ScanKind kind = ScanKind.Sequential;
        if (_progressive)
        {
            bool valid = start == 0
                ? end == 0
                : end >= start && end <= 63 && count == 1;
            valid &= low <= 13 && (high == 0 || low == high - 1);
            if (!valid)
            {
                throw new ImageDecodeException(
                    $"JPEG SOS at offset {offset}: invalid progressive parameters Ss={start} Se={end} Ah={high} Al={low}.", offset);
            }

            kind = start == 0 ? (high == 0 ? ScanKind.DcFirst : ScanKind.DcRefine) : (high == 0 ? ScanKind.AcFirst : ScanKind.AcRefine);
        }

        foreach (JpegComponent component in scanComponents)
        {
            bool needsDc = kind is ScanKind.Sequential or ScanKind.DcFirst;
            bool needsAc = kind is ScanKind.Sequential or ScanKind.AcFirst or ScanKind.AcRefine;
            if (needsDc && component.DcTable is null)
            {
                throw new ImageDecodeException(
                    $"JPEG SOS at offset {offset}: component {component.Id} uses an undefined DC Huffman table.", offset);
            }

            if (needsDc && component.DcTable!.MaxSymbol > 15)
            {
                throw new ImageDecodeException(
                    $"JPEG SOS at offset {offset}: the DC Huffman table of component {component.Id} has symbols above 15.", offset);
            }

            if (needsAc && component.AcTable is null)
            {
                throw new ImageDecodeException(
                    $"JPEG SOS at offset {offset}: component {component.Id} uses an undefined AC Huffman table.", offset);
            }

            if (component.Quantization is null)
            {
                int[] table = _quantization[component.QuantizationTable]
                    ?? throw new ImageDecodeException(
                        $"JPEG SOS at offset {offset}: component {component.Id} uses undefined quantisation table {component.QuantizationTable}.",
                        offset);
                component.Quantization = (int[])table.Clone();
            }

            component.DcPredictor = 0;
        }

        if (!_buffersAllocated)
        {
            AllocateBuffers();
        }

        var reader = new JpegBitReader(data, entropyStart);
        DecodeScanData(ref reader, scanComponents, kind, start, end, low);
        return reader.ResumePosition;
    }

    private void DecodeScanData(ref JpegBitReader reader, JpegComponent[] components, ScanKind kind, int start, int end, int low)
    {
        Span<short> scratch = stackalloc short[64];
        _eobRun = 0;
        int restartsToGo = _restartInterval;
        int nextRestart = 0;
        if (components.Length == 1)
        {
            JpegComponent c = components[0];
            int blocksWide = (c.Width + 7) / 8;
            int blocksHigh = (c.Height + 7) / 8;
            int total = blocksWide * blocksHigh;
            for (int by = 0, n = 0; by < blocksHigh; by++)
            {
                for (int bx = 0; bx < blocksWide; bx++, n++)
                {
                    DecodeBlock(ref reader, c, bx, by, kind, start, end, low, scratch);
                    reader.CheckNotOverrun("scan");
                    EndMcu(ref reader, components, n + 1 < total, ref restartsToGo, ref nextRestart);
                }
            }

            return;
        }

        int mcuCount = _mcusPerLine * _mcuRows;
        for (int my = 0, n = 0; my < _mcuRows; my++)
        {
            for (int mx = 0; mx < _mcusPerLine; mx++, n++)
            {
                foreach (JpegComponent c in components)
                {
                    for (int v = 0; v < c.VerticalFactor; v++)
                    {
                        for (int h = 0; h < c.HorizontalFactor; h++)
                        {
                            DecodeBlock(ref reader, c, (mx * c.HorizontalFactor) + h, (my * c.VerticalFactor) + v, kind, start, end, low, scratch);
                        }
                    }
                }

                reader.CheckNotOverrun("scan");
                EndMcu(ref reader, components, n + 1 < mcuCount, ref restartsToGo, ref nextRestart);
            }
        }
    }

    private void EndMcu(ref JpegBitReader reader, JpegComponent[] components, bool more, ref int restartsToGo, ref int nextRestart)
    {
        if (_restartInterval == 0 || --restartsToGo > 0 || !more)
        {
            return;
        }

        reader.ReadRestartMarker(nextRestart);
        nextRestart = (nextRestart + 1) & 7;
        restartsToGo = _restartInterval;
        _eobRun = 0;
        foreach (JpegComponent c in components)
        {
            c.DcPredictor = 0;
        }
    }

    private void DecodeBlock(
        ref JpegBitReader reader, JpegComponent c, int bx, int by, ScanKind kind, int start, int end, int low, scoped Span<short> scratch)
    {
        if (kind == ScanKind.Sequential)
        {
            scratch.Clear();
            DecodeSequentialBlock(ref reader, c, scratch);
            int stride = c.BlocksPerLine * 8;
            JpegIdct.Transform(scratch, c.Quantization!, c.Plane.AsSpan((by * 8 * stride) + (bx * 8)), stride);
            return;
        }

        Span<short> block = c.Coefficients.AsSpan(((by * c.BlocksPerLine) + bx) * 64, 64);
        switch (kind)
        {
            case ScanKind.DcFirst:
                int diff = reader.ReceiveExtend(c.DcTable!.Decode(ref reader));
                c.DcPredictor += diff;
                block[0] = (short)(c.DcPredictor << low);
                break;
            case ScanKind.DcRefine:
                if (reader.ReadBit() != 0)
                {
                    block[0] |= (short)(1 << low);
                }

                break;
            case ScanKind.AcFirst:
                DecodeAcFirst(ref reader, c.AcTable!, block, start, end, low);
                break;
            default:
                DecodeAcRefine(ref reader, c.AcTable!, block, start, end, low);
                break;
        }
    }

    private static void DecodeSequentialBlock(ref JpegBitReader reader, JpegComponent c, scoped Span<short> block)
    {
        int diff = reader.ReceiveExtend(c.DcTable!.Decode(ref reader));
        c.DcPredictor += diff;
        block[0] = (short)c.DcPredictor;

        JpegHuffmanTable ac = c.AcTable!;
        ReadOnlySpan<byte> zigZag = ZigZag;
        for (int k = 1; k < 64; k++)
        {
            int rs = ac.Decode(ref reader);
            int run = rs >> 4;
            int size = rs & 15;
            if (size != 0)
            {
                k += run;
                block[zigZag[k]] = (short)reader.ReceiveExtend(size);
            }
            else if (run == 15)
            {
                k += 15;
            }
            else
            {
                break;
            }
        }
    }

    private void DecodeAcFirst(ref JpegBitReader reader, JpegHuffmanTable table, scoped Span<short> block, int start, int end, int low)
    {
        if (_eobRun > 0)
        {
            _eobRun--;
            return;
        }

        ReadOnlySpan<byte> zigZag = ZigZag;
        for (int k = start; k <= end; k++)
        {
            int rs = table.Decode(ref reader);
            int run = rs >> 4;
            int size = rs & 15;
            if (size != 0)
            {
                k += run;
                block[zigZag[k]] = (short)(reader.ReceiveExtend(size) * (1 << low));
            }
            else if (run == 15)
            {
                k += 15;
            }
            else
            {
                _eobRun = (1 << run) - 1;
                if (run != 0)
                {
                    _eobRun += reader.ReadBits(run);
                }

                break;
            }
        }
    }

    private void DecodeAcRefine(ref JpegBitReader reader, JpegHuffmanTable table, scoped Span<short> block, int start, int end, int low)
    {
        int plus = 1 << low;
        int minus = -1 << low;
        ReadOnlySpan<byte> zigZag = ZigZag;
        int k = start;
        if (_eobRun == 0)
        {
            for (; k <= end; k++)
            {
                int rs = table.Decode(ref reader);
                int run = rs >> 4;
                int size = rs & 15;
                int value = 0;
                if (size != 0)
                {
                    // A size other than 1 is corrupt; libjpeg warns and carries on treating it as 1.
                    value = reader.ReadBit() != 0 ? plus : minus;
                }
                else if (run != 15)
                {
                    _eobRun = 1 << run;
                    if (run != 0)
                    {
                        _eobRun += reader.ReadBits(run);
                    }

                    break;
                }

                // Skip `run` zero-history coefficients, refining the non-zero ones passed on the way.
                do
                {
                    int index = zigZag[k];
                    if (block[index] != 0)
                    {
                        RefineCoefficient(ref reader, ref block[index], plus, minus);
                    }
                    else
                    {
                        if (--run < 0)
                        {
                            break;
                        }
                    }

                    k++;
                }
                while (k <= end);

                if (value != 0)
                {
                    block[zigZag[k]] = (short)value;
                }
            }
        }

        if (_eobRun > 0)
        {
            // Refine the remaining non-zero coefficients of a block inside an end-of-band run.
            for (; k <= end; k++)
            {
                int index = zigZag[k];
                if (block[index] != 0)
                {
                    RefineCoefficient(ref reader, ref block[index], plus, minus);
                }
            }

            _eobRun--;
        }
    }

    private static void RefineCoefficient(ref JpegBitReader reader, ref short coefficient, int plus, int minus)
    {
        if (reader.ReadBit() != 0 && (coefficient & plus) == 0)
        {
            coefficient += (short)(coefficient >= 0 ? plus : minus);
        }
    }

    private void FinishProgressive()
    {
        foreach (JpegComponent c in _components!)
        {
            if (c.Coefficients is null || c.Quantization is null)
            {
                continue;
            }

            int stride = c.BlocksPerLine * 8;
            int blocksWide = (c.Width + 7) / 8;
            int blocksHigh = (c.Height + 7) / 8;
            for (int by = 0; by < blocksHigh; by++)
            {
                for (int bx = 0; bx < blocksWide; bx++)
                {
                    ReadOnlySpan<short> block = c.Coefficients.AsSpan(((by * c.BlocksPerLine) + bx) * 64, 64);
                    JpegIdct.Transform(block, c.Quantization, c.Plane.AsSpan((by * 8 * stride) + (bx * 8)), stride);
                }
            }
        }
    }
}
