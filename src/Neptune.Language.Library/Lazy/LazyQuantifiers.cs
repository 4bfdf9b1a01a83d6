using Neptune.Logic;

namespace Neptune.Language.Library.Lazy;

/// <summary>The cut count of a lazy rank-1 tensor, refining only the cells whose side of the threshold is open.</summary>
internal static class LazyQuantifiers
{
    /// <summary>The number of cells whose probability reaches the threshold (the eager count's cut), deciding each cell.</summary>
    public static int CutCount(LazyTensor t)
    {
        float threshold = t.Logic.Options.CrispThreshold;
        t.Resolve((x, c) =>
        {
            x.Bounds(c, out float lo, out float hi);
            return lo >= threshold || hi < threshold;
        });
        int count = 0;
        for (int c = 0; c < t.Length; c++)
        {
            t.Bounds(c, out float lo, out _);
            count += lo >= threshold ? 1 : 0;
        }

        return count;
    }
}

/// <summary>
/// <c>t.exists()</c> / <c>t.forall()</c> of a lazy rank-1 tensor as a lazy rank-0 tensor: an answer that only needs to
/// know whether the probability reaches the threshold stops at the first cell that decides it.
/// </summary>
/// <remarks>
/// Gödel: [max lo, max hi] (forall: min); Crisp: the same decided at the threshold; Product and Łukasiewicz: the
/// noisy-or / bounded sum of the bounds, widened by a slack above their rounding, and the eager reduction once every
/// cell is known.
/// </remarks>
internal sealed class LazyQuantified : LazyTensor
{
    private readonly LazyTensor _inner;
    private readonly bool _exists;
    private float? _exact;

    public LazyQuantified(LazyTensor inner, bool exists)
        : base(inner.Context, [], inner.DomainSize)
    {
        _inner = inner;
        _exists = exists;
    }

    private LogicKind Kind => Logic.Options.Kind;

    public override void Bounds(int cell, out float lo, out float hi)
    {
        int n = _inner.Length;
        if (n == 0)
        {
            lo = hi = _exists ? 0f : 1f;
            return;
        }

        if (_exact is { } known)
        {
            lo = hi = known;
            return;
        }

        float t = Logic.Options.CrispThreshold;
        if (Kind is LogicKind.Godel or LogicKind.Crisp)
        {
            float a = _exists ? 0f : 1f, b = _exists ? 0f : 1f;
            for (int c = 0; c < n; c++)
            {
                _inner.Bounds(c, out float l, out float h);
                a = _exists ? Math.Max(a, l) : Math.Min(a, l);
                b = _exists ? Math.Max(b, h) : Math.Min(b, h);
            }

            if (Kind == LogicKind.Crisp)
            {
                a = a >= t ? 1f : 0f;
                b = b >= t ? 1f : 0f;
            }

            lo = a;
            hi = b;
            return;
        }

        bool all = true;
        double low, high;
        if (Kind == LogicKind.Product)
        {
            double pl = 1.0, ph = 1.0;
            for (int c = 0; c < n; c++)
            {
                _inner.Bounds(c, out float l, out float h);
                all &= l == h;
                pl *= _exists ? 1.0 - l : l;
                ph *= _exists ? 1.0 - h : h;
            }

            (low, high) = _exists ? (1.0 - pl, 1.0 - ph) : (pl, ph);
        }
        else
        {
            double sl = 0.0, sh = 0.0;
            for (int c = 0; c < n; c++)
            {
                _inner.Bounds(c, out float l, out float h);
                all &= l == h;
                sl += l;
                sh += h;
            }

            (low, high) = _exists ? (Math.Min(1.0, sl), Math.Min(1.0, sh)) : (Math.Max(0.0, sl - (n - 1)), Math.Max(0.0, sh - (n - 1)));
        }

        if (all)
        {
            // Every cell known: the eager reduction itself.
            SoftTensor cells = _inner.Materialize();
            SoftTensor r = _exists ? Logic.Exists(cells, _inner.Variables[0]) : Logic.Forall(cells, _inner.Variables[0]);
            _exact = r.Values[0];
            lo = hi = _exact.Value;
            return;
        }

        double slack = 1e-5 + (n * 1e-6);
        lo = (float)Math.Clamp(low - slack, 0.0, 1.0);
        hi = (float)Math.Clamp(high + slack, 0.0, 1.0);
    }

    public override bool Propose(int cell, FetchPlan plan)
    {
        if (IsDetermined(0))
        {
            return false;
        }

        int n = _inner.Length;
        if (Kind is LogicKind.Godel or LogicKind.Crisp)
        {
            // The cell that can still be the extreme (or decide the threshold): the most open bound beyond the certain one.
            Bounds(0, out _, out _);
            float certain = _exists ? 0f : 1f;
            for (int c = 0; c < n; c++)
            {
                _inner.Bounds(c, out float l, out float h);
                certain = _exists ? Math.Max(certain, l) : Math.Min(certain, h);
            }

            int best = -1;
            float bound = certain;
            for (int c = 0; c < n; c++)
            {
                _inner.Bounds(c, out float l, out float h);
                if (l != h && (_exists ? h > bound : l < bound))
                {
                    best = c;
                    bound = _exists ? h : l;
                }
            }

            if (best >= 0 && _inner.Propose(best, plan))
            {
                return true;
            }
        }

        bool any = false;
        for (int c = 0; c < n; c++)
        {
            if (!_inner.IsDetermined(c))
            {
                any |= _inner.Propose(c, plan);
            }
        }

        return any;
    }
}
