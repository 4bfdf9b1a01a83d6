using Neptune.Imaging.Codecs;

namespace Neptune.Imaging.Tests;

public sealed class ImageCodecsTests
{
    private sealed class FakeDecoder : IImageDecoder
    {
        public bool CanDecode(ReadOnlySpan<byte> header) => header.StartsWith("FAKE"u8) || ImageFormats.Detect(header) == ImageFormat.Png;

        public ImageInfo Identify(ReadOnlySpan<byte> data) => new(ImageFormat.Png, 3, 3, 1, 1);

        public RgbaImage Decode(ReadOnlySpan<byte> data) => new(3, 3, new Rgba32(1, 2, 3));
    }

    [Fact]
    public void Decode_PngBytes_UsesPngDecoder()
    {
        RgbaImage image = ImageCodecs.Default.Decode(PngBuilder.SmallGray());

        Assert.Equal(new Rgba32(20, 20, 20), image.GetPixel(1, 0));
    }

    [Fact]
    public void Decode_UnknownSignature_ThrowsUnknownFormatWithLeadingBytes()
    {
        var ex = Assert.Throws<UnknownImageFormatException>(() => ImageCodecs.Default.Decode("%PDF-1.7"u8));

        Assert.Equal("Unrecognised image format: the leading bytes 255044462D312E37 are not a JPEG, PNG, WebP, GIF or BMP signature.", ex.Message);
    }

    [Fact]
    public void Decode_EmptyInput_ThrowsUnknownFormat()
    {
        Assert.Equal("The input is empty.", Assert.Throws<UnknownImageFormatException>(() => ImageCodecs.Default.Decode([])).Message);
    }

    [Fact]
    public void WithDecoder_AddedDecoder_TakesPrecedenceOverBuiltIn()
    {
        ImageCodecs codecs = ImageCodecs.Default.WithDecoder(new FakeDecoder());

        Assert.Equal(3, codecs.Decode(PngBuilder.SmallGray()).Width);
        Assert.Equal(3, codecs.Decode("FAKE"u8).Width);
        Assert.Equal(2, ImageCodecs.Default.Decode(PngBuilder.SmallGray()).Width);
        Assert.IsType<FakeDecoder>(codecs.FindDecoder("FAKE"u8));
        Assert.Equal(ImageCodecs.Default.Decoders.Count + 1, codecs.Decoders.Count);
    }

    [Fact]
    public void FindEncoder_MimeTypeIgnoringCase_FindsPngAndJpeg()
    {
        Assert.IsType<PngEncoder>(ImageCodecs.Default.FindEncoder("IMAGE/PNG"));
        Assert.IsType<JpegEncoder>(ImageCodecs.Default.FindEncoder("image/jpeg"));
        Assert.Null(ImageCodecs.Default.FindEncoder("image/webp"));
        Assert.Throws<NotSupportedException>(() => ImageCodecs.Default.Encode(new RgbaImage(1, 1), "image/webp"));
    }

    [Fact]
    public void Decode_StreamLongerThanLimit_ThrowsLimitError()
    {
        ImageCodecs codecs = ImageCodecs.Default.WithMaxInputBytes(50);
        using var seekable = new MemoryStream(Fixtures.Read("rgb8.png"));
        using var unseekable = new NonSeekableStream(Fixtures.Read("rgb8.png"));

        Assert.Throws<ImageLimitExceededException>(() => codecs.Decode(seekable));
        Assert.Throws<ImageLimitExceededException>(() => codecs.Decode(unseekable));
    }

    [Fact]
    public void Decode_NonSeekableStream_DecodesWholeInput()
    {
        byte[] bytes = Fixtures.Read("rgba8.png");
        using var stream = new NonSeekableStream(bytes);

        Assert.True(ImageCodecs.Default.Decode(stream).PixelsEqual(ImageCodecs.Default.Decode(bytes)));
    }

    [Fact]
    public async Task DecodeAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        using var stream = new MemoryStream(Fixtures.Read("rgba8.png"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ImageCodecs.Default.DecodeAsync(stream, cts.Token));
    }

    [Fact]
    public void Constructor_NonPositiveInputLimit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageCodecs([], [], 0));
    }

    [Fact]
    public void Encode_Default_ProducesDecodablePng()
    {
        RgbaImage image = PngEncoderTests.RandomImage(9, 4, 2, opaque: false);

        Assert.True(ImageCodecs.Default.Decode(ImageCodecs.Default.Encode(image)).PixelsEqual(image));
    }

    private sealed class NonSeekableStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
