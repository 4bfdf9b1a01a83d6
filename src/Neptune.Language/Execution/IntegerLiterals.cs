using System.Numerics;
using Neptune.Language.Syntax;

namespace Neptune.Language.Execution;

/// <summary>Integer literals beyond 64 bits: their digit count (for NPT2017) and their value.</summary>
internal static class IntegerLiterals
{
    /// <summary>
    /// The most digits an integer literal may have: CPython's default limit on int/str conversion, which it applies
    /// to decimal literals too.
    /// </summary>
    public const int MaxDigits = 4300;

    /// <summary>The number of digits of <paramref name="literal"/>, without its base prefix and underscores.</summary>
    public static int DigitCount(IntegerLiteralExpressionSyntax literal)
    {
        var (_, start) = Radix(literal.Text);
        var count = 0;
        for (var i = start; i < literal.Text.Length; i++)
        {
            if (literal.Text[i] != '_')
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The value of a well-formed literal that does not fit 64 bits.</summary>
    public static BigInteger Value(IntegerLiteralExpressionSyntax literal)
    {
        var text = literal.Text;
        var (radix, start) = Radix(text);
        var value = BigInteger.Zero;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '_')
            {
                continue;
            }

            var digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
            value = (value * radix) + digit;
        }

        return value;
    }

    private static (int Radix, int Start) Radix(string text) =>
        text.Length > 1 && text[0] == '0' ? (text[1] | 0x20) switch
        {
            'x' => (16, 2),
            'o' => (8, 2),
            'b' => (2, 2),
            _ => (10, 0),
        }
        : (10, 0);
}
