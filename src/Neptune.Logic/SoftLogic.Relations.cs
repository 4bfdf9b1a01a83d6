using System.Buffers;
using System.Numerics.Tensors;
using Neptune.Logic.Internal;

namespace Neptune.Logic;

public sealed partial class SoftLogic
{
    /// <summary>
    /// Relational composition: ∃ join. r ∧ s, evaluated in one pass without materialising the conjunction. The result
    /// equals <c>Exists(And(r, s), joinVariable)</c> exactly, including masking and the size and variable limits of the
    /// conjunction.
    /// </summary>
    /// <param name="r">The first relation; must have <paramref name="joinVariable"/>.</param>
    /// <param name="s">The second relation; must have <paramref name="joinVariable"/>.</param>
    /// <param name="joinVariable">The shared variable to join on and quantify away.</param>
    /// <exception cref="VariableException">A relation lacks the join variable, or the conjunction would exceed <see cref="SoftTensor.MaxRank"/> variables.</exception>
    /// <exception cref="DomainMismatchException">The relations range over domains of different sizes.</exception>
    /// <exception cref="TensorTooLargeException">The conjunction would exceed <see cref="LogicOptions.MaxCells"/>.</exception>
    public SoftTensor Compose(SoftTensor r, SoftTensor s, string joinVariable)
    {
        Check(r, s);
        ArgumentNullException.ThrowIfNull(joinVariable);
        r.RequireAxis(joinVariable);
        s.RequireAxis(joinVariable);
        int n = Broadcast.ResolveDomain(r, s);
        string[] union = Broadcast.Union(r.VariableArray, s.VariableArray);
        SoftTensor.CellCount(union.Length, n, Options.MaxCells);
        string[] outVariables = Without(union, TensorLayout.IndexOf(union, joinVariable));

        float[] rWork = Broadcast.InOrderOf(r, JoinLast(outVariables, r.VariableArray, joinVariable));
        float[] sWork = Broadcast.InOrderOf(s, JoinLast(outVariables, s.VariableArray, joinVariable));
        Span<int> rStride = stackalloc int[outVariables.Length];
        Span<int> sStride = stackalloc int[outVariables.Length];
        OuterStrides(outVariables, r.VariableArray, n, rStride);
        OuterStrides(outVariables, s.VariableArray, n, sStride);

        var result = new float[TensorLayout.Power(n, outVariables.Length)];
        switch (_kind)
        {
            case LogicKind.Godel:
                ComposeCore<GodelAnd>(rWork, sWork, rStride, sStride, n, result);
                break;
            case LogicKind.Product:
                ComposeCore<ProductAnd>(rWork, sWork, rStride, sStride, n, result);
                break;
            case LogicKind.Lukasiewicz:
                ComposeCore<LukasiewiczAnd>(rWork, sWork, rStride, sStride, n, result);
                break;
            default:
                ComposeCore<CrispAnd>(rWork, sWork, rStride, sStride, n, result);
                break;
        }

        return new SoftTensor(outVariables, n, result);
    }

    /// <summary>
    /// Relational conjunction with an iota'd argument (NePTune, LEFT): for every other cell of the relation,
    /// Σ_y p_y · r(…, y, …) where p is the iota distribution, clamped to [0, 1]. With
    /// <see cref="LogicOptions.DistinctVariables"/> on, terms where y equals an object bound by another variable of the
    /// cell are left out (the weights are not renormalised). Under Crisp the relation is thresholded, the weighted sum
    /// is taken, and the result is 1 when it reaches the threshold. A degenerate iota gives all zeros.
    /// </summary>
    /// <param name="target">The distribution of the referent.</param>
    /// <param name="relation">The relation; must have <paramref name="boundVariable"/>.</param>
    /// <param name="boundVariable">The relation's variable the referent fills; the result no longer has it.</param>
    /// <exception cref="VariableException">The relation lacks the variable.</exception>
    /// <exception cref="DomainMismatchException">The iota and the relation range over domains of different sizes.</exception>
    public SoftTensor RelateIota(IotaResult target, SoftTensor relation, string boundVariable)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(relation);
        ArgumentNullException.ThrowIfNull(boundVariable);
        int axis = relation.RequireAxis(boundVariable);
        int n = relation.DomainSize;
        if (target.DomainSize != n)
        {
            throw new DomainMismatchException(n, target.DomainSize,
                $"The iota over '{target.Variable}' ranges over {target.DomainSize} objects but the relation over ({string.Join(", ", relation.VariableArray)}) over {n}.");
        }

