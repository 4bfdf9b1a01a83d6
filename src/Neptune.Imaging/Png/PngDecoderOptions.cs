namespace Neptune.Imaging.Png;

/// <summary>
/// Resource limits for <see cref="PngDecoder"/>. Every limit is checked against the header before any
/// image memory is allocated, so a hostile file cannot make the decoder exhaust memory.
/// Values are validated when a decoder is constructed.
/// </summary>
public sealed record PngDecoderOptions
{
    /// <summary>The defaults: 16384 × 16384 at most, 64 Mi pixels, 512 MiB decompressed, 64 MiB per chunk.</summary>
    public static PngDecoderOptions Default { get; } = new();

    /// <summary>Largest accepted width in pixels. Default 16384; at most <see cref="RgbaImage.MaxDimension"/>.</summary>
    public int MaxWidth { get; init; } = 16384;

    /// <summary>Largest accepted height in pixels. Default 16384; at most <see cref="RgbaImage.MaxDimension"/>.</summary>
    public int MaxHeight { get; init; } = 16384;

    /// <summary>Largest accepted width × height. Default 64 Mi (256 MiB of RGBA); at most <see cref="RgbaImage.MaxPixelCount"/>.</summary>
    public long MaxPixelCount { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Largest accepted size of the inflated image data (filter bytes included), which the header determines
    /// exactly. Default 512 MiB. Inflation stops with an error as soon as the data would exceed what the header implies.
    /// </summary>
    public long MaxDecompressedBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Largest accepted length of a single chunk's data, in bytes. Default 64 MiB; at least 768 (a full PLTE).</summary>
    public int MaxChunkSize { get; init; } = 64 * 1024 * 1024;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWidth, 1, nameof(MaxWidth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxWidth, RgbaImage.MaxDimension, nameof(MaxWidth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHeight, 1, nameof(MaxHeight));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxHeight, RgbaImage.MaxDimension, nameof(MaxHeight));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPixelCount, 1, nameof(MaxPixelCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxPixelCount, RgbaImage.MaxPixelCount, nameof(MaxPixelCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDecompressedBytes, 1, nameof(MaxDecompressedBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxChunkSize, 768, nameof(MaxChunkSize));
    }
}
