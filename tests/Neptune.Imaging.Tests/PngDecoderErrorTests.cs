using System.Buffers.Binary;
using Neptune.Imaging.Png;

namespace Neptune.Imaging.Tests;

public sealed class PngDecoderErrorTests
{
    private static ImageDecodeException DecodeFails(byte[] data, PngDecoderOptions? options = null) =>
        Assert.ThrowsAny<ImageDecodeException>(() => new PngDecoder(options ?? PngDecoderOptions.Default).Decode(data));

    [Fact]
    public void Decode_BadSignature_ReportsNotPng()
    {
        byte[] data = PngBuilder.SmallGray();
        data[1] = (byte)'Q';

        ImageDecodeException ex = DecodeFails(data);

        Assert.Equal("PNG: bad signature; the input is not a PNG file.", ex.Message);
        Assert.Equal(0, ex.Offset);
    }

    [Fact]
    public void Decode_TruncatedSignature_ReportsTruncation()
    {
        ImageDecodeException ex = DecodeFails([137, 80, 78]);

        Assert.Equal("PNG: truncated signature (3 of 8 bytes).", ex.Message);
    }

    [Fact]
    public void Decode_CorruptIdatCrc_NamesChunkAndOffset()
    {
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(2, 2, 8, 0))
            .Chunk("IDAT", PngBuilder.Zlib([0, 10, 20, 0, 30, 40]), corruptCrc: true)
            .End()
            .ToArray();

        ImageDecodeException ex = DecodeFails(data);

