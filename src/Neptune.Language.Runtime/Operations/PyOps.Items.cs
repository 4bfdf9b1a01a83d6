namespace Neptune.Language.Runtime;

public static partial class PyOps
{
    /// <summary><c>len(o)</c>.</summary>
    /// <param name="o">The value.</param>
    /// <returns>The length.</returns>
    public static long Length(PyObject o) => o switch
    {
        PyStr s => s.Value.Length,
        PyList l => l.Count,
        PyTuple t => t.Count,
        PyDict d => d.Count,
        PySet s => s.Count,
        PyRange r => r.Length,
        PyDictView v => v.Dict.Count,
        PyHostObject h when h.Length() is { } n => n,
        _ => throw PyException.Type($"object of type '{o.TypeName}' has no len()"),
    };

    /// <summary><c>o[index]</c>, including slices.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="o">The container.</param>
    /// <param name="index">An int, a <see cref="PySlice"/>, or a key.</param>
    /// <returns>The element.</returns>
    public static PyObject GetItem(ExecutionMeter meter, PyObject o, PyObject index)
    {
        ArgumentNullException.ThrowIfNull(meter);
        switch (o)
        {
            case PyList l:
                if (index is PyInt li)
                {
                    return l.Items[(int)Normalize(SequenceIndex(li), l.Count, "list index out of range")];
                }

                if (index is PySlice ls)
                {
                    var (start, _, step, count) = ls.Indices(l.Count);
                    meter.ChargeElements(count);
                    var result = new List<PyObject>((int)count);
                    for (long i = 0, j = start; i < count; i++, j += step)
                    {
                        result.Add(l.Items[(int)j]);
                    }

                    return new PyList(result, adopt: true);
                }

                throw PyException.Type($"list indices must be integers or slices, not {index.TypeName}");
            case PyTuple t:
                if (index is PyInt ti)
                {
                    return t.Items[(int)Normalize(SequenceIndex(ti), t.Count, "tuple index out of range")];
                }

                if (index is PySlice ts)
                {
                    var (start, _, step, count) = ts.Indices(t.Count);
                    if (step == 1 && count == t.Count)
                    {
                        return t;
                    }

                    meter.ChargeElements(count);
                    var arr = new PyObject[count];
                    for (long i = 0, j = start; i < count; i++, j += step)
                    {
                        arr[i] = t.Items[j];
                    }

                    return PyTuple.Adopt(arr);
                }

                throw PyException.Type($"tuple indices must be integers or slices, not {index.TypeName}");
            case PyStr s:
                if (index is PyInt si)
                {
                    return PyStr.FromChar(s.Value[(int)Normalize(SequenceIndex(si), s.Value.Length, "string index out of range")]);
                }

                if (index is PySlice ss)
                {
                    var (start, _, step, count) = ss.Indices(s.Value.Length);
                    if (step == 1)
                    {
                        return count == s.Value.Length ? s : PyStr.Create(meter, s.Value.Substring((int)start, (int)count));
                    }

                    var chars = new char[count];
                    for (long i = 0, j = start; i < count; i++, j += step)
                    {
                        chars[i] = s.Value[(int)j];
                    }

                    return PyStr.Create(meter, new string(chars));
                }

                throw PyException.Type($"string indices must be integers, not '{index.TypeName}'");
            case PyRange r:
                if (index is PyInt ri)
                {
                    return PyInt.From(r.At(Normalize(SequenceIndex(ri), r.Length, "range object index out of range")));
                }

                if (index is PySlice rs)
                {
                    var (start, _, step, count) = rs.Indices(r.Length);
                    var newStep = checked(r.Step * step);
                    var first = r.At(start);
                    return new PyRange(first, first + (count * newStep), newStep);
                }

                throw PyException.Type($"range indices must be integers or slices, not {index.TypeName}");
            case PyDict d:
                return d.Table.TryGetValue(index, out var v) ? v : throw PyException.Key(index);
            case PyHostObject h when h.CallMethod(meter, "__getitem__", [index], []) is { } hv:
                return hv;
            default:
                throw PyException.Type($"'{o.TypeName}' object is not subscriptable");
        }
    }

