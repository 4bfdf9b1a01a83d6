namespace Neptune.Language.Runtime;

/// <summary>
/// Python semantics for every operation on values: arithmetic, comparison, truthiness, hashing, <c>repr</c>/<c>str</c>,
/// indexing, iteration, attributes and calls. Follows CPython 3.11 for the supported subset; every allocating
/// operation charges the <see cref="ExecutionMeter"/> before allocating.
/// </summary>
/// <remarks>
/// Deliberate deviations from CPython: an int result beyond the int-size budget ends the run; there are no complex
/// numbers (a negative base to a fractional power raises <c>ValueError</c>); sets iterate in insertion order;
/// strings index UTF-16 code units; printf-style <c>str % args</c> is not supported (use f-strings or
/// <c>str.format</c>).
/// </remarks>
public static partial class PyOps
{
    /// <summary>Applies a binary operator (<c>a op b</c>).</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="op">The operator.</param>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>The result.</returns>
    /// <exception cref="PyException">The operation fails as it would in CPython.</exception>
    public static PyObject Binary(ExecutionMeter meter, PyBinaryOp op, PyObject a, PyObject b)
    {
        ArgumentNullException.ThrowIfNull(meter);
        if (a is PyInt ia && b is PyInt ib)
        {
            return IntBinary(meter, op, ia, ib);
        }

        if (TryGetDouble(a, out var x) && TryGetDouble(b, out var y))
        {
            if (op is PyBinaryOp.LShift or PyBinaryOp.RShift or PyBinaryOp.BitAnd or PyBinaryOp.BitOr or PyBinaryOp.BitXor)
            {
                throw Unsupported(op, a, b);
            }

            return new PyFloat(FloatBinary(op, x, y));
        }

        if (a is PyHostObject ha && ha.BinaryOp(meter, op, b, reflected: false) is { } hr)
        {
            return hr;
        }

        if (b is PyHostObject hb && hb.BinaryOp(meter, op, a, reflected: true) is { } hr2)
        {
            return hr2;
        }

        return op switch
        {
            PyBinaryOp.Add => Concat(meter, a, b),
            PyBinaryOp.Mul => Repeat(meter, a, b),
            PyBinaryOp.Mod when a is PyStr => throw new PyException(PyErrorKind.NotImplementedError, "printf-style '%' string formatting is not supported; use an f-string or str.format"),
            PyBinaryOp.BitAnd or PyBinaryOp.BitOr or PyBinaryOp.BitXor or PyBinaryOp.Sub when a is PySet sa && b is PySet sb => SetOps.Combine(meter, op, sa, sb),
            PyBinaryOp.BitOr when a is PyDict da && b is PyDict db => DictMerge(meter, da, db),
            _ => throw Unsupported(op, a, b),
        };
    }

    /// <summary>Applies an augmented assignment (<c>a op= b</c>): lists, sets and dicts mutate in place, other values rebind.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="op">The operator.</param>
    /// <param name="a">Target value.</param>
    /// <param name="b">Operand.</param>
    /// <returns>The value to store back into the target.</returns>
    public static PyObject InPlace(ExecutionMeter meter, PyBinaryOp op, PyObject a, PyObject b)
    {
        ArgumentNullException.ThrowIfNull(meter);
        switch (a)
        {
            case PyList list when op == PyBinaryOp.Add:
                ListExtend(meter, list, b);
                return list;
            case PyList list when op == PyBinaryOp.Mul && b is PyInt n:
                var items = list.Items;
                var count = items.Count;
                if (n.Value <= 0)
                {
                    items.Clear();
                    return list;
                }

                meter.ChargeElements(SafeMultiply(count, n.Value - 1, BudgetKind.Elements, meter));
                for (long r = 1; r < n.Value; r++)
                {
                    for (var i = 0; i < count; i++)
                    {
                        items.Add(items[i]);
                    }
                }

                return list;
            case PySet set when b is PySet other && op is PyBinaryOp.BitOr or PyBinaryOp.BitAnd or PyBinaryOp.Sub or PyBinaryOp.BitXor:
                var result = SetOps.Combine(meter, op, set, other);
                set.Table.Clear();
                var pos = 0;
                while (result.Table.Next(ref pos, out var k, out _))
                {
                    set.Table.Set(k, PyNone.Instance);
                }

                return set;
            case PyDict dict when op == PyBinaryOp.BitOr && b is PyDict other:
                DictUpdate(meter, dict, other);
                return dict;
            default:
                return Binary(meter, op, a, b);
        }
    }

