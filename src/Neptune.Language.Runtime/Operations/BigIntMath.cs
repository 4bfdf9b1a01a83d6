using System.Globalization;
using System.Numerics;

namespace Neptune.Language.Runtime;

/// <summary>
/// Int arithmetic beyond 64 bits, with CPython's results: floor division and modulo round toward negative infinity,
/// bit operations act on the infinite two's-complement form, int/int true division and int→float conversion are
/// correctly rounded, and comparisons with floats are exact. Every result goes through <see cref="PyInt.Create"/>
/// (the int-size budget and the memory charge); products, powers and shifts are checked against the budget from the
/// operands' sizes before they are computed.
/// </summary>
internal static class BigIntMath
{
    /// <summary>Applies an int operator where the 64-bit path cannot: an operand or the result exceeds 64 bits.</summary>
    public static PyObject Binary(ExecutionMeter meter, PyBinaryOp op, BigInteger a, BigInteger b)
    {
        switch (op)
        {
            case PyBinaryOp.Add:
                return PyInt.Create(meter, a + b);
            case PyBinaryOp.Sub:
                return PyInt.Create(meter, a - b);
            case PyBinaryOp.Mul:
                if (!a.IsZero && !b.IsZero)
                {
                    meter.CheckIntBits(Bits(a) + Bits(b) - 1);
                }

                return PyInt.Create(meter, a * b);
            case PyBinaryOp.TrueDiv:
                return new PyFloat(TrueDivide(a, b));
            case PyBinaryOp.FloorDiv:
                return PyInt.Create(meter, FloorDivMod(a, b, out _));
            case PyBinaryOp.Mod:
                FloorDivMod(a, b, out var mod);
                return PyInt.Create(meter, mod);
            case PyBinaryOp.Pow:
                return Pow(meter, a, b);
            case PyBinaryOp.LShift:
                if (b.Sign < 0)
                {
                    throw PyException.ValueErr("negative shift count");
                }

                if (a.IsZero)
                {
                    return PyInt.From(0);
                }

                meter.CheckIntBits(b > int.MaxValue ? long.MaxValue : Bits(a) + (long)b);
                return PyInt.Create(meter, a << (int)b);
            case PyBinaryOp.RShift:
                if (b.Sign < 0)
                {
                    throw PyException.ValueErr("negative shift count");
                }

                return b >= Bits(a) ? PyInt.From(a.Sign < 0 ? -1 : 0) : PyInt.Create(meter, a >> (int)b);
            case PyBinaryOp.BitAnd:
                return PyInt.Create(meter, a & b);
            case PyBinaryOp.BitOr:
                return PyInt.Create(meter, a | b);
            default:
                return PyInt.Create(meter, a ^ b);
        }
    }

    /// <summary>Python <c>a ** b</c> for ints; a negative exponent gives a float, as in CPython.</summary>
    public static PyObject Pow(ExecutionMeter meter, BigInteger a, BigInteger b)
    {
        if (b.Sign < 0)
        {
            return a.IsZero
                ? throw PyException.ZeroDivision("0.0 cannot be raised to a negative power")
                : new PyFloat(PyOps.FloatPow(ToDouble(a), ToDouble(b)));
        }

        if (a.IsZero || a.IsOne || b.IsZero)
        {
            return PyInt.From(b.IsZero ? 1 : (long)a);
        }

        if (a == BigInteger.MinusOne)
        {
            return PyInt.From(b.IsEven ? 1 : -1);
        }

        // |a| ≥ 2: the result has at least (bits(a) - 1)·b + 1 bits.
        var perFactor = Bits(a) - 1;
        meter.CheckIntBits(b > long.MaxValue / Math.Max(1, perFactor) - 1 ? long.MaxValue : (perFactor * (long)b) + 1);
        return PyInt.Create(meter, BigInteger.Pow(a, (int)b));
    }

    /// <summary>Floor division and the modulo with the sign of the divisor (CPython's <c>divmod</c>).</summary>
    public static BigInteger FloorDivMod(BigInteger a, BigInteger b, out BigInteger mod)
    {
        if (b.IsZero)
        {
            throw PyException.ZeroDivision("integer division or modulo by zero");
        }

        var q = BigInteger.DivRem(a, b, out var r);
        if (!r.IsZero && (r.Sign < 0) != (b.Sign < 0))
        {
            q -= 1;
            r += b;
        }

        mod = r;
        return q;
    }

    /// <summary>The bit length of |v| (0 for 0), as <c>int.bit_length()</c>.</summary>
    public static long Bits(BigInteger v) => BigInteger.Abs(v).GetBitLength();