        // Signature (8) + IHDR chunk (12 + 13) puts IDAT at offset 33.
        Assert.StartsWith("PNG chunk IDAT at offset 33: CRC mismatch", ex.Message);
        Assert.Equal(33, ex.Offset);
    }

    [Fact]
    public void Decode_FlippedBitInFixtureData_ReportsCrcMismatch()
    {
        byte[] data = Fixtures.Read("rgb8.png");
        data[40] ^= 0x10;

        Assert.Contains("CRC mismatch", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_EveryTruncation_RaisesTypedError()
    {
        byte[] data = Fixtures.Read("rgba8-multi-idat.png");
        int iend = data.Length - 12;
        for (int length = 0; length < iend; length++)
        {
            ImageDecodeException ex = DecodeFails(data[..length]);
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }
    }

    [Theory]
    [InlineData(20, "PNG chunk IHDR at offset 8: truncated IHDR data")]
    [InlineData(33, "PNG: truncated at offset 33: expected a chunk header (8 bytes), 0 available; IEND missing.")]
    [InlineData(45, "PNG chunk IDAT at offset 33: truncated IDAT data")]
    public void Decode_TruncatedAt_NamesWhatIsMissing(int length, string expectedStart)
    {
        byte[] data = PngBuilder.SmallGray();

        Assert.StartsWith(expectedStart, DecodeFails(data[..length]).Message);
    }

    [Fact]
    public void Decode_MissingIend_IsAnError()
    {
        byte[] data = PngBuilder.SmallGray();

        Assert.Contains("IEND missing", DecodeFails(data[..^12]).Message);
    }

    [Fact]
    public void Decode_HugeDimensionsInHeader_FailsOnLimitBeforeAllocating()
    {
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(100_000, 100_000, 8, 6))
            .Chunk("IDAT", PngBuilder.Zlib([0]))
            .End()
            .ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<ImageLimitExceededException>(() => new PngDecoder().Decode(data));

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("PNG IHDR at offset 8: width 100000 exceeds the limit of 16384.", ex.Message);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Decode_PixelCountOverLimit_FailsWithLimitError()
    {
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(1000, 1000, 8, 0))
            .Chunk("IDAT", PngBuilder.Zlib([0]))
            .End()
            .ToArray();

        var ex = Assert.Throws<ImageLimitExceededException>(
            () => new PngDecoder(new PngDecoderOptions { MaxPixelCount = 999_999 }).Decode(data));

        Assert.Equal("PNG IHDR at offset 8: 1000x1000 = 1000000 pixels exceeds the limit of 999999.", ex.Message);
    }

    [Fact]
    public void Decode_DecompressedSizeOverLimit_FailsWithLimitError()
    {
        // 100 x 100 RGBA16: 100 * (800 + 1) = 80100 bytes of image data.
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(100, 100, 16, 6))
            .Chunk("IDAT", PngBuilder.Zlib([0]))
            .End()
            .ToArray();

        var ex = Assert.Throws<ImageLimitExceededException>(
            () => new PngDecoder(new PngDecoderOptions { MaxDecompressedBytes = 80_099 }).Decode(data));

        Assert.Contains("inflates to 80100 bytes", ex.Message);
    }

    [Fact]
    public void Decode_ChunkOverSizeLimit_FailsWithLimitError()
    {
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(2, 2, 8, 0))
            .Chunk("tEXt", new byte[1000])
            .End()
            .ToArray();

        var ex = Assert.Throws<ImageLimitExceededException>(
            () => new PngDecoder(new PngDecoderOptions { MaxChunkSize = 999 }).Decode(data));

        Assert.Equal("PNG chunk tEXt at offset 33: length 1000 exceeds the limit of 999 bytes.", ex.Message);
    }

    [Fact]
    public void Decode_ZlibBomb_StopsAtExpectedSize()
    {
        // A 4x4 greyscale image needs 20 bytes; the stream inflates to 64 MiB of zeros from about 64 KiB.
        byte[] bomb = PngBuilder.Zlib(new byte[64 * 1024 * 1024]);
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(4, 4, 8, 0))
            .Chunk("IDAT", bomb)
            .End()
            .ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();

        ImageDecodeException ex = DecodeFails(data);

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("PNG IDAT: the zlib stream inflates past the 20 bytes the header implies.", ex.Message);
        Assert.True(allocated < 4_000_000, $"allocated {allocated} bytes");
        Assert.True(data.Length < 200_000);
    }

    [Fact]
    public void Decode_ImageDataShorterThanHeaderImplies_ReportsTruncatedIdat()
    {
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(2, 2, 8, 0))
            .Chunk("IDAT", PngBuilder.Zlib([0, 10, 20, 0]))
            .End()
            .ToArray();

        Assert.Equal(
            "PNG IDAT: truncated IDAT data; the header implies 6 inflated bytes, the zlib stream ends after 4.",
            DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_CorruptZlibData_WrapsInvalidDataException()
    {
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(2, 2, 8, 0))
            .Chunk("IDAT", [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
            .End()
            .ToArray();

        ImageDecodeException ex = DecodeFails(data);

        Assert.StartsWith("PNG IDAT: corrupt zlib stream", ex.Message);
        Assert.IsType<InvalidDataException>(ex.InnerException);
    }

    [Fact]
    public void Decode_UnknownCriticalChunk_IsRejected()
    {
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(2, 2, 8, 0))
            .Chunk("ABCD", [1])
            .Chunk("IDAT", PngBuilder.Zlib([0, 10, 20, 0, 30, 40]))
            .End()
            .ToArray();

        Assert.Equal("PNG chunk ABCD at offset 33: unknown critical chunk.", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_InvalidChunkTypeCharacters_AreRejected()
    {
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(2, 2, 8, 0))
            .Chunk("ID1T", [1])
            .End()
            .ToArray();

        Assert.Equal("PNG chunk at offset 33: invalid chunk type 0x49443154.", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_InvalidFilterType_NamesTheRow()
    {
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(2, 2, 8, 0))
            .Chunk("IDAT", PngBuilder.Zlib([0, 10, 20, 5, 30, 40]))
            .End()
            .ToArray();

        Assert.Equal("PNG IDAT: row 1 has invalid filter type 5.", DecodeFails(data).Message);
    }

    [Theory]
    [InlineData(0u, 2u, 8, 0, "width 0 is outside [1, 2^31-1]")]
    [InlineData(2u, 0u, 8, 0, "height 0 is outside [1, 2^31-1]")]
    [InlineData(0x80000000u, 2u, 8, 0, "width 2147483648 is outside [1, 2^31-1]")]
    [InlineData(2u, 2u, 16, 3, "bit depth 16 is not allowed for colour type 3")]
    [InlineData(2u, 2u, 4, 2, "bit depth 4 is not allowed for colour type 2")]
    [InlineData(2u, 2u, 3, 0, "bit depth 3 is not allowed for colour type 0")]
    [InlineData(2u, 2u, 8, 5, "invalid colour type 5")]
    public void Decode_InvalidHeaderField_IsNamed(uint width, uint height, byte depth, byte colorType, string expected)
    {
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(width, height, depth, colorType))
            .Chunk("IDAT", PngBuilder.Zlib([0]))
            .End()
            .ToArray();

        Assert.Equal($"PNG IHDR at offset 8: {expected}.", DecodeFails(data).Message);
    }

    [Theory]
    [InlineData(1, 0, 0, "unknown compression method 1")]
    [InlineData(0, 1, 0, "unknown filter method 1")]
    [InlineData(0, 0, 2, "unknown interlace method 2")]
    public void Decode_UnknownMethod_IsNamed(byte compression, byte filter, byte interlace, string expected)
    {
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(2, 2, 8, 0, interlace, compression, filter))
            .End()
            .ToArray();

        Assert.Equal($"PNG IHDR at offset 8: {expected}.", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_FirstChunkNotIhdr_IsRejected()
    {
        byte[] data = new PngBuilder().Chunk("IDAT", PngBuilder.Zlib([0])).End().ToArray();

        Assert.Equal("PNG chunk IDAT at offset 8: the first chunk must be IHDR.", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_WrongIhdrLength_IsRejected()
    {
        byte[] data = new PngBuilder().Chunk("IHDR", new byte[12]).End().ToArray();

        Assert.Equal("PNG IHDR at offset 8: length 12, expected 13.", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_NoIdat_IsRejected()
    {
        byte[] data = new PngBuilder().Chunk("IHDR", PngBuilder.Ihdr(2, 2, 8, 0)).End().ToArray();

        Assert.Equal("PNG chunk IEND at offset 33: no IDAT chunk precedes IEND.", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_SplitIdatSequence_IsRejected()
    {
        byte[] z = PngBuilder.Zlib([0, 10, 20, 0, 30, 40]);
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(2, 2, 8, 0))
            .Chunk("IDAT", z.AsSpan(0, 4))
            .Chunk("tEXt", "a\0b"u8)
            .Chunk("IDAT", z.AsSpan(4))
            .End()
            .ToArray();

        Assert.Contains("IDAT chunks must be consecutive", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_PaletteImageWithoutPlte_IsRejected()
    {
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(2, 2, 8, 3))
            .Chunk("IDAT", PngBuilder.Zlib([0, 0, 0, 0, 0, 0]))
            .End()
            .ToArray();

        Assert.Contains("colour type 3 requires a PLTE chunk", DecodeFails(data).Message);
    }

    [Theory]
    [InlineData(0, "PLTE is not allowed for greyscale colour type 0")]
    [InlineData(2, "length 4 is not 3 × (1 to 256) entries")]
    public void Decode_InvalidPalette_IsRejected(byte colorType, string expected)
    {
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(2, 2, 8, colorType))
            .Chunk("PLTE", [1, 2, 3, 4])
            .End()
            .ToArray();

        Assert.Equal($"PNG chunk PLTE at offset 33: {expected}.", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_DuplicateIhdr_IsRejected()
    {
        byte[] data = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(2, 2, 8, 0))
            .Chunk("IHDR", PngBuilder.Ihdr(2, 2, 8, 0))
            .End()
            .ToArray();

        Assert.Equal("PNG chunk IHDR at offset 33: duplicate IHDR.", DecodeFails(data).Message);
    }

    [Fact]
    public void Decode_ChunkLengthAboveTwoToThe31_IsRejected()
    {
        byte[] data = PngBuilder.SmallGray();
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), 0x80000000);

        Assert.Equal("PNG chunk IHDR at offset 8: length 2147483648 exceeds 2^31-1.", DecodeFails(data).Message);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PngDecoder(new PngDecoderOptions { MaxWidth = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PngDecoder(new PngDecoderOptions { MaxHeight = 70_000 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PngDecoder(new PngDecoderOptions { MaxPixelCount = 1L << 40 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PngDecoder(new PngDecoderOptions { MaxDecompressedBytes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PngDecoder(new PngDecoderOptions { MaxChunkSize = 767 }));
    }

    [Fact]
    public void Decode_SeededByteMutations_OnlySucceedOrRaiseDecodeErrors()
    {
        byte[][] seeds = [Fixtures.Read("rgba8-adam7.png"), Fixtures.Read("pal4.png"), Fixtures.Read("gray16.png")];
        var random = new Random(20240611);
        var decoder = new PngDecoder();
        int failures = 0;
        for (int i = 0; i < 3000; i++)
        {
            byte[] data = (byte[])seeds[i % seeds.Length].Clone();
            int edits = random.Next(1, 5);
            for (int e = 0; e < edits; e++)
            {
                int at = random.Next(data.Length);
                data[at] = random.Next(3) switch
                {
                    0 => (byte)random.Next(256),
                    1 => (byte)(data[at] ^ (1 << random.Next(8))),
                    _ => 0xFF,
                };
            }

            if (random.Next(4) == 0)
            {
                data = data[..random.Next(data.Length)];
            }

            try
            {
                RgbaImage image = decoder.Decode(data);
                Assert.Equal(image.Width * image.Height * 4, image.Pixels.Length);
            }
            catch (ImageDecodeException)
            {
                failures++;
            }
        }

        Assert.True(failures > 2000, $"only {failures} of 3000 mutations were rejected");
    }

    [Fact]
    public void Decode_MutationsWithRepairedCrc_OnlySucceedOrRaiseDecodeErrors()
    {
        // Recomputing the CRC after each mutation reaches the header, filter and zlib checks behind it.
        byte[] seed = Fixtures.Read("rgba8-multi-idat.png");
        var random = new Random(7);
        var decoder = new PngDecoder();
        for (int i = 0; i < 2000; i++)
        {
            byte[] data = (byte[])seed.Clone();
            int at = random.Next(8, data.Length);
            data[at] = (byte)random.Next(256);
            RepairCrcs(data);
            try
            {
                decoder.Decode(data);
            }
            catch (ImageDecodeException)
            {
            }
        }
    }

    private static void RepairCrcs(byte[] data)
    {
        int pos = 8;
        while (pos + 12 <= data.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(pos));
            if (length > (uint)(data.Length - pos - 12))
            {
                return;
            }

            int len = (int)length;
            uint crc = Crc32.Compute(data.AsSpan(pos + 4, len + 4));
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(pos + 8 + len), crc);
            pos += 12 + len;
        }
    }
}
