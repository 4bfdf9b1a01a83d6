using SkiaSharp;

namespace Neptune.Imaging.Drawing;

/// <summary>
/// The typeface labels are drawn in: DejaVu Sans Bold when installed, otherwise the system's default sans-serif, found
/// through fontconfig. A typeface that has no glyphs (what Skia returns when no font is installed) is refused with an
/// <see cref="ImageFontException"/> instead of drawing labels as nothing.
/// </summary>
internal static class LabelFont
{
    /// <summary>The family asked for first.</summary>
    public const string Family = "DejaVu Sans";

    /// <summary>What a user has to install, for the error message.</summary>
    public const string InstallHint = "install a font, e.g. Debian/Ubuntu: apt-get install fonts-dejavu-core libfontconfig1";

    private static SKTypeface? s_resolved;

    /// <summary>The label typeface, resolved once per process on first success.</summary>
    /// <exception cref="ImageFontException">No usable font is installed.</exception>
    public static SKTypeface Typeface
    {
        get
        {
            SKTypeface? resolved = Volatile.Read(ref s_resolved);
            if (resolved is not null)
            {
                return resolved;
            }

            SKTypeface? candidate = SKTypeface.FromFamilyName(Family, SKFontStyle.Bold) ?? SKTypeface.FromFamilyName(null, SKFontStyle.Bold);
            resolved = Check(candidate, "0123456789");
            Interlocked.CompareExchange(ref s_resolved, resolved, null);
            return Volatile.Read(ref s_resolved)!;
        }
    }

    /// <summary>Refuses a typeface that cannot draw <paramref name="sample"/>.</summary>
    /// <param name="typeface">The typeface Skia resolved, or null.</param>
    /// <param name="sample">Characters the typeface must have.</param>
    /// <returns>The typeface.</returns>
    /// <exception cref="ImageFontException">The typeface is missing, has no glyphs, or lacks a sample character.</exception>
    internal static SKTypeface Check(SKTypeface? typeface, string sample)
    {
        if (typeface is null || typeface.GlyphCount == 0)
        {
            throw new ImageFontException($"no font is installed, so labels would be drawn as nothing; {InstallHint}");
        }

        using var font = new SKFont(typeface, 16);
        if (!font.ContainsGlyphs(sample) || font.MeasureText(sample) <= 0)
        {
            throw new ImageFontException(
                $"the font '{typeface.FamilyName}' cannot draw the characters \"{sample}\"; {InstallHint}");
        }

        return typeface;
    }
}