        int rank = relation.Rank;
        string[] outVariables = Without(relation.VariableArray, axis);
        var result = new float[TensorLayout.Power(n, rank - 1)];
        if (result.Length == 0 || n == 0)
        {
            return new SoftTensor(outVariables, n, result);
        }

        ReadOnlySpan<float> p = target.Distribution;
        bool mask = Options.DistinctVariables;
        float[]? rented = axis == rank - 1 ? null : ArrayPool<float>.Shared.Rent(relation.Length);
        try
        {
            ReadOnlySpan<float> work;
            if (rented is null)
            {
                work = relation.Values;
            }
            else
            {
                MoveAxisLast(relation, axis, rented.AsSpan(0, relation.Length));
                work = rented.AsSpan(0, relation.Length);
            }

            Span<int> index = stackalloc int[rank - 1];
            int c = 0;
            do
            {
                ReadOnlySpan<float> slice = work.Slice(c * n, n);
                if (_kind == LogicKind.Crisp)
                {
                    double sum = 0.0;
                    for (int y = 0; y < n; y++)
                    {
                        if (slice[y] >= _threshold && !(mask && index.Contains(y)))
                        {
                            sum += p[y];
                        }
                    }

                    result[c] = sum >= _threshold ? 1f : 0f;
                }
                else
                {
                    double sum = TensorPrimitives.Dot(p, slice);
                    if (mask)
                    {
                        for (int k = 0; k < index.Length; k++)
                        {
                            int y = index[k];
                            if (!index[..k].Contains(y))
                            {
                                sum -= p[y] * slice[y];
                            }
                        }
                    }

                    result[c] = (float)Math.Clamp(sum, 0.0, 1.0);
                }

                c++;
            }
            while (TensorLayout.Increment(index, n));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }

        return new SoftTensor(outVariables, n, result);
    }

    private void ComposeCore<TAnd>(float[] r, float[] s, ReadOnlySpan<int> rStride, ReadOnlySpan<int> sStride, int n, float[] result)
        where TAnd : IBinaryOp
    {
        if (result.Length == 0)
        {
            return;
        }

        bool mask = Options.DistinctVariables;
        float[] rented = ArrayPool<float>.Shared.Rent(Math.Max(1, n));
        try
        {
            Span<float> scratch = rented.AsSpan(0, n);
            Span<int> index = stackalloc int[rStride.Length];
            int c = 0;
            do
            {
                if (mask && TensorLayout.HasRepeat(index))
                {
                    result[c++] = 0f;
                    continue;
                }

                int ro = 0, so = 0;
                for (int k = 0; k < index.Length; k++)
                {
                    ro += index[k] * rStride[k];
                    so += index[k] * sStride[k];
                }

                BinaryKernel.Apply<TAnd>(r.AsSpan(ro, n), s.AsSpan(so, n), scratch, _threshold);
                if (mask)
                {
                    for (int k = 0; k < index.Length; k++)
                    {
                        scratch[index[k]] = 0f;
                    }
                }

                result[c++] = Reductions.Exists(_kind, scratch, _threshold);
            }
            while (TensorLayout.Increment(index, n));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>The variables of one relation in output order, followed by the join variable.</summary>
    private static string[] JoinLast(string[] outVariables, string[] relation, string joinVariable)
    {
        var order = new string[relation.Length];
        int j = 0;
        foreach (string v in outVariables)
        {
            if (TensorLayout.IndexOf(relation, v) >= 0)
            {
                order[j++] = v;
            }
        }

        order[j] = joinVariable;
        return order;
    }

    /// <summary>For each output axis, its stride in the relation laid out by <see cref="JoinLast"/> (0 when absent).</summary>
    private static void OuterStrides(string[] outVariables, string[] relation, int n, Span<int> stride)
    {
        int position = 0;
        for (int k = 0; k < outVariables.Length; k++)
        {
            if (TensorLayout.IndexOf(relation, outVariables[k]) >= 0)
            {
                stride[k] = TensorLayout.Power(n, relation.Length - 1 - position);
                position++;
            }
            else
            {
                stride[k] = 0;
            }
        }
    }
}
