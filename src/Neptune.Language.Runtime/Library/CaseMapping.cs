using System.Globalization;
using System.Text;

namespace Neptune.Language.Runtime;

/// <summary>
/// CPython's case conversions of <c>str</c>: the full Unicode mapping (<c>'ß'.upper() == 'SS'</c>,
/// <c>'ﬁ'.upper() == 'FI'</c>, <c>'İ'.lower() == 'i̇'</c>), titlecase for <c>title</c>/<c>capitalize</c>, and the
/// final-sigma rule of <c>lower</c> (<c>'ΣΑΣ'.lower() == 'σας'</c>).
/// </summary>
/// <remarks>
/// <see cref="CaseTable"/> (written by <c>make_case_table.py</c>) lists the Basic Multilingual Plane code points where
/// CPython differs from <see cref="char.ToUpperInvariant"/>/<see cref="char.ToLowerInvariant"/>; every other
/// character goes through .NET. Characters outside the BMP use <see cref="Rune"/>'s simple mapping, which is what
/// CPython does for them too. Results may be longer than the input (at most three times), so callers check the
/// string length budget on the result.
/// </remarks>
internal static class CaseMapping
{
    private const char CapitalSigma = '\u03A3';
    private const char SmallSigma = '\u03C3';
    private const char FinalSigma = '\u03C2';

    private enum Mode
    {
        Upper,
        Lower,
        SwapCase,
        Title,
        Capitalize,
    }

    /// <summary><c>str.upper</c>.</summary>
    public static string Upper(string s) => IsAscii(s) ? s.ToUpperInvariant() : Convert(s, Mode.Upper);

    /// <summary><c>str.lower</c>.</summary>
    public static string Lower(string s) => IsAscii(s) ? s.ToLowerInvariant() : Convert(s, Mode.Lower);

    /// <summary><c>str.swapcase</c>.</summary>
    public static string SwapCase(string s) => Convert(s, Mode.SwapCase);

    /// <summary><c>str.title</c>: titlecase after an uncased character, lowercase after a cased one.</summary>
    public static string Title(string s) => Convert(s, Mode.Title);

    /// <summary><c>str.capitalize</c>: the first character titlecased, the rest lowercased.</summary>
    public static string Capitalize(string s) => Convert(s, Mode.Capitalize);

    /// <summary>Whether <paramref name="codePoint"/> has the Unicode Cased property.</summary>
    public static bool IsCased(int codePoint) => codePoint < 0x10000
        ? InRanges(CaseTable.CasedRanges, (char)codePoint)
        : Rune.GetUnicodeCategory(new Rune(codePoint)) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter;

    /// <summary>Whether <paramref name="codePoint"/> has the Unicode Case_Ignorable property.</summary>
    public static bool IsCaseIgnorable(int codePoint) => codePoint < 0x10000
        ? InRanges(CaseTable.CaseIgnorableRanges, (char)codePoint)
        : Rune.GetUnicodeCategory(new Rune(codePoint)) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;

    private static bool IsAscii(string s) => Ascii.IsValid(s);

    private static string Convert(string s, Mode mode)
    {
        var sb = new StringBuilder(s.Length);
        var previousCased = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                var rune = new Rune(c, s[i + 1]);
                i++;
                var mapped = mode switch
                {
                    Mode.Upper => Rune.ToUpperInvariant(rune),
                    Mode.Lower => Rune.ToLowerInvariant(rune),
                    Mode.SwapCase => Rune.IsUpper(rune) ? Rune.ToLowerInvariant(rune) : Rune.IsLower(rune) ? Rune.ToUpperInvariant(rune) : rune,
                    Mode.Title => previousCased ? Rune.ToLowerInvariant(rune) : Rune.ToUpperInvariant(rune),
                    _ => i == 1 ? Rune.ToUpperInvariant(rune) : Rune.ToLowerInvariant(rune),
                };
                AppendRune(sb, mapped);
                previousCased = IsCased(rune.Value);
                continue;
            }

