using System.Buffers;
using Neptune.Learning.BlackBoxes;

namespace Neptune.Learning.Estimators;

/// <summary>
/// An estimator that draws <see cref="K"/> categorical tuples per example (<see cref="Sampling.Categorical"/>) and
/// computes the loss and gradient from those samples alone; the deterministic part is
/// <see cref="LossFromSamples"/>, so tests can give it fixed samples.
/// </summary>
public abstract class SamplingEstimator : IGradientEstimator
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="k">Samples per example.</param>
    protected SamplingEstimator(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        K = k;
    }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>Samples per example.</summary>
    public int K { get; }

    /// <inheritdoc />
    public float Estimate(ReadOnlySpan<float> probabilities, int classes, string label, IBlackBox program, Random random, Span<float> gradient)
    {
        int positions = probabilities.Length / classes;
        int[] samples = ArrayPool<int>.Shared.Rent(K * positions);
        try
        {
            Sampling.Categorical(probabilities, classes, K, random, samples);
            return LossFromSamples(probabilities, classes, samples.AsSpan(0, K * positions), label, program, gradient);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(samples);
        }
    }

    /// <summary>The loss and dL/dp for given samples.</summary>
    /// <param name="probabilities">positions × classes.</param>
    /// <param name="classes">Classes per position.</param>
    /// <param name="samples">k × positions class indices.</param>
    /// <param name="label">The expected output.</param>
    /// <param name="program">The black box.</param>
    /// <param name="gradient">Receives dL/dp.</param>
    /// <returns>The loss.</returns>
    protected abstract float LossFromSamples(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> samples, string label, IBlackBox program, Span<float> gradient);
}
