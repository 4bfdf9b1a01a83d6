namespace Neptune.Logic;

/// <summary>Why an iota has no referent.</summary>
public enum IotaDegeneracy
{
    /// <summary>Not degenerate: the distribution sums to 1.</summary>
    None = 0,

    /// <summary>The domain has no objects.</summary>
    EmptyDomain = 1,

    /// <summary>No object has a positive score (under <see cref="LogicKind.Crisp"/>: none reaches the threshold).</summary>
    NoCandidate = 2,
}

/// <summary>
/// The unique object described by a formula, as a distribution over the domain plus the confidence that exactly one
/// object satisfies it. Immutable. A degenerate result (no referent) is a value, not an exception.
/// </summary>
public sealed class IotaResult
{
    private readonly float[] _distribution;

    internal IotaResult(string variable, float[] distribution, int mostLikely, float uniqueness, IotaDegeneracy degeneracy)
    {
        Variable = variable;
        _distribution = distribution;
        MostLikely = mostLikely;
        Uniqueness = uniqueness;
        Degeneracy = degeneracy;
    }

    /// <summary>The variable the object was selected for.</summary>
    public string Variable { get; }

    /// <summary>The number of objects in the domain.</summary>
    public int DomainSize => _distribution.Length;

    /// <summary>P(the referent is object i); sums to 1, or all zeros when degenerate.</summary>
    public ReadOnlySpan<float> Distribution => _distribution;

    /// <summary>The index with the highest probability (ties: lowest index), or −1 when degenerate.</summary>
    public int MostLikely { get; }

    /// <summary>Confidence that exactly one object satisfies the formula: P(count = 1). 0 when degenerate.</summary>
    public float Uniqueness { get; }

    /// <summary>Why there is no referent, or <see cref="IotaDegeneracy.None"/>.</summary>
    public IotaDegeneracy Degeneracy { get; }

    /// <summary>Whether there is no referent (empty domain or no candidate).</summary>
    public bool IsDegenerate => Degeneracy != IotaDegeneracy.None;

    /// <summary>The distribution as a rank-1 tensor over <see cref="Variable"/>.</summary>
    public SoftTensor ToTensor() => new([Variable], _distribution.Length, _distribution);

    /// <inheritdoc />
    public override string ToString()
        => IsDegenerate ? $"Iota({Variable}: {Degeneracy})" : FormattableString.Invariant($"Iota({Variable}: {MostLikely}, unique={Uniqueness:0.###})");
}

/// <summary>The object with the highest score, or a degenerate result on an empty domain.</summary>
public readonly record struct ArgmaxResult
{
    internal ArgmaxResult(int index, float value)
    {
        Index = index;
        Value = value;
    }

    /// <summary>The index of the best object (ties: lowest index), or −1 on an empty domain.</summary>
    public int Index { get; }

    /// <summary>The best score, or 0 on an empty domain.</summary>
    public float Value { get; }

    /// <summary>Whether the domain was empty.</summary>
    public bool IsDegenerate => Index < 0;
}
