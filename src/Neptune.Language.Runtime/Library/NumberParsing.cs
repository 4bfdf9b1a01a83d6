using System.Globalization;
using System.Numerics;

namespace Neptune.Language.Runtime;

/// <summary><c>int(str, base)</c> and <c>float(str)</c> with CPython's accepted syntax and messages.</summary>
internal static class NumberParsing
{
    public static PyInt ParseInt(ExecutionMeter meter, string text, long radix)
    {
        if (radix != 0 && (radix < 2 || radix > 36))
        {
            throw PyException.ValueErr("int() base must be >= 2 and <= 36, or 0");
        }

        var s = text.AsSpan().Trim();
        while (s.Length > 0 && PyMethods.IsPySpace(s[0]))
        {
            s = s[1..];
        }

        while (s.Length > 0 && PyMethods.IsPySpace(s[^1]))
        {
            s = s[..^1];
        }

        var invalid = PyException.ValueErr($"invalid literal for int() with base {radix}: {PyOps.ReprString(text)}");
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        var b = (int)radix;
        if (s.Length >= 2 && s[0] == '0' && char.ToLowerInvariant(s[1]) is 'x' or 'o' or 'b')
        {
            var p = char.ToLowerInvariant(s[1]) switch
            {
                'x' => 16,
                'o' => 8,
                _ => 2,
            };
            if (b == 0 || b == p)
            {
                b = p;
                s = s[2..];
                if (s.Length > 0 && s[0] == '_')
                {
                    s = s[1..];
                }
                else if (s.Length == 0)
                {
                    throw invalid;
                }
            }
        }

        if (b == 0)
        {
            b = 10;
            if (s.Length > 1 && s[0] == '0')
            {
                foreach (var c in s)
                {
                    if (c is not ('0' or '_'))
                    {
                        throw invalid;
                    }
                }
            }
        }

        if (s.Length == 0 || s[0] == '_' || s[^1] == '_')
        {
            throw invalid;
        }

        // Digits accumulate in 64-bit chunks folded into a BigInteger only when the value outgrows one chunk; the
        // int-size budget is checked at every fold, so a million-digit string stops after the first few thousand.
        ulong chunk = 0;
        ulong scale = 1;
        BigInteger? big = null;
        long significant = 0;
        var previousUnderscore = false;
        foreach (var c in s)
        {
            if (c == '_')
            {
                if (previousUnderscore)
                {
                    throw invalid;
                }

                previousUnderscore = true;
                continue;
            }

            previousUnderscore = false;
            var d = DigitValue(c);
            if (d < 0 || d >= b)
            {
                throw invalid;
            }

            if (significant > 0 || d != 0)
            {
                significant++;
            }

            if (scale > ulong.MaxValue / (ulong)b)
            {
                meter.CheckIntBits((long)((significant - 1) * Math.Log2(b)));
                big = (big ?? BigInteger.Zero) * scale + chunk;
                (chunk, scale) = (0, 1);
            }

            chunk = (chunk * (ulong)b) + (ulong)d;
            scale *= (ulong)b;
        }

        if (big is null)
        {
            if (chunk <= long.MaxValue)
            {
                return PyInt.From(negative ? -(long)chunk : (long)chunk);
            }

            big = chunk;
        }
        else
        {
            big = (big.Value * scale) + chunk;
        }

        return PyInt.Create(meter, negative ? -big.Value : big.Value);
    }

    private static int DigitValue(char c)
    {
        if (c is >= '0' and <= '9')
        {
            return c - '0';
        }

        if (char.IsDigit(c))
        {
            return (int)char.GetNumericValue(c);
        }

        c = char.ToLowerInvariant(c);
        return c is >= 'a' and <= 'z' ? c - 'a' + 10 : -1;
    }

    public static double ParseFloat(string text)
    {
        var s = text.AsSpan();
        while (s.Length > 0 && PyMethods.IsPySpace(s[0]))
        {
            s = s[1..];
        }

        while (s.Length > 0 && PyMethods.IsPySpace(s[^1]))
        {
            s = s[..^1];
        }

        var invalid = PyException.ValueErr($"could not convert string to float: {PyOps.ReprString(text)}");
        var body = s;
        var negative = false;
        if (body.Length > 0 && body[0] is '+' or '-')
        {
            negative = body[0] == '-';
            body = body[1..];
        }

        var lower = body.ToString().ToLowerInvariant();
        if (lower is "inf" or "infinity")
        {
            return negative ? double.NegativeInfinity : double.PositiveInfinity;
        }

        if (lower == "nan")
        {
            return negative ? -double.NaN : double.NaN;
        }

        // digits [. digits] [e [sign] digits], underscores only between digits.
        var clean = new System.Text.StringBuilder(body.Length);
        var i = 0;
        var mantissaDigits = ReadDigits(body, ref i, clean);
        if (i < body.Length && body[i] == '.')
        {
            clean.Append('.');
            i++;
            mantissaDigits += ReadDigits(body, ref i, clean);
        }

        if (mantissaDigits == 0)
        {
            throw invalid;
        }

        if (i < body.Length && body[i] is 'e' or 'E')
        {
            clean.Append('e');
            i++;
            if (i < body.Length && body[i] is '+' or '-')
            {
                clean.Append(body[i]);
                i++;
            }

            if (ReadDigits(body, ref i, clean) == 0)
            {
                throw invalid;
            }
        }

        if (i != body.Length)
        {
            throw invalid;
        }

        var value = double.Parse(clean.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    private static int ReadDigits(ReadOnlySpan<char> s, ref int i, System.Text.StringBuilder into)
    {
        var count = 0;
        while (i < s.Length)
        {
            if (s[i] is >= '0' and <= '9')
            {
                into.Append(s[i]);
                count++;
                i++;
            }
            else if (s[i] == '_' && count > 0 && i + 1 < s.Length && s[i + 1] is >= '0' and <= '9')
            {
                i++;
            }
            else
            {
                break;
            }
        }

        return count;
    }
}
