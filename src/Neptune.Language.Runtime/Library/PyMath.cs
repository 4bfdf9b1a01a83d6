using System.Numerics;

namespace Neptune.Language.Runtime;

/// <summary>The <c>math</c> module, with CPython's error kinds (<c>ValueError: math domain error</c>, <c>OverflowError: math range error</c>).</summary>
public static class PyMath
{
    /// <summary>The module object, shared and immutable.</summary>
    public static PyModule Module { get; } = Build();

    /// <summary>Looks up a function's signature (<c>sqrt</c>, <c>log</c>, ...); constants have none.</summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="signature">The signature when the attribute is a function.</param>
    /// <returns><see langword="true"/> if <paramref name="name"/> is a math function.</returns>
    public static bool TryGetSignature(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PyFunctionSignature? signature)
    {
        signature = Module.TryGetAttribute(name, out var v) && v is BuiltinFunction fn ? fn.Signature : null;
        return signature is not null;
    }

    private static PyException Domain() => PyException.ValueErr("math domain error");

    private static PyException Range() => PyException.Overflow("math range error");

    private static PyFloat Checked(double result, double input)
    {
        if (double.IsNaN(result) && !double.IsNaN(input))
        {
            throw Domain();
        }

        if (double.IsInfinity(result) && double.IsFinite(input))
        {
            throw Range();
        }

        return new PyFloat(result);
    }

    private static PyModule Build()
    {
        var t = new Dictionary<string, PyObject>(StringComparer.Ordinal)
        {
            ["pi"] = new PyFloat(Math.PI),
            ["e"] = new PyFloat(Math.E),
            ["tau"] = new PyFloat(Math.Tau),
            ["inf"] = new PyFloat(double.PositiveInfinity),
            ["nan"] = new PyFloat(double.NaN),
        };

        void Add(string name, int min, int max, BuiltinBody body, string[]? keywordOnly = null) =>
            t.Add(name, new BuiltinFunction(new PyFunctionSignature(name, min, max, null, keywordOnly), body));

        void Unary(string name, Func<double, double> f) =>
            Add(name, 1, 1, (m, _, in a) =>
            {
                var x = Arg.Real(a[0]);
                return Checked(f(x), x);
            });

        Add("sqrt", 1, 1, static (m, _, in a) =>
        {
            var x = Arg.Real(a[0]);
            return x < 0 ? throw Domain() : new PyFloat(Math.Sqrt(x));
        });
        Unary("exp", Math.Exp);
        Unary("sin", x => double.IsInfinity(x) ? throw Domain() : Math.Sin(x));
        Unary("cos", x => double.IsInfinity(x) ? throw Domain() : Math.Cos(x));
        Unary("tan", x => double.IsInfinity(x) ? throw Domain() : Math.Tan(x));
        Unary("asin", Math.Asin);
        Unary("acos", Math.Acos);
        Unary("atan", Math.Atan);
        Unary("fabs", Math.Abs);
        Unary("degrees", x => x * (180.0 / Math.PI));
        Unary("radians", x => x * (Math.PI / 180.0));
        Add("log", 1, 2, static (m, _, in a) =>
        {
            var x = Log(a[0]);
            if (a.Count == 1)
            {
                return new PyFloat(x);
            }

            var b = Log(a[1]);
            return b == 0 ? throw PyException.ZeroDivision("float division by zero") : new PyFloat(x / b);
        });
        Add("log2", 1, 1, static (m, _, in a) => new PyFloat(Math.Log2(Positive(a[0]))));
        Add("log10", 1, 1, static (m, _, in a) => new PyFloat(Math.Log10(Positive(a[0]))));
        Add("pow", 2, 2, static (m, _, in a) =>
        {
            double x = Arg.Real(a[0]), y = Arg.Real(a[1]);
            if (x == 0 && y < 0 && !double.IsInfinity(y))
            {
                throw Domain();
            }

            if (x < 0 && double.IsFinite(x) && double.IsFinite(y) && Math.Floor(y) != y)
            {
                throw Domain();
            }

            var r = y == 0 ? 1.0 : x == 1 ? 1.0 : Math.Pow(x, y);
            return double.IsInfinity(r) && double.IsFinite(x) && double.IsFinite(y) ? throw Range() : new PyFloat(r);
        });
        Add("floor", 1, 1, static (m, _, in a) => a[0] is PyInt i ? Whole(i) : BigIntMath.FromDouble(m, Math.Floor(Arg.Real(a[0]))));
        Add("ceil", 1, 1, static (m, _, in a) => a[0] is PyInt i ? Whole(i) : BigIntMath.FromDouble(m, Math.Ceiling(Arg.Real(a[0]))));
        Add("trunc", 1, 1, static (m, _, in a) => a[0] is PyInt i ? Whole(i) : BigIntMath.FromDouble(m, Arg.Real(a[0])));
        Add("isfinite", 1, 1, static (m, _, in a) => PyBool.From(double.IsFinite(Arg.Real(a[0]))));
        Add("isnan", 1, 1, static (m, _, in a) => PyBool.From(double.IsNaN(Arg.Real(a[0]))));
        Add("isinf", 1, 1, static (m, _, in a) => PyBool.From(double.IsInfinity(Arg.Real(a[0]))));
        Add("copysign", 2, 2, static (m, _, in a) => new PyFloat(Math.CopySign(Arg.Real(a[0]), Arg.Real(a[1]))));
        Add("atan2", 2, 2, static (m, _, in a) => new PyFloat(Math.Atan2(Arg.Real(a[0]), Arg.Real(a[1]))));
        Add("hypot", 0, -1, static (m, _, in a) =>
        {
            double sum = 0, max = 0;
            var inf = false;
            var nan = false;
            foreach (var o in a.Positional)
            {
                var v = Math.Abs(Arg.Real(o));
                inf |= double.IsInfinity(v);
                nan |= double.IsNaN(v);
                max = Math.Max(max, v);
            }

            if (inf)
            {
                return new PyFloat(double.PositiveInfinity);
            }

            if (nan)
            {
                return new PyFloat(double.NaN);
            }

            if (max == 0)
            {
                return new PyFloat(0);
            }

            foreach (var o in a.Positional)
            {
                var v = Arg.Real(o) / max;
                sum += v * v;
            }

            return new PyFloat(a.Count == 2 ? double.Hypot(Arg.Real(a[0]), Arg.Real(a[1])) : max * Math.Sqrt(sum));
        });
        Add("isclose", 2, 2, static (m, _, in a) =>
        {
            double x = Arg.Real(a[0]), y = Arg.Real(a[1]);
            var rel = a.Keyword("rel_tol") is { } r ? Arg.Real(r) : 1e-9;
            var abs = a.Keyword("abs_tol") is { } t2 ? Arg.Real(t2) : 0.0;
            if (rel < 0 || abs < 0)
            {
                throw PyException.ValueErr("tolerances must be non-negative");
            }

            if (x == y)
            {
                return PyBool.True;
            }

            if (double.IsInfinity(x) || double.IsInfinity(y))
            {
                return PyBool.False;
            }

            var diff = Math.Abs(y - x);
            return PyBool.From(diff <= Math.Abs(rel * y) || diff <= Math.Abs(rel * x) || diff <= abs);
        }, ["rel_tol", "abs_tol"]);
        Add("prod", 1, 1, static (m, _, in a) =>
        {
            PyObject acc = a.Keyword("start") ?? PyInt.From(1);
            var it = PyOps.GetIterator(m, a[0]);
            while (it.MoveNext(m, out var x))
            {
                m.Step();
                acc = PyOps.Binary(m, PyBinaryOp.Mul, acc, x);
            }

            return acc;
        }, ["start"]);
        Add("fsum", 1, 1, static (m, _, in a) => new PyFloat(FSum(m, a[0])));
        Add("factorial", 1, 1, static (m, _, in a) =>
        {
            var n = Arg.Int(a[0]);
            if (n < 0)
            {
                throw PyException.ValueErr("factorial() not defined for negative values");
            }

            // log2(n!) ≥ n·log2(n / e): refuse at once when even that bound exceeds the int-size budget.
            if (n > 2)
            {
                m.CheckIntBits((long)Math.Floor(n * Math.Log2(n / Math.E)));
            }

            BigInteger r = BigInteger.One;
            for (long i = 2; i <= n; i++)
            {
                m.Step();
                r *= i;
            }

            return PyInt.Create(m, r);
        });
        Add("gcd", 0, -1, static (m, _, in a) =>
        {
            var g = BigInteger.Zero;
            foreach (var o in a.Positional)
            {
                if (o is not PyInt i)
                {
                    throw PyException.Type($"'{o.TypeName}' object cannot be interpreted as an integer");
                }

                g = BigInteger.GreatestCommonDivisor(g, i.ToBigInteger());
            }

            return PyInt.Create(m, g);
        });
        return new PyModule("math", t);
    }

