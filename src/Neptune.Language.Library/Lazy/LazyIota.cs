using Neptune.Logic;

namespace Neptune.Language.Library.Lazy;

/// <summary>
/// <c>t.iota()</c> of a lazy rank-1 tensor: bounds on the referent distribution while some scores are unknown, the
/// eager <see cref="IotaResult"/> once every cell it depends on is known.
/// </summary>
/// <remarks>
/// Proportional normalisation (p_i = s_i / Σ s): p_i is increasing in s_i and decreasing in the other scores, so
/// p_i ∈ [lo_i / (lo_i + Σ_{j≠i} hi_j), hi_i / (hi_i + Σ_{j≠i} lo_j)], widened by a slack above the rounding of the eager
/// division. Crisp: the eager result depends only on which scores reach the threshold, so it is exact as soon as each
/// cell is decided. Softmax normalisation is not lazy (its caller materialises the tensor).
/// </remarks>
internal sealed class LazyIota
{
    private const double Slack = 1e-6;
    private readonly LazyTensor _scores;
    private IotaResult? _exact;

    public LazyIota(LazyTensor scores, string variable)
    {
        _scores = scores;
        Variable = variable;
    }

    public LazyIota(IotaResult exact)
    {
        _scores = null!;
        _exact = exact;
        Variable = exact.Variable;
    }

    public string Variable { get; }

    public int DomainSize => _exact?.DomainSize ?? _scores.DomainSize;

    private bool Crisp => _scores.Logic.Options.Kind == LogicKind.Crisp;

    /// <summary>Whether a lazy iota can stand for the eager one under these options.</summary>
    public static bool Supports(SoftLogic logic) =>
        logic.Options.Kind == LogicKind.Crisp || logic.Options.Iota == IotaNormalization.Proportional;

    /// <summary>The eager result if every cell it depends on is known, else null (no model call).</summary>
    public IotaResult? TryExact()
    {
        if (_exact is not null)
        {
            return _exact;
        }

        int n = _scores.DomainSize;
        var values = new float[n];
        float t = _scores.Logic.Options.CrispThreshold;
        for (int i = 0; i < n; i++)
        {
            _scores.Bounds(i, out float lo, out float hi);
            if (Crisp)
            {
                if (lo >= t)
                {
                    values[i] = 1f;
                }
                else if (hi >= t)
                {
                    return null;
                }
            }
            else if (lo != hi)
            {
                return null;
            }
            else
            {
                values[i] = lo;
            }
        }

        _exact = _scores.Logic.Iota(SoftTensor.Create([Variable], n, values, Math.Max(n, 1)), Variable);
        return _exact;
    }

    /// <summary>The eager result, scoring whatever is still unknown.</summary>
    public IotaResult Exact()
    {
        while (TryExact() is null)
        {
            var plan = new FetchPlan();
            ProposeAll(plan);
            if (!plan.Execute())
            {
                break;
            }
        }

        return TryExact() ?? throw new InvalidOperationException("an iota stayed undetermined with every score known");
    }

    /// <summary>Bounds of the distribution (exact values when the result is known).</summary>
    public void DistributionBounds(Span<double> lo, Span<double> hi)
    {
        if (TryExact() is { } exact)
        {
            ReadOnlySpan<float> p = exact.Distribution;
            for (int i = 0; i < p.Length; i++)
            {
                lo[i] = hi[i] = p[i];
            }

            return;
        }

        int n = _scores.DomainSize;
        if (Crisp)
        {
            lo[..n].Fill(0.0);
            hi[..n].Fill(1.0);
            return;
        }

        Span<double> slo = n <= 64 ? stackalloc double[n] : new double[n];
        Span<double> shi = n <= 64 ? stackalloc double[n] : new double[n];
        double sumLo = 0.0, sumHi = 0.0;
        for (int i = 0; i < n; i++)
        {
            _scores.Bounds(i, out float a, out float b);
            slo[i] = a;
            shi[i] = b;
            sumLo += a;
            sumHi += b;
        }

        for (int i = 0; i < n; i++)
        {
            double low = slo[i] + (sumHi - shi[i]);
            double high = shi[i] + (sumLo - slo[i]);
            lo[i] = low > 0.0 ? Math.Max(0.0, (slo[i] / low) - Slack) : 0.0;
            hi[i] = shi[i] == 0.0 ? 0.0 : high > 0.0 ? Math.Min(1.0, (shi[i] / high) + Slack) : 1.0;
        }
    }

