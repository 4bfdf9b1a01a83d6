using System.Diagnostics.CodeAnalysis;

namespace Neptune.Language.Runtime;

/// <summary>
/// The methods of the built-in types (<c>str.split</c>, <c>list.append</c>, ...), with their signatures so a
/// validator can check method calls statically.
/// </summary>
public static partial class PyMethods
{
    private static readonly Dictionary<string, Dictionary<string, BuiltinFunction>> Tables = new(StringComparer.Ordinal)
    {
        ["str"] = BuildStr(),
        ["list"] = BuildList(),
        ["dict"] = BuildDict(),
        ["set"] = BuildSet(),
        ["tuple"] = BuildTuple(),
        ["int"] = BuildInt(),
        ["float"] = BuildFloat(),
    };

    /// <summary>The type names that have method tables: <c>str list dict set tuple int float</c>.</summary>
    public static IEnumerable<string> TypeNames => Tables.Keys;

    /// <summary>The method names of <paramref name="typeName"/> (empty when the type has none).</summary>
    /// <param name="typeName">A Python type name.</param>
    /// <returns>The method names.</returns>
    public static IEnumerable<string> GetMethodNames(string typeName) =>
        Tables.TryGetValue(typeName, out var table) ? table.Keys : [];

    /// <summary>Looks up the signature of <c>typeName.method</c>.</summary>
    /// <param name="typeName">A Python type name (<c>bool</c> shares <c>int</c>'s methods).</param>
    /// <param name="method">The method name.</param>
    /// <param name="signature">The signature when found.</param>
    /// <returns><see langword="true"/> if the method exists.</returns>
    public static bool TryGetSignature(string typeName, string method, [NotNullWhen(true)] out PyFunctionSignature? signature)
    {
        if (typeName == "bool")
        {
            typeName = "int";
        }

        if (Tables.TryGetValue(typeName, out var table) && table.TryGetValue(method, out var fn))
        {
            signature = fn.Signature;
            return true;
        }

        signature = null;
        return false;
    }

    private static readonly Dictionary<string, Dictionary<string, MethodDescriptor>> Descriptors = BuildDescriptors();

    private static Dictionary<string, Dictionary<string, MethodDescriptor>> BuildDescriptors()
    {
        var result = new Dictionary<string, Dictionary<string, MethodDescriptor>>(StringComparer.Ordinal);
        foreach (var (typeName, table) in Tables)
        {
            var descriptors = new Dictionary<string, MethodDescriptor>(StringComparer.Ordinal);
            foreach (var (name, fn) in table)
            {
                descriptors.Add(name, new MethodDescriptor(typeName, fn));
            }

            result.Add(typeName, descriptors);
        }

        return result;
    }

    /// <summary>The unbound method <c>typeName.name</c> (<c>str.lower</c>), or null when the type has no such method.</summary>
    internal static MethodDescriptor? FindDescriptor(string typeName, string name) =>
        Descriptors.TryGetValue(typeName, out var table) && table.TryGetValue(name, out var descriptor) ? descriptor : null;

    /// <summary>Whether <paramref name="value"/> is an instance of the builtin type <paramref name="typeName"/> (a bool is an int).</summary>
    internal static bool IsInstance(PyObject value, string typeName) => typeName switch
    {
        "str" => value is PyStr,
        "list" => value is PyList,
        "dict" => value is PyDict,
        "set" => value is PySet,
        "tuple" => value is PyTuple,
        "int" => value is PyInt,
        "float" => value is PyFloat,
        _ => false,
    };

    internal static BuiltinFunction? Find(PyObject receiver, string name)
    {
        var typeName = receiver switch
        {
            PyStr => "str",
            PyList => "list",
            PyDict => "dict",
            PySet => "set",
            PyTuple => "tuple",
            PyInt => "int",
            PyFloat => "float",
            _ => null,
        };
        return typeName is not null && Tables[typeName].TryGetValue(name, out var fn) ? fn : null;
    }

    private static void Add(
        Dictionary<string, BuiltinFunction> table,
        string name,
        int min,
        int max,
        BuiltinBody body,
        string?[]? positionalNames = null,
        string[]? keywordOnly = null,
        bool anyKeywords = false) =>
        table.Add(name, new BuiltinFunction(new PyFunctionSignature(name, min, max, positionalNames, keywordOnly, anyKeywords), body));