    /// <summary>Applies a unary operator.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="op">The operator.</param>
    /// <param name="a">The operand.</param>
    /// <returns>The result.</returns>
    public static PyObject Unary(ExecutionMeter meter, PyUnaryOp op, PyObject a)
    {
        ArgumentNullException.ThrowIfNull(meter);
        if (op == PyUnaryOp.Not)
        {
            return PyBool.From(!IsTruthy(a));
        }

        switch (a)
        {
            case PyInt i:
                return op switch
                {
                    PyUnaryOp.Neg => i is PyBigInt || i.Small == long.MinValue ? PyInt.Create(meter, -i.ToBigInteger()) : PyInt.From(-i.Small),
                    PyUnaryOp.Pos => i is PyBool ? PyInt.From(i.Small) : i,
                    _ => i is PyBigInt ? PyInt.Create(meter, -i.ToBigInteger() - 1) : PyInt.From(~i.Small),
                };
            case PyFloat f when op != PyUnaryOp.Invert:
                return op == PyUnaryOp.Neg ? new PyFloat(-f.Value) : f;
            case PyHostObject h when h.UnaryOp(meter, op) is { } r:
                return r;
        }

        var symbol = op switch
        {
            PyUnaryOp.Neg => "-",
            PyUnaryOp.Pos => "+",
            _ => "~",
        };
        throw PyException.Type($"bad operand type for unary {symbol}: '{a.TypeName}'");
    }

    internal static bool TryGetDouble(PyObject o, out double value)
    {
        switch (o)
        {
            case PyFloat f:
                value = f.Value;
                return true;
            case PyInt i:
                value = i is PyBigInt b ? BigIntMath.ToDouble(b.Big) : i.Small;
                return true;
            default:
                value = 0;
                return false;
        }
    }

    internal static PyException Unsupported(PyBinaryOp op, PyObject a, PyObject b) =>
        PyException.Type($"unsupported operand type(s) for {OperatorText.Symbol(op)}: '{a.TypeName}' and '{b.TypeName}'");

    private static PyObject IntBinary(ExecutionMeter meter, PyBinaryOp op, PyInt ia, PyInt ib)
    {
        if (ia is PyBigInt || ib is PyBigInt)
        {
            return BigIntMath.Binary(meter, op, ia.ToBigInteger(), ib.ToBigInteger());
        }

        long a = ia.Small, b = ib.Small;
        try
        {
            switch (op)
            {
                case PyBinaryOp.Add:
                    return PyInt.From(checked(a + b));
                case PyBinaryOp.Sub:
                    return PyInt.From(checked(a - b));
                case PyBinaryOp.Mul:
                    return PyInt.From(checked(a * b));
                case PyBinaryOp.TrueDiv:
                    return b == 0 ? throw PyException.ZeroDivision("division by zero") : new PyFloat(IntTrueDivide(a, b));
                case PyBinaryOp.FloorDiv:
                    return PyInt.From(FloorDiv(a, b));
                case PyBinaryOp.Mod:
                    return PyInt.From(FloorMod(a, b));
                case PyBinaryOp.Pow:
                    if (b < 0)
                    {
                        return a == 0
                            ? throw PyException.ZeroDivision("0.0 cannot be raised to a negative power")
                            : new PyFloat(FloatPow(a, b));
                    }

                    return PyInt.From(IntPow(a, b));
                case PyBinaryOp.LShift:
                    return PyInt.From(ShiftLeft(a, b));
                case PyBinaryOp.RShift:
                    if (b < 0)
                    {
                        throw PyException.ValueErr("negative shift count");
                    }

                    return PyInt.From(b >= 64 ? (a < 0 ? -1 : 0) : a >> (int)b);
                case PyBinaryOp.BitAnd:
                    return ia is PyBool && ib is PyBool ? PyBool.From((a & b) != 0) : PyInt.From(a & b);
                case PyBinaryOp.BitOr:
                    return ia is PyBool && ib is PyBool ? PyBool.From((a | b) != 0) : PyInt.From(a | b);
                default:
                    return ia is PyBool && ib is PyBool ? PyBool.From((a ^ b) != 0) : PyInt.From(a ^ b);
            }
        }
        catch (OverflowException)
        {
            // The result needs more than 64 bits: compute it at full precision.
            return BigIntMath.Binary(meter, op, a, b);
        }
    }

    private static double IntTrueDivide(long a, long b)
    {
        const long exact = 1L << 53;
        if (a > -exact && a < exact && b > -exact && b < exact)
        {
            return (double)a / b;
        }

        return BigIntMath.TrueDivide(a, b);
    }

    /// <summary>Floor division of 64-bit ints; <see cref="OverflowException"/> for <c>long.MinValue // -1</c>.</summary>
    internal static long FloorDiv(long a, long b)
    {
        if (b == 0)
        {
            throw PyException.ZeroDivision("integer division or modulo by zero");
        }

        if (b == -1)
        {
            return checked(-a);
        }

        var q = a / b;
        if (a % b != 0 && ((a < 0) ^ (b < 0)))
        {
            q--;
        }

        return q;
    }

