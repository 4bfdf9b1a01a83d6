using System.Buffers;
using Neptune.Logic.Internal;

namespace Neptune.Logic;

public sealed partial class SoftLogic
{
    /// <summary>
    /// Existential quantification over one variable: max (Gödel), 1 − Π(1 − p) (Product), min(1, Σp) (Łukasiewicz),
    /// any p ≥ threshold (Crisp). The empty domain gives 0. With <see cref="LogicOptions.DistinctVariables"/> on, objects
    /// bound by the other variables of a cell are skipped.
    /// </summary>
    /// <param name="t">The formula.</param>
    /// <param name="variable">The variable to quantify; the result no longer has it.</param>
    /// <exception cref="VariableException">The tensor has no such variable.</exception>
    public SoftTensor Exists(SoftTensor t, string variable) => Quantify(t, variable, exists: true);

    /// <summary>
    /// Universal quantification over one variable: min (Gödel), Π p (Product), max(0, 1 − Σ(1 − p)) (Łukasiewicz),
    /// all p ≥ threshold (Crisp). The empty domain gives 1. With <see cref="LogicOptions.DistinctVariables"/> on, objects
    /// bound by the other variables of a cell count as true.
    /// </summary>
    /// <param name="t">The formula.</param>
    /// <param name="variable">The variable to quantify; the result no longer has it.</param>
    /// <exception cref="VariableException">The tensor has no such variable.</exception>
    public SoftTensor Forall(SoftTensor t, string variable) => Quantify(t, variable, exists: false);

    /// <summary>
    /// The number of objects satisfying a formula, as an exact distribution. Other variables of the tensor are first
    /// eliminated with <see cref="Exists"/>. Under the soft logics the objects are independent Bernoulli trials
    /// (Poisson-binomial); under Crisp the distribution is a point mass at the cut count.
    /// </summary>
    /// <param name="t">The formula.</param>
    /// <param name="variable">The variable whose objects are counted.</param>
    /// <exception cref="VariableException">The tensor has no such variable.</exception>
    /// <exception cref="TensorTooLargeException">More uncertain cells than <see cref="LogicOptions.MaxCountTrials"/>.</exception>
    public SoftCount Count(SoftTensor t, string variable)
    {
        SoftTensor reduced = ReduceTo(t, variable);
        return CountOf(reduced.Values);
    }

    /// <summary>
    /// The number of true cells over all variables (tuples of objects), as an exact distribution. With
    /// <see cref="LogicOptions.DistinctVariables"/> on, cells where two variables bind the same object are not tuples of
    /// distinct objects and are not counted (N is then the number of such tuples). A rank-0 tensor counts as one trial.
    /// </summary>
    /// <param name="t">The formula.</param>
    /// <exception cref="TensorTooLargeException">More uncertain cells than <see cref="LogicOptions.MaxCountTrials"/>.</exception>
    public SoftCount CountAll(SoftTensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (!Options.DistinctVariables || t.Rank < 2)
        {
            return CountOf(t.Values);
        }

        float[] rented = ArrayPool<float>.Shared.Rent(Math.Max(1, t.Length));
        try
        {
            int m = 0;
            if (t.Length > 0)
            {
                Span<int> index = stackalloc int[t.Rank];
                ReadOnlySpan<float> src = t.Values;
                int cell = 0;
                do
                {
                    if (!TensorLayout.HasRepeat(index))
                    {
                        rented[m++] = src[cell];
                    }

                    cell++;
                }
                while (TensorLayout.Increment(index, t.DomainSize));
            }

            return CountOf(rented.AsSpan(0, m));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The unique object satisfying a formula ("the x such that …"). Other variables are first eliminated with
    /// <see cref="Exists"/>. The distribution is t_i / Σ t (or a softmax, per <see cref="LogicOptions.Iota"/>); under
    /// Crisp it is uniform over the objects at or above the threshold. Uniqueness is P(count = 1) (Crisp: 1 when exactly
    /// one object passes, else 0). An empty domain or an all-zero formula gives a degenerate result, not an exception.
    /// </summary>
    /// <param name="t">The formula.</param>
    /// <param name="variable">The variable to select an object for.</param>
    /// <exception cref="VariableException">The tensor has no such variable.</exception>
    public IotaResult Iota(SoftTensor t, string variable)
    {
        SoftTensor reduced = ReduceTo(t, variable);
        ReadOnlySpan<float> v = reduced.Values;
        int n = v.Length;
        if (n == 0)
        {
            return new IotaResult(variable, [], -1, 0f, IotaDegeneracy.EmptyDomain);
        }

        var distribution = new float[n];
        float uniqueness;
        if (_kind == LogicKind.Crisp)
        {
            int passing = 0;
            foreach (float p in v)
            {
                if (p >= _threshold)
                {
                    passing++;
                }
            }

            if (passing == 0)
            {
                return new IotaResult(variable, distribution, -1, 0f, IotaDegeneracy.NoCandidate);
            }

            float share = 1f / passing;
            for (int i = 0; i < n; i++)
            {
                distribution[i] = v[i] >= _threshold ? share : 0f;
            }

            uniqueness = passing == 1 ? 1f : 0f;
        }
        else
        {
            double sum = 0.0;
            float max = 0f;
            foreach (float p in v)
            {
                sum += p;
                max = MathF.Max(max, p);
            }

            if (!(sum > 0.0))
            {
                return new IotaResult(variable, distribution, -1, 0f, IotaDegeneracy.NoCandidate);
            }

            if (Options.Iota == IotaNormalization.Softmax)
            {
                double temperature = Options.IotaTemperature;
                double z = 0.0;
                for (int i = 0; i < n; i++)
                {
                    z += Math.Exp((v[i] - max) / temperature);
                }

                for (int i = 0; i < n; i++)
                {
                    distribution[i] = (float)(Math.Exp((v[i] - max) / temperature) / z);
                }
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    distribution[i] = (float)(v[i] / sum);
                }
            }

            uniqueness = (float)PoissonBinomial.ExactlyOne(v);
        }

        return new IotaResult(variable, distribution, IndexOfMax(distribution), uniqueness, IotaDegeneracy.None);
    }

    /// <summary>
    /// The object with the highest score for a variable (ties: lowest index). Other variables are first eliminated with
    /// <see cref="Exists"/>; a rank-1 input is read as is under every logic. Degenerate (index −1) on an empty domain.
    /// </summary>
    /// <param name="t">The formula.</param>
    /// <param name="variable">The variable to select an object for.</param>
    /// <exception cref="VariableException">The tensor has no such variable.</exception>
    public ArgmaxResult Argmax(SoftTensor t, string variable)
    {
        SoftTensor reduced = ReduceTo(t, variable);
        if (reduced.Length == 0)
        {
            return new ArgmaxResult(-1, 0f);
        }

        int best = IndexOfMax(reduced.Values);
        return new ArgmaxResult(best, reduced.Values[best]);
    }

    private static int IndexOfMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private SoftCount CountOf(ReadOnlySpan<float> values)
    {
        var distribution = new double[values.Length + 1];
        int cut = 0;
        foreach (float p in values)
        {
            if (p >= _threshold)
            {
                cut++;
            }
        }

        if (_kind == LogicKind.Crisp)
        {
            distribution[cut] = 1.0;
        }
        else
        {
            PoissonBinomial.Compute(values, distribution, Options.MaxCountTrials);
        }

        return new SoftCount(distribution, cut);
    }

    /// <summary>Eliminates every variable but <paramref name="variable"/> with exists.</summary>
    private SoftTensor ReduceTo(SoftTensor t, string variable)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(variable);
        t.RequireAxis(variable);
        SoftTensor current = t;
        foreach (string other in t.VariableArray)
        {
            if (!string.Equals(other, variable, StringComparison.Ordinal))
            {
                current = Exists(current, other);
            }
        }

        return current;
    }