    /// <summary>The float nearest <paramref name="value"/> (ties to even), as CPython's <c>float(int)</c>.</summary>
    /// <exception cref="PyException"><c>OverflowError</c>: the int is beyond the range of a float.</exception>
    public static double ToDouble(BigInteger value)
    {
        if (value >= long.MinValue && value <= long.MaxValue)
        {
            return (long)value;
        }

        var magnitude = BigInteger.Abs(value);
        var bits = magnitude.GetBitLength();
        if (bits > 1024)
        {
            throw PyException.IntTooLargeForFloat();
        }

        // Keep the top 64 bits and fold every lower bit into a sticky bit: the 64→53-bit rounding of the conversion
        // then rounds as the exact value would.
        var shift = (int)(bits - 64);
        var top = (ulong)(magnitude >> shift);
        if (BigInteger.TrailingZeroCount(magnitude) < shift)
        {
            top |= 1;
        }

        var result = Math.ScaleB((double)top, shift);
        if (double.IsInfinity(result))
        {
            throw PyException.IntTooLargeForFloat();
        }

        return value.Sign < 0 ? -result : result;
    }

    /// <summary>Correctly rounded <c>a / b</c> for ints, as CPython's <c>int.__truediv__</c>.</summary>
    public static double TrueDivide(BigInteger a, BigInteger b)
    {
        if (b.IsZero)
        {
            throw PyException.ZeroDivision("division by zero");
        }

        if (a.IsZero)
        {
            return b.Sign < 0 ? -0.0 : 0.0;
        }

        var negative = (a.Sign < 0) != (b.Sign < 0);
        a = BigInteger.Abs(a);
        b = BigInteger.Abs(b);
        const long exact = 1L << 53;
        if (a < exact && b < exact)
        {
            var q = (double)(long)a / (long)b;
            return negative ? -q : q;
        }

        // Scale so that the integer quotient has 55 or 56 bits, fold the remainder into a sticky bit and let the
        // conversion round once.
        var shift = (int)(b.GetBitLength() - a.GetBitLength()) + 55;
        var n = shift >= 0 ? a << shift : a;
        var d = shift >= 0 ? b : b << -shift;
        var quotient = BigInteger.DivRem(n, d, out var remainder);
        var qi = (ulong)quotient | (remainder.IsZero ? 0UL : 1UL);
        var result = Math.ScaleB((double)qi, -shift);
        if (double.IsInfinity(result))
        {
            throw PyException.Overflow("integer division result too large for a float");
        }

        return negative ? -result : result;
    }

    /// <summary>Exact three-way comparison of an int with a float; null when the float is NaN.</summary>
    public static int? CompareFloat(BigInteger value, double d)
    {
        if (double.IsNaN(d))
        {
            return null;
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? -1 : 1;
        }

        var t = Math.Truncate(d);
        var c = value.CompareTo(new BigInteger(t));
        if (c != 0)
        {
            return c;
        }

        var frac = d - t;
        return frac > 0 ? -1 : frac < 0 ? 1 : 0;
    }

    /// <summary>The int equal to the integral part of <paramref name="d"/>, as CPython's <c>int(float)</c>.</summary>
    public static PyInt FromDouble(ExecutionMeter meter, double d)
    {
        if (double.IsNaN(d))
        {
            throw PyException.ValueErr("cannot convert float NaN to integer");
        }

        if (double.IsInfinity(d))
        {
            throw PyException.Overflow("cannot convert float infinity to integer");
        }

        var t = Math.Truncate(d);
        return t >= -9.223372036854775808E18 && t < 9.223372036854775807E18
            ? PyInt.From((long)t)
            : PyInt.Create(meter, new BigInteger(t));
    }

    /// <summary>The digits of a non-negative int in base 2, 8, 10 or 16 (lower-case letters).</summary>
    public static string ToBase(BigInteger magnitude, int radix)
    {
        if (radix == 10)
        {
            return magnitude.ToString(CultureInfo.InvariantCulture);
        }

        if (magnitude.IsZero)
        {
            return "0";
        }

        var width = radix switch
        {
            2 => 1,
            8 => 3,
            _ => 4,
        };
        var bytes = magnitude.ToByteArray(isUnsigned: true, isBigEndian: false);
        var bits = magnitude.GetBitLength();
        var count = (int)((bits + width - 1) / width);
        return string.Create(count, (bytes, width), static (span, state) =>
        {
            var (data, w) = state;
            for (var i = 0; i < span.Length; i++)
            {
                var digit = 0;
                var position = (span.Length - 1 - i) * w;
                for (var k = w - 1; k >= 0; k--)
                {
                    var bit = position + k;
                    var b = bit >> 3 < data.Length ? (data[bit >> 3] >> (bit & 7)) & 1 : 0;
                    digit = (digit << 1) | b;
                }

                span[i] = (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
            }
        });
    }
}
