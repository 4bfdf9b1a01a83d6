using System.Numerics;
using System.Runtime.CompilerServices;

namespace Neptune.Language.Runtime;

public static partial class PyOps
{
    private const int MaxNesting = 500;

    /// <summary>Evaluates one comparison (<c>a op b</c>). Chains such as <c>a &lt; b &lt; c</c> are built by the interpreter from pairs.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="op">The comparison.</param>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>Usually a <see cref="PyBool"/>; host objects may return other values (e.g. soft truth tensors).</returns>
    public static PyObject Compare(ExecutionMeter meter, PyCompareOp op, PyObject a, PyObject b)
    {
        ArgumentNullException.ThrowIfNull(meter);
        switch (op)
        {
            case PyCompareOp.Is:
                return PyBool.From(ReferenceEquals(a, b));
            case PyCompareOp.IsNot:
                return PyBool.From(!ReferenceEquals(a, b));
            case PyCompareOp.In:
                return PyBool.From(Contains(meter, b, a));
            case PyCompareOp.NotIn:
                return PyBool.From(!Contains(meter, b, a));
        }

        if (a is PyHostObject ha && ha.Compare(meter, op, b, reflected: false) is { } r1)
        {
            return r1;
        }

        if (b is PyHostObject hb && hb.Compare(meter, OperatorText.Swap(op), a, reflected: true) is { } r2)
        {
            return r2;
        }

        return PyBool.From(CompareBool(meter, op, a, b, 0));
    }

    /// <summary>Python <c>==</c> as a boolean (host objects compare by identity here).</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>Whether the values are equal.</returns>
    public static bool Equal(PyObject a, PyObject b) => EqualsCore(a, b, 0);

    internal static bool EqualsCore(PyObject a, PyObject b, int depth)
    {
        if (ReferenceEquals(a, b))
        {
            return a is not PyFloat f || !double.IsNaN(f.Value);
        }

        switch (a)
        {
            case PyInt ia:
                return b switch
                {
                    PyInt ib => ia.Small == ib.Small && ((ia is not PyBigInt && ib is not PyBigInt) || ia.ToBigInteger() == ib.ToBigInteger()),
                    PyFloat fb => CompareIntFloat(ia, fb.Value) == 0,
                    _ => false,
                };
            case PyFloat fa:
                return b switch
                {
                    PyFloat fb => fa.Value == fb.Value,
                    PyInt ib => CompareIntFloat(ib, fa.Value) == 0,
                    _ => false,
                };
            case PyStr sa:
                return b is PyStr sb && string.Equals(sa.Value, sb.Value, StringComparison.Ordinal);
            case PyList la:
                return b is PyList lb && SequenceEqual(la.Items, lb.Items, depth);
            case PyTuple ta:
                return b is PyTuple tb && SequenceEqual(ta.Items, tb.Items, depth);
            case PyDict da:
                {
                    if (b is not PyDict db || da.Count != db.Count)
                    {
                        return false;
                    }

                    CheckDepth(depth, "comparison");
                    var pos = 0;
                    while (da.Table.Next(ref pos, out var k, out var v))
                    {
                        if (!db.Table.TryGetValue(k, out var w) || !EqualsCore(v, w, depth + 1))
                        {
                            return false;
                        }
                    }

                    return true;
                }

            case PySet sa2:
                return b is PySet sb2 && sa2.Count == sb2.Count && SetOps.IsSubset(sa2, sb2);
            case PyRange ra:
                return b is PyRange rb && ra.Length == rb.Length &&
                       (ra.Length == 0 || (ra.Start == rb.Start && (ra.Length == 1 || ra.Step == rb.Step)));
            case PyDictView va when va.Kind == DictViewKind.Keys:
                return b is PyDictView vb && vb.Kind == DictViewKind.Keys && va.Dict.Count == vb.Dict.Count && KeysSubset(va.Dict, vb.Dict);
            default:
                return false;
        }
    }

