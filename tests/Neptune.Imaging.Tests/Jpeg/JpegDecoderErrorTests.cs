using Neptune.Imaging.Jpeg;

namespace Neptune.Imaging.Tests.Jpeg;

public sealed class JpegDecoderErrorTests
{
    private static ImageDecodeException DecodeFails(byte[] data, JpegDecoderOptions? options = null) =>
        Assert.ThrowsAny<ImageDecodeException>(() => new JpegDecoder(options ?? JpegDecoderOptions.Default).Decode(data));

    private static int OffsetOf(byte[] data, byte marker, int occurrence = 0)
    {
        for (int i = 2; i + 1 < data.Length; i++)
        {
            if (data[i] == 0xFF && data[i + 1] == marker && occurrence-- == 0)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Marker FF{marker:X2} not found.");
    }

    [Fact]
    public void Decode_FlatGrayBuilderImage_DecodesToMidGrey()
    {
        RgbaImage image = new JpegDecoder().Decode(JpegBuilder.FlatGray().End().ToArray());

        Assert.Equal(8, image.Width);
        Assert.All(Enumerable.Range(0, 64), i => Assert.Equal(new Rgba32(128, 128, 128), image.GetPixel(i % 8, i / 8)));
    }

    [Fact]
    public void Decode_NotJpeg_ReportsMissingSoi()
    {
        ImageDecodeException ex = DecodeFails([0x89, 0x50, 0x4E, 0x47]);

        Assert.Equal("JPEG: missing SOI marker (FFD8); the input is not a JPEG file.", ex.Message);
        Assert.Equal(0, ex.Offset);
    }

    [Fact]
    public void Decode_EmptyInput_ReportsTruncatedSoi()
    {
        Assert.Equal("JPEG: truncated SOI marker (0 of 2 bytes).", DecodeFails([]).Message);
    }

    [Fact]
    public void Decode_EveryTruncationOfBaselineFile_RaisesTypedError()
    {
        byte[] data = JpegFixtures.Read("baseline-420.jpg");

        // Cutting only the final EOI is tolerated (below); every shorter prefix lacks header or scan data.
        for (int length = 0; length < data.Length - 2; length++)
        {
            DecodeFails(data[..length]);
        }
    }

    [Fact]
    public void Decode_TruncatedInsideEntropyData_NamesTheScanAndInputEnd()
    {
        byte[] data = JpegFixtures.Read("baseline-444.jpg");
        int cut = (OffsetOf(data, 0xDA) + data.Length) / 2;

        ImageDecodeException ex = DecodeFails(data[..cut]);

        Assert.Equal("JPEG: truncated or corrupt scan: the input ends before the scan is complete.", ex.Message);
        Assert.Equal(cut, ex.Offset);
    }

    [Fact]
    public void Decode_ProgressiveTruncatedInsideFirstScan_RaisesTypedError()
    {
        byte[] data = JpegFixtures.Read("progressive-420.jpg");
        int firstScan = OffsetOf(data, 0xDA);
        int secondScan = OffsetOf(data, 0xC4, 2);

        Assert.Contains("truncated or corrupt scan", DecodeFails(data[..((firstScan + secondScan) / 2)]).Message);
    }

    [Fact]
    public void Decode_ProgressiveEndingAfterCompleteScans_DecodesTheCoarseImage()
    {
        byte[] data = JpegFixtures.Read("progressive-420.jpg");
        int thirdTable = OffsetOf(data, 0xC4, 3);

        RgbaImage partial = new JpegDecoder().Decode(data[..thirdTable]);
        RgbaImage full = JpegFixtures.ReadReference("progressive-420");

        // Like libjpeg, the scans read so far make a valid but coarser picture.
        Assert.Equal(full.Width, partial.Width);
        Assert.False(partial.PixelsEqual(full));
        Assert.True(JpegFixtures.Difference(partial, full).Mean < 20);
    }

    [Fact]
    public void Decode_MissingEoi_DecodesWhatLibjpegDecodes()
    {
        byte[] data = JpegFixtures.Read("baseline-420.jpg");

        RgbaImage image = new JpegDecoder().Decode(data[..^2]);

        Assert.True(image.PixelsEqual(JpegFixtures.ReadReference("baseline-420")));
    }

    [Fact]
    public void Decode_TwelveBitPrecision_ReportsUnsupported()
    {
        byte[] data = JpegFixtures.Read("baseline-444.jpg");
        int sof = OffsetOf(data, 0xC0);
        data[sof + 4] = 12;

        ImageDecodeException ex = DecodeFails(data);

        Assert.Equal($"JPEG SOF0 (FFC0) at offset {sof}: 12-bit samples are not supported (only 8-bit).", ex.Message);
        Assert.Equal(sof, ex.Offset);
    }

    [Theory]
    [InlineData(0xC9, "arithmetic coding is not supported")]
    [InlineData(0xC3, "lossless JPEG is not supported")]
    [InlineData(0xC5, "hierarchical JPEG is not supported")]
    public void Decode_UnsupportedFrameType_NamesTheFeature(byte marker, string expected)
    {
        byte[] data = JpegFixtures.Read("baseline-444.jpg");
        data[OffsetOf(data, 0xC0) + 1] = marker;

        Assert.EndsWith(expected + ".", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_CmykFrame_ReportsUnsupported()
    {
        byte[] data = new JpegBuilder()
            .Segment(0xC0, JpegBuilder.Sof(8, 8, (1, 0x11, 0), (2, 0x11, 0), (3, 0x11, 0), (4, 0x11, 0)))
            .End().ToArray();

        Assert.EndsWith("4-component (CMYK or YCCK) images are not supported.", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_HugeFrameWithinFormat_RaisesLimitBeforeAllocating()
    {
        byte[] data = new JpegBuilder().Segment(0xC0, JpegBuilder.Sof(65535, 65535, (1, 0x11, 0))).End().ToArray();
        var decoder = new JpegDecoder();
        DecodeFails(data); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ImageLimitExceededException>(() => decoder.Decode(data));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("JPEG SOF0 (FFC0) at offset 2: 65535x65535 exceeds the limit of 16384x16384.", ex.Message);
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated.");
    }

    [Fact]
    public void Decode_PixelCountOverLimit_RaisesLimit()
    {
        byte[] data = JpegFixtures.Read("baseline-420.jpg");
        var options = new JpegDecoderOptions { MaxPixelCount = 1000 };

        var ex = Assert.Throws<ImageLimitExceededException>(() => new JpegDecoder(options).Decode(data));

        Assert.EndsWith("48x32 = 1536 pixels exceeds the limit of 1000.", ex.Message);
    }

    [Fact]
    public void Decode_ProgressiveCoefficientsOverLimit_RaisesLimit()
    {
        byte[] data = JpegFixtures.Read("progressive-444.jpg");
        var options = new JpegDecoderOptions { MaxCoefficientBytes = 4096 };

        var ex = Assert.Throws<ImageLimitExceededException>(() => new JpegDecoder(options).Decode(data));

        // 48x32 at 4:4:4 is 6x4 blocks per component, 3 components, 128 bytes per block.
        Assert.EndsWith("the progressive coefficient buffer needs 9216 bytes, over the limit of 4096.", ex.Message);
        Assert.Equal(OffsetOf(data, 0xC2), ex.Offset);
    }

    [Fact]
    public void Decode_MoreScansThanLimit_RaisesLimit()
    {
        byte[] data = JpegFixtures.Read("progressive-420.jpg");

        var ex = Assert.Throws<ImageLimitExceededException>(() => new JpegDecoder(new JpegDecoderOptions { MaxScans = 3 }).Decode(data));

        Assert.Equal($"JPEG SOS at offset {OffsetOf(data, 0xDA, 3)}: more than 3 scans.", ex.Message);
    }

    [Fact]
    public void Decode_MoreMarkersThanLimit_RaisesLimit()
    {
        byte[] data = JpegFixtures.Read("baseline-420.jpg");

        Assert.IsType<ImageLimitExceededException>(DecodeFails(data, new JpegDecoderOptions { MaxMarkers = 4 }));
    }

    [Theory]
    [InlineData(0, 8, "image width is 0.")]
    [InlineData(8, 0, "image height is 0 (a height defined later by DNL is not supported).")]
    public void Decode_ZeroDimension_ReportsIt(int width, int height, string expected)
    {
        ImageDecodeException ex = DecodeFails(JpegBuilder.FlatGray(width, height).End().ToArray());

        // SOI (2 bytes) and the DQT segment (4 + 65) put SOF at offset 71.
        Assert.Equal($"JPEG SOF0 (FFC0) at offset 71: {expected}", ex.Message);
    }

    [Fact]
    public void Decode_SegmentLengthOverrunsInput_ReportsOverrun()
    {
        byte[] data = JpegFixtures.Read("baseline-444.jpg");
        int dqt = OffsetOf(data, 0xDB);
        data[dqt + 2] = 0xFF;

        ImageDecodeException ex = DecodeFails(data);

        Assert.StartsWith($"JPEG DQT (FFDB) at offset {dqt}: segment length 65", ex.Message);
        Assert.Contains("overruns the input", ex.Message);
        Assert.Equal(dqt, ex.Offset);
    }

    [Fact]
    public void Decode_SegmentLengthBelowTwo_ReportsInvalidLength()
    {
        byte[] data = JpegFixtures.Read("baseline-444.jpg");
        int dqt = OffsetOf(data, 0xDB);
        data[dqt + 2] = 0;
        data[dqt + 3] = 1;

        Assert.Equal($"JPEG DQT (FFDB) at offset {dqt}: invalid segment length 1.", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_HuffmanCountsOverflowCodeSpace_ReportsBadTable()
    {
        byte[] dc = JpegBuilder.OneCodeTable(0x00);
        dc[1] = 2; // two 1-bit codes use the all-ones code '1'
        byte[] data = new JpegBuilder().Segment(0xC4, [.. dc, 0]).End().ToArray();

        Assert.Equal(
            "JPEG DHT at offset 2: invalid Huffman table: code lengths overflow at length 1 (too many codes for the code space).",
            DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_HuffmanTableWithMoreThan256Codes_ReportsIt()
    {
        byte[] table = new byte[17];
        table[16] = 255;
        table[15] = 2;
        byte[] data = new JpegBuilder().Segment(0xC4, table).End().ToArray();

        Assert.Equal("JPEG DHT at offset 2: 257 codes declared, at most 256 allowed.", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_CodeNotInHuffmanTable_ReportsCorruptEntropyData()
    {
        // The tables only know the code '0'; the entropy data starts with '1'.
        byte[] data = JpegBuilder.FlatGray(entropy: [0xBF]).End().ToArray();

        ImageDecodeException ex = DecodeFails(data);

        Assert.StartsWith("JPEG: corrupt entropy-coded data near offset", ex.Message);
        Assert.EndsWith("Huffman code not in table.", ex.Message);
    }

    [Fact]
    public void Decode_DcTableWithSymbolAbove15_ReportsBadTable()
    {
        byte[] data = new JpegBuilder()
            .Segment(0xDB, [0, .. Enumerable.Repeat((byte)1, 64)])
            .Segment(0xC0, JpegBuilder.Sof(8, 8, (1, 0x11, 0)))
            .Segment(0xC4, [0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16])
            .Segment(0xC4, JpegBuilder.OneCodeTable(0x10))
            .Segment(0xDA, [1, 1, 0x00, 0, 63, 0])
            .Raw(0x3F).End().ToArray();

        Assert.EndsWith("the DC Huffman table of component 1 has symbols above 15.", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_ScanWithUndefinedHuffmanTable_ReportsIt()
    {
        byte[] data = JpegBuilder.FlatGray().End().ToArray();
        int sos = OffsetOf(data, 0xDA);
        data[sos + 6] = 0x20; // DC table 2, never defined

        Assert.Equal($"JPEG SOS at offset {sos}: component 1 uses an undefined DC Huffman table.", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_NoScanBeforeEoi_ReportsMissingSos()
    {
        byte[] data = new JpegBuilder().Segment(0xC0, JpegBuilder.Sof(8, 8, (1, 0x11, 0))).End().ToArray();

        Assert.Equal("JPEG: EOI at offset 15 before any scan (SOS).", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_ScanBeforeFrame_ReportsIt()
    {
        byte[] data = new JpegBuilder().Segment(0xDA, [1, 1, 0x00, 0, 63, 0]).End().ToArray();

        Assert.Equal("JPEG SOS at offset 2: scan before the frame header (SOF).", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_WrongRestartMarker_ReportsExpectedMarker()
    {
        byte[] data = JpegFixtures.Read("restart.jpg");
        int rst0 = OffsetOf(data, 0xD0);
        data[rst0 + 1] = 0xD5;

        ImageDecodeException ex = DecodeFails(data);

        Assert.Equal($"JPEG: corrupt scan: expected restart marker RST0 at offset {rst0}, found RST5 (FFD5).", ex.Message);
        Assert.Equal(rst0, ex.Offset);
    }

    [Fact]
    public void Decode_UnknownMarker_ReportsIt()
    {
        byte[] data = new JpegBuilder().Segment(0x02, [0]).End().ToArray();

        Assert.Equal("JPEG: unknown marker FF02 at offset 2.", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_FillBytesAndStrayBytesBetweenSegments_AreSkippedAsLibjpegDoes()
    {
        byte[] data = JpegFixtures.Read("baseline-420.jpg");
        int sof = OffsetOf(data, 0xC0);
        byte[] padded = [.. data[..sof], 0x00, 0x17, 0xFF, 0xFF, .. data[sof..]];

        Assert.True(new JpegDecoder().Decode(padded).PixelsEqual(JpegFixtures.ReadReference("baseline-420")));
    }

    [Fact]
    public void Constructor_OutOfRangeOption_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JpegDecoder(new JpegDecoderOptions { MaxWidth = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JpegDecoder(new JpegDecoderOptions { MaxPixelCount = RgbaImage.MaxPixelCount + 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JpegDecoder(new JpegDecoderOptions { MaxScans = 0 }));
    }
}
