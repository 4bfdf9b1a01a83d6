namespace Neptune.Photos;

/// <summary>The counts of a dataset or of one of its splits.</summary>
/// <param name="Images">Distinct images referred to.</param>
/// <param name="Refs">Refs (ref records; what counts as one depends on the dataset).</param>
/// <param name="Expressions">Expressions (sentences, questions).</param>
/// <param name="NoTarget">Expressions whose ref has no target.</param>
/// <param name="MultiTarget">Expressions whose ref has two or more targets.</param>
public sealed record SplitCounts(int Images, int Refs, int Expressions, int NoTarget, int MultiTarget);

/// <summary>The counts of a dataset: over everything read and per split (splits in name order).</summary>
/// <param name="Total">The counts over every split read.</param>
/// <param name="Splits">The counts per split.</param>
public sealed record DatasetStats(SplitCounts Total, IReadOnlyDictionary<string, SplitCounts> Splits)
{
    /// <summary>The same statistics with the top-level counts those of one split; the split table is kept.</summary>
    /// <param name="split">The split name.</param>
    /// <returns>The statistics of that split.</returns>
    /// <exception cref="PhotoDataException">The dataset has no such split.</exception>
    public DatasetStats ForSplit(string split)
    {
        ArgumentException.ThrowIfNullOrEmpty(split);
        return Splits.TryGetValue(split, out SplitCounts? counts)
            ? this with { Total = counts }
            : throw new PhotoDataException($"no split '{split}'; the data has {(Splits.Count == 0 ? "no splits" : string.Join(", ", Splits.Keys))}");
    }

    /// <summary>The statistics of refer-toolkit or gRefCOCO refs: one ref per record, one expression per sentence.</summary>
    /// <param name="refs">The refs.</param>
    /// <returns>The statistics.</returns>
    public static DatasetStats Of(IEnumerable<PhotoRef> refs)
    {
        ArgumentNullException.ThrowIfNull(refs);
        var builder = new DatasetStatsBuilder();
        foreach (PhotoRef r in refs)
        {
            builder.Add(r.Split, r.ImageId.ToString(System.Globalization.CultureInfo.InvariantCulture), r.RefId.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Sentences.Count, r.AnnIds.Count);
        }

        return builder.Build();
    }
}

/// <summary>Accumulates <see cref="DatasetStats"/> record by record.</summary>
public sealed class DatasetStatsBuilder
{
    private readonly Dictionary<string, Counter> _splits = new(StringComparer.Ordinal);
    private readonly Counter _total = new();

    /// <summary>Adds the expressions of one ref.</summary>
    /// <param name="split">The split.</param>
    /// <param name="image">The image's key (its id or file name).</param>
    /// <param name="refKey">The ref's key; a key seen before in the split adds no ref.</param>
    /// <param name="expressions">The expressions added.</param>
    /// <param name="targets">The ref's number of targets (0: no target).</param>
    public void Add(string split, string image, string refKey, int expressions, int targets)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(refKey);
        ArgumentOutOfRangeException.ThrowIfNegative(expressions);
        ArgumentOutOfRangeException.ThrowIfNegative(targets);
        if (!_splits.TryGetValue(split, out Counter? counter))
        {
            _splits[split] = counter = new Counter();
        }

        counter.Add(image, refKey, expressions, targets);
        _total.Add(image, split + "\u0001" + refKey, expressions, targets);
    }

    /// <summary>The statistics so far.</summary>
    /// <returns>The statistics.</returns>
    public DatasetStats Build() => new(
        _total.Counts(),
        _splits.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Value.Counts(), StringComparer.Ordinal));

    private sealed class Counter
    {
        private readonly HashSet<string> _images = new(StringComparer.Ordinal);
        private readonly HashSet<string> _refs = new(StringComparer.Ordinal);
        private int _expressions;
        private int _noTarget;
        private int _multiTarget;

        public void Add(string image, string refKey, int expressions, int targets)
        {
            _images.Add(image);
            _refs.Add(refKey);
            _expressions += expressions;
            if (targets == 0)
            {
                _noTarget += expressions;
            }
            else if (targets >= 2)
            {
                _multiTarget += expressions;
            }
        }

        public SplitCounts Counts() => new(_images.Count, _refs.Count, _expressions, _noTarget, _multiTarget);
    }
}
