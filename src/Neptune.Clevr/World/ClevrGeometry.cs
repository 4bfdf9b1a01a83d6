using Neptune.Perception;

namespace Neptune.Clevr;

/// <summary>
/// Approximate image geometry of CLEVR objects. Scenes give each object's projected centre and depth
/// (<c>pixel_coords</c> = [x, y, depth]) in a 480×320 image, but no box; the box is derived from them.
/// </summary>
/// <remarks>
/// CLEVR renders with Blender's default camera (35 mm lens on a 32 mm sensor), so at 480 pixels wide the focal length
/// is f = 480 · 35 / 32 = 525 pixels. An object of size <c>large</c> has world radius r = 0.7 and <c>small</c> r = 0.35.
/// The box is the square around the projected bounding circle of the object, enlarged by 10% for the parts of cubes and
/// cylinders that stick out of it:
/// half = 1.1 · f · r / depth; box = [x − half, y − half, x + half, y + half], clipped to the image.
/// Renderers that draw CLEVR scenes use the same formula so that boxes and drawn objects agree.
/// </remarks>
public static class ClevrGeometry
{
    /// <summary>Image width in pixels.</summary>
    public const int ImageWidth = 480;

    /// <summary>Image height in pixels.</summary>
    public const int ImageHeight = 320;

    /// <summary>The camera's focal length in pixels.</summary>
    public const float FocalLengthPixels = 525f;

    /// <summary>The margin factor applied to the projected radius.</summary>
    public const float Margin = 1.1f;

    /// <summary>The world radius of a size value: 0.7 for "large", 0.35 for "small".</summary>
    /// <param name="size">"large" or "small".</param>
    /// <returns>The radius in world units.</returns>
    /// <exception cref="ArgumentException">The size is not a CLEVR size.</exception>
    public static float RadiusOf(string size) => size switch
    {
        "large" => 0.7f,
        "small" => 0.35f,
        _ => throw new ArgumentException($"'{size}' is not a CLEVR size (large, small).", nameof(size)),
    };

    /// <summary>The projected half-extent of an object in pixels: Margin · f · r / depth.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>Half the box side, in pixels.</returns>
    public static float HalfExtentOf(ClevrObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        float depth = (float)Math.Max(obj.PixelCoordinates.Depth, 0.1);
        return Margin * FocalLengthPixels * RadiusOf(obj.Size) / depth;
    }

    /// <summary>The approximate box of an object in the 480×320 image (see the class remarks for the formula).</summary>
    /// <param name="obj">The object.</param>
    /// <returns>The box, clipped to the image.</returns>
    public static BoundingBox BoxOf(ClevrObject obj)
    {
        float half = HalfExtentOf(obj);
        float x = (float)obj.PixelCoordinates.X;
        float y = (float)obj.PixelCoordinates.Y;
        return new BoundingBox(
            Math.Clamp(x - half, 0f, ImageWidth),
            Math.Clamp(y - half, 0f, ImageHeight),
            Math.Clamp(x + half, 0f, ImageWidth),
            Math.Clamp(y + half, 0f, ImageHeight));
    }
}
