namespace Neptune.Imaging;

/// <summary>Geometric operations that produce a new image: crop and resize.</summary>
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
    /// Resizes to <paramref name="width"/> × <paramref name="height"/>, separably per axis.
    /// </summary>
    /// <remarks>
    /// <para>Along an axis that is enlarged, or reduced by less than a factor of two, this is bilinear interpolation
    /// with pixel-centre alignment, matching OpenCV's <c>INTER_LINEAR</c> and Pillow's bilinear filter when
    /// upscaling: destination pixel d samples source position <c>(d + 0.5) * src / dst - 0.5</c>, clamped to the
    /// edge pixels. Along an axis reduced by a factor of two or more, each destination pixel is the area-weighted
    /// mean of the source pixels its footprint covers (OpenCV's <c>INTER_AREA</c>), which avoids aliasing.</para>
    /// <para>Colour is interpolated with alpha premultiplied, so transparent pixels do not bleed their colour;
    /// results are rounded to the nearest integer. Resizing to the same size returns a copy.</para>
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

        Weights horizontal = Weights.Build(image.Width, width);
        Weights vertical = Weights.Build(image.Height, height);

        // Horizontal pass into premultiplied floats: source rows × destination columns.
        int srcW = image.Width;
        int srcH = image.Height;
        float[] temp = new float[(long)srcH * width * 4];
        Span<float> premultiplied = new float[srcW * 4];
        for (int y = 0; y < srcH; y++)
        {
            ReadOnlySpan<byte> row = image.GetRow(y);
            for (int x = 0; x < srcW; x++)
            {
                float a = row[(x * 4) + 3];
                float k = a / 255f;
                premultiplied[x * 4] = row[x * 4] * k;
                premultiplied[(x * 4) + 1] = row[(x * 4) + 1] * k;
                premultiplied[(x * 4) + 2] = row[(x * 4) + 2] * k;
                premultiplied[(x * 4) + 3] = a;
            }

            Span<float> outRow = temp.AsSpan(y * width * 4, width * 4);
            for (int d = 0; d < width; d++)
            {
                float r = 0, g = 0, b = 0, a = 0;
                for (int t = horizontal.Start[d]; t < horizontal.Start[d + 1]; t++)
                {
                    int s = horizontal.Index[t] * 4;
                    float w = horizontal.Weight[t];
                    r += premultiplied[s] * w;
                    g += premultiplied[s + 1] * w;
                    b += premultiplied[s + 2] * w;
                    a += premultiplied[s + 3] * w;
                }

                outRow[d * 4] = r;
                outRow[(d * 4) + 1] = g;
                outRow[(d * 4) + 2] = b;
                outRow[(d * 4) + 3] = a;
            }
        }

        var result = new RgbaImage(width, height);
        int stride = width * 4;
        for (int d = 0; d < height; d++)
        {
            Span<byte> outRow = result.GetRow(d);
            for (int i = 0; i < stride; i += 4)
            {
                float r = 0, g = 0, b = 0, a = 0;
                for (int t = vertical.Start[d]; t < vertical.Start[d + 1]; t++)
                {
                    int s = (vertical.Index[t] * stride) + i;
                    float w = vertical.Weight[t];
                    r += temp[s] * w;
                    g += temp[s + 1] * w;
                    b += temp[s + 2] * w;
                    a += temp[s + 3] * w;
                }

                byte alpha = ToByte(a);
                outRow[i + 3] = alpha;
                if (alpha == 0)
                {
                    outRow[i] = outRow[i + 1] = outRow[i + 2] = 0;
                    continue;
                }

                float unpremultiply = 255f / a;
                outRow[i] = ToByte(r * unpremultiply);
                outRow[i + 1] = ToByte(g * unpremultiply);
                outRow[i + 2] = ToByte(b * unpremultiply);
            }
        }

        return result;
    }

    private static byte ToByte(float v) => (byte)Math.Clamp(MathF.Round(v, MidpointRounding.AwayFromZero), 0f, 255f);

    /// <summary>Sparse resampling weights for one axis in compressed-row form.</summary>
    private sealed class Weights
    {
        public required int[] Start { get; init; }

        public required int[] Index { get; init; }

        public required float[] Weight { get; init; }

        public static Weights Build(int source, int destination)
        {
            var start = new int[destination + 1];
            var index = new List<int>(destination * 2);
            var weight = new List<float>(destination * 2);
            double scale = (double)source / destination;
            bool area = source >= 2L * destination;
            for (int d = 0; d < destination; d++)
            {
                start[d] = index.Count;
                if (area)
                {
                    double lo = d * scale;
                    double hi = (d + 1) * scale;
                    int first = (int)Math.Floor(lo);
                    int last = Math.Min(source - 1, (int)Math.Ceiling(hi) - 1);
                    for (int s = first; s <= last; s++)
                    {
                        double overlap = Math.Min(hi, s + 1) - Math.Max(lo, s);
                        if (overlap > 0)
                        {
                            index.Add(s);
                            weight.Add((float)(overlap / scale));
                        }
                    }
                }
                else
                {
                    double position = Math.Clamp(((d + 0.5) * scale) - 0.5, 0, source - 1);
                    int left = (int)Math.Floor(position);
                    int right = Math.Min(left + 1, source - 1);
                    double fraction = position - left;
                    index.Add(left);
                    weight.Add((float)(1 - fraction));
                    if (right != left && fraction > 0)
                    {
                        index.Add(right);
                        weight.Add((float)fraction);
                    }
                }
            }

            start[destination] = index.Count;
            return new Weights { Start = start, Index = [.. index], Weight = [.. weight] };
        }
    }
}
