using System.Collections.Concurrent;

namespace Neptune.Learning.BlackBoxes;

/// <summary>
/// Runs an inner black box once per distinct symbol tuple and answers repeats from memory. Lookups of known tuples
/// allocate nothing (the table is searched by span).
/// </summary>
public sealed class MemoizedBlackBox : IBlackBox
{
    private readonly IBlackBox _inner;
    private readonly ConcurrentDictionary<int[], string?> _table;
    private readonly ConcurrentDictionary<int[], string?>.AlternateLookup<ReadOnlySpan<int>> _lookup;
    private long _calls;

    private readonly int _capacity;

    /// <summary>Wraps a black box.</summary>
    /// <param name="inner">The black box that is run on tuples not seen before.</param>
    /// <param name="capacity">Tuples kept at most; once full, new tuples are run and not kept.</param>
    public MemoizedBlackBox(IBlackBox inner, int capacity = 1_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _table = new ConcurrentDictionary<int[], string?>(TupleComparer.Instance);
        _lookup = _table.GetAlternateLookup<ReadOnlySpan<int>>();
    }

    /// <summary>Calls answered, from memory or not.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Distinct tuples run on the inner black box.</summary>
    public int Distinct => _table.Count;

    /// <inheritdoc />
    public string? Run(ReadOnlySpan<int> symbols)
    {
        Interlocked.Increment(ref _calls);
        if (_lookup.TryGetValue(symbols, out string? known))
        {
            return known;
        }

        string? output = _inner.Run(symbols);
        if (_table.Count < _capacity)
        {
            _table.TryAdd(symbols.ToArray(), output);
        }

        return output;
    }

    private sealed class TupleComparer : IEqualityComparer<int[]>, IAlternateEqualityComparer<ReadOnlySpan<int>, int[]>
    {
        public static readonly TupleComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(int[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<int> alternate, int[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<int> alternate) => Hash(alternate);

        public int[] Create(ReadOnlySpan<int> alternate) => alternate.ToArray();

        private static int Hash(ReadOnlySpan<int> values)
        {
            var h = default(HashCode);
            h.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
            return h.ToHashCode();
        }
    }
}
