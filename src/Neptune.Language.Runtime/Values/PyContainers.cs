namespace Neptune.Language.Runtime;

/// <summary>A mutable Python <c>list</c>.</summary>
public sealed class PyList : PyObject
{
    /// <summary>Creates an empty list.</summary>
    public PyList()
    {
        Items = [];
    }

    /// <summary>Creates a list holding <paramref name="items"/> (copied). Host-side construction is not metered.</summary>
    /// <param name="items">The elements.</param>
    public PyList(IEnumerable<PyObject> items)
    {
        Items = [.. items];
    }

    internal PyList(List<PyObject> items, bool adopt)
    {
        _ = adopt;
        Items = items;
    }

    internal List<PyObject> Items { get; }

    /// <summary>Number of elements.</summary>
    public int Count => Items.Count;

    /// <summary>The element at <paramref name="index"/> (0-based, non-negative).</summary>
    /// <param name="index">The index.</param>
    public PyObject this[int index] => Items[index];

    /// <inheritdoc />
    public override string TypeName => "list";
}

/// <summary>An immutable Python <c>tuple</c>.</summary>
public sealed class PyTuple : PyObject
{
    /// <summary>Creates a tuple holding <paramref name="items"/> (copied).</summary>
    /// <param name="items">The elements.</param>
    public PyTuple(ReadOnlySpan<PyObject> items)
    {
        Items = items.ToArray();
    }

    private PyTuple(PyObject[] items, bool adopt)
    {
        _ = adopt;
        Items = items;
    }

    /// <summary>The empty tuple.</summary>
    public static PyTuple Empty { get; } = new([], true);

    internal PyObject[] Items { get; }

    /// <summary>Number of elements.</summary>
    public int Count => Items.Length;

    /// <summary>The element at <paramref name="index"/> (0-based, non-negative).</summary>
    /// <param name="index">The index.</param>
    public PyObject this[int index] => Items[index];

    /// <inheritdoc />
    public override string TypeName => "tuple";

    internal static PyTuple Adopt(PyObject[] items) => items.Length == 0 ? Empty : new PyTuple(items, true);

    internal static PyTuple Pair(PyObject a, PyObject b) => new([a, b], true);
}

/// <summary>An insertion-ordered Python <c>dict</c>.</summary>
public sealed class PyDict : PyObject
{
    /// <summary>Creates an empty dict.</summary>
    public PyDict()
    {
        Table = new OrderedTable();
    }

    internal PyDict(OrderedTable table)
    {
        Table = table;
    }

    internal OrderedTable Table { get; }

    /// <summary>Number of entries.</summary>
    public int Count => Table.Count;

    /// <inheritdoc />
    public override string TypeName => "dict";

    /// <summary>Adds or replaces an entry (host-side, not metered).</summary>
    /// <param name="key">A hashable key.</param>
    /// <param name="value">The value.</param>
    public void Set(PyObject key, PyObject value) => Table.Set(key, value);

    /// <summary>Looks up <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value when found.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetValue(PyObject key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PyObject? value) =>
        Table.TryGetValue(key, out value);
}

/// <summary>
/// A Python <c>set</c>. Iteration (and therefore <c>repr</c>) follows insertion order, which deviates from
/// CPython's hash order; results agree whenever a program sorts or only tests membership.
/// </summary>
public sealed class PySet : PyObject
{
    /// <summary>Creates an empty set.</summary>
    public PySet()
    {
        Table = new OrderedTable();
    }

    internal PySet(OrderedTable table)
    {
        Table = table;
    }

    internal OrderedTable Table { get; }

    /// <summary>Number of elements.</summary>
    public int Count => Table.Count;

    /// <inheritdoc />
    public override string TypeName => "set";

    /// <summary>Adds <paramref name="item"/> (host-side, not metered).</summary>
    /// <param name="item">A hashable element.</param>
    public void Add(PyObject item) => Table.Set(item, PyNone.Instance);