    private static bool KeysSubset(PyDict a, PyDict b)
    {
        var pos = 0;
        while (a.Table.Next(ref pos, out var k, out _))
        {
            if (!b.Table.ContainsKey(k))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SequenceEqual(IReadOnlyList<PyObject> a, IReadOnlyList<PyObject> b, int depth)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        CheckDepth(depth, "comparison");
        for (var i = 0; i < a.Count; i++)
        {
            if (!ReferenceEquals(a[i], b[i]) && !EqualsCore(a[i], b[i], depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    internal static void CheckDepth(int depth, string what)
    {
        if (depth >= MaxNesting)
        {
            throw new PyException(PyErrorKind.RecursionError, $"maximum recursion depth exceeded in {what}");
        }
    }

    /// <summary>Exact comparison of an int with a double; null when the double is NaN.</summary>
    internal static int? CompareIntFloat(PyInt i, double d) =>
        i is PyBigInt b ? BigIntMath.CompareFloat(b.Big, d) : CompareIntFloat(i.Small, d);

    /// <summary>Exact comparison of a 64-bit int with a double; null when the double is NaN.</summary>
    internal static int? CompareIntFloat(long l, double d)
    {
        if (double.IsNaN(d))
        {
            return null;
        }

        if (d >= 9.223372036854775807E18)
        {
            return -1;
        }

        if (d < -9.223372036854775808E18)
        {
            return 1;
        }

        var t = Math.Truncate(d);
        var lt = (long)t;
        if (l != lt)
        {
            return l < lt ? -1 : 1;
        }

        var frac = d - t;
        return frac > 0 ? -1 : frac < 0 ? 1 : 0;
    }

    /// <summary>Three-way comparison of two numbers; null when unordered (NaN) or not both numbers.</summary>
    internal static int? CompareNumbers(PyObject a, PyObject b, out bool numeric)
    {
        numeric = true;
        switch (a)
        {
            case PyInt ia when b is PyInt ib:
                return ia is PyBigInt || ib is PyBigInt ? ia.ToBigInteger().CompareTo(ib.ToBigInteger()) : ia.Small.CompareTo(ib.Small);
            case PyInt ia when b is PyFloat fb:
                return CompareIntFloat(ia, fb.Value);
            case PyFloat fa when b is PyInt ib:
                return -CompareIntFloat(ib, fa.Value);
            case PyFloat fa when b is PyFloat fb:
                return double.IsNaN(fa.Value) || double.IsNaN(fb.Value) ? null : fa.Value.CompareTo(fb.Value);
            default:
                numeric = false;
                return null;
        }
    }

    internal static bool CompareBool(ExecutionMeter? meter, PyCompareOp op, PyObject a, PyObject b, int depth)
    {
        if (op == PyCompareOp.Eq)
        {
            return EqualsCore(a, b, depth);
        }

        if (op == PyCompareOp.Ne)
        {
            return !EqualsCore(a, b, depth);
        }

        var c = CompareNumbers(a, b, out var numeric);
        if (numeric)
        {
            return c is { } v && Holds(op, v);
        }

        switch (a)
        {
            case PyStr sa when b is PyStr sb:
                return Holds(op, Math.Sign(string.CompareOrdinal(sa.Value, sb.Value)));
            case PyList la when b is PyList lb:
                return CompareSequences(meter, op, la.Items, lb.Items, depth);
            case PyTuple ta when b is PyTuple tb:
                return CompareSequences(meter, op, ta.Items, tb.Items, depth);
            case PySet sa when b is PySet sb:
                return op switch
                {
                    PyCompareOp.Le => SetOps.IsSubset(sa, sb),
                    PyCompareOp.Lt => sa.Count < sb.Count && SetOps.IsSubset(sa, sb),
                    PyCompareOp.Ge => SetOps.IsSubset(sb, sa),
                    _ => sb.Count < sa.Count && SetOps.IsSubset(sb, sa),
                };
            case PyHostObject ha when meter is not null && ha.Compare(meter, op, b, false) is { } hr:
                return IsTruthy(hr);
            case not PyHostObject when b is PyHostObject hb && meter is not null && hb.Compare(meter, OperatorText.Swap(op), a, true) is { } hr2:
                return IsTruthy(hr2);
        }

        throw PyException.Type($"'{OperatorText.Symbol(op)}' not supported between instances of '{a.TypeName}' and '{b.TypeName}'");
    }

    private static bool Holds(PyCompareOp op, int c) => op switch
    {
        PyCompareOp.Lt => c < 0,
        PyCompareOp.Le => c <= 0,
        PyCompareOp.Gt => c > 0,
        PyCompareOp.Ge => c >= 0,
        PyCompareOp.Eq => c == 0,
        _ => c != 0,
    };

    private static bool CompareSequences(ExecutionMeter? meter, PyCompareOp op, IReadOnlyList<PyObject> a, IReadOnlyList<PyObject> b, int depth)
    {
        CheckDepth(depth, "comparison");
        var n = Math.Min(a.Count, b.Count);
        for (var i = 0; i < n; i++)
        {
            if (!ReferenceEquals(a[i], b[i]) && !EqualsCore(a[i], b[i], depth + 1))
            {
                return CompareBool(meter, op, a[i], b[i], depth + 1);
            }
        }

        return Holds(op, a.Count.CompareTo(b.Count));
    }

    /// <summary>Python truthiness (<c>bool(x)</c>).</summary>
    /// <param name="o">The value.</param>
    /// <returns>The truth value.</returns>
    public static bool IsTruthy(PyObject o) => o switch
    {
        PyBool b => b.IsTrue,
        PyInt i => i is PyBigInt || i.Small != 0,
        PyFloat f => f.Value != 0,
        PyStr s => s.Value.Length != 0,
        PyNone => false,
        PyList l => l.Count != 0,
        PyTuple t => t.Count != 0,
        PyDict d => d.Count != 0,
        PySet s => s.Count != 0,
        PyRange r => r.Length != 0,
        PyDictView v => v.Dict.Count != 0,
        PyHostObject h => h.IsTruthy(),
        _ => true,
    };

    /// <summary>Python hashing for dict keys and set elements; consistent with <see cref="Equal"/> (<c>1</c>, <c>1.0</c>, <c>True</c> collide).</summary>
    /// <param name="o">The value.</param>
    /// <returns>A hash code (stable within one process only).</returns>
    /// <exception cref="PyException">The value is unhashable (<c>TypeError: unhashable type: 'list'</c>).</exception>
    public static int Hash(PyObject o) => HashCore(o, 0);

    private static int HashCore(PyObject o, int depth)
    {
        switch (o)
        {
            case PyBigInt big:
                return big.Big.GetHashCode();
            case PyInt i:
                return i.Small.GetHashCode();
            case PyFloat f:
                {
                    var d = f.Value;
                    if (d == Math.Floor(d) && d >= -9.223372036854775808E18 && d < 9.223372036854775807E18)
                    {
                        return ((long)d).GetHashCode();
                    }

                    // An integral float beyond 64 bits hashes as the int it equals.
                    return double.IsNaN(d) ? 0 : double.IsFinite(d) && d == Math.Floor(d) ? new BigInteger(d).GetHashCode() : d.GetHashCode();
                }

            case PyStr s:
                return s.Value.GetHashCode(StringComparison.Ordinal);
            case PyNone:
                return 0x5bd1e995;
            case PyTuple t:
                {
                    CheckDepth(depth, "hashing");
                    var h = new HashCode();
                    foreach (var item in t.Items)
                    {
                        h.Add(HashCore(item, depth + 1));
                    }

                    return h.ToHashCode();
                }

            case PyRange r:
                return HashCode.Combine(r.Length, r.Length == 0 ? 0 : r.Start, r.Length <= 1 ? 0 : r.Step);
            case PyList or PyDict or PySet or PyDictView or PySlice:
                throw PyException.Type($"unhashable type: '{o.TypeName}'");
            case PyHostObject h when !h.IsHashable:
                throw PyException.Type($"unhashable type: '{o.TypeName}'");
            default:
                return RuntimeHelpers.GetHashCode(o);
        }
    }
}
