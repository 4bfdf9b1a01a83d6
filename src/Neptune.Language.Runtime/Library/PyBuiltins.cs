using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Text;

namespace Neptune.Language.Runtime;

/// <summary>
/// The whitelisted builtin functions. <see cref="Names"/> is the single list validators, the interpreter and
/// prompts share; each entry carries a <see cref="PyFunctionSignature"/>.
/// </summary>
public static class PyBuiltins
{
    private static readonly Dictionary<string, BuiltinFunction> Table = Build();

    /// <summary>The builtin names, in a stable order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Table.Keys];

    /// <summary>Looks up a builtin function.</summary>
    /// <param name="name">The builtin name.</param>
    /// <param name="function">The callable when found.</param>
    /// <returns><see langword="true"/> if <paramref name="name"/> is a builtin.</returns>
    public static bool TryGet(string name, [NotNullWhen(true)] out PyCallable? function)
    {
        var found = Table.TryGetValue(name, out var fn);
        function = fn;
        return found;
    }

    /// <summary>Looks up a builtin's signature.</summary>
    /// <param name="name">The builtin name.</param>
    /// <param name="signature">The signature when found.</param>
    /// <returns><see langword="true"/> if <paramref name="name"/> is a builtin.</returns>
    public static bool TryGetSignature(string name, [NotNullWhen(true)] out PyFunctionSignature? signature)
    {
        var found = Table.TryGetValue(name, out var fn);
        signature = fn?.Signature;
        return found;
    }

    /// <summary>Calls builtin <paramref name="name"/>.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="name">The builtin name.</param>
    /// <param name="args">Positional arguments.</param>
    /// <param name="kwargs">Keyword arguments.</param>
    /// <returns>The result.</returns>
    /// <exception cref="PyException"><c>NameError</c> when no such builtin exists.</exception>
    public static PyObject Call(ExecutionMeter meter, string name, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs = default) =>
        Table.TryGetValue(name, out var fn)
            ? fn.Invoke(meter, PyNone.Instance, args, kwargs)
            : throw new PyException(PyErrorKind.NameError, $"name '{name}' is not defined");

    private static void Add(Dictionary<string, BuiltinFunction> t, string name, int min, int max, BuiltinBody body, string?[]? positional = null, string[]? keywordOnly = null, bool any = false) =>
        t.Add(name, new BuiltinFunction(new PyFunctionSignature(name, min, max, positional, keywordOnly, any), body, IsTypeName(name) ? name : null));

    /// <summary>The builtins that are types with methods (<c>str.lower</c> reads the method from the type).</summary>
    private static bool IsTypeName(string name) => name is "str" or "list" or "dict" or "set" or "tuple" or "int" or "float";

