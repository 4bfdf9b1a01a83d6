using System.Globalization;
using System.Numerics;
using System.Text;

namespace Neptune.Language.Runtime;

/// <summary>A parsed format-spec mini-language string: <c>[[fill]align][sign][z][#][0][width][grouping][.precision][type]</c>.</summary>
internal struct FormatSpec
{
    public char Fill;
    public char Align;
    public char Sign;
    public bool NoNegativeZero;
    public bool Alternate;
    public int Width;
    public char Grouping;
    public int Precision;
    public char Type;

    public static FormatSpec Parse(string spec, char defaultAlign)
    {
        var f = new FormatSpec { Fill = ' ', Align = '\0', Sign = '\0', Width = -1, Precision = -1, Type = '\0' };
        var pos = 0;
        var n = spec.Length;
        var fillSpecified = false;
        if (n >= 2 && IsAlign(spec[1]))
        {
            f.Fill = spec[0];
            f.Align = spec[1];
            fillSpecified = true;
            pos = 2;
        }
        else if (n >= 1 && IsAlign(spec[0]))
        {
            f.Align = spec[0];
            pos = 1;
        }

        if (pos < n && spec[pos] is '+' or '-' or ' ')
        {
            f.Sign = spec[pos++];
        }

        if (pos < n && spec[pos] == 'z')
        {
            f.NoNegativeZero = true;
            pos++;
        }

        if (pos < n && spec[pos] == '#')
        {
            f.Alternate = true;
            pos++;
        }

        if (!fillSpecified && pos < n && spec[pos] == '0')
        {
            f.Fill = '0';
            if (f.Align == '\0' && defaultAlign == '>')
            {
                f.Align = '=';
            }

            pos++;
        }

        var start = pos;
        f.Width = ReadNumber(spec, ref pos);
        if (pos == start)
        {
            f.Width = -1;
        }

        if (pos < n && spec[pos] == ',')
        {
            f.Grouping = ',';
            pos++;
        }

        if (pos < n && spec[pos] == '_')
        {
            if (f.Grouping != '\0')
            {
                throw PyException.ValueErr("Cannot specify both ',' and '_'.");
            }

            f.Grouping = '_';
            pos++;
        }

        if (pos < n && spec[pos] == ',')
        {
            throw PyException.ValueErr("Cannot specify both ',' and '_'.");
        }

        if (pos < n && spec[pos] == '.')
        {
            pos++;
            start = pos;
            f.Precision = ReadNumber(spec, ref pos);
            if (pos == start)
            {
                throw PyException.ValueErr("Format specifier missing precision");
            }
        }

        if (n - pos > 1)
        {
            throw PyException.ValueErr("Invalid format specifier");
        }

        if (pos < n)
        {
            f.Type = spec[pos];
        }

        if (f.Align == '\0')
        {
            f.Align = defaultAlign;
        }

        return f;
    }

    private static bool IsAlign(char c) => c is '<' or '>' or '=' or '^';

    private static int ReadNumber(string spec, ref int pos)
    {
        long value = 0;
        while (pos < spec.Length && spec[pos] is >= '0' and <= '9')
        {
            value = (value * 10) + (spec[pos] - '0');
            if (value > int.MaxValue)
            {
                throw PyException.ValueErr("Too many decimal digits in format string");
            }

            pos++;
        }

        return (int)value;
    }
}

/// <summary>Implements <c>format(value, spec)</c> for the built-in types.</summary>
internal static class Formatter
{
    public static string Format(ExecutionMeter? meter, PyObject value, string spec)
    {
        switch (value)
        {
            case PyBool b when spec.Length == 0:
                return b.IsTrue ? "True" : "False";
            case PyInt i:
                return FormatInt(meter, i, spec);
            case PyFloat f:
                return FormatFloat(meter, f.Value, spec, "float");
            case PyStr s:
                return spec.Length == 0 ? s.Value : FormatStr(meter, s.Value, spec);
            default:
                if (spec.Length == 0)
                {
                    return PyOps.Str(meter, value);
                }

                throw PyException.Type($"unsupported format string passed to {value.TypeName}.__format__");
        }
    }

    private static void CheckWidth(ExecutionMeter? meter, FormatSpec f)
    {
        if (meter is not null && f.Width > 0)
        {
            meter.CheckStringLength(f.Width);
        }

        if (meter is not null && f.Precision > 0)
        {
            meter.CheckStringLength(f.Precision);
        }
    }

