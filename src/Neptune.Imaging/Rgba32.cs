using System.Globalization;

namespace Neptune.Imaging;

/// <summary>
/// An 8-bit-per-channel colour with straight (non-premultiplied) alpha.
/// </summary>
/// <param name="R">Red, 0–255.</param>
/// <param name="G">Green, 0–255.</param>
/// <param name="B">Blue, 0–255.</param>
/// <param name="A">Alpha, 0 (transparent) to 255 (opaque).</param>
public readonly record struct Rgba32(byte R, byte G, byte B, byte A = 255)
{
    /// <summary>Returns the same colour with a different alpha.</summary>
    /// <param name="alpha">The new alpha, 0–255.</param>
    public Rgba32 WithAlpha(byte alpha) => this with { A = alpha };

    /// <summary>Formats the colour as <c>#RRGGBBAA</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"#{R:X2}{G:X2}{B:X2}{A:X2}");
}