    internal static long FloorMod(long a, long b)
    {
        if (b == 0)
        {
            throw PyException.ZeroDivision("integer modulo by zero");
        }

        if (b == -1)
        {
            return 0;
        }

        var r = a % b;
        if (r != 0 && ((r < 0) ^ (b < 0)))
        {
            r += b;
        }

        return r;
    }

    /// <summary>
    /// Exponentiation by squaring in 64 bits; <see cref="OverflowException"/> as soon as an intermediate does not fit
    /// (after a few dozen multiplications at most), and the caller continues at full precision.
    /// </summary>
    internal static long IntPow(long a, long b)
    {
        if (a is 0 or 1)
        {
            return b == 0 ? 1 : a;
        }

        if (a == -1)
        {
            return (b & 1) == 0 ? 1 : -1;
        }

        long result = 1;
        var bas = a;
        var e = b;
        checked
        {
            while (e > 0)
            {
                if ((e & 1) != 0)
                {
                    result *= bas;
                }

                e >>= 1;
                if (e > 0)
                {
                    bas *= bas;
                }
            }
        }

        return result;
    }

    private static long ShiftLeft(long a, long b)
    {
        if (b < 0)
        {
            throw PyException.ValueErr("negative shift count");
        }

        if (a == 0)
        {
            return 0;
        }

        if (b >= 63)
        {
            throw new OverflowException();
        }

        var r = a << (int)b;
        return (r >> (int)b) != a ? throw new OverflowException() : r;
    }

    private static double FloatBinary(PyBinaryOp op, double a, double b)
    {
        switch (op)
        {
            case PyBinaryOp.Add:
                return a + b;
            case PyBinaryOp.Sub:
                return a - b;
            case PyBinaryOp.Mul:
                return a * b;
            case PyBinaryOp.TrueDiv:
                return b == 0 ? throw PyException.ZeroDivision("float division by zero") : a / b;
            case PyBinaryOp.FloorDiv:
                return b == 0 ? throw PyException.ZeroDivision("float floor division by zero") : FloatDivMod(a, b).Div;
            case PyBinaryOp.Mod:
                return b == 0 ? throw PyException.ZeroDivision("float modulo") : FloatDivMod(a, b).Mod;
            case PyBinaryOp.Pow:
                return FloatPow(a, b);
            default:
                throw PyException.Type($"unsupported operand type(s) for {OperatorText.Symbol(op)}: 'float' and 'float'");
        }
    }

    /// <summary>CPython's <c>float_divmod</c>: floor quotient and modulo with the sign of the divisor.</summary>
    internal static (double Div, double Mod) FloatDivMod(double vx, double wx)
    {
        var mod = vx % wx; // C fmod: sign of the dividend
        var div = (vx - mod) / wx;
        if (mod != 0)
        {
            if ((wx < 0) != (mod < 0))
            {
                mod += wx;
                div -= 1.0;
            }
        }
        else
        {
            mod = Math.CopySign(0.0, wx);
        }

        double floordiv;
        if (div != 0)
        {
            floordiv = Math.Floor(div);
            if (div - floordiv > 0.5)
            {
                floordiv += 1.0;
            }
        }
        else
        {
            floordiv = Math.CopySign(0.0, vx / wx);
        }

        return (floordiv, mod);
    }

    internal static double FloatPow(double x, double y)
    {
        if (y == 0)
        {
            return 1.0;
        }

        if (double.IsNaN(x))
        {
            return x;
        }

        if (double.IsNaN(y))
        {
            return x == 1.0 ? 1.0 : y;
        }

        if (x == 0 && y < 0 && !double.IsInfinity(y))
        {
            throw PyException.ZeroDivision("0.0 cannot be raised to a negative power");
        }

        if (x < 0 && double.IsFinite(x) && double.IsFinite(y) && Math.Floor(y) != y)
        {
            throw PyException.ValueErr("negative number cannot be raised to a fractional power (complex numbers are not supported)");
        }

        var r = Math.Pow(x, y);
        if (double.IsInfinity(r) && double.IsFinite(x) && double.IsFinite(y))
        {
            throw PyException.Overflow("(34, 'Numerical result out of range')");
        }

        return r;
    }

    internal static long SafeMultiply(long a, long b, BudgetKind kind, ExecutionMeter meter)
    {
        try
        {
            return checked(a * b);
        }
        catch (OverflowException)
        {
            throw kind == BudgetKind.StringLength
                ? new BudgetExceededException(kind, meter.Limits.MaxStringLength, "string repetition result is too large")
                : new BudgetExceededException(kind, meter.Limits.MaxElements, "sequence repetition result is too large");
        }
    }