    private static Dictionary<string, BuiltinFunction> BuildTuple()
    {
        var t = new Dictionary<string, BuiltinFunction>(StringComparer.Ordinal);
        Add(t, "index", 1, 3, static (m, self, in a) =>
        {
            var items = ((PyTuple)self).Items;
            var (s, e) = Arg.Bounds(a.Get(1), a.Get(2), items.Length);
            m.Step(items.Length);
            var i = PyOps.IndexOf(items, a[0], s, e);
            return i >= 0 ? PyInt.From(i) : throw PyException.ValueErr("tuple.index(x): x not in tuple");
        });
        Add(t, "count", 1, 1, static (m, self, in a) => PyInt.From(Count(m, ((PyTuple)self).Items, a[0])));
        return t;
    }

    private static long Count(ExecutionMeter meter, IReadOnlyList<PyObject> items, PyObject x)
    {
        meter.Step(items.Count);
        long n = 0;
        foreach (var item in items)
        {
            if (ReferenceEquals(item, x) || PyOps.Equal(item, x))
            {
                n++;
            }
        }

        return n;
    }

    private static Dictionary<string, BuiltinFunction> BuildInt()
    {
        var t = new Dictionary<string, BuiltinFunction>(StringComparer.Ordinal);
        Add(t, "bit_length", 0, 0, static (m, self, in a) =>
        {
            var self64 = (PyInt)self;
            if (self64 is PyBigInt big)
            {
                return PyInt.From(BigIntMath.Bits(big.Big));
            }

            var v = self64.Small;
            var mag = v < 0 ? (ulong)(-(v + 1)) + 1 : (ulong)v;
            return PyInt.From(64 - System.Numerics.BitOperations.LeadingZeroCount(mag));
        });
        Add(t, "is_integer", 0, 0, static (m, self, in a) => PyBool.True);
        return t;
    }

    private static Dictionary<string, BuiltinFunction> BuildFloat()
    {
        var t = new Dictionary<string, BuiltinFunction>(StringComparer.Ordinal);
        Add(t, "is_integer", 0, 0, static (m, self, in a) =>
        {
            var v = ((PyFloat)self).Value;
            return PyBool.From(double.IsFinite(v) && v == Math.Floor(v));
        });
        return t;
    }

    private static Dictionary<string, BuiltinFunction> BuildList()
    {
        var t = new Dictionary<string, BuiltinFunction>(StringComparer.Ordinal);
        Add(t, "append", 1, 1, static (m, self, in a) =>
        {
            m.ChargeElements(1);
            ((PyList)self).Items.Add(a[0]);
            return PyNone.Instance;
        });
        Add(t, "extend", 1, 1, static (m, self, in a) =>
        {
            PyOps.ListExtend(m, (PyList)self, a[0]);
            return PyNone.Instance;
        });
        Add(t, "insert", 2, 2, static (m, self, in a) =>
        {
            var items = ((PyList)self).Items;
            var i = Arg.Int(a[0]);
            if (i < 0)
            {
                i = Math.Max(0, i + items.Count);
            }

            m.ChargeElements(1);
            items.Insert((int)Math.Min(i, items.Count), a[1]);
            return PyNone.Instance;
        });
        Add(t, "pop", 0, 1, static (m, self, in a) =>
        {
            var items = ((PyList)self).Items;
            if (items.Count == 0)
            {
                throw PyException.Index("pop from empty list");
            }

            var i = a.Count > 0 ? Arg.Int(a[0]) : -1;
            if (i < 0)
            {
                i += items.Count;
            }

            if (i < 0 || i >= items.Count)
            {
                throw PyException.Index("pop index out of range");
            }

            var v = items[(int)i];
            items.RemoveAt((int)i);
            return v;
        });
        Add(t, "remove", 1, 1, static (m, self, in a) =>
        {
            var items = ((PyList)self).Items;
            m.Step(items.Count);
            var i = PyOps.IndexOf(items, a[0], 0, items.Count);
            if (i < 0)
            {
                throw PyException.ValueErr("list.remove(x): x not in list");
            }

            items.RemoveAt(i);
            return PyNone.Instance;
        });
        Add(t, "index", 1, 3, static (m, self, in a) =>
        {
            var items = ((PyList)self).Items;
            var (s, e) = Arg.Bounds(a.Get(1), a.Get(2), items.Count);
            m.Step(items.Count);
            var i = PyOps.IndexOf(items, a[0], s, e);
            return i >= 0 ? PyInt.From(i) : throw PyException.ValueErr($"{PyOps.Repr(m, a[0])} is not in list");
        });
        Add(t, "count", 1, 1, static (m, self, in a) => PyInt.From(Count(m, ((PyList)self).Items, a[0])));
        Add(t, "sort", 0, 0, static (m, self, in a) =>
        {
            var list = (PyList)self;
            var sorted = Sorting.Sort(m, list.Items, a.Keyword("key"), Arg.Bool(a.Keyword("reverse"), false));
            list.Items.Clear();
            list.Items.AddRange(sorted);
            return PyNone.Instance;
        }, keywordOnly: ["key", "reverse"]);
        Add(t, "reverse", 0, 0, static (m, self, in a) =>
        {
            ((PyList)self).Items.Reverse();
            return PyNone.Instance;
        });
        Add(t, "copy", 0, 0, static (m, self, in a) =>
        {
            var items = ((PyList)self).Items;
            m.ChargeElements(items.Count);
            return new PyList(items);
        });
        Add(t, "clear", 0, 0, static (m, self, in a) =>
        {
            ((PyList)self).Items.Clear();
            return PyNone.Instance;
        });
        return t;
    }