    private static Dictionary<string, BuiltinFunction> Build()
    {
        var t = new Dictionary<string, BuiltinFunction>(StringComparer.Ordinal);
        Add(t, "len", 1, 1, static (m, _, in a) => PyInt.From(PyOps.Length(a[0])));
        Add(t, "range", 1, 3, static (m, _, in a) => a.Count switch
        {
            1 => new PyRange(0, Arg.Int(a[0]), 1),
            2 => new PyRange(Arg.Int(a[0]), Arg.Int(a[1]), 1),
            _ => new PyRange(Arg.Int(a[0]), Arg.Int(a[1]), Arg.Int(a[2])),
        });
        Add(t, "min", 0, -1, static (m, _, in a) => MinMax(m, a, PyCompareOp.Lt, "min"), keywordOnly: ["key", "default"]);
        Add(t, "max", 0, -1, static (m, _, in a) => MinMax(m, a, PyCompareOp.Gt, "max"), keywordOnly: ["key", "default"]);
        Add(t, "sum", 1, 2, static (m, _, in a) => Sum(m, a[0], a.Get(1, "start")), [null, "start"]);
        Add(t, "any", 1, 1, static (m, _, in a) => AnyAll(m, a[0], any: true));
        Add(t, "all", 1, 1, static (m, _, in a) => AnyAll(m, a[0], any: false));
        Add(t, "abs", 1, 1, static (m, _, in a) => a[0] switch
        {
            PyBool i => PyInt.From(i.Small),
            PyInt i => i is PyBigInt || i.Small == long.MinValue ? PyInt.Create(m, BigInteger.Abs(i.ToBigInteger())) : PyInt.From(Math.Abs(i.Small)),
            PyFloat f => new PyFloat(Math.Abs(f.Value)),
            PyHostObject h when h.CallMethod(m, "__abs__", [], []) is { } r => r,
            var o => throw PyException.Type($"bad operand type for abs(): '{o.TypeName}'"),
        });
        Add(t, "round", 1, 2, static (m, _, in a) => Round(m, a[0], a.Get(1, "ndigits")), ["number", "ndigits"]);
        Add(t, "int", 0, 2, static (m, _, in a) => ToInt(m, a.Get(0), a.Get(1, "base")), [null, "base"]);
        Add(t, "float", 0, 1, static (m, _, in a) => a.Count == 0 ? new PyFloat(0) : a[0] switch
        {
            PyFloat f => f,
            PyInt i => new PyFloat(i is PyBigInt b ? BigIntMath.ToDouble(b.Big) : i.Small),
            PyStr s => new PyFloat(NumberParsing.ParseFloat(s.Value)),
            var o => throw PyException.Type($"float() argument must be a string or a real number, not '{o.TypeName}'"),
        });
        Add(t, "str", 0, 1, static (m, _, in a) => a.Count == 0 ? PyStr.Empty : a[0] is PyStr self ? self : PyStr.Create(m, PyOps.Str(m, a[0])));
        Add(t, "bool", 0, 1, static (m, _, in a) => PyBool.From(a.Count > 0 && PyOps.IsTruthy(a[0])));
        Add(t, "list", 0, 1, static (m, _, in a) => a.Count == 0 ? new PyList() : new PyList(PyOps.ToList(m, a[0]), adopt: true));
        Add(t, "tuple", 0, 1, static (m, _, in a) => a.Count == 0 ? PyTuple.Empty : a[0] as PyTuple ?? PyTuple.Adopt([.. PyOps.ToList(m, a[0])]));
        Add(t, "set", 0, 1, static (m, _, in a) => a.Count == 0 ? new PySet() : SetOps.FromIterable(m, a[0]));
        Add(t, "dict", 0, 1, static (m, _, in a) =>
        {
            var d = new PyDict();
            if (a.Count > 0)
            {
                PyMethods.UpdateFrom(m, d, a[0]);
            }

            foreach (var kw in a.Keywords)
            {
                m.ChargeEntries(1);
                d.Table.Set(PyStr.From(kw.Name), kw.Value);
            }

            return d;
        }, any: true);
        Add(t, "sorted", 1, 1, static (m, _, in a) =>
        {
            var items = PyOps.ToList(m, a[0]);
            return new PyList(Sorting.Sort(m, items, a.Keyword("key"), Arg.Bool(a.Keyword("reverse"), false)), adopt: true);
        }, keywordOnly: ["key", "reverse"]);
        Add(t, "enumerate", 1, 2, static (m, _, in a) =>
            new EnumerateIterator(PyOps.GetIterator(m, a[0]), a.Get(1, "start") is { } s ? Arg.Int(s) : 0), ["iterable", "start"]);
        Add(t, "zip", 0, -1, static (m, _, in a) =>
        {
            var iters = new PyIterator[a.Count];
            for (var i = 0; i < a.Count; i++)
            {
                iters[i] = PyOps.GetIterator(m, a[i]);
            }

            return new ZipIterator(iters);
        });
        Add(t, "reversed", 1, 1, static (m, _, in a) => a[0] switch
        {
            PyList l => new ListIterator(l, reversed: true),
            PyTuple tp => new ArrayIterator(tp.Items, reversed: true, "reversed"),
            PyStr s => new StrIterator(s.Value, reversed: true),
            PyRange r => new RangeIterator(r, reversed: true),
            PyDict d => new ArrayIterator([.. PyOps.ToList(m, d)], reversed: true, "dict_reversekeyiterator"),
            var o => throw PyException.Type($"'{o.TypeName}' object is not reversible"),
        });
        Add(t, "map", 2, -1, static (m, _, in a) =>
        {
            var iters = new PyIterator[a.Count - 1];
            for (var i = 1; i < a.Count; i++)
            {
                iters[i - 1] = PyOps.GetIterator(m, a[i]);
            }

            return new MapIterator(a[0], iters);
        });
        Add(t, "filter", 2, 2, static (m, _, in a) => new FilterIterator(a[0] is PyNone ? null : a[0], PyOps.GetIterator(m, a[1])));
        Add(t, "print", 0, -1, static (m, _, in a) =>
        {
            var sep = PrintOption(a.Keyword("sep"), "sep", " ");
            var end = PrintOption(a.Keyword("end"), "end", "\n");
            var sb = new StringBuilder();
            for (var i = 0; i < a.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(sep);
                }

                sb.Append(PyOps.Str(m, a[i]));
                if (sb.Length > m.Limits.MaxOutputChars)
                {
                    break;
                }
            }

            sb.Append(end);
            m.WriteOutput(sb.ToString());
            return PyNone.Instance;
        }, keywordOnly: ["sep", "end"]);
        Add(t, "repr", 1, 1, static (m, _, in a) =>
        {
            var text = PyOps.Repr(m, a[0]);
            return PyStr.Create(m, text);
        });
        Add(t, "format", 1, 2, static (m, _, in a) =>
            PyStr.Create(m, PyOps.Format(m, a[0], a.Count > 1 ? Arg.Str(a[1], "format() argument 2") : string.Empty)));
        Add(t, "divmod", 2, 2, static (m, _, in a) => DivMod(m, a[0], a[1]));
        Add(t, "pow", 2, 3, static (m, _, in a) =>
            a.Get(2, "mod") is { } mod and not PyNone ? ModPow(m, a[0], a[1], mod) : PyOps.Binary(m, PyBinaryOp.Pow, a[0], a[1]), ["base", "exp", "mod"]);
        return t;
    }

    private static string PrintOption(PyObject? value, string name, string fallback) => value switch
    {
        null or PyNone => fallback,
        PyStr s => s.Value,
        _ => throw PyException.Type($"{name} must be None or a string, not {value.TypeName}"),
    };

    private static PyObject MinMax(ExecutionMeter m, scoped in CallArgs a, PyCompareOp op, string name)
    {
        var key = a.Keyword("key");
        if (key is PyNone)
        {
            key = null;
        }

        var dflt = a.Keyword("default");
        if (a.Count == 0)
        {
            throw PyException.Type($"{name} expected at least 1 argument, got 0");
        }

        PyIterator it;
        if (a.Count == 1)
        {
            it = PyOps.GetIterator(m, a[0]);
        }
        else
        {
            if (dflt is not null)
            {
                throw PyException.Type($"Cannot specify a default for {name}() with multiple positional arguments");
            }

            it = new ArrayIterator(a.Positional.ToArray(), reversed: false, "tuple_iterator");
        }

        PyObject? best = null;
        PyObject? bestKey = null;
        while (it.MoveNext(m, out var x))
        {
            m.Step();
            var k = key is null ? x : PyOps.Call(m, key, [x], []);
            if (best is null || PyOps.CompareBool(m, op, k, bestKey!, 0))
            {
                best = x;
                bestKey = k;
            }
        }

        return best ?? dflt ?? throw PyException.ValueErr($"{name}() arg is an empty sequence");
    }

    private static PyObject Sum(ExecutionMeter m, PyObject iterable, PyObject? start)
    {
        switch (start)
        {
            case PyStr:
                throw PyException.Type("sum() can't sum strings [use ''.join(seq) instead]");
            case PyList or PyTuple:
                // Allowed by CPython; each step re-copies, so charge it as ordinary concatenation.
                break;
        }

        PyObject total = start ?? PyInt.From(0);
        var it = PyOps.GetIterator(m, iterable);
        while (it.MoveNext(m, out var x))
        {
            m.Step();
            total = PyOps.Binary(m, PyBinaryOp.Add, total, x);
        }

        return total;
    }

    private static PyBool AnyAll(ExecutionMeter m, PyObject iterable, bool any)
    {
        var it = PyOps.GetIterator(m, iterable);
        while (it.MoveNext(m, out var x))
        {
            m.Step();
            if (PyOps.IsTruthy(x) == any)
            {
                return PyBool.From(any);
            }
        }

        return PyBool.From(!any);
    }

    private static PyObject Round(ExecutionMeter m, PyObject number, PyObject? ndigits)
    {
        var hasDigits = ndigits is not null and not PyNone;
        switch (number)
        {
            case PyInt i:
                {
                    var n = hasDigits ? Arg.Int(ndigits!) : 0;
                    if (n >= 0)
                    {
                        return i is PyBool ? PyInt.From(i.Small) : i;
                    }

                    // round(i, -k): the nearest multiple of 10**k, ties to even; 0 once 10**k exceeds every int.
                    if (-n > m.Limits.MaxIntDigits + 1L)
                    {
                        return PyInt.From(0);
                    }

                    var pow = BigInteger.Pow(10, (int)-n);
                    var q = BigIntMath.FloorDivMod(i.ToBigInteger(), pow, out var r);
                    var twice = r * 2;
                    if (twice > pow || (twice == pow && !q.IsEven))
                    {
                        q += 1;
                    }

                    return PyInt.Create(m, q * pow);
                }

            case PyFloat f:
                if (!hasDigits)
                {
                    return BigIntMath.FromDouble(m, Math.Round(f.Value, MidpointRounding.ToEven));
                }

                return new PyFloat(FloatFormatting.Round(f.Value, Arg.Int(ndigits!)));
            default:
                throw PyException.Type($"type {number.TypeName} doesn't define __round__ method");
        }
    }

    private static PyInt ToInt(ExecutionMeter m, PyObject? value, PyObject? radix)
    {
        if (value is null)
        {
            return radix is null ? PyInt.From(0) : throw PyException.Type("int() missing string argument");
        }

        if (radix is not null)
        {
            return value is PyStr rs
                ? NumberParsing.ParseInt(m, rs.Value, Arg.Int(radix))
                : throw PyException.Type("int() can't convert non-string with explicit base");
        }

        return value switch
        {
            PyBool b => PyInt.From(b.Small),
            PyInt i => i,
            PyFloat f => BigIntMath.FromDouble(m, f.Value),
            PyStr s => NumberParsing.ParseInt(m, s.Value, 10),
            _ => throw PyException.Type($"int() argument must be a string, a bytes-like object or a real number, not '{value.TypeName}'"),
        };
    }

    private static PyTuple DivMod(ExecutionMeter m, PyObject a, PyObject b)
    {
        if (a is PyInt ia && b is PyInt ib)
        {
            if (ia is not PyBigInt && ib is not PyBigInt && !(ia.Small == long.MinValue && ib.Small == -1))
            {
                if (ib.Small == 0)
                {
                    throw PyException.ZeroDivision("integer division or modulo by zero");
                }

                return PyTuple.Pair(PyInt.From(PyOps.FloorDiv(ia.Small, ib.Small)), PyInt.From(PyOps.FloorMod(ia.Small, ib.Small)));
            }

            var q = BigIntMath.FloorDivMod(ia.ToBigInteger(), ib.ToBigInteger(), out var r);
            return PyTuple.Pair(PyInt.Create(m, q), PyInt.Create(m, r));
        }

        if (PyOps.TryGetDouble(a, out var x) && PyOps.TryGetDouble(b, out var y))
        {
            if (y == 0)
            {
                throw PyException.ZeroDivision("float divmod()");
            }

            var (d, rem) = PyOps.FloatDivMod(x, y);
            return PyTuple.Pair(new PyFloat(d), new PyFloat(rem));
        }

        throw PyException.Type($"unsupported operand type(s) for divmod(): '{a.TypeName}' and '{b.TypeName}'");
    }

    private static PyInt ModPow(ExecutionMeter meter, PyObject b, PyObject e, PyObject mod)
    {
        if (b is not PyInt bi || e is not PyInt ei || mod is not PyInt mi)
        {
            throw PyException.Type("pow() 3rd argument not allowed unless all arguments are integers");
        }

        var m = mi.ToBigInteger();
        if (m.IsZero)
        {
            throw PyException.ValueErr("pow() 3rd argument cannot be 0");
        }

        var mAbs = BigInteger.Abs(m);
        var baseValue = bi.ToBigInteger();
        var exp = ei.ToBigInteger();
        if (exp < 0)
        {
            baseValue = Inverse(baseValue, mAbs);
            exp = -exp;
        }

        var r = BigInteger.ModPow(((baseValue % mAbs) + mAbs) % mAbs, exp, mAbs);
        if (m < 0 && r != 0)
        {
            r += m;
        }

        return PyInt.Create(meter, r);
    }

    private static BigInteger Inverse(BigInteger a, BigInteger m)
    {
        a = ((a % m) + m) % m;
        BigInteger t = 0, newT = 1, r = m, newR = a;
        while (newR != 0)
        {
            var q = r / newR;
            (t, newT) = (newT, t - (q * newT));
            (r, newR) = (newR, r - (q * newR));
        }

        if (r != 1)
        {
            throw PyException.ValueErr("base is not invertible for the given modulus");
        }

        return t < 0 ? t + m : t;
    }
}