    private SoftTensor Quantify(SoftTensor t, string variable, bool exists)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(variable);
        int axis = t.RequireAxis(variable);
        int n = t.DomainSize;
        int rank = t.Rank;
        string[] outVariables = Without(t.VariableArray, axis);
        var result = new float[TensorLayout.Power(n, rank - 1)];
        float neutral = exists ? 0f : 1f;
        float[] rented = ArrayPool<float>.Shared.Rent(Math.Max(1, t.Length));
        try
        {
            Span<float> work = rented.AsSpan(0, t.Length);
            MoveAxisLast(t, axis, work);
            if (Options.DistinctVariables && rank >= 2)
            {
                FillBound(work, rank - 1, n, neutral);
            }

            for (int c = 0; c < result.Length; c++)
            {
                Span<float> slice = work.Slice(c * n, n);
                result[c] = exists ? Reductions.Exists(_kind, slice, _threshold) : Reductions.Forall(_kind, slice, _threshold);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }

        return new SoftTensor(outVariables, n, result);
    }

    private static string[] Without(string[] variables, int axis)
    {
        var result = new string[variables.Length - 1];
        for (int k = 0, j = 0; k < variables.Length; k++)
        {
            if (k != axis)
            {
                result[j++] = variables[k];
            }
        }

        return result;
    }

    /// <summary>Copies the tensor with <paramref name="axis"/> moved to the innermost position.</summary>
    private static void MoveAxisLast(SoftTensor t, int axis, Span<float> destination)
    {
        int rank = t.Rank;
        if (axis == rank - 1)
        {
            t.Values.CopyTo(destination);
            return;
        }

        Span<int> perm = stackalloc int[rank];
        for (int k = 0, j = 0; k < rank; k++)
        {
            if (k != axis)
            {
                perm[j++] = k;
            }
        }

        perm[rank - 1] = axis;
        TensorLayout.Permute(t.Values, rank, t.DomainSize, perm, destination);
    }

    /// <summary>
    /// In a buffer of slices (outer axes = <paramref name="outerRank"/> bound variables, inner axis = the quantified one),
    /// sets the inner positions equal to any bound object to <paramref name="value"/>.
    /// </summary>
    private static void FillBound(Span<float> work, int outerRank, int n, float value)
    {
        if (work.Length == 0)
        {
            return;
        }

        Span<int> index = stackalloc int[outerRank];
        int offset = 0;
        do
        {
            for (int k = 0; k < outerRank; k++)
            {
                work[offset + index[k]] = value;
            }

            offset += n;
        }
        while (TensorLayout.Increment(index, n));
    }
}