    private static Dictionary<string, BuiltinFunction> BuildDict()
    {
        var t = new Dictionary<string, BuiltinFunction>(StringComparer.Ordinal);
        Add(t, "get", 1, 2, static (m, self, in a) =>
            ((PyDict)self).Table.TryGetValue(a[0], out var v) ? v : a.Get(1) ?? PyNone.Instance);
        Add(t, "keys", 0, 0, static (m, self, in a) => new PyDictView((PyDict)self, DictViewKind.Keys));
        Add(t, "values", 0, 0, static (m, self, in a) => new PyDictView((PyDict)self, DictViewKind.Values));
        Add(t, "items", 0, 0, static (m, self, in a) => new PyDictView((PyDict)self, DictViewKind.Items));
        Add(t, "pop", 1, 2, static (m, self, in a) =>
        {
            if (((PyDict)self).Table.Remove(a[0], out var v))
            {
                return v;
            }

            return a.Get(1) ?? throw PyException.Key(a[0]);
        });
        Add(t, "popitem", 0, 0, static (m, self, in a) =>
            ((PyDict)self).Table.TryPopLast(out var k, out var v)
                ? PyTuple.Pair(k, v)
                : throw PyException.KeyMessage("popitem(): dictionary is empty"));
        Add(t, "setdefault", 1, 2, static (m, self, in a) =>
        {
            var table = ((PyDict)self).Table;
            if (table.TryGetValue(a[0], out var v))
            {
                return v;
            }

            var d = a.Get(1) ?? PyNone.Instance;
            m.ChargeEntries(1);
            table.Set(a[0], d);
            return d;
        });
        Add(t, "update", 0, 1, static (m, self, in a) =>
        {
            var dict = (PyDict)self;
            if (a.Count > 0)
            {
                UpdateFrom(m, dict, a[0]);
            }

            foreach (var kw in a.Keywords)
            {
                m.ChargeEntries(1);
                dict.Table.Set(PyStr.From(kw.Name), kw.Value);
            }

            return PyNone.Instance;
        }, anyKeywords: true);
        Add(t, "copy", 0, 0, static (m, self, in a) =>
        {
            var d = (PyDict)self;
            m.ChargeEntries(d.Count);
            return new PyDict(d.Table.Copy());
        });
        Add(t, "clear", 0, 0, static (m, self, in a) =>
        {
            ((PyDict)self).Table.Clear();
            return PyNone.Instance;
        });
        return t;
    }

