namespace Neptune.Perception;

/// <summary>An axis-aligned box in image pixels: left, top (inclusive) and right, bottom (exclusive).</summary>
/// <param name="Left">Left edge, in pixels.</param>
/// <param name="Top">Top edge, in pixels.</param>
/// <param name="Right">Right edge, in pixels.</param>
/// <param name="Bottom">Bottom edge, in pixels.</param>
public readonly record struct BoundingBox(float Left, float Top, float Right, float Bottom)
{
    /// <summary>Width in pixels (0 for an empty box).</summary>
    public float Width => MathF.Max(0f, Right - Left);

    /// <summary>Height in pixels (0 for an empty box).</summary>
    public float Height => MathF.Max(0f, Bottom - Top);

    /// <summary>Area in square pixels.</summary>
    public float Area => Width * Height;

    /// <summary>Horizontal centre.</summary>
    public float CenterX => (Left + Right) / 2f;

    /// <summary>Vertical centre.</summary>
    public float CenterY => (Top + Bottom) / 2f;

    /// <summary>Creates a box from its centre and size (the convention of several detectors).</summary>
    /// <param name="centerX">Centre x.</param>
    /// <param name="centerY">Centre y.</param>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    /// <returns>The box.</returns>
    public static BoundingBox FromCenter(float centerX, float centerY, float width, float height) =>
        new(centerX - (width / 2f), centerY - (height / 2f), centerX + (width / 2f), centerY + (height / 2f));

    /// <summary>Intersection over union with another box; 0 when either is empty.</summary>
    /// <param name="other">The other box.</param>
    /// <returns>IoU in [0, 1].</returns>
    public float IntersectionOverUnion(BoundingBox other)
    {
        float w = MathF.Min(Right, other.Right) - MathF.Max(Left, other.Left);
        float h = MathF.Min(Bottom, other.Bottom) - MathF.Max(Top, other.Top);
        if (w <= 0f || h <= 0f)
        {
            return 0f;
        }

        float inter = w * h;
        float union = Area + other.Area - inter;
        return union <= 0f ? 0f : inter / union;
    }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"[{Left:0.#}, {Top:0.#}, {Right:0.#}, {Bottom:0.#}]");
}