    /// <summary>The widest distribution interval: how much refining the scores could still tell.</summary>
    public double Uncertainty()
    {
        if (TryExact() is not null)
        {
            return 0.0;
        }

        int n = _scores.DomainSize;
        Span<double> lo = n <= 64 ? stackalloc double[n] : new double[n];
        Span<double> hi = n <= 64 ? stackalloc double[n] : new double[n];
        DistributionBounds(lo, hi);
        double widest = 0.0;
        for (int i = 0; i < n; i++)
        {
            widest = Math.Max(widest, hi[i] - lo[i]);
        }

        return widest;
    }

    /// <summary>
    /// Plans a refinement of the scores: the cells whose interval is at least half the widest (Crisp: the undecided
    /// cells). Returns false when the result is already exact.
    /// </summary>
    public bool Propose(FetchPlan plan)
    {
        if (TryExact() is not null)
        {
            return false;
        }

        int n = _scores.DomainSize;
        float t = _scores.Logic.Options.CrispThreshold;
        float widest = 0f;
        for (int i = 0; i < n; i++)
        {
            widest = Math.Max(widest, Open(i, t));
        }

        bool any = false;
        for (int i = 0; i < n; i++)
        {
            float w = Open(i, t);
            if (w > 0f && w >= widest / 2)
            {
                any |= _scores.Propose(i, plan);
            }
        }

        return any;
    }

    /// <summary>
    /// The most likely object (ties: lowest index), as the eager result's <see cref="IotaResult.MostLikely"/>, or −1
    /// when degenerate; refines only until one object's score is certainly above every other's.
    /// </summary>
    public int MostLikely()
    {
        if (_exact is not null || Crisp)
        {
            return Exact().MostLikely;
        }

        int n = _scores.DomainSize;
        while (true)
        {
            if (TryExact() is { } exact)
            {
                return exact.MostLikely;
            }

            // The candidate: the highest lower bound (first on ties).
            int best = -1;
            float bestLo = 0f;
            for (int i = 0; i < n; i++)
            {
                _scores.Bounds(i, out float lo, out _);
                if (lo > bestLo)
                {
                    best = i;
                    bestLo = lo;
                }
            }

            var plan = new FetchPlan();
            if (best < 0)
            {
                // Nothing is certainly positive yet: refine the cells that can score highest (at least half the top bound).
                float top = 0f;
                for (int i = 0; i < n; i++)
                {
                    _scores.Bounds(i, out _, out float hi);
                    top = Math.Max(top, hi);
                }

                for (int i = 0; i < n; i++)
                {
                    _scores.Bounds(i, out float lo, out float hi);
                    if (lo != hi && hi >= top / 2)
                    {
                        _scores.Propose(i, plan);
                    }
                }

                if (!plan.Execute())
                {
                    return Exact().MostLikely;
                }

                continue;
            }

            bool decided = _scores.IsDetermined(best);
            float margin = bestLo * (1f - 1e-5f);
            for (int j = 0; j < n; j++)
            {
                if (j == best)
                {
                    continue;
                }

                _scores.Bounds(j, out _, out float hi);
                if (hi >= margin || (j < best && hi >= bestLo))
                {
                    decided = false;
                    _scores.Propose(j, plan);
                }
            }

            if (decided)
            {
                // s_best / S exceeds every other s_j / S by more than float rounding: the eager argmax.
                return best;
            }

            _scores.Propose(best, plan);
            if (!plan.Execute())
            {
                return Exact().MostLikely;
            }
        }
    }

    /// <summary>Scores every cell still needed for the exact result.</summary>
    private void ProposeAll(FetchPlan plan)
    {
        float t = _scores.Logic.Options.CrispThreshold;
        for (int i = 0; i < _scores.DomainSize; i++)
        {
            if (Open(i, t) > 0f)
            {
                _scores.Propose(i, plan);
            }
        }
    }

    private float Open(int i, float t)
    {
        _scores.Bounds(i, out float lo, out float hi);
        if (Crisp)
        {
            return lo >= t || hi < t ? 0f : hi - lo;
        }

        return hi - lo;
    }
}
