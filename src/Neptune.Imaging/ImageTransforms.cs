using Neptune.Imaging.Internal;
using SkiaSharp;

namespace Neptune.Imaging;

/// <summary>Geometric operations that produce a new image: crop (a copy of whole rows) and resize (Skia).</summary>
public static class ImageTransforms
{
    /// <summary>
    /// Copies the part of <paramref name="region"/> that lies inside the image into a new image.
    /// </summary>
    /// <param name="image">Source image.</param>
    /// <param name="region">Requested region; clipped to the image bounds.</param>
    /// <returns>A new image of the clipped region's size.</returns>
    /// <exception cref="ImageOperationException">The region does not overlap the image.</exception>
    public static RgbaImage Crop(this RgbaImage image, PixelRect region)
    {
        ArgumentNullException.ThrowIfNull(image);
        PixelRect clipped = region.Intersect(image.Bounds);
        if (clipped.IsEmpty)
        {
            throw new ImageOperationException(
                $"Crop region (x={region.X}, y={region.Y}, width={region.Width}, height={region.Height}) does not overlap the {image.Width}x{image.Height} image.");
        }

        var result = new RgbaImage(clipped.Width, clipped.Height);
        for (int y = 0; y < clipped.Height; y++)
        {
            image.GetRow(clipped.Y + y).Slice(clipped.X * 4, clipped.Width * 4).CopyTo(result.GetRow(y));
        }

        return result;
    }

    /// <summary>
    /// Resizes to <paramref name="width"/> × <paramref name="height"/> with Skia.
    /// </summary>
    /// <remarks>
    /// Enlarging, or reducing by less than a factor of two, samples bilinearly with pixel-centre alignment (destination
    /// pixel d samples source position <c>(d + 0.5) * src / dst - 0.5</c>, clamped to the edge pixels). Reducing
    /// by a factor of two or more along either axis samples trilinearly from mipmaps (box-filtered half-size levels),
    /// so fine detail averages out instead of aliasing. Colour is interpolated with alpha premultiplied, so
    /// transparent pixels do not bleed their colour. Resizing to the same size returns a copy.
    /// </remarks>
    /// <param name="image">Source image.</param>
    /// <param name="width">Destination width, 1 to <see cref="RgbaImage.MaxDimension"/>.</param>
    /// <param name="height">Destination height, 1 to <see cref="RgbaImage.MaxDimension"/>.</param>
    /// <returns>The resized image.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The destination size is outside the image limits.</exception>
    public static RgbaImage Resize(this RgbaImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!RgbaImage.IsValidSize(width, height))
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Destination size {width}x{height} is outside the image limits.");
        }

        if (width == image.Width && height == image.Height)
        {
            return image.Clone();
        }

        bool reduce = image.Width >= 2L * width || image.Height >= 2L * height;
        SKSamplingOptions sampling = reduce
            ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
            : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None);
        var result = new RgbaImage(width, height);
        if (image.IsOpaque())
        {
            // Opaque pixels need no premultiplication: Skia samples the buffers directly.
            using SkiaPixels source = SkiaPixels.PinOpaque(image);
            using SkiaPixels destination = SkiaPixels.PinOpaque(result);
            Scale(source.Pixmap, destination.Pixmap, sampling);
        }
        else
        {
            // Skia filters straight-alpha pixels without premultiplying them, which bleeds the colour of transparent
            // pixels: scale premultiplied copies and convert back.
            using SkiaPixels source = SkiaPixels.Pin(image);
            using SkiaPixels destination = SkiaPixels.Pin(result);
            using var premultipliedSource = new SKBitmap(source.Info.WithAlphaType(SKAlphaType.Premul));
            using var premultipliedDestination = new SKBitmap(destination.Info.WithAlphaType(SKAlphaType.Premul));
            using SKPixmap from = premultipliedSource.PeekPixels();
            using SKPixmap to = premultipliedDestination.PeekPixels();
            if (!source.Pixmap.ReadPixels(from))
            {
                throw new InvalidOperationException("Skia could not convert between straight and premultiplied alpha.");
            }

            Scale(from, to, sampling);
            if (!to.ReadPixels(destination.Pixmap))
            {
                throw new InvalidOperationException("Skia could not convert between straight and premultiplied alpha.");
            }
        }

        return result;
    }

    private static void Scale(SKPixmap source, SKPixmap destination, SKSamplingOptions sampling)
    {
        if (!source.ScalePixels(destination, sampling))
        {
            throw new InvalidOperationException($"Skia could not resize {source.Width}x{source.Height} to {destination.Width}x{destination.Height}.");
        }
    }
}
