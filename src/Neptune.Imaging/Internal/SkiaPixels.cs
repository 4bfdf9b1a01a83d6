using System.Runtime.InteropServices;
using SkiaSharp;

namespace Neptune.Imaging.Internal;

/// <summary>
/// An <see cref="RgbaImage"/>'s pixel buffer pinned and seen by Skia as an 8-bit RGBA, straight-alpha raster, without
/// copying. Dispose it before the image is used again from managed code.
/// </summary>
internal sealed class SkiaPixels : IDisposable
{
    private GCHandle _handle;

    private SkiaPixels(RgbaImage image, SKAlphaType alphaType)
    {
        Image = image;
        _handle = GCHandle.Alloc(image.Buffer, GCHandleType.Pinned);
        Info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, alphaType);
        Pixmap = new SKPixmap(Info, _handle.AddrOfPinnedObject(), Info.RowBytes);
    }

    public RgbaImage Image { get; }

    public SKImageInfo Info { get; }

    public SKPixmap Pixmap { get; }

    /// <summary>Pins an image as straight-alpha pixels.</summary>
    public static SkiaPixels Pin(RgbaImage image) => new(image, SKAlphaType.Unpremul);

    /// <summary>Pins an image whose alpha Skia should ignore (every pixel is treated as opaque).</summary>
    public static SkiaPixels PinOpaque(RgbaImage image) => new(image, SKAlphaType.Opaque);

    /// <summary>A bitmap over the pinned pixels, for drawing into them with an <see cref="SKCanvas"/>.</summary>
    public SKBitmap CreateBitmap()
    {
        var bitmap = new SKBitmap();
        if (!bitmap.InstallPixels(Pixmap))
        {
            bitmap.Dispose();
            throw new InvalidOperationException("Skia refused the pixel buffer.");
        }

        return bitmap;
    }

    public void Dispose()
    {
        Pixmap.Dispose();
        if (_handle.IsAllocated)
        {
            _handle.Free();
        }
    }
}
