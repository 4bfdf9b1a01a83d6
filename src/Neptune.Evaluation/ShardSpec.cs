using System.Globalization;

namespace Neptune.Evaluation;

/// <summary>
/// One of <see cref="Count"/> deterministic parts of a question file: shard K of N (1-based K) holds the questions whose
/// id modulo N equals K − 1. The shards of one N cover every question exactly once.
/// </summary>
public readonly record struct ShardSpec
{
    /// <summary>Creates shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    /// <param name="index">K, 1-based.</param>
    /// <param name="count">N, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 1 or K outside 1..N.</exception>
    public ShardSpec(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, count);
        _index = index;
        _count = count;
    }

    private readonly int _index;
    private readonly int _count;

    /// <summary>Every question (shard 1/1).</summary>
    public static ShardSpec All => new(1, 1);

    /// <summary>K, 1-based.</summary>
    public int Index => _count < 1 ? 1 : _index;

    /// <summary>N.</summary>
    public int Count => _count < 1 ? 1 : _count;

    /// <summary>Whether this is the whole file.</summary>
    public bool IsAll => Count <= 1;

    /// <summary>Whether a question belongs to this shard.</summary>
    /// <param name="id">The question id (non-negative).</param>
    /// <returns>True when id mod N = K − 1.</returns>
    public bool Contains(long id) => Count <= 1 || id % Count == Index - 1;

    /// <summary>Parses <c>K/N</c>.</summary>
    /// <param name="text">The text, e.g. <c>2/4</c>.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="error">Why the text is invalid.</param>
    /// <returns>Whether the text is a valid shard.</returns>
    public static bool TryParse(string? text, out ShardSpec shard, out string? error)
    {
        shard = All;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "expected K/N (for example 2/4), got an empty value";
            return false;
        }

        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !int.TryParse(text.AsSpan(0, slash).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            || !int.TryParse(text.AsSpan(slash + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            error = $"expected K/N with whole numbers (for example 2/4), got '{text}'";
            return false;
        }

        if (n < 1 || k < 1 || k > n)
        {
            error = $"shard '{text}' is out of range: N must be at least 1 and K between 1 and N";
            return false;
        }

        shard = new ShardSpec(k, n);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index.ToString(CultureInfo.InvariantCulture)}/{Count.ToString(CultureInfo.InvariantCulture)}";
}
