namespace Neptune.Imaging.Codecs;

/// <summary>
/// Resource limits and behaviour switches for <see cref="SkiaImageDecoder"/>. Every limit is checked against the
/// file's header before any pixel memory is allocated, so a hostile file cannot make the decoder exhaust memory.
/// Values are validated when a decoder is constructed.
/// </summary>
public sealed record ImageDecoderOptions
{
    /// <summary>The defaults: 16384 × 16384 at most, 64 Mi pixels, EXIF orientation applied.</summary>
    public static ImageDecoderOptions Default { get; } = new();

    /// <summary>Largest accepted width in pixels (as stored). Default 16384; at most <see cref="RgbaImage.MaxDimension"/>.</summary>
    public int MaxWidth { get; init; } = 16384;

    /// <summary>Largest accepted height in pixels (as stored). Default 16384; at most <see cref="RgbaImage.MaxDimension"/>.</summary>
    public int MaxHeight { get; init; } = 16384;

    /// <summary>Largest accepted width × height. Default 64 Mi (256 MiB of RGBA); at most <see cref="RgbaImage.MaxPixelCount"/>.</summary>
    public long MaxPixelCount { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// When true (the default), an EXIF orientation (values 2 to 8) is applied to the decoded pixels, so the result
    /// is upright; orientations 5 to 8 swap width and height.
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
    }
}