    /// <summary>Membership test.</summary>
    /// <param name="item">The element.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(PyObject item) => Table.ContainsKey(item);
}

/// <summary>A Python <c>range</c>: an immutable arithmetic sequence.</summary>
public sealed class PyRange : PyObject
{
    /// <summary>Creates <c>range(start, stop, step)</c>.</summary>
    /// <param name="start">First value.</param>
    /// <param name="stop">Exclusive bound.</param>
    /// <param name="step">Non-zero increment.</param>
    /// <exception cref="PyException"><paramref name="step"/> is zero (<c>ValueError</c>).</exception>
    public PyRange(long start, long stop, long step)
    {
        if (step == 0)
        {
            throw PyException.ValueErr("range() arg 3 must not be zero");
        }

        Start = start;
        Stop = stop;
        Step = step;
        Int128 span = step > 0 ? (Int128)stop - start : (Int128)start - stop;
        Int128 absStep = step > 0 ? step : -(Int128)step;
        var length = span <= 0 ? 0 : (span + absStep - 1) / absStep;
        if (length > long.MaxValue)
        {
            throw PyException.Overflow("range() result has too many items");
        }

        Length = (long)length;
    }

    /// <summary>First value.</summary>
    public long Start { get; }

    /// <summary>Exclusive bound.</summary>
    public long Stop { get; }

    /// <summary>Increment.</summary>
    public long Step { get; }

    /// <summary>Number of values.</summary>
    public long Length { get; }

    /// <inheritdoc />
    public override string TypeName => "range";

    internal long At(long index) => Start + (index * Step);
}

/// <summary>A Python slice object (<c>a[start:stop:step]</c>); each bound is <c>None</c> or an int.</summary>
public sealed class PySlice : PyObject
{
    /// <summary>Creates a slice; pass <see cref="PyNone.Instance"/> for omitted bounds.</summary>
    /// <param name="start">Start bound.</param>
    /// <param name="stop">Stop bound.</param>
    /// <param name="step">Step.</param>
    public PySlice(PyObject start, PyObject stop, PyObject step)
    {
        Start = start;
        Stop = stop;
        Step = step;
    }

    /// <summary>Start bound.</summary>
    public PyObject Start { get; }

    /// <summary>Stop bound.</summary>
    public PyObject Stop { get; }

    /// <summary>Step.</summary>
    public PyObject Step { get; }

    /// <inheritdoc />
    public override string TypeName => "slice";

    /// <summary>Resolves the slice against a sequence of <paramref name="length"/> elements, as CPython's <c>slice.indices</c>.</summary>
    internal (long Start, long Stop, long Step, long Count) Indices(long length)
    {
        long step = Step is PyNone ? 1 : SliceIndex(Step);
        if (step == 0)
        {
            throw PyException.ValueErr("slice step cannot be zero");
        }

        long lower = step < 0 ? -1 : 0;
        long upper = step < 0 ? length - 1 : length;
        long start = Start is PyNone ? (step < 0 ? upper : lower) : Clamp(SliceIndex(Start), length, lower, upper);
        long stop = Stop is PyNone ? (step < 0 ? lower : upper) : Clamp(SliceIndex(Stop), length, lower, upper);
        long count;
        if (step > 0)
        {
            count = stop > start ? ((stop - start - 1) / step) + 1 : 0;
        }
        else
        {
            count = start > stop ? ((start - stop - 1) / -step) + 1 : 0;
        }

        return (start, stop, step, count);
    }

    private static long Clamp(long value, long length, long lower, long upper)
    {
        if (value < 0)
        {
            value += length;
            return value < lower ? lower : value;
        }

        return value > upper ? upper : value;
    }

    private static long SliceIndex(PyObject o) => o switch
    {
        PyBigInt b => b.Big.Sign < 0 ? long.MinValue + 1 : long.MaxValue,
        PyInt i => i.Small == long.MinValue ? long.MinValue + 1 : i.Small,
        _ => throw PyException.Type("slice indices must be integers or None or have an __index__ method"),
    };
}