    /// <summary><c>o[index] = value</c> for lists (int index or slice) and dicts.</summary>
    /// <remarks>
    /// A slice with step 1 replaces its range with the elements of any iterable, growing or shrinking the list;
    /// an extended slice needs exactly as many elements as it selects. The new elements are charged to the
    /// element budget.
    /// </remarks>
    /// <param name="meter">The run's meter.</param>
    /// <param name="o">The container.</param>
    /// <param name="index">Index or key.</param>
    /// <param name="value">The value to store.</param>
    public static void SetItem(ExecutionMeter meter, PyObject o, PyObject index, PyObject value)
    {
        ArgumentNullException.ThrowIfNull(meter);
        switch (o)
        {
            case PyList l when index is PyInt i:
                l.Items[(int)Normalize(SequenceIndex(i), l.Count, "list assignment index out of range")] = value;
                return;
            case PyList l when index is PySlice s:
                AssignSlice(meter, l, s, value);
                return;
            case PyList:
                throw PyException.Type($"list indices must be integers or slices, not {index.TypeName}");
            case PyDict d:
                if (!d.Table.ContainsKey(index))
                {
                    meter.ChargeEntries(1);
                }

                d.Table.Set(index, value);
                return;
            case PyHostObject h when h.CallMethod(meter, "__setitem__", [index, value], []) is not null:
                return;
            default:
                throw PyException.Type($"'{o.TypeName}' object does not support item assignment");
        }
    }

    private static void AssignSlice(ExecutionMeter meter, PyList list, PySlice slice, PyObject value)
    {
        var (start, _, step, count) = slice.Indices(list.Count);
        if (!IsIterable(value))
        {
            throw PyException.Type(step == 1 ? "can only assign an iterable" : "must assign iterable to extended slice");
        }

        // Materialised first, so x[:] = x and x[::-1] = x read the old contents.
        var values = ToList(meter, value);
        var items = list.Items;
        if (step == 1)
        {
            items.RemoveRange((int)start, (int)count);
            items.InsertRange((int)start, values);
            return;
        }

        if (values.Count != count)
        {
            throw PyException.ValueErr($"attempt to assign sequence of size {values.Count} to extended slice of size {count}");
        }

        for (int i = 0, j = (int)start; i < values.Count; i++, j += (int)step)
        {
            items[j] = values[i];
        }
    }

    private static bool IsIterable(PyObject o) =>
        o is PyIterator or PyList or PyTuple or PyStr or PyRange or PyDict or PySet or PyDictView or PyHostObject;

    /// <summary><c>del o[index]</c> for lists and dicts.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="o">The container.</param>
    /// <param name="index">Index or key.</param>
    public static void DelItem(ExecutionMeter meter, PyObject o, PyObject index)
    {
        ArgumentNullException.ThrowIfNull(meter);
        switch (o)
        {
            case PyList l when index is PyInt i:
                l.Items.RemoveAt((int)Normalize(SequenceIndex(i), l.Count, "list assignment index out of range"));
                return;
            case PyDict d:
                if (!d.Table.Remove(index, out _))
                {
                    throw PyException.Key(index);
                }

                return;
            default:
                throw PyException.Type($"'{o.TypeName}' object doesn't support item deletion");
        }
    }

    /// <summary>An int used as a sequence index; CPython's <c>IndexError</c> when it does not fit 64 bits.</summary>
    private static long SequenceIndex(PyInt index) =>
        index is PyBigInt ? throw PyException.Index("cannot fit 'int' into an index-sized integer") : index.Small;

    private static long Normalize(long index, long length, string message)
    {
        if (index < 0)
        {
            index += length;
        }

        return index < 0 || index >= length ? throw PyException.Index(message) : index;
    }

