using System.Diagnostics.CodeAnalysis;

namespace Neptune.Language.Runtime;

/// <summary>
/// A Python iterator. Subclasses (the interpreter's generators, host sequences) produce one item per
/// <see cref="MoveNext"/>; builtins that drain iterators charge one step per item.
/// </summary>
public abstract class PyIterator : PyObject
{
    /// <summary>Initialises the iterator.</summary>
    protected PyIterator()
    {
    }

    /// <inheritdoc />
    public override string TypeName => "iterator";

    /// <summary>Produces the next item, or returns <see langword="false"/> once exhausted.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="item">The item.</param>
    /// <returns><see langword="true"/> while items remain.</returns>
    public abstract bool MoveNext(ExecutionMeter meter, [NotNullWhen(true)] out PyObject? item);
}

/// <summary>The view objects returned by <c>dict.keys()</c>, <c>values()</c> and <c>items()</c>; live and ordered.</summary>
public sealed class PyDictView : PyObject
{
    internal PyDictView(PyDict dict, DictViewKind kind)
    {
        Dict = dict;
        Kind = kind;
    }

    internal PyDict Dict { get; }

    internal DictViewKind Kind { get; }

    /// <inheritdoc />
    public override string TypeName => Kind switch
    {
        DictViewKind.Keys => "dict_keys",
        DictViewKind.Values => "dict_values",
        _ => "dict_items",
    };
}

internal enum DictViewKind
{
    Keys,
    Values,
    Items,
}

internal sealed class ListIterator(PyList list, bool reversed) : PyIterator
{
    private long _index = reversed ? list.Count - 1 : 0;

    public override string TypeName => reversed ? "list_reverseiterator" : "list_iterator";

    public override bool MoveNext(ExecutionMeter meter, [NotNullWhen(true)] out PyObject? item)
    {
        var items = list.Items;
        if (reversed)
        {
            if (_index >= 0 && _index < items.Count)
            {
                item = items[(int)_index--];
                return true;
            }

            _index = -1;
        }
        else if (_index < items.Count)
        {
            item = items[(int)_index++];
            return true;
        }

        item = null;
        return false;
    }
}

internal sealed class ArrayIterator(PyObject[] items, bool reversed, string typeName) : PyIterator
{
    private int _index = reversed ? items.Length - 1 : 0;

    public override string TypeName => typeName;

    public override bool MoveNext(ExecutionMeter meter, [NotNullWhen(true)] out PyObject? item)
    {
        if (reversed ? _index >= 0 : _index < items.Length)
        {
            item = items[reversed ? _index-- : _index++];
            return true;
        }

        item = null;
        return false;
    }
}

internal sealed class StrIterator(string text, bool reversed) : PyIterator
{
    private int _index = reversed ? text.Length - 1 : 0;

    public override string TypeName => reversed ? "reversed" : "str_ascii_iterator";

    public override bool MoveNext(ExecutionMeter meter, [NotNullWhen(true)] out PyObject? item)
    {
        if (reversed ? _index >= 0 : _index < text.Length)
        {
            item = PyStr.FromChar(text[reversed ? _index-- : _index++]);
            return true;
        }

        item = null;
        return false;
    }
}

internal sealed class RangeIterator(PyRange range, bool reversed) : PyIterator
{
    private long _index;

    public override string TypeName => "range_iterator";

    public override bool MoveNext(ExecutionMeter meter, [NotNullWhen(true)] out PyObject? item)
    {
        if (_index < range.Length)
        {
            var i = reversed ? range.Length - 1 - _index : _index;
            _index++;
            item = PyInt.From(range.At(i));
            return true;
        }

        item = null;
        return false;
    }
}

internal sealed class TableIterator(OrderedTable table, DictViewKind kind, bool isSet) : PyIterator
{
    private readonly int _count = table.Count;
    private readonly int _version = table.Version;
    private int _position;

    public override string TypeName => isSet ? "set_iterator" : kind switch
    {
        DictViewKind.Keys => "dict_keyiterator",
        DictViewKind.Values => "dict_valueiterator",
        _ => "dict_itemiterator",
    };

    public override bool MoveNext(ExecutionMeter meter, [NotNullWhen(true)] out PyObject? item)
    {
        if (table.Version != _version)
        {
            _position = int.MaxValue;
            if (table.Count != _count)
            {
                throw new PyException(PyErrorKind.RuntimeError, isSet ? "Set changed size during iteration" : "dictionary changed size during iteration");
            }

            throw new PyException(PyErrorKind.RuntimeError, isSet ? "Set changed size during iteration" : "dictionary keys changed during iteration");
        }

        if (table.Next(ref _position, out var key, out var value))
        {
            item = kind switch
            {
                DictViewKind.Keys => key,
                DictViewKind.Values => value,
                _ => PyTuple.Pair(key, value),
            };
            return true;
        }

        item = null;
        return false;
    }
}

internal sealed class EnumerateIterator(PyIterator source, long start) : PyIterator
{
    private long _next = start;

    public override string TypeName => "enumerate";

    public override bool MoveNext(ExecutionMeter meter, [NotNullWhen(true)] out PyObject? item)
    {
        if (source.MoveNext(meter, out var inner))
        {
            item = PyTuple.Pair(PyInt.From(_next), inner);
            _next = checked(_next + 1);
            return true;
        }

        item = null;
        return false;
    }
}

internal sealed class ZipIterator(PyIterator[] sources) : PyIterator
{
    private bool _done = sources.Length == 0;

    public override string TypeName => "zip";

    public override bool MoveNext(ExecutionMeter meter, [NotNullWhen(true)] out PyObject? item)
    {
        if (!_done)
        {
            meter.ChargeElements(sources.Length);
            var row = new PyObject[sources.Length];
            for (var i = 0; i < sources.Length; i++)
            {
                if (!sources[i].MoveNext(meter, out var x))
                {
                    _done = true;
                    item = null;
                    return false;
                }

                row[i] = x;
            }

            item = PyTuple.Adopt(row);
            return true;
        }

        item = null;
        return false;
    }
}

internal sealed class MapIterator(PyObject function, PyIterator[] sources) : PyIterator
{
    private bool _done;

    public override string TypeName => "map";

    public override bool MoveNext(ExecutionMeter meter, [NotNullWhen(true)] out PyObject? item)
    {
        item = null;
        if (_done)
        {
            return false;
        }

        var row = new PyObject[sources.Length];
        for (var i = 0; i < sources.Length; i++)
        {
            if (!sources[i].MoveNext(meter, out var x))
            {
                _done = true;
                return false;
            }

            row[i] = x;
        }

        item = PyOps.Call(meter, function, row, []);
        return true;
    }
}

internal sealed class FilterIterator(PyObject? predicate, PyIterator source) : PyIterator
{
    public override string TypeName => "filter";

    public override bool MoveNext(ExecutionMeter meter, [NotNullWhen(true)] out PyObject? item)
    {
        while (source.MoveNext(meter, out var x))
        {
            meter.Step();
            var keep = predicate is null ? PyOps.IsTruthy(x) : PyOps.IsTruthy(PyOps.Call(meter, predicate, [x], []));
            if (keep)
            {
                item = x;
                return true;
            }
        }

        item = null;
        return false;
    }
}
