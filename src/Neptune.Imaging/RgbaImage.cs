namespace Neptune.Imaging;

/// <summary>
/// A raster image stored as 8-bit RGBA with straight alpha, row-major, top row first,
/// four bytes per pixel in the order R, G, B, A and no padding between rows.
/// </summary>
/// <remarks>
/// Dimensions are limited to <see cref="MaxDimension"/> per side and <see cref="MaxPixelCount"/> pixels in
/// total so that a single image never needs more than 1 GiB. Instances are mutable and not thread-safe for writes.
/// </remarks>
public sealed class RgbaImage
{
    /// <summary>Largest allowed width or height, in pixels.</summary>
    public const int MaxDimension = 65535;

    /// <summary>Largest allowed number of pixels (width × height): 2^28, i.e. 1 GiB of pixel data.</summary>
    public const long MaxPixelCount = 1L << 28;

    /// <summary>Bytes per pixel.</summary>
    public const int BytesPerPixel = 4;

    private readonly byte[] _pixels;

    /// <summary>Creates a transparent black image.</summary>
    /// <param name="width">Width in pixels, 1 to <see cref="MaxDimension"/>.</param>
    /// <param name="height">Height in pixels, 1 to <see cref="MaxDimension"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension or the pixel count is outside the limits.</exception>
    public RgbaImage(int width, int height)
    {
        ValidateSize(width, height);
        Width = width;
        Height = height;
        _pixels = new byte[checked(width * height * BytesPerPixel)];
    }

    /// <summary>Creates an image filled with one colour.</summary>
    /// <param name="width">Width in pixels, 1 to <see cref="MaxDimension"/>.</param>
    /// <param name="height">Height in pixels, 1 to <see cref="MaxDimension"/>.</param>
    /// <param name="fill">The colour of every pixel.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension or the pixel count is outside the limits.</exception>
    public RgbaImage(int width, int height, Rgba32 fill)
        : this(width, height)
    {
        Fill(fill);
    }

    private RgbaImage(int width, int height, byte[] pixels)
    {
        Width = width;
        Height = height;
        _pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The whole image, as a rectangle at the origin.</summary>
    public PixelRect Bounds => new(0, 0, Width, Height);

    /// <summary>All pixel bytes: <c>Width * Height * 4</c> bytes, RGBA, row-major.</summary>
    public Span<byte> Pixels => _pixels;

    /// <summary>Creates an image from a copy of RGBA bytes laid out as <see cref="Pixels"/> is.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="rgba">Exactly <c>width * height * 4</c> bytes.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension or the pixel count is outside the limits.</exception>
    /// <exception cref="ArgumentException"><paramref name="rgba"/> has the wrong length.</exception>
    public static RgbaImage FromPixels(int width, int height, ReadOnlySpan<byte> rgba)
    {
        ValidateSize(width, height);
        long expected = (long)width * height * BytesPerPixel;
        if (rgba.Length != expected)
        {
            throw new ArgumentException($"Expected {expected} RGBA bytes for a {width}x{height} image, got {rgba.Length}.", nameof(rgba));
        }

        return new RgbaImage(width, height, rgba.ToArray());
    }

    /// <summary>Wraps an existing buffer without copying. The caller hands over ownership.</summary>
    internal static RgbaImage Wrap(int width, int height, byte[] pixels)
    {
        ValidateSize(width, height);
        if (pixels.LongLength != (long)width * height * BytesPerPixel)
        {
            throw new ArgumentException("Pixel buffer length does not match the dimensions.", nameof(pixels));
        }

        return new RgbaImage(width, height, pixels);
    }

    /// <summary>Checks that an image of the given size may be created, without allocating it.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>True when the size is within <see cref="MaxDimension"/> and <see cref="MaxPixelCount"/>.</returns>
    public static bool IsValidSize(int width, int height) =>
        width is > 0 and <= MaxDimension && height is > 0 and <= MaxDimension && (long)width * height <= MaxPixelCount;

    /// <summary>One row of pixels, <c>Width * 4</c> bytes.</summary>
    /// <param name="y">Row index, 0 at the top.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="y"/> is outside the image.</exception>
    public Span<byte> GetRow(int y)
    {
        if ((uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, $"Row must be in [0, {Height}).");
        }

        int stride = Width * BytesPerPixel;
        return _pixels.AsSpan(y * stride, stride);
    }

    /// <summary>Reads one pixel.</summary>
    /// <param name="x">Column, 0 at the left.</param>
    /// <param name="y">Row, 0 at the top.</param>
    /// <exception cref="ArgumentOutOfRangeException">The coordinates are outside the image.</exception>
    public Rgba32 GetPixel(int x, int y)
    {
        int i = IndexOf(x, y);
        return new Rgba32(_pixels[i], _pixels[i + 1], _pixels[i + 2], _pixels[i + 3]);
    }

    /// <summary>Overwrites one pixel (no blending).</summary>
    /// <param name="x">Column, 0 at the left.</param>
    /// <param name="y">Row, 0 at the top.</param>
    /// <param name="color">The new value.</param>
    /// <exception cref="ArgumentOutOfRangeException">The coordinates are outside the image.</exception>
    public void SetPixel(int x, int y, Rgba32 color)
    {
        int i = IndexOf(x, y);
        _pixels[i] = color.R;
        _pixels[i + 1] = color.G;
        _pixels[i + 2] = color.B;
        _pixels[i + 3] = color.A;
    }

    /// <summary>Sets every pixel to one colour.</summary>
    /// <param name="color">The colour.</param>
    public void Fill(Rgba32 color)
    {
        uint packed = Pack(color);
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(_pixels.AsSpan()).Fill(packed);
    }

    /// <summary>True when every pixel's alpha is 255.</summary>
    public bool IsOpaque()
    {
        ReadOnlySpan<uint> packed = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(_pixels.AsSpan());
        uint alpha = Pack(new Rgba32(0, 0, 0, 255));
        foreach (uint p in packed)
        {
            if ((p & alpha) != alpha)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns a deep copy.</summary>
    public RgbaImage Clone() => new(Width, Height, (byte[])_pixels.Clone());

    /// <summary>True when both images have the same size and identical pixel bytes.</summary>
    /// <param name="other">The image to compare with.</param>
    public bool PixelsEqual(RgbaImage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Width == other.Width && Height == other.Height && _pixels.AsSpan().SequenceEqual(other._pixels);
    }

    internal byte[] Buffer => _pixels;

    internal static uint Pack(Rgba32 c) =>
        BitConverter.IsLittleEndian
            ? c.R | ((uint)c.G << 8) | ((uint)c.B << 16) | ((uint)c.A << 24)
            : ((uint)c.R << 24) | ((uint)c.G << 16) | ((uint)c.B << 8) | c.A;

    private int IndexOf(int x, int y)
    {
        if ((uint)x >= (uint)Width)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, $"Column must be in [0, {Width}).");
        }

        if ((uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, $"Row must be in [0, {Height}).");
        }

        return ((y * Width) + x) * BytesPerPixel;
    }

    private static void ValidateSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxDimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxDimension);
        if ((long)width * height > MaxPixelCount)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height} exceeds the limit of {MaxPixelCount} pixels.");
        }
    }
}