    public static string FormatStr(ExecutionMeter? meter, string s, string spec)
    {
        var f = FormatSpec.Parse(spec, '<');
        CheckWidth(meter, f);
        if (f.Type is not ('\0' or 's'))
        {
            throw PyException.ValueErr($"Unknown format code '{f.Type}' for object of type 'str'");
        }

        if (f.Sign != '\0')
        {
            throw PyException.ValueErr("Sign not allowed in string format specifier");
        }

        if (f.Alternate)
        {
            throw PyException.ValueErr("Alternate form (#) not allowed in string format specifier");
        }

        if (f.Align == '=')
        {
            throw PyException.ValueErr("'=' alignment not allowed in string format specifier");
        }

        if (f.Grouping != '\0')
        {
            throw PyException.ValueErr($"Cannot specify '{f.Grouping}' with 's'.");
        }

        if (f.Precision >= 0 && s.Length > f.Precision)
        {
            s = s[..f.Precision];
        }

        return Pad(s, f);
    }

    private static string Pad(string body, FormatSpec f)
    {
        if (f.Width <= body.Length)
        {
            return body;
        }

        var total = f.Width - body.Length;
        int left = f.Align switch
        {
            '<' => 0,
            '^' => total / 2,
            _ => total,
        };
        var sb = new StringBuilder(f.Width);
        sb.Append(f.Fill, left).Append(body).Append(f.Fill, total - left);
        return sb.ToString();
    }

    public static string FormatInt(ExecutionMeter? meter, PyInt number, string spec)
    {
        if (spec.Length == 0)
        {
            return PyOps.Repr(meter, number);
        }

        var big = number as PyBigInt;
        var value = number.Small;
        var f = FormatSpec.Parse(spec, '>');
        CheckWidth(meter, f);
        switch (f.Type)
        {
            case 'e' or 'E' or 'f' or 'F' or 'g' or 'G' or '%':
                return FormatFloatSpec(big is null ? value : BigIntMath.ToDouble(big.Big), f);
            case '\0' or 'd' or 'n' or 'b' or 'o' or 'x' or 'X' or 'c':
                break;
            default:
                throw PyException.ValueErr($"Unknown format code '{f.Type}' for object of type 'int'");
        }

        if (f.Precision >= 0)
        {
            throw PyException.ValueErr("Precision not allowed in integer format specifier");
        }

        if (f.Grouping != '\0' && (f.Type is 'n' || (f.Grouping == ',' && f.Type is 'b' or 'o' or 'x' or 'X' or 'c')))
        {
            throw PyException.ValueErr($"Cannot specify '{f.Grouping}' with '{f.Type}'.");
        }

        if (f.Type == 'c')
        {
            if (f.Sign != '\0')
            {
                throw PyException.ValueErr("Sign not allowed with integer format specifier 'c'");
            }

            if (f.Alternate)
            {
                throw PyException.ValueErr("Alternate form (#) not allowed with integer format specifier 'c'");
            }

            if (big is not null || value is < 0 or > 0x10FFFF)
            {
                throw PyException.Overflow("%c arg not in range(0x110000)");
            }

            return Pad(char.ConvertFromUtf32((int)value is >= 0xD800 and <= 0xDFFF ? 0xFFFD : (int)value), f);
        }

        var negative = big is null ? value < 0 : big.Big.Sign < 0;
        var magnitude = big is null ? (value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value) : 0;
        var bigMagnitude = big is null ? BigInteger.Zero : BigInteger.Abs(big.Big);
        string digits;
        string prefix = string.Empty;
        int groupSize = 3;
        switch (f.Type)
        {
            case 'b':
                digits = big is null ? ToBase(magnitude, 2) : BigIntMath.ToBase(bigMagnitude, 2);
                prefix = f.Alternate ? "0b" : string.Empty;
                groupSize = 4;
                break;
            case 'o':
                digits = big is null ? ToBase(magnitude, 8) : BigIntMath.ToBase(bigMagnitude, 8);
                prefix = f.Alternate ? "0o" : string.Empty;
                groupSize = 4;
                break;
            case 'x':
                digits = big is null ? ToBase(magnitude, 16) : BigIntMath.ToBase(bigMagnitude, 16);
                prefix = f.Alternate ? "0x" : string.Empty;
                groupSize = 4;
                break;
            case 'X':
                digits = (big is null ? ToBase(magnitude, 16) : BigIntMath.ToBase(bigMagnitude, 16)).ToUpperInvariant();
                prefix = f.Alternate ? "0X" : string.Empty;
                groupSize = 4;
                break;
            default:
                digits = big is null ? magnitude.ToString(CultureInfo.InvariantCulture) : BigIntMath.ToBase(bigMagnitude, 10);
                break;
        }

        return AssembleNumber(SignText(negative, f.Sign), prefix, digits, string.Empty, f, groupSize);
    }

