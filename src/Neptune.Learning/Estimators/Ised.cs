using Neptune.Learning.BlackBoxes;
using Neptune.Neural;

namespace Neptune.Learning.Estimators;

/// <summary>How ISED aggregates the probabilities of sampled tuples.</summary>
public enum Semiring
{
    /// <summary>Weight of a tuple = product of its symbols' probabilities; r[y] = sum over tuples giving y.</summary>
    AddMult = 0,

    /// <summary>Weight of a tuple = minimum of its symbols' probabilities; r[y] = maximum over tuples giving y.</summary>
    MinMax = 1,
}

/// <summary>The summary ISED builds from its samples: the output space and r[y] for each output.</summary>
/// <param name="Outputs">The output space, in order.</param>
/// <param name="Scores">r[y] before normalisation, one per output.</param>
public sealed record IsedSummary(IReadOnlyList<string> Outputs, IReadOnlyList<float> Scores);

/// <summary>
/// ISED (infer, sample, estimate, descend; Solko-Breslin et al. 2024): sample k symbol tuples, run the program on each,
/// aggregate the tuples' probabilities per output in a semiring into r, L2-normalise r and take the binary
/// cross-entropy against the one-hot label over the output space.
/// </summary>
/// <remarks>
/// <para>
/// With samples s_1..s_k (duplicates kept) and outputs y_j = P(s_j) (failed runs dropped): add-mult weight
/// w_j = Π_i p_i(s_ji), r[y] = Σ_{j: y_j = y} w_j; min-max weight w_j = min_i p_i(s_ji), r[y] = max_{j: y_j = y} w_j.
/// q = r / max(‖r‖₂, 1e-12); L = (1/|Y|) Σ_y BCE(q_y, 1[y = label]). The gradient flows through the normalisation,
/// the aggregation (min-max: to the tuple and position that attain it) and the weights.
/// </para>
/// <para>
/// The output space Y is either fixed, or the union of the sampled outputs as in the reference implementation; outputs
/// never sampled have r = 0. When the label is outside Y the target is all zeros.
/// </para>
/// </remarks>
public sealed class Ised : SamplingEstimator
{
    private readonly Dictionary<string, int>? _fixedIndex;

    /// <summary>Creates the estimator.</summary>
    /// <param name="k">Samples per example.</param>
    /// <param name="semiring">The aggregation.</param>
    /// <param name="outputSpace">A fixed output space; null uses the outputs sampled for each example.</param>
    public Ised(int k, Semiring semiring = Semiring.AddMult, IReadOnlyList<string>? outputSpace = null)
        : base(k)
    {
        Semiring = semiring;
        OutputSpace = outputSpace;
        if (outputSpace is not null)
        {
            _fixedIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (string y in outputSpace)
            {
                if (!_fixedIndex.TryAdd(y, _fixedIndex.Count))
                {
                    throw new ArgumentException($"the output space lists '{y}' twice", nameof(outputSpace));
                }
            }
        }
    }

    /// <inheritdoc />
    public override string Name => "ised";

    /// <summary>The aggregation.</summary>
    public Semiring Semiring { get; }

    /// <summary>The fixed output space, or null for the sampled one.</summary>
    public IReadOnlyList<string>? OutputSpace { get; }

    /// <inheritdoc />
    protected override float LossFromSamples(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> samples, string label, IBlackBox program, Span<float> gradient)
        => FromSamples(probabilities, classes, samples, label, program, gradient, out _);

