using System.Diagnostics.CodeAnalysis;

namespace Neptune.Language.Runtime;

/// <summary>
/// Insertion-ordered hash table keyed by Python equality and hashing; backs both dict and set.
/// Entries live in an append-only array with tombstones, compacted when deletions dominate.
/// </summary>
internal sealed class OrderedTable
{
    private readonly Dictionary<PyObject, int> _index;
    private Entry[] _entries;
    private int _used;

    public OrderedTable(int capacity = 0)
    {
        _index = new Dictionary<PyObject, int>(capacity, PyKeyComparer.Instance);
        _entries = capacity == 0 ? [] : new Entry[capacity];
    }

    public int Count => _index.Count;

    /// <summary>Incremented on every insertion of a new key or removal; iterators use it to detect mutation.</summary>
    public int Version { get; private set; }

    public bool TryGetValue(PyObject key, [NotNullWhen(true)] out PyObject? value)
    {
        if (_index.TryGetValue(key, out var slot))
        {
            value = _entries[slot].Value!;
            return true;
        }

        value = null;
        return false;
    }

    public bool ContainsKey(PyObject key) => _index.ContainsKey(key);

    /// <summary>Inserts or replaces; returns <see langword="true"/> when the key was new. An existing key object is kept, as in CPython.</summary>
    public bool Set(PyObject key, PyObject value)
    {
        if (_index.TryGetValue(key, out var slot))
        {
            _entries[slot].Value = value;
            return false;
        }

        if (_used == _entries.Length)
        {
            if (_index.Count < _used / 2)
            {
                Compact();
            }
            else
            {
                Array.Resize(ref _entries, Math.Max(4, _entries.Length * 2));
            }
        }

        _entries[_used] = new Entry { Key = key, Value = value };
        _index.Add(key, _used);
        _used++;
        Version++;
        return true;
    }

    public bool Remove(PyObject key, [NotNullWhen(true)] out PyObject? value)
    {
        if (!_index.Remove(key, out var slot))
        {
            value = null;
            return false;
        }

        value = _entries[slot].Value!;
        _entries[slot] = default;
        Version++;
        if (_index.Count == 0)
        {
            _used = 0;
        }

        return true;
    }

    /// <summary>Removes and returns the last entry (dict.popitem order), or the first for set.pop.</summary>
    public bool TryPopLast(out PyObject key, out PyObject value)
    {
        for (var i = _used - 1; i >= 0; i--)
        {
            if (_entries[i].Key is { } k)
            {
                key = k;
                value = _entries[i].Value!;
                Remove(k, out _);
                return true;
            }
        }

        key = PyNone.Instance;
        value = PyNone.Instance;
        return false;
    }

    public bool TryPopFirst(out PyObject key)
    {
        for (var i = 0; i < _used; i++)
        {
            if (_entries[i].Key is { } k)
            {
                key = k;
                Remove(k, out _);
                return true;
            }
        }

        key = PyNone.Instance;
        return false;
    }

    public void Clear()
    {
        _index.Clear();
        Array.Clear(_entries, 0, _used);
        _used = 0;
        Version++;
    }

    /// <summary>Advances <paramref name="position"/> to the next live entry.</summary>
    public bool Next(ref int position, [NotNullWhen(true)] out PyObject? key, [NotNullWhen(true)] out PyObject? value)
    {
        while (position < _used)
        {
            ref var e = ref _entries[position++];
            if (e.Key is not null)
            {
                key = e.Key;
                value = e.Value!;
                return true;
            }
        }

        key = null;
        value = null;
        return false;
    }

    public OrderedTable Copy()
    {
        var copy = new OrderedTable(Count);
        var pos = 0;
        while (Next(ref pos, out var k, out var v))
        {
            copy.Set(k, v);
        }

        return copy;
    }

    private void Compact()
    {
        var j = 0;
        for (var i = 0; i < _used; i++)
        {
            if (_entries[i].Key is { } k)
            {
                _entries[j] = _entries[i];
                _index[k] = j;
                j++;
            }
        }

        Array.Clear(_entries, j, _used - j);
        _used = j;
    }

    private struct Entry
    {
        public PyObject? Key;
        public PyObject? Value;
    }
}

/// <summary>Python key semantics: <c>1 == 1.0 == True</c> share a slot; unhashable keys raise <c>TypeError</c>.</summary>
internal sealed class PyKeyComparer : IEqualityComparer<PyObject>
{
    public static readonly PyKeyComparer Instance = new();

    public bool Equals(PyObject? x, PyObject? y) => ReferenceEquals(x, y) || (x is not null && y is not null && PyOps.EqualsCore(x, y, 0));

    public int GetHashCode(PyObject obj) => PyOps.Hash(obj);
}
