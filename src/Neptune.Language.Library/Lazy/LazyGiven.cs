using System.Numerics.Tensors;
using Neptune.Logic;

namespace Neptune.Language.Library.Lazy;

/// <summary>
/// <c>r.given(v, iota)</c> of a rank-2 relation: for each object c of the other variable, Σ_y p_y · r(c, y) (Crisp:
/// Σ over y with r ≥ t, then ≥ t), the eager <see cref="SoftLogic.RelateIota"/>. Only the relation cells of likely
/// referents are scored first: "left of the sphere" needs one column of the relation when the sphere is certain.
/// </summary>
internal sealed class LazyGiven : LazyTensor
{
    private readonly LazyTensor _relation;
    private readonly LazyIota _iota;
    private readonly bool _boundIsLast;
    private readonly bool _mask;

    public LazyGiven(LazyTensor relation, string boundVariable, LazyIota iota)
        : base(relation.Context, [relation.Variables[relation.Variables[1] == boundVariable ? 0 : 1]], relation.DomainSize)
    {
        _relation = relation;
        _iota = iota;
        _boundIsLast = relation.Variables[1] == boundVariable;
        _mask = Logic.Options.DistinctVariables;
    }

    public override int Cost => DomainSize + 1;

    private bool Crisp => Logic.Options.Kind == LogicKind.Crisp;

    private float Threshold => Logic.Options.CrispThreshold;

    private int RelationCell(int c, int y) => _boundIsLast ? (c * DomainSize) + y : (y * DomainSize) + c;

    public override void Bounds(int cell, out float lo, out float hi)
    {
        int n = DomainSize;
        if (_iota.TryExact() is { } exact)
        {
            if (TryExactCell(cell, exact, out float value))
            {
                lo = hi = value;
                return;
            }
        }
        else if (Crisp)
        {
            lo = 0f;
            hi = 1f;
            return;
        }

        Span<double> plo = n <= 64 ? stackalloc double[n] : new double[n];
        Span<double> phi = n <= 64 ? stackalloc double[n] : new double[n];
        _iota.DistributionBounds(plo, phi);
        double low = 0.0, high = 0.0;
        for (int y = 0; y < n; y++)
        {
            if (_mask && y == cell)
            {
                continue;
            }

            _relation.Bounds(RelationCell(cell, y), out float rlo, out float rhi);
            if (Crisp)
            {
                // The distribution is exact here (Crisp bounds need it).
                low += rlo >= Threshold ? plo[y] : 0.0;
                high += rhi >= Threshold ? phi[y] : 0.0;
            }
            else
            {
                low += plo[y] * rlo;
                high += phi[y] * rhi;
            }
        }

        if (Crisp)
        {
            lo = low - 1e-9 >= Threshold ? 1f : 0f;
            hi = high + 1e-9 >= Threshold ? 1f : 0f;
            return;
        }

        // Slack above the rounding of the eager float dot product.
        double slack = 1e-5 + (n * 1e-7);
        lo = (float)Math.Clamp(low - slack, 0.0, 1.0);
        hi = (float)Math.Clamp(high + slack, 0.0, 1.0);
        if (lo > hi)
        {
            lo = hi;
        }
    }

    public override bool Propose(int cell, FetchPlan plan)
    {
        if (IsDetermined(cell))
        {
            return false;
        }

        int n = DomainSize;
        IotaResult? exact = _iota.TryExact();
        if (exact is null && Crisp)
        {
            return _iota.Propose(plan);
        }

        Span<double> plo = n <= 64 ? stackalloc double[n] : new double[n];
        Span<double> phi = n <= 64 ? stackalloc double[n] : new double[n];
        _iota.DistributionBounds(plo, phi);

        // The relation cell of the likeliest referent whose cell is unknown, against refining the referent itself.
        int bestY = -1;
        double bestWeight = 0.0;
        for (int y = 0; y < n; y++)
        {
            if (phi[y] <= 0.0 || (_mask && y == cell && !MaskNeedsCell()))
            {
                continue;
            }

            int rc = RelationCell(cell, y);
            float width = _relation.Width(rc);
            double weight = phi[y] * width;
            if (width > 0f && weight > bestWeight)
            {
                bestWeight = weight;
                bestY = y;
            }
        }

        double iotaWeight = exact is null ? _iota.Uncertainty() : 0.0;
        if (iotaWeight > 0.0 && iotaWeight >= bestWeight && _iota.Propose(plan))
        {
            return true;
        }

        if (bestY >= 0 && _relation.Propose(RelationCell(cell, bestY), plan))
        {
            return true;
        }

        return _iota.Propose(plan);
    }

    // Eager subtracts p[y] * r(y, y) for the masked term, so that cell counts when its weight is not 0.
    private bool MaskNeedsCell() => !Crisp;

    /// <summary>The eager cell when every relation cell with weight is known.</summary>
    private bool TryExactCell(int cell, IotaResult exact, out float value)
    {
        int n = DomainSize;
        ReadOnlySpan<float> p = exact.Distribution;
        value = 0f;
        if (exact.IsDegenerate || n == 0)
        {
            // A degenerate iota has an all-zero distribution: every cell is 0 (Crisp too: 0 ≥ t never holds).
            return true;
        }

        Span<float> slice = n <= 256 ? stackalloc float[n] : new float[n];
        for (int y = 0; y < n; y++)
        {
            slice[y] = 0f;
            bool needed = Crisp ? !(_mask && y == cell) && p[y] > 0f : p[y] > 0f;
            _relation.Bounds(RelationCell(cell, y), out float lo, out float hi);
            if (lo == hi)
            {
                slice[y] = lo;
            }
            else if (Crisp && needed && (lo >= Threshold || hi < Threshold))
            {
                slice[y] = lo >= Threshold ? 1f : 0f;
            }
            else if (needed)
            {
                return false;
            }
        }

        if (Crisp)
        {
            double sum = 0.0;
            for (int y = 0; y < n; y++)
            {
                if (slice[y] >= Threshold && !(_mask && y == cell))
                {
                    sum += p[y];
                }
            }

            value = sum >= Threshold ? 1f : 0f;
            return true;
        }

        double total = TensorPrimitives.Dot(p, slice);
        if (_mask)
        {
            total -= p[cell] * slice[cell];
        }

        value = (float)Math.Clamp(total, 0.0, 1.0);
        return true;
    }
}