    /// <summary>The loss and gradient for given samples (the deterministic part of <see cref="SamplingEstimator.Estimate"/>).</summary>
    /// <param name="probabilities">positions × classes.</param>
    /// <param name="classes">Classes per position.</param>
    /// <param name="samples">k × positions class indices.</param>
    /// <param name="label">The expected output.</param>
    /// <param name="program">The black box.</param>
    /// <param name="gradient">Receives dL/dp.</param>
    /// <param name="summary">The output space and r before normalisation.</param>
    /// <returns>The loss; 0 (with a zero gradient) when no run succeeded.</returns>
    public float FromSamples(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> samples, string label, IBlackBox program, Span<float> gradient, out IsedSummary summary)
    {
        ArgumentNullException.ThrowIfNull(program);
        int positions = probabilities.Length / classes;
        int k = samples.Length / positions;
        gradient[..probabilities.Length].Clear();
        var index = _fixedIndex ?? new Dictionary<string, int>(StringComparer.Ordinal);
        var outputs = _fixedIndex is null ? new List<string>() : [.. OutputSpace!];
        int[] sampleOutput = new int[k];
        float[] weights = new float[k];
        for (int j = 0; j < k; j++)
        {
            ReadOnlySpan<int> s = samples.Slice(j * positions, positions);
            string? y = program.Run(s);
            if (y is null || !index.TryGetValue(y, out int yi))
            {
                if (y is null || _fixedIndex is not null)
                {
                    sampleOutput[j] = -1;
                    continue;
                }

                yi = outputs.Count;
                index[y] = yi;
                outputs.Add(y);
            }

            sampleOutput[j] = yi;
            weights[j] = Weight(probabilities, classes, s);
        }

        int m = outputs.Count;
        var r = new float[m];
        var best = new int[m];
        best.AsSpan().Fill(-1);
        for (int j = 0; j < k; j++)
        {
            int yi = sampleOutput[j];
            if (yi < 0)
            {
                continue;
            }

            if (Semiring == Semiring.AddMult)
            {
                r[yi] += weights[j];
            }
            else if (best[yi] < 0 || weights[j] > r[yi])
            {
                r[yi] = weights[j];
                best[yi] = j;
            }
        }

        summary = new IsedSummary(outputs, r);
        if (m == 0)
        {
            return 0;
        }

        double norm2 = 0;
        foreach (float v in r)
        {
            norm2 += (double)v * v;
        }

        float norm = (float)Math.Max(Math.Sqrt(norm2), 1e-12);
        var q = new float[m];
        var target = new float[m];
        for (int y = 0; y < m; y++)
        {
            q[y] = Math.Clamp(r[y] / norm, 0f, 1f);
        }

        if (index.TryGetValue(label, out int labelIndex))
        {
            target[labelIndex] = 1;
        }

        var dq = new float[m];
        float loss = Functions.BinaryCrossEntropy(q, target, dq);
        if (norm2 == 0)
        {
            return loss;
        }

        // Through q = r / ‖r‖: dr = (dq − q (q·dq)) / ‖r‖.
        double qdq = 0;
        for (int y = 0; y < m; y++)
        {
            qdq += (double)q[y] * dq[y];
        }

        var dr = new float[m];
        for (int y = 0; y < m; y++)
        {
            dr[y] = (float)((dq[y] - (q[y] * qdq)) / norm);
        }

        for (int j = 0; j < k; j++)
        {
            int yi = sampleOutput[j];
            if (yi < 0 || (Semiring == Semiring.MinMax && best[yi] != j))
            {
                continue;
            }

            WeightGradient(probabilities, classes, samples.Slice(j * positions, positions), dr[yi], gradient);
        }

        return loss;
    }

    private float Weight(ReadOnlySpan<float> p, int classes, ReadOnlySpan<int> s)
    {
        float w = Semiring == Semiring.AddMult ? 1f : float.MaxValue;
        for (int i = 0; i < s.Length; i++)
        {
            float pi = p[(i * classes) + s[i]];
            w = Semiring == Semiring.AddMult ? w * pi : MathF.Min(w, pi);
        }

        return w;
    }

    private void WeightGradient(ReadOnlySpan<float> p, int classes, ReadOnlySpan<int> s, float upstream, Span<float> gradient)
    {
        int n = s.Length;
        if (Semiring == Semiring.MinMax)
        {
            int argmin = 0;
            for (int i = 1; i < n; i++)
            {
                if (p[(i * classes) + s[i]] < p[(argmin * classes) + s[argmin]])
                {
                    argmin = i;
                }
            }

            gradient[(argmin * classes) + s[argmin]] += upstream;
            return;
        }

        // d(Π_i p_i)/dp_i = product of the others: prefix × suffix products (no division, exact with zeros).
        Span<float> prefix = n <= 64 ? stackalloc float[n + 1] : new float[n + 1];
        prefix[0] = 1;
        for (int i = 0; i < n; i++)
        {
            prefix[i + 1] = prefix[i] * p[(i * classes) + s[i]];
        }

        float suffix = 1;
        for (int i = n - 1; i >= 0; i--)
        {
            gradient[(i * classes) + s[i]] += upstream * prefix[i] * suffix;
            suffix *= p[(i * classes) + s[i]];
        }
    }
}