    private static PyObject Concat(ExecutionMeter meter, PyObject a, PyObject b)
    {
        switch (a)
        {
            case PyStr sa when b is PyStr sb:
                meter.ChargeString((long)sa.Value.Length + sb.Value.Length);
                return PyStr.From(string.Concat(sa.Value, sb.Value));
            case PyStr:
                throw PyException.Type($"can only concatenate str (not \"{b.TypeName}\") to str");
            case PyList la when b is PyList lb:
                meter.ChargeElements((long)la.Count + lb.Count);
                var list = new List<PyObject>(la.Count + lb.Count);
                list.AddRange(la.Items);
                list.AddRange(lb.Items);
                return new PyList(list, adopt: true);
            case PyList:
                throw PyException.Type($"can only concatenate list (not \"{b.TypeName}\") to list");
            case PyTuple ta when b is PyTuple tb:
                if (tb.Count == 0)
                {
                    return ta;
                }

                if (ta.Count == 0)
                {
                    return tb;
                }

                meter.ChargeElements((long)ta.Count + tb.Count);
                var arr = new PyObject[ta.Count + tb.Count];
                ta.Items.CopyTo(arr, 0);
                tb.Items.CopyTo(arr, ta.Count);
                return PyTuple.Adopt(arr);
            case PyTuple:
                throw PyException.Type($"can only concatenate tuple (not \"{b.TypeName}\") to tuple");
            default:
                throw Unsupported(PyBinaryOp.Add, a, b);
        }
    }

    private static PyObject Repeat(ExecutionMeter meter, PyObject a, PyObject b)
    {
        PyObject seq;
        PyObject count;
        if (a is PyStr or PyList or PyTuple)
        {
            seq = a;
            count = b;
        }
        else if (b is PyStr or PyList or PyTuple)
        {
            seq = b;
            count = a;
        }
        else
        {
            throw Unsupported(PyBinaryOp.Mul, a, b);
        }

        if (count is not PyInt ci)
        {
            throw PyException.Type($"can't multiply sequence by non-int of type '{count.TypeName}'");
        }

        var n = Math.Max(0, ci.Value);
        switch (seq)
        {
            case PyStr s:
                if (n == 0 || s.Value.Length == 0)
                {
                    return PyStr.Empty;
                }

                var total = SafeMultiply(s.Value.Length, n, BudgetKind.StringLength, meter);
                if (n == 1)
                {
                    return s;
                }

                meter.ChargeString(total);
                return PyStr.From(RepeatString(s.Value, (int)n));
            case PyList l:
                {
                    var size = SafeMultiply(l.Count, n, BudgetKind.Elements, meter);
                    meter.ChargeElements(size);
                    var list = new List<PyObject>((int)size);
                    for (long r = 0; r < n && l.Count > 0; r++)
                    {
                        list.AddRange(l.Items);
                    }

                    return new PyList(list, adopt: true);
                }

            default:
                {
                    var t = (PyTuple)seq;
                    if (n == 1 || t.Count == 0)
                    {
                        return t;
                    }

                    var size = SafeMultiply(t.Count, n, BudgetKind.Elements, meter);
                    meter.ChargeElements(size);
                    var arr = new PyObject[size];
                    for (long r = 0; r < n; r++)
                    {
                        t.Items.CopyTo(arr, r * t.Count);
                    }

                    return PyTuple.Adopt(arr);
                }
        }
    }

    private static string RepeatString(string s, int n)
    {
        return string.Create(s.Length * n, (s, n), static (span, state) =>
        {
            var (text, count) = state;
            for (var i = 0; i < count; i++)
            {
                text.AsSpan().CopyTo(span[(i * text.Length)..]);
            }
        });
    }

    internal static void ListExtend(ExecutionMeter meter, PyList list, PyObject source)
    {
        if (source is PyList or PyTuple)
        {
            var items = source is PyList sl ? (IReadOnlyList<PyObject>)sl.Items.ToArray() : ((PyTuple)source).Items;
            meter.ChargeElements(items.Count);
            foreach (var item in items)
            {
                list.Items.Add(item);
            }

            return;
        }

        var it = GetIterator(meter, source);
        while (it.MoveNext(meter, out var x))
        {
            meter.Step();
            meter.ChargeElements(1);
            list.Items.Add(x);
        }
    }

    private static PyDict DictMerge(ExecutionMeter meter, PyDict a, PyDict b)
    {
        meter.ChargeEntries(a.Count + b.Count);
        var result = new PyDict(a.Table.Copy());
        var pos = 0;
        while (b.Table.Next(ref pos, out var k, out var v))
        {
            result.Table.Set(k, v);
        }

        return result;
    }

    internal static void DictUpdate(ExecutionMeter meter, PyDict target, PyDict source)
    {
        meter.ChargeEntries(source.Count);
        var pos = 0;
        while (source.Table.Next(ref pos, out var k, out var v))
        {
            target.Table.Set(k, v);
        }
    }
}