    private static string ToBase(ulong v, int radix)
    {
        if (v == 0)
        {
            return "0";
        }

        Span<char> buf = stackalloc char[64];
        var i = buf.Length;
        while (v != 0)
        {
            var d = (int)(v % (ulong)radix);
            buf[--i] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
            v /= (ulong)radix;
        }

        return new string(buf[i..]);
    }

    private static string SignText(bool negative, char sign) => negative ? "-" : sign switch
    {
        '+' => "+",
        ' ' => " ",
        _ => string.Empty,
    };

    public static string FormatFloat(ExecutionMeter? meter, double value, string spec, string typeName)
    {
        if (spec.Length == 0)
        {
            return FloatFormatting.Repr(value);
        }

        var f = FormatSpec.Parse(spec, '>');
        CheckWidth(meter, f);
        if (f.Type is not ('\0' or 'e' or 'E' or 'f' or 'F' or 'g' or 'G' or 'n' or '%'))
        {
            throw PyException.ValueErr($"Unknown format code '{f.Type}' for object of type '{typeName}'");
        }

        if (f.Grouping != '\0' && f.Type == 'n')
        {
            throw PyException.ValueErr($"Cannot specify '{f.Grouping}' with 'n'.");
        }

        return FormatFloatSpec(value, f);
    }

    private static string FormatFloatSpec(double value, FormatSpec f)
    {
        var type = f.Type == 'n' ? 'g' : f.Type;
        var body = FloatFormatting.FormatMagnitude(value, type, f.Precision, f.Alternate);
        var negative = double.IsNegative(value) && !double.IsNaN(value);
        if (negative && f.NoNegativeZero && IsZeroText(body))
        {
            negative = false;
        }

        // Split the integer digits (grouped) from the remainder (fraction, exponent, percent sign).
        var end = 0;
        while (end < body.Length && char.IsAsciiDigit(body[end]))
        {
            end++;
        }

        var digits = end == 0 ? body : body[..end];
        var rest = end == 0 ? string.Empty : body[end..];
        return AssembleNumber(SignText(negative, f.Sign), string.Empty, digits, rest, f, 3);
    }

    private static bool IsZeroText(string body)
    {
        foreach (var c in body)
        {
            if (c is >= '1' and <= '9')
            {
                return false;
            }

            if (c is 'e' or 'E')
            {
                break;
            }
        }

        return true;
    }

    private static string AssembleNumber(string sign, string prefix, string digits, string rest, FormatSpec f, int groupSize)
    {
        var zeroPad = f.Fill == '0' && f.Align == '=';
        var minWidth = zeroPad ? f.Width - (sign.Length + prefix.Length + rest.Length) : 0;
        var isDigits = digits.Length > 0 && char.IsAsciiHexDigit(digits[0]);
        string intPart;
        if (!isDigits)
        {
            intPart = zeroPad && minWidth > digits.Length ? new string('0', minWidth - digits.Length) + digits : digits;
        }
        else if (f.Grouping != '\0')
        {
            intPart = Group(digits, minWidth, f.Grouping, groupSize);
        }
        else
        {
            intPart = minWidth > digits.Length ? new string('0', minWidth - digits.Length) + digits : digits;
        }

        var length = sign.Length + prefix.Length + intPart.Length + rest.Length;
        if (f.Width <= length)
        {
            return string.Concat(sign, prefix, intPart, rest);
        }

        if (f.Align == '=')
        {
            var sb = new StringBuilder(f.Width);
            sb.Append(sign).Append(prefix).Append(f.Fill, f.Width - length).Append(intPart).Append(rest);
            return sb.ToString();
        }

        return Pad(string.Concat(sign, prefix, intPart, rest), f);
    }

    /// <summary>CPython's thousands grouping, which also extends zero padding through separators.</summary>
    private static string Group(string digits, int minWidth, char separator, int groupSize)
    {
        var chunks = new List<string>();
        var remaining = digits.Length;
        var pos = digits.Length;
        while (true)
        {
            var l = Math.Min(groupSize, Math.Max(Math.Max(remaining, minWidth), 1));
            var zeros = Math.Max(0, l - remaining);
            var chars = Math.Max(0, Math.Min(remaining, l));
            chunks.Add(new string('0', zeros) + digits.Substring(pos - chars, chars));
            pos -= chars;
            remaining -= chars;
            minWidth -= l;
            if (remaining <= 0 && minWidth <= 0)
            {
                break;
            }

            minWidth -= 1;
        }

        chunks.Reverse();
        return string.Join(separator, chunks);
    }
}