    /// <summary>An int argument as itself (<c>math.floor(True)</c> is <c>1</c>).</summary>
    private static PyInt Whole(PyInt i) => i is PyBool ? PyInt.From(i.Small) : i;

    private static double Log(PyObject o) => Math.Log(Positive(o));

    private static double Positive(PyObject o)
    {
        var x = Arg.Real(o);
        return x <= 0 ? throw Domain() : x;
    }

    /// <summary>Shewchuk's exact summation, as CPython's <c>math.fsum</c>.</summary>
    private static double FSum(ExecutionMeter m, PyObject iterable)
    {
        var partials = new List<double>();
        var special = 0.0;
        var it = PyOps.GetIterator(m, iterable);
        while (it.MoveNext(m, out var item))
        {
            m.Step();
            var x = Arg.Real(item);
            if (!double.IsFinite(x))
            {
                special += x;
                continue;
            }

            var i = 0;
            for (var pi = 0; pi < partials.Count; pi++)
            {
                var y = partials[pi];
                if (Math.Abs(x) < Math.Abs(y))
                {
                    (x, y) = (y, x);
                }

                var hi = x + y;
                var lo = y - (hi - x);
                if (lo != 0)
                {
                    partials[i++] = lo;
                }

                x = hi;
            }

            partials.RemoveRange(i, partials.Count - i);
            partials.Add(x);
        }

        if (special != 0 || double.IsNaN(special))
        {
            return special;
        }

        var n = partials.Count;
        if (n == 0)
        {
            return 0.0;
        }

        var total = partials[--n];
        var lo2 = 0.0;
        while (n > 0)
        {
            var x = total;
            var y = partials[--n];
            total = x + y;
            var yr = total - x;
            lo2 = y - yr;
            if (lo2 != 0)
            {
                break;
            }
        }

        if (n > 0 && ((lo2 < 0 && partials[n - 1] < 0) || (lo2 > 0 && partials[n - 1] > 0)))
        {
            var y = lo2 * 2;
            var x = total + y;
            if (y == x - total)
            {
                total = x;
            }
        }

        return total;
    }
}