    /// <summary><c>item in container</c>.</summary>
    /// <param name="meter">The run's meter (linear scans are charged as steps).</param>
    /// <param name="container">The container.</param>
    /// <param name="item">The element sought.</param>
    /// <returns>Whether it is present.</returns>
    public static bool Contains(ExecutionMeter meter, PyObject container, PyObject item)
    {
        ArgumentNullException.ThrowIfNull(meter);
        switch (container)
        {
            case PyStr s:
                return item is PyStr sub
                    ? s.Value.Contains(sub.Value, StringComparison.Ordinal)
                    : throw PyException.Type($"'in <string>' requires string as left operand, not {item.TypeName}");
            case PyList l:
                meter.Step(l.Count);
                return IndexOf(l.Items, item, 0, l.Count) >= 0;
            case PyTuple t:
                meter.Step(t.Count);
                return IndexOf(t.Items, item, 0, t.Count) >= 0;
            case PyDict d:
                return d.Table.ContainsKey(item);
            case PySet set:
                return set.Table.ContainsKey(item);
            case PyRange r:
                return RangeContains(r, item);
            case PyDictView v:
                switch (v.Kind)
                {
                    case DictViewKind.Keys:
                        return v.Dict.Table.ContainsKey(item);
                    case DictViewKind.Items:
                        return item is PyTuple { Count: 2 } pair && v.Dict.Table.TryGetValue(pair[0], out var value) && Equal(value, pair[1]);
                    default:
                        break;
                }

                break;
            case PyHostObject h:
                var r2 = h.CallMethod(meter, "__contains__", [item], []);
                return r2 is not null ? IsTruthy(r2) : throw PyException.Type($"argument of type '{container.TypeName}' is not iterable");
            case PyIterator:
                break;
            default:
                throw PyException.Type($"argument of type '{container.TypeName}' is not iterable");
        }

        var it = GetIterator(meter, container);
        while (it.MoveNext(meter, out var x))
        {
            meter.Step();
            if (ReferenceEquals(x, item) || Equal(x, item))
            {
                return true;
            }
        }

        return false;
    }

