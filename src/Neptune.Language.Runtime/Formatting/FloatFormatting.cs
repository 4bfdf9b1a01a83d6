using System.Globalization;
using System.Numerics;
using System.Text;

namespace Neptune.Language.Runtime;

/// <summary>
/// Float to text exactly as CPython: shortest round-trip <c>repr</c>, and correctly rounded (round-half-even on
/// the exact binary value) fixed, exponent and general formats.
/// </summary>
internal static class FloatFormatting
{
    /// <summary>CPython <c>repr(float)</c>.</summary>
    public static string Repr(double d)
    {
        if (!double.IsFinite(d))
        {
            return double.IsNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
        }

        if (d == 0)
        {
            return double.IsNegative(d) ? "-0.0" : "0.0";
        }

        var (digits, decpt) = ShortestDigits(Math.Abs(d));
        var sb = new StringBuilder(24);
        if (d < 0)
        {
            sb.Append('-');
        }

        if (decpt > -4 && decpt <= 16)
        {
            AppendFixed(sb, digits, decpt, Math.Max(1, digits.Length - decpt));
        }
        else
        {
            AppendExponent(sb, digits, decpt, digits.Length - 1, trimZeros: false);
        }

        return sb.ToString();
    }

    /// <summary>Shortest digits that round-trip, with the decimal point position (value = 0.DIGITS × 10^decpt).</summary>
    public static (string Digits, int DecPt) ShortestDigits(double positive)
    {
        var r = positive.ToString("R", CultureInfo.InvariantCulture);
        var ePos = r.IndexOf('E', StringComparison.Ordinal);
        var exp = 0;
        var mantissa = r;
        if (ePos >= 0)
        {
            exp = int.Parse(r.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = r[..ePos];
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intLen = dot < 0 ? mantissa.Length : dot;
        var raw = dot < 0 ? mantissa : string.Concat(mantissa.AsSpan(0, dot), mantissa.AsSpan(dot + 1));
        var lead = 0;
        while (lead < raw.Length - 1 && raw[lead] == '0')
        {
            lead++;
        }

        var digits = raw[lead..].TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        return (digits, intLen - lead + exp);
    }

    /// <summary>The exact decimal expansion of a positive finite double (no trailing zeros).</summary>
    public static (string Digits, int DecPt) ExactDigits(double positive)
    {
        var bits = BitConverter.DoubleToInt64Bits(positive);
        var exp = (int)((bits >> 52) & 0x7FF);
        var mant = bits & 0xFFFFFFFFFFFFFL;
        if (exp == 0)
        {
            exp = 1;
        }
        else
        {
            mant |= 1L << 52;
        }

        exp -= 1075;
        string s;
        int decpt;
        if (exp >= 0)
        {
            s = (new BigInteger(mant) << exp).ToString(CultureInfo.InvariantCulture);
            decpt = s.Length;
        }
        else
        {
            s = (mant * BigInteger.Pow(5, -exp)).ToString(CultureInfo.InvariantCulture);
            decpt = s.Length + exp;
        }

        var trimmed = s.TrimEnd('0');
        return (trimmed.Length == 0 ? "0" : trimmed, decpt);
    }

    /// <summary>
    /// Rounds exact digits half-to-even keeping <paramref name="keep"/> leading digits. Returns an empty digit string
    /// when the value rounds to zero.
    /// </summary>
    public static (string Digits, int DecPt) RoundDigits(string digits, int decpt, int keep)
    {
        if (keep >= digits.Length)
        {
            return (digits, decpt);
        }

        if (keep < 0)
        {
            return (string.Empty, decpt);
        }

        var d = digits[keep];
        var restNonZero = false;
        for (var i = keep + 1; i < digits.Length; i++)
        {
            if (digits[i] != '0')
            {
                restNonZero = true;
                break;
            }
        }

        var prevOdd = keep > 0 && ((digits[keep - 1] - '0') & 1) == 1;
        var up = d > '5' || (d == '5' && (restNonZero || prevOdd));
        var kept = digits.ToCharArray(0, keep);
        if (!up)
        {
            return (new string(kept), decpt);
        }

        var j = keep - 1;
        while (j >= 0 && kept[j] == '9')
        {
            kept[j] = '0';
            j--;
        }

        if (j >= 0)
        {
            kept[j]++;
            return (new string(kept), decpt);
        }

        // Carry out of the leading digit: 999 -> 1000.
        return ("1" + new string(kept), decpt + 1);
    }

    /// <summary>Digits of <paramref name="positive"/> rounded to <paramref name="decimals"/> places after the point (may be negative).</summary>
    public static (string Digits, int DecPt) RoundToDecimals(double positive, int decimals)
    {
        if (positive == 0)
        {
            return (string.Empty, 0);
        }

        var (digits, decpt) = ExactDigits(positive);
        var keep = decpt + decimals;
        var (r, p) = RoundDigits(digits, decpt, keep);
        return (r, p);
    }

    /// <summary>Digits of <paramref name="positive"/> rounded to <paramref name="significant"/> significant digits.</summary>
    public static (string Digits, int DecPt) RoundToSignificant(double positive, int significant)
    {
        if (positive == 0)
        {
            return ("0", 1);
        }

        var (digits, decpt) = ExactDigits(positive);
        var (r, p) = RoundDigits(digits, decpt, significant);
        return r.Length == 0 ? ("0", 1) : (r, p);
    }

    /// <summary>Appends 0.DIGITS×10^decpt with exactly <paramref name="decimals"/> decimals (no point when 0).</summary>
    public static void AppendFixed(StringBuilder sb, string digits, int decpt, int decimals, bool forcePoint = false)
    {
        if (digits.Length == 0)
        {
            decpt = 0;
        }

        if (decpt <= 0)
        {
            sb.Append('0');
        }
        else
        {
            for (var i = 0; i < decpt; i++)
            {
                sb.Append(i < digits.Length ? digits[i] : '0');
            }
        }

        if (decimals > 0 || forcePoint)
        {
            sb.Append('.');
        }

        for (var i = 0; i < decimals; i++)
        {
            var idx = decpt + i;
            sb.Append(idx >= 0 && idx < digits.Length ? digits[idx] : '0');
        }
    }

    /// <summary>Appends D.DDDe±XX with <paramref name="decimals"/> digits after the point.</summary>
    public static void AppendExponent(StringBuilder sb, string digits, int decpt, int decimals, bool trimZeros, char e = 'e', bool forcePoint = false)
    {
        var exp = digits.Length == 0 || (digits.Length == 1 && digits[0] == '0') ? 0 : decpt - 1;
        sb.Append(digits.Length > 0 ? digits[0] : '0');
        var frac = new StringBuilder();
        for (var i = 1; i <= decimals; i++)
        {
            frac.Append(i < digits.Length ? digits[i] : '0');
        }

        if (trimZeros)
        {
            while (frac.Length > 0 && frac[^1] == '0')
            {
                frac.Length--;
            }
        }

        if (frac.Length > 0 || forcePoint)
        {
            sb.Append('.').Append(frac);
        }

        sb.Append(e).Append(exp < 0 ? '-' : '+');
        var a = Math.Abs(exp);
        if (a < 10)
        {
            sb.Append('0');
        }

        sb.Append(a.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Formats the magnitude of <paramref name="value"/> (sign handled by the caller) for a float presentation type.
    /// <paramref name="type"/> is one of <c>e E f F g G %</c>, <c>'r'</c> (repr) or <c>'\0'</c> (format's empty type).
    /// </summary>
    public static string FormatMagnitude(double value, char type, int precision, bool alternate)
    {
        var abs = Math.Abs(value);
        var upper = type is 'E' or 'F' or 'G';
        if (!double.IsFinite(abs))
        {
            var text = double.IsNaN(abs) ? "nan" : "inf";
            return upper ? text.ToUpperInvariant() : text;
        }

        var sb = new StringBuilder();
        switch (type)
        {
            case 'f' or 'F' or '%':
                {
                    var p = precision < 0 ? 6 : precision;
                    var (d, dp) = RoundToDecimals(type == '%' ? abs * 100 : abs, p);
                    AppendFixed(sb, d, dp, p, alternate);
                    if (type == '%')
                    {
                        sb.Append('%');
                    }

                    break;
                }

            case 'e' or 'E':
                {
                    var p = precision < 0 ? 6 : precision;
                    var (d, dp) = RoundToSignificant(abs, p + 1);
                    AppendExponent(sb, d, dp, p, trimZeros: false, upper ? 'E' : 'e', alternate);
                    break;
                }

            case 'r' or '\0' when precision < 0:
                {
                    if (abs == 0)
                    {
                        return "0.0";
                    }

                    var (d, dp) = ShortestDigits(abs);
                    if (dp > -4 && dp <= 16)
                    {
                        AppendFixed(sb, d, dp, Math.Max(1, d.Length - dp));
                    }
                    else
                    {
                        AppendExponent(sb, d, dp, d.Length - 1, trimZeros: false, 'e', alternate);
                    }

                    break;
                }

            default:
                {
                    // 'g', 'G', 'n', or the empty type with a precision (then: at least one digit after the point).
                    var addDot0 = type is '\0' or 'r';
                    var p = precision < 0 ? 6 : precision == 0 ? 1 : precision;
                    var (d, dp) = RoundToSignificant(abs, p);
                    var useExp = dp <= -4 || dp > (addDot0 ? p - 1 : p);
                    if (useExp)
                    {
                        AppendExponent(sb, d, dp, p - 1, trimZeros: !alternate, upper ? 'E' : 'e', alternate);
                    }
                    else
                    {
                        var decimals = Math.Max(0, p - dp);
                        if (abs == 0)
                        {
                            decimals = p - 1;
                        }

                        AppendFixed(sb, d, abs == 0 ? 0 : dp, decimals, alternate);
                        if (!alternate)
                        {
                            TrimFraction(sb);
                        }

                        if (addDot0 && sb.ToString().IndexOf('.', StringComparison.Ordinal) < 0)
                        {
                            sb.Append(".0");
                        }
                    }

                    break;
                }
        }

        return sb.ToString();
    }

    private static void TrimFraction(StringBuilder sb)
    {
        var s = sb.ToString();
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return;
        }

        var end = s.Length;
        while (end > dot + 1 && s[end - 1] == '0')
        {
            end--;
        }

        if (end == dot + 1)
        {
            end = dot;
        }

        sb.Length = end;
    }

    /// <summary>CPython <c>round(x, ndigits)</c>: correctly rounded through the decimal string.</summary>
    public static double Round(double x, long ndigits)
    {
        if (!double.IsFinite(x) || x == 0)
        {
            return x;
        }

        if (ndigits > 400)
        {
            return x;
        }

        if (ndigits < -400)
        {
            return Math.CopySign(0.0, x);
        }

        var (d, dp) = RoundToDecimals(Math.Abs(x), (int)ndigits);
        double result;
        if (d.Length == 0)
        {
            result = 0;
        }
        else
        {
            var text = $"0.{d}e{dp}";
            result = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        if (double.IsInfinity(result))
        {
            throw PyException.Overflow("rounded value too large to represent");
        }

        return Math.CopySign(result, x);
    }
}
