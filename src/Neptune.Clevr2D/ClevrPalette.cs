using Neptune.Clevr;
using Neptune.Imaging;

namespace Neptune.Clevr2D;

/// <summary>The eight CLEVR colors with the RGB values of the original CLEVR renderer, in vocabulary order.</summary>
public static class ClevrPalette
{
    private static readonly Rgba32[] Values =
    [
        new(87, 87, 87),    // gray
        new(173, 35, 35),   // red
        new(42, 75, 215),   // blue
        new(29, 105, 20),   // green
        new(129, 74, 25),   // brown
        new(129, 38, 192),  // purple
        new(41, 208, 208),  // cyan
        new(255, 238, 51),  // yellow
    ];

    /// <summary>The prototype colors, indexed like <see cref="ClevrVocabulary.Colors"/>.</summary>
    public static IReadOnlyList<Rgba32> Colors => Values;

    /// <summary>The prototype of a CLEVR color name.</summary>
    /// <param name="color">"gray", "red", "blue", "green", "brown", "purple", "cyan" or "yellow".</param>
    /// <returns>The RGB value.</returns>
    /// <exception cref="ArgumentException">The name is not a CLEVR color.</exception>
    public static Rgba32 Of(string color)
    {
        ArgumentNullException.ThrowIfNull(color);
        int i = IndexOf(color);
        return i >= 0 ? Values[i] : throw new ArgumentException($"'{color}' is not a CLEVR color.", nameof(color));
    }

    internal static int IndexOf(string color)
    {
        var names = ClevrVocabulary.Colors;
        for (int i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], color, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
