namespace Neptune.Imaging.Jpeg;

/// <summary>
/// Resource limits and behaviour switches for <see cref="JpegDecoder"/>. Every limit is checked against the headers
/// before the memory it guards is allocated, so a hostile file cannot make the decoder exhaust memory or time.
/// Values are validated when a decoder is constructed.
/// </summary>
public sealed record JpegDecoderOptions
{
    /// <summary>
    /// The defaults: 16384 × 16384 at most, 64 Mi pixels, 512 MiB of progressive coefficients, 256 scans,
    /// 10000 marker segments, EXIF orientation applied.
    /// </summary>
    public static JpegDecoderOptions Default { get; } = new();

    /// <summary>Largest accepted width in pixels. Default 16384; at most <see cref="RgbaImage.MaxDimension"/>.</summary>
    public int MaxWidth { get; init; } = 16384;

    /// <summary>Largest accepted height in pixels. Default 16384; at most <see cref="RgbaImage.MaxDimension"/>.</summary>
    public int MaxHeight { get; init; } = 16384;

    /// <summary>Largest accepted width × height. Default 64 Mi (256 MiB of RGBA); at most <see cref="RgbaImage.MaxPixelCount"/>.</summary>
    public long MaxPixelCount { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Largest accepted size, in bytes, of the DCT coefficient buffer a progressive image needs (two bytes per
    /// sample of every component, padded to whole MCUs). Default 512 MiB. Sequential images need no such buffer.
    /// </summary>
    public long MaxCoefficientBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>
    /// Largest accepted number of scans (SOS segments). Default 256; a progressive file from a typical encoder
    /// has about ten. Each scan walks every block of its components, so this bounds decoding time.
    /// </summary>
    public int MaxScans { get; init; } = 256;

    /// <summary>
    /// Largest accepted number of markers outside entropy-coded data (every segment, SOS included, and stray
    /// stand-alone markers; restart markers inside a scan are not counted). Default 10000.
    /// </summary>
    public int MaxMarkers { get; init; } = 10000;

    /// <summary>
    /// When true (the default), an EXIF orientation tag (APP1 Exif, IFD0 tag 0x0112, values 2 to 8) is applied
    /// to the decoded pixels, so the result is upright; orientations 5 to 8 swap width and height.
    /// </summary>
    public bool ApplyExifOrientation { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWidth, 1, nameof(MaxWidth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxWidth, RgbaImage.MaxDimension, nameof(MaxWidth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHeight, 1, nameof(MaxHeight));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxHeight, RgbaImage.MaxDimension, nameof(MaxHeight));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPixelCount, 1, nameof(MaxPixelCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxPixelCount, RgbaImage.MaxPixelCount, nameof(MaxPixelCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCoefficientBytes, 128, nameof(MaxCoefficientBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxScans, 1, nameof(MaxScans));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMarkers, 2, nameof(MaxMarkers));
    }
}