    internal static void UpdateFrom(ExecutionMeter meter, PyDict dict, PyObject source)
    {
        if (source is PyDict other)
        {
            PyOps.DictUpdate(meter, dict, other);
            return;
        }

        var it = PyOps.GetIterator(meter, source);
        var index = 0;
        while (it.MoveNext(meter, out var element))
        {
            meter.Step();
            PyObject key, value;
            switch (element)
            {
                case PyTuple { Count: 2 } tp:
                    key = tp[0];
                    value = tp[1];
                    break;
                case PyList { Count: 2 } lp:
                    key = lp[0];
                    value = lp[1];
                    break;
                case PyTuple or PyList or PyStr or PyRange or PyDict or PySet or PyDictView or PyIterator:
                    var pair = PyOps.ToList(meter, element);
                    if (pair.Count != 2)
                    {
                        throw PyException.ValueErr($"dictionary update sequence element #{index} has length {pair.Count}; 2 is required");
                    }

                    key = pair[0];
                    value = pair[1];
                    break;
                default:
                    throw PyException.Type($"cannot convert dictionary update sequence element #{index} to a sequence");
            }

            if (dict.Table.Set(key, value))
            {
                meter.ChargeEntries(1);
            }

            index++;
        }
    }

    private static Dictionary<string, BuiltinFunction> BuildSet()
    {
        var t = new Dictionary<string, BuiltinFunction>(StringComparer.Ordinal);
        Add(t, "add", 1, 1, static (m, self, in a) =>
        {
            if (((PySet)self).Table.Set(a[0], PyNone.Instance))
            {
                m.ChargeEntries(1);
            }

            return PyNone.Instance;
        });
        Add(t, "discard", 1, 1, static (m, self, in a) =>
        {
            ((PySet)self).Table.Remove(a[0], out _);
            return PyNone.Instance;
        });
        Add(t, "remove", 1, 1, static (m, self, in a) =>
            ((PySet)self).Table.Remove(a[0], out _) ? PyNone.Instance : throw PyException.Key(a[0]));
        Add(t, "pop", 0, 0, static (m, self, in a) =>
            ((PySet)self).Table.TryPopFirst(out var k) ? k : throw PyException.KeyMessage("pop from an empty set"));
        AddSetAlgebra(t, "union", PyBinaryOp.BitOr);
        AddSetAlgebra(t, "intersection", PyBinaryOp.BitAnd);
        AddSetAlgebra(t, "difference", PyBinaryOp.Sub);
        Add(t, "symmetric_difference", 1, 1, static (m, self, in a) =>
            SetOps.Combine(m, PyBinaryOp.BitXor, (PySet)self, SetOps.AsSet(m, a[0])));
        Add(t, "issubset", 1, 1, static (m, self, in a) => PyBool.From(SetOps.IsSubset((PySet)self, SetOps.AsSet(m, a[0]))));
        Add(t, "issuperset", 1, 1, static (m, self, in a) => PyBool.From(SetOps.IsSubset(SetOps.AsSet(m, a[0]), (PySet)self)));
        Add(t, "isdisjoint", 1, 1, static (m, self, in a) =>
            PyBool.From(SetOps.Combine(m, PyBinaryOp.BitAnd, (PySet)self, SetOps.AsSet(m, a[0])).Count == 0));
        Add(t, "update", 0, -1, static (m, self, in a) =>
        {
            var set = (PySet)self;
            foreach (var other in a.Positional)
            {
                var it = PyOps.GetIterator(m, other);
                while (it.MoveNext(m, out var x))
                {
                    m.Step();
                    if (set.Table.Set(x, PyNone.Instance))
                    {
                        m.ChargeEntries(1);
                    }
                }
            }

            return PyNone.Instance;
        });
        Add(t, "copy", 0, 0, static (m, self, in a) =>
        {
            var s = (PySet)self;
            m.ChargeEntries(s.Count);
            return new PySet(s.Table.Copy());
        });
        Add(t, "clear", 0, 0, static (m, self, in a) =>
        {
            ((PySet)self).Table.Clear();
            return PyNone.Instance;
        });
        return t;
    }

    private static void AddSetAlgebra(Dictionary<string, BuiltinFunction> t, string name, PyBinaryOp op)
    {
        Add(t, name, 0, -1, (m, self, in a) =>
        {
            var result = (PySet)self;
            if (a.Count == 0)
            {
                m.ChargeEntries(result.Count);
                return new PySet(result.Table.Copy());
            }

            foreach (var other in a.Positional)
            {
                result = SetOps.Combine(m, op, result, SetOps.AsSet(m, other));
            }

            return result;
        });
    }
}
