using Neptune.Learning.BlackBoxes;

namespace Neptune.Learning.Estimators;

/// <summary>
/// REINFORCE (score-function estimator): reward f_j = 1[P(s_j) = label] for k sampled tuples; the loss is
/// −(1/k) Σ_j a_j log p(s_j) with log p(s_j) = Σ_i log p_i(s_ji) and a_j = f_j, or, with the advantage baseline,
/// a_j = (f_j − mean f) / (std f + 1e-8) (std with Bessel's correction, as PyTorch's <c>std</c>).
/// </summary>
public sealed class Reinforce : SamplingEstimator
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="k">Samples per example.</param>
    /// <param name="baseline">Whether to use the normalised advantage instead of the raw reward.</param>
    public Reinforce(int k, bool baseline)
        : base(k)
    {
        Baseline = baseline;
    }

    /// <inheritdoc />
    public override string Name => "reinforce";

    /// <summary>Whether the advantage baseline is used.</summary>
    public bool Baseline { get; }

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
    /// <returns>The loss.</returns>
    public float FromSamples(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> samples, string label, IBlackBox program, Span<float> gradient)
    {
        ArgumentNullException.ThrowIfNull(program);
        int positions = probabilities.Length / classes;
        int k = samples.Length / positions;
        gradient[..probabilities.Length].Clear();
        Span<float> a = k <= 1024 ? stackalloc float[k] : new float[k];
        for (int j = 0; j < k; j++)
        {
            a[j] = program.Run(samples.Slice(j * positions, positions)) == label ? 1f : 0f;
        }

        if (Baseline)
        {
            double mean = 0;
            foreach (float f in a)
            {
                mean += f;
            }

            mean /= k;
            double variance = 0;
            foreach (float f in a)
            {
                variance += (f - mean) * (f - mean);
            }

            double std = k > 1 ? Math.Sqrt(variance / (k - 1)) : 0;
            for (int j = 0; j < k; j++)
            {
                a[j] = (float)((a[j] - mean) / (std + 1e-8));
            }
        }

        double loss = 0;
        for (int j = 0; j < k; j++)
        {
            if (a[j] == 0)
            {
                continue;
            }

            ReadOnlySpan<int> s = samples.Slice(j * positions, positions);
            double logp = 0;
            for (int i = 0; i < positions; i++)
            {
                int at = (i * classes) + s[i];
                float p = MathF.Max(probabilities[at], 1e-12f);
                logp += Math.Log(p);
                gradient[at] -= a[j] / (k * p);
            }

            loss -= a[j] * logp / k;
        }

        return (float)loss;
    }
}
