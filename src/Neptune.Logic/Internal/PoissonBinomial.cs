using System.Buffers;
using System.Numerics.Tensors;

namespace Neptune.Logic.Internal;

/// <summary>The exact distribution of the number of successes among independent Bernoulli(p_i) trials.</summary>
internal static class PoissonBinomial
{
    /// <summary>
    /// Fills <paramref name="distribution"/> (length = trials + 1, zeroed) with P(count = k). Trials with p = 0 or p = 1 are
    /// accounted for without a dynamic-programming step; the others cost O(trials) each.
    /// </summary>
    public static void Compute(ReadOnlySpan<float> p, Span<double> distribution, int maxUncertain)
    {
        int ones = 0;
        int uncertain = 0;
        foreach (float v in p)
        {
            if (v >= 1f)
            {
                ones++;
            }
            else if (v > 0f)
            {
                uncertain++;
            }
        }

        if (uncertain > maxUncertain)
        {
            throw new TensorTooLargeException(uncertain, maxUncertain,
                $"An exact count over {uncertain} uncertain cells exceeds the limit of {maxUncertain}; reduce the tensor first or raise LogicOptions.MaxCountTrials.");
        }

        double[] rented = ArrayPool<double>.Shared.Rent(uncertain + 1);
        try
        {
            Span<double> cur = distribution;
            Span<double> next = rented;
            cur[0] = 1.0;
            int m = 0; // trials folded in so far; cur[0..m] is live.
            foreach (float v in p)
            {
                if (!(v > 0f && v < 1f))
                {
                    continue;
                }

                double q = 1.0 - v;
                TensorPrimitives.Multiply(cur[..(m + 1)], q, next[..(m + 1)]);
                next[m + 1] = 0.0;
                var shifted = next.Slice(1, m + 1);
                TensorPrimitives.MultiplyAdd(cur[..(m + 1)], (double)v, shifted, shifted);
                m++;
                var swap = cur;
                cur = next;
                next = swap;
            }

            // cur holds P(uncertain successes = k) for k ≤ m; shift by the certain successes.
            cur[..(m + 1)].CopyTo(distribution.Slice(ones, m + 1));
            distribution[..ones].Clear();
            distribution[(ones + m + 1)..].Clear();
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>P(exactly one success), in O(n): Σ_i p_i Π_{j≠i} (1 − p_j).</summary>
    public static double ExactlyOne(ReadOnlySpan<float> p)
    {
        int ones = 0;
        double none = 1.0;     // Π over uncertain (1 − p_j)
        double ratio = 0.0;    // Σ over uncertain p_i / (1 − p_i)
        foreach (float v in p)
        {
            if (v >= 1f)
            {
                ones++;
            }
            else if (v > 0f)
            {
                none *= 1.0 - v;
                ratio += v / (1.0 - v);
            }
        }

        return ones switch
        {
            0 => Math.Clamp(none * ratio, 0.0, 1.0),
            1 => none,
            _ => 0.0,
        };
    }
}