            switch (mode)
            {
                case Mode.Upper:
                    AppendMapped(sb, c, CaseTable.UpperKeys, CaseTable.UpperValues, char.ToUpperInvariant(c));
                    break;
                case Mode.Lower:
                    AppendLower(sb, s, i);
                    break;
                case Mode.SwapCase:
                    if (c == CapitalSigma)
                    {
                        AppendLower(sb, s, i);
                    }
                    else
                    {
                        var category = char.GetUnicodeCategory(c);
                        var fallback = category == UnicodeCategory.UppercaseLetter ? char.ToLowerInvariant(c)
                            : category == UnicodeCategory.LowercaseLetter ? char.ToUpperInvariant(c)
                            : c;
                        AppendMapped(sb, c, CaseTable.SwapCaseKeys, CaseTable.SwapCaseValues, fallback);
                    }

                    break;
                case Mode.Title:
                    if (previousCased)
                    {
                        AppendLower(sb, s, i);
                    }
                    else
                    {
                        AppendMapped(sb, c, CaseTable.TitleKeys, CaseTable.TitleValues, char.ToUpperInvariant(c));
                    }

                    break;
                default:
                    if (i == 0)
                    {
                        AppendMapped(sb, c, CaseTable.TitleKeys, CaseTable.TitleValues, char.ToUpperInvariant(c));
                    }
                    else
                    {
                        AppendLower(sb, s, i);
                    }

                    break;
            }

            previousCased = IsCased(c);
        }

        return sb.ToString();
    }

    private static void AppendLower(StringBuilder sb, string s, int i)
    {
        var c = s[i];
        if (c == CapitalSigma)
        {
            sb.Append(IsFinalSigma(s, i) ? FinalSigma : SmallSigma);
            return;
        }

        AppendMapped(sb, c, CaseTable.LowerKeys, CaseTable.LowerValues, char.ToLowerInvariant(c));
    }

    private static void AppendMapped(StringBuilder sb, char c, ReadOnlySpan<char> keys, string[] values, char fallback)
    {
        var index = keys.BinarySearch(c);
        if (index >= 0)
        {
            sb.Append(values[index]);
        }
        else
        {
            sb.Append(fallback);
        }
    }

    private static void AppendRune(StringBuilder sb, Rune rune)
    {
        Span<char> buffer = stackalloc char[2];
        var written = rune.EncodeToUtf16(buffer);
        sb.Append(buffer[..written]);
    }

    /// <summary>
    /// Unicode's Final_Sigma context: the sigma at <paramref name="i"/> follows a cased character (with any
    /// case-ignorable characters between) and is not followed by one.
    /// </summary>
    private static bool IsFinalSigma(string s, int i)
    {
        var j = i;
        var cp = 0;
        var found = false;
        while (j > 0)
        {
            j--;
            cp = s[j];
            if (char.IsLowSurrogate(s[j]) && j > 0 && char.IsHighSurrogate(s[j - 1]))
            {
                j--;
                cp = char.ConvertToUtf32(s[j], s[j + 1]);
            }

            if (!IsCaseIgnorable(cp))
            {
                found = true;
                break;
            }
        }

        if (!found || !IsCased(cp))
        {
            return false;
        }

        j = i + 1;
        while (j < s.Length)
        {
            cp = s[j];
            var width = 1;
            if (char.IsHighSurrogate(s[j]) && j + 1 < s.Length && char.IsLowSurrogate(s[j + 1]))
            {
                cp = char.ConvertToUtf32(s[j], s[j + 1]);
                width = 2;
            }

            if (!IsCaseIgnorable(cp))
            {
                return !IsCased(cp);
            }

            j += width;
        }

        return true;
    }

    private static bool InRanges(ReadOnlySpan<char> ranges, char c)
    {
        int lo = 0, hi = (ranges.Length / 2) - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (c < ranges[2 * mid])
            {
                hi = mid - 1;
            }
            else if (c > ranges[(2 * mid) + 1])
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
