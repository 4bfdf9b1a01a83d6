namespace Neptune.Vision.Grounding;

/// <summary>How a grounding model's <c>bbox_2d</c> numbers relate to the image.</summary>
public enum GroundingCoordinates
{
    /// <summary>
    /// Absolute pixels of the model's own resized input (Qwen2.5-VL): the server resizes the sent image with Qwen's
    /// smart-resize rule, and boxes are mapped back through it.
    /// </summary>
    ResizedPixels = 0,

    /// <summary>Relative coordinates on a 0–1000 grid in both axes (Qwen3-VL).</summary>
    Relative1000 = 1,

    /// <summary>Absolute pixels of the image as sent.</summary>
    ImagePixels = 2,
}

/// <summary>Qwen2.5-VL's image resize rule (<c>smart_resize</c> in qwen-vl-utils), with its parameters.</summary>
/// <param name="Factor">Both sides become multiples of this (patch 14 × merge 2 = 28).</param>
/// <param name="MinPixels">The least pixel count (56·56).</param>
/// <param name="MaxPixels">The largest pixel count (28·28·1280).</param>
public readonly record struct QwenResizeRule(int Factor = 28, long MinPixels = 56 * 56, long MaxPixels = 28 * 28 * 1280)
{
    /// <summary>The defaults of Qwen2.5-VL's processor.</summary>
    public static QwenResizeRule Default { get; } = new(28, 56 * 56, 28 * 28 * 1280);

    /// <summary>
    /// The size the model sees for an image of the given size. With f the factor:
    /// h' = max(f, round(h/f)·f), w' likewise; if h'·w' &gt; max: β = √(h·w/max), h' = ⌊h/β/f⌋·f, w' = ⌊w/β/f⌋·f;
    /// else if h'·w' &lt; min: β = √(min/(h·w)), h' = ⌈h·β/f⌉·f, w' = ⌈w·β/f⌉·f. Rounding is to nearest, ties to even.
    /// </summary>
    /// <param name="width">Image width (positive).</param>
    /// <param name="height">Image height (positive).</param>
    /// <returns>The resized width and height.</returns>
    public (int Width, int Height) Apply(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        int f = Factor;
        double h = height;
        double w = width;
        double hBar = Math.Max(f, Math.Round(h / f, MidpointRounding.ToEven) * f);
        double wBar = Math.Max(f, Math.Round(w / f, MidpointRounding.ToEven) * f);
        if (hBar * wBar > MaxPixels)
        {
            double beta = Math.Sqrt(h * w / MaxPixels);
            hBar = Math.Max(f, Math.Floor(h / beta / f) * f);
            wBar = Math.Max(f, Math.Floor(w / beta / f) * f);
        }
        else if (hBar * wBar < MinPixels)
        {
            double beta = Math.Sqrt(MinPixels / (h * w));
            hBar = Math.Ceiling(h * beta / f) * f;
            wBar = Math.Ceiling(w * beta / f) * f;
        }

        return ((int)wBar, (int)hBar);
    }
}
