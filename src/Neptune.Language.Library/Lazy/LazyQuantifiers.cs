using Neptune.Logic;

namespace Neptune.Language.Library.Lazy;

/// <summary>Counts and quantifiers of a lazy rank-1 tensor that refine only the cells their result depends on.</summary>
internal static class LazyQuantifiers
{
    /// <summary>
    /// <c>t.exists()</c> / <c>t.forall()</c> of a rank-1 tensor, exactly as eager. Gödel: the maximum (minimum) is
    /// known once one determined cell is at least (at most) every other cell's bound; Crisp: once one cell decides it
    /// or all cells are decided. Product and Łukasiewicz need every cell.
    /// </summary>
    public static SoftTensor Quantify(LazyTensor t, bool exists)
    {
        SoftLogic logic = t.Logic;
        int n = t.Length;
        float threshold = logic.Options.CrispThreshold;
        switch (logic.Options.Kind)
        {
            case LogicKind.Godel when n > 0:
                return Scalar(t, Extreme(t, exists));
            case LogicKind.Crisp when n > 0:
                bool result = exists ? AnyAtLeast(t, threshold) : !AnyBelow(t, threshold);
                return Scalar(t, result ? 1f : 0f);
            default:
            {
                SoftTensor all = t.Materialize();
                return exists ? logic.Exists(all, t.Variables[0]) : logic.Forall(all, t.Variables[0]);
            }
        }
    }

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

    private static SoftTensor Scalar(LazyTensor t, float value) => SoftTensor.Create([], t.DomainSize, [value]);

    /// <summary>Gödel max (exists) or min (forall): refine the cell that can still be the extreme.</summary>
    private static float Extreme(LazyTensor t, bool max)
    {
        while (true)
        {
            // The best certain value, and the cell with the most open bound beyond it.
            float certain = max ? 0f : 1f;
            for (int c = 0; c < t.Length; c++)
            {
                t.Bounds(c, out float lo, out float hi);
                certain = max ? Math.Max(certain, lo) : Math.Min(certain, hi);
            }

            int open = -1;
            float openBound = certain;
            for (int c = 0; c < t.Length; c++)
            {
                t.Bounds(c, out float lo, out float hi);
                if (max ? hi > openBound : lo < openBound)
                {
                    open = c;
                    openBound = max ? hi : lo;
                }
            }

            if (open < 0)
            {
                // Every cell lies on the certain side: the extreme equals a determined cell's value.
                return certain;
            }

            var plan = new FetchPlan();
            if (!t.Propose(open, plan) || !plan.Execute())
            {
                return max ? Math.Max(certain, t.Exact(open)) : Math.Min(certain, t.Exact(open));
            }
        }
    }

    private static bool AnyAtLeast(LazyTensor t, float threshold)
    {
        while (true)
        {
            var plan = new FetchPlan();
            bool open = false;
            int widest = -1;
            float widestHi = -1f;
            for (int c = 0; c < t.Length; c++)
            {
                t.Bounds(c, out float lo, out float hi);
                if (lo >= threshold)
                {
                    return true;
                }

                if (hi >= threshold && hi > widestHi)
                {
                    open = true;
                    widest = c;
                    widestHi = hi;
                }
            }

            if (!open)
            {
                return false;
            }

            if (!t.Propose(widest, plan) || !plan.Execute())
            {
                return t.AtLeast(widest, threshold) || AnyAtLeastExhaustive(t, threshold);
            }
        }
    }

    private static bool AnyAtLeastExhaustive(LazyTensor t, float threshold)
    {
        for (int c = 0; c < t.Length; c++)
        {
            if (t.AtLeast(c, threshold))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyBelow(LazyTensor t, float threshold)
    {
        for (int c = 0; c < t.Length; c++)
        {
            t.Bounds(c, out _, out float hi);
            if (hi < threshold)
            {
                return true;
            }
        }

        for (int c = 0; c < t.Length; c++)
        {
            if (!t.AtLeast(c, threshold))
            {
                return true;
            }
        }

        return false;
    }
}
