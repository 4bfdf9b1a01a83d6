using Neptune.Learning.BlackBoxes;

namespace Neptune.Learning.Estimators;

/// <summary>
/// IndeCateR (De Smet et al. 2023): for each input position i and value v, position i of every one of k samples is set
/// to v and the program re-run, giving E[f | x_i = v] ≈ (1/k) Σ_j f(s_j with s_ji = v) with f = 1[output = label];
/// the loss is −log Σ_i Σ_v E[f | x_i = v] · p_i(v), the expectations held constant.
/// </summary>
/// <remarks>Costs positions × classes × k program runs per example (fewer with memoisation).</remarks>
public sealed class IndeCateR : SamplingEstimator
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="k">Samples per example.</param>
    public IndeCateR(int k)
        : base(k)
    {
    }

    /// <inheritdoc />
    public override string Name => "indecater";

    /// <inheritdoc />
    protected override float LossFromSamples(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> samples, string label, IBlackBox program, Span<float> gradient)
        => FromSamples(probabilities, classes, samples, label, program, gradient);

    /// <summary>The loss and gradient for given samples.</summary>
    /// <param name="probabilities">positions × classes.</param>
    /// <param name="classes">Classes per position.</param>
    /// <param name="samples">k × positions class indices.</param>
    /// <param name="label">The expected output.</param>
    /// <param name="program">The black box.</param>
    /// <param name="gradient">Receives dL/dp.</param>
    /// <returns>The loss; when no substitution reaches the label, log is clamped at −100 and the gradient is zero.</returns>
    public float FromSamples(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> samples, string label, IBlackBox program, Span<float> gradient)
    {
        ArgumentNullException.ThrowIfNull(program);
        int positions = probabilities.Length / classes;
        int k = samples.Length / positions;
        Span<int> tuple = positions <= 256 ? stackalloc int[positions] : new int[positions];
        Span<float> expectation = gradient[..probabilities.Length];
        double total = 0;
        for (int i = 0; i < positions; i++)
        {
            for (int v = 0; v < classes; v++)
            {
                int hits = 0;
                for (int j = 0; j < k; j++)
                {
                    samples.Slice(j * positions, positions).CopyTo(tuple);
                    tuple[i] = v;
                    hits += program.Run(tuple) == label ? 1 : 0;
                }

                float e = (float)hits / k;
                expectation[(i * classes) + v] = e;
                total += e * probabilities[(i * classes) + v];
            }
        }

        if (total <= 1e-12)
        {
            expectation.Clear();
            return 100f;
        }

        // dL/dp_i(v) = −E[f | x_i = v] / S.
        for (int at = 0; at < expectation.Length; at++)
        {
            expectation[at] = (float)(-expectation[at] / total);
        }

        return (float)-Math.Log(total);
    }
}
