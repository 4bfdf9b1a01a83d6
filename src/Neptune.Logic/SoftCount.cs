namespace Neptune.Logic;

/// <summary>
/// The number of true cells as an exact distribution over 0..<see cref="N"/>, with the 0.5-cut count used at inference.
/// Immutable.
/// </summary>
/// <remarks>
/// Under the soft logics the cells are independent Bernoulli trials and the distribution is Poisson-binomial; under
/// <see cref="LogicKind.Crisp"/> it is a point mass at the number of cells at or above the crisp threshold.
/// </remarks>
public sealed class SoftCount
{
    private readonly double[] _distribution;

    internal SoftCount(double[] distribution, int cutCount)
    {
        _distribution = distribution;
        CutCount = cutCount;
        double expectation = 0.0;
        int mode = 0;
        for (int k = 0; k < distribution.Length; k++)
        {
            expectation += k * distribution[k];
            if (distribution[k] > distribution[mode])
            {
                mode = k;
            }
        }

        Expectation = expectation;
        Mode = mode;
    }

    /// <summary>P(count = k) for k = 0..N; sums to 1 up to rounding.</summary>
    public ReadOnlySpan<double> Distribution => _distribution;

    /// <summary>The number of trials (cells counted); the count ranges over 0..N.</summary>
    public int N => _distribution.Length - 1;

    /// <summary>The most probable count; ties go to the smallest.</summary>
    public int Mode { get; }

    /// <summary>E[count] = Σ k·P(count = k).</summary>
    public double Expectation { get; }

    /// <summary>The number of cells with p ≥ <see cref="LogicOptions.CrispThreshold"/> (0.5 by default): NePTune's inference count.</summary>
    public int CutCount { get; }

    /// <summary>P(count = k); 0 outside 0..N.</summary>
    /// <param name="k">The count.</param>
    public double ProbabilityEqual(int k) => (uint)k < (uint)_distribution.Length ? _distribution[k] : 0.0;

    /// <summary>P(count &gt; k).</summary>
    /// <param name="k">The count to exceed.</param>
    public double ProbabilityGreater(int k)
    {
        double sum = 0.0;
        for (int j = Math.Max(0, k + 1); j < _distribution.Length; j++)
        {
            sum += _distribution[j];
        }

        return Math.Clamp(sum, 0.0, 1.0);
    }

    /// <summary>P(count &lt; k).</summary>
    /// <param name="k">The count to stay below.</param>
    public double ProbabilityLess(int k)
    {
        double sum = 0.0;
        int end = Math.Min(k, _distribution.Length);
        for (int j = 0; j < end; j++)
        {
            sum += _distribution[j];
        }

        return Math.Clamp(sum, 0.0, 1.0);
    }

    /// <inheritdoc />
    public override string ToString()
        => FormattableString.Invariant($"SoftCount(N={N}, mode={Mode}, E={Expectation:0.###}, cut={CutCount})");
}