    internal static int IndexOf(IReadOnlyList<PyObject> items, PyObject item, int start, int stop)
    {
        for (var i = start; i < stop && i < items.Count; i++)
        {
            if (ReferenceEquals(items[i], item) || Equal(items[i], item))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool RangeContains(PyRange r, PyObject item)
    {
        long v;
        switch (item)
        {
            case PyBigInt:
                return false;
            case PyInt i:
                v = i.Value;
                break;
            case PyFloat f when f.Value == Math.Floor(f.Value) && Math.Abs(f.Value) < 9.2e18:
                v = (long)f.Value;
                break;
            default:
                return false;
        }

        if (r.Length == 0)
        {
            return false;
        }

        var last = r.At(r.Length - 1);
        var lo = Math.Min(r.Start, last);
        var hi = Math.Max(r.Start, last);
        return v >= lo && v <= hi && ((Int128)v - r.Start) % r.Step == 0;
    }

    /// <summary><c>iter(o)</c>.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="o">An iterable.</param>
    /// <returns>An iterator.</returns>
    public static PyIterator GetIterator(ExecutionMeter meter, PyObject o)
    {
        ArgumentNullException.ThrowIfNull(meter);
        return o switch
        {
            PyIterator it => it,
            PyList l => new ListIterator(l, reversed: false),
            PyTuple t => new ArrayIterator(t.Items, reversed: false, "tuple_iterator"),
            PyStr s => new StrIterator(s.Value, reversed: false),
            PyRange r => new RangeIterator(r, reversed: false),
            PyDict d => new TableIterator(d.Table, DictViewKind.Keys, isSet: false),
            PySet set => new TableIterator(set.Table, DictViewKind.Keys, isSet: true),
            PyDictView v => new TableIterator(v.Dict.Table, v.Kind, isSet: false),
            PyHostObject h when h.CallMethod(meter, "__iter__", [], []) is PyIterator hi => hi,
            _ => throw PyException.Type($"'{o.TypeName}' object is not iterable"),
        };
    }

    /// <summary>Drains an iterable into a new list, charging one element and one step per item.</summary>
    internal static List<PyObject> ToList(ExecutionMeter meter, PyObject iterable)
    {
        switch (iterable)
        {
            case PyList l:
                meter.ChargeElements(l.Count);
                return [.. l.Items];
            case PyTuple t:
                meter.ChargeElements(t.Count);
                return [.. t.Items];
            case PyRange r:
                meter.ChargeElements(r.Length);
                var list = new List<PyObject>((int)r.Length);
                for (long i = 0; i < r.Length; i++)
                {
                    list.Add(PyInt.From(r.At(i)));
                }

                return list;
        }

        var result = new List<PyObject>();
        var it = GetIterator(meter, iterable);
        while (it.MoveNext(meter, out var x))
        {
            meter.Step();
            meter.ChargeElements(1);
            result.Add(x);
        }

        return result;
    }

    /// <summary>Calls <paramref name="callable"/> with the given arguments.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="callable">The callee.</param>
    /// <param name="args">Positional arguments.</param>
    /// <param name="kwargs">Keyword arguments.</param>
    /// <returns>The result.</returns>
    public static PyObject Call(ExecutionMeter meter, PyObject callable, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs)
    {
        ArgumentNullException.ThrowIfNull(meter);
        return callable is PyCallable c
            ? c.Call(meter, args, kwargs)
            : throw PyException.Type($"'{callable.TypeName}' object is not callable");
    }

    /// <summary><c>o.name</c>: methods come back bound; a method read from its type (<c>str.lower</c>) comes back
    /// unbound, taking the receiver as its first argument; also module attributes and <c>e.args</c>.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="o">The receiver.</param>
    /// <param name="name">The attribute name.</param>
    /// <returns>The attribute value.</returns>
    public static PyObject GetAttribute(ExecutionMeter meter, PyObject o, string name)
    {
        ArgumentNullException.ThrowIfNull(meter);
        switch (o)
        {
            case PyModule m:
                return m.TryGetAttribute(name, out var attr)
                    ? attr
                    : throw new PyException(PyErrorKind.AttributeError, $"module '{m.Name}' has no attribute '{name}'");
            case PyExceptionObject e when name == "args":
                return e.Args;
            case PyRange r when name is "start" or "stop" or "step":
                return PyInt.From(name == "start" ? r.Start : name == "stop" ? r.Stop : r.Step);
            case PyHostObject h:
                return h.GetAttribute(meter, name) ?? new HostMethod(h, name);
            case BuiltinFunction { ConstructedType: { } typeName }:
                return PyMethods.FindDescriptor(typeName, name)
                    ?? throw new PyException(PyErrorKind.AttributeError, $"type object '{typeName}' has no attribute '{name}'");
        }

        if (PyMethods.Find(o, name) is { } method)
        {
            return new PyBoundMethod(o, method);
        }

        throw new PyException(PyErrorKind.AttributeError, $"'{o.TypeName}' object has no attribute '{name}'");
    }

    /// <summary><c>o.name(args)</c> without materialising a bound method.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="o">The receiver.</param>
    /// <param name="name">The method name.</param>
    /// <param name="args">Positional arguments.</param>
    /// <param name="kwargs">Keyword arguments.</param>
    /// <returns>The result.</returns>
    public static PyObject CallMethod(ExecutionMeter meter, PyObject o, string name, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs)
    {
        ArgumentNullException.ThrowIfNull(meter);
        if (o is PyHostObject h)
        {
            meter.ChargeHostCall();
            return h.CallMethod(meter, name, args, kwargs)
                ?? throw new PyException(PyErrorKind.AttributeError, $"'{o.TypeName}' object has no attribute '{name}'");
        }

        if (o is not PyModule && PyMethods.Find(o, name) is { } method)
        {
            return method.Invoke(meter, o, args, kwargs);
        }

        return Call(meter, GetAttribute(meter, o, name), args, kwargs);
    }

    private sealed class HostMethod(PyHostObject host, string name) : PyCallable
    {
        public override string Name => name;

        public override string TypeName => "method";

        public override PyObject Call(ExecutionMeter meter, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs) =>
            CallMethod(meter, host, name, args, kwargs);

        public override string Repr() => $"<bound method {host.TypeName}.{name}>";
    }
}
