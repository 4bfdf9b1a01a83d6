using Neptune.Learning.BlackBoxes;

namespace Neptune.Learning.Estimators;

/// <summary>
/// Estimates, for one example, a loss and its gradient with respect to the input distributions, given a black-box
/// program and the example's final output only.
/// </summary>
public interface IGradientEstimator
{
    /// <summary>The method's name in logs and summaries (<c>ised</c>, <c>reinforce</c>, <c>indecater</c>).</summary>
    string Name { get; }

    /// <summary>Estimates the loss of one example and dL/dp.</summary>
    /// <param name="probabilities">One distribution per input position: positions × classes values, rows summing to 1.</param>
    /// <param name="classes">Classes per position.</param>
    /// <param name="label">The expected output of the program.</param>
    /// <param name="program">The black box.</param>
    /// <param name="random">The example's seeded randomness (samples).</param>
    /// <param name="gradient">Receives dL/dp, laid out as <paramref name="probabilities"/> (overwritten).</param>
    /// <returns>The loss.</returns>
    float Estimate(ReadOnlySpan<float> probabilities, int classes, string label, IBlackBox program, Random random, Span<float> gradient);
}

/// <summary>Draws categorical samples.</summary>
public static class Sampling
{
    /// <summary>
    /// Draws <paramref name="k"/> tuples with replacement: sample j takes, for every position independently, a class
    /// from that position's distribution (inverse CDF; a class of probability 0 is never drawn).
    /// </summary>
    /// <param name="probabilities">positions × classes.</param>
    /// <param name="classes">Classes per position.</param>
    /// <param name="k">Samples.</param>
    /// <param name="random">The randomness.</param>
    /// <param name="samples">Receives k × positions class indices; sample j is <c>samples[j*positions .. (j+1)*positions)</c>.</param>
    public static void Categorical(ReadOnlySpan<float> probabilities, int classes, int k, Random random, Span<int> samples)
    {
        ArgumentNullException.ThrowIfNull(random);
        int positions = probabilities.Length / classes;
        for (int j = 0; j < k; j++)
        {
            for (int i = 0; i < positions; i++)
            {
                ReadOnlySpan<float> p = probabilities.Slice(i * classes, classes);
                double u = random.NextDouble();
                double sum = 0;
                int chosen = -1;
                int last = 0;
                for (int v = 0; v < classes; v++)
                {
                    if (p[v] <= 0)
                    {
                        continue;
                    }

                    last = v;
                    sum += p[v];
                    if (u < sum)
                    {
                        chosen = v;
                        break;
                    }
                }

                samples[(j * positions) + i] = chosen < 0 ? last : chosen;
            }
        }
    }
}
