using Neptune.Language.Runtime;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Language.Library.Lazy;

/// <summary>
/// A tensor whose cells are computed on demand (lazy evaluation): every cell has sound bounds
/// [lo, hi] from the scores known so far (a score not yet asked for lies in [0, 1]), and a cell whose bounds meet
/// (lo = hi) has exactly the value eager evaluation computes. Consumers refine only the cells their result depends on.
/// </summary>
/// <remarks>
/// Bounds are sound because every connective is monotone in each operand, also after float rounding; bounds computed
/// with other arithmetic (sums of <c>given</c>, the distribution of <c>iota</c>) are widened by a slack larger than
/// their rounding error. A determined cell is computed with the same formula and order as the eager kernels.
/// </remarks>
internal abstract class LazyTensor
{
    protected LazyTensor(HostRunContext context, string[] variables, int domainSize)
    {
        Context = context;
        Variables = variables;
        DomainSize = domainSize;
        Length = domainSize switch
        {
            _ when variables.Length == 0 => 1,
            _ => checked((int)Math.Pow(domainSize, variables.Length)),
        };
    }

    public HostRunContext Context { get; }

    public SoftLogic Logic => Context.Logic;

    public string[] Variables { get; }

    public int Rank => Variables.Length;

    public int DomainSize { get; }

    /// <summary>The number of cells, N^rank.</summary>
    public int Length { get; }

    /// <summary>About how many scores one cell depends on: the cheaper operand is refined first when both are as open.</summary>
    public virtual int Cost => 1;

    /// <summary>The bounds of one cell (no model call).</summary>
    public abstract void Bounds(int cell, out float lo, out float hi);

    /// <summary>
    /// Adds to <paramref name="plan"/> unscored cells whose scores can tighten this cell's bounds.
    /// Returns false only when the cell is determined (lo = hi).
    /// </summary>
    public abstract bool Propose(int cell, FetchPlan plan);

    public bool IsDetermined(int cell)
    {
        Bounds(cell, out float lo, out float hi);
        return lo == hi;
    }

    public float Width(int cell)
    {
        Bounds(cell, out float lo, out float hi);
        return hi - lo;
    }

    /// <summary>Refines the cells until <paramref name="settled"/> holds for each (determined cells always settle).</summary>
    public void Resolve(Func<LazyTensor, int, bool> settled)
    {
        while (true)
        {
            var plan = new FetchPlan();
            for (int c = 0; c < Length; c++)
            {
                if (!IsDetermined(c) && !settled(this, c))
                {
                    Propose(c, plan);
                }
            }

            if (!plan.Execute())
            {
                return;
            }
        }
    }

    /// <summary>Refines one cell until it is determined and returns its exact value.</summary>
    public float Exact(int cell)
    {
        while (!IsDetermined(cell))
        {
            var plan = new FetchPlan();
            if (!Propose(cell, plan) || !plan.Execute())
            {
                break;
            }
        }

        Bounds(cell, out float lo, out _);
        return lo;
    }

    /// <summary>Whether the cell reaches the threshold, refining it only as far as the answer needs.</summary>
    public bool AtLeast(int cell, float threshold)
    {
        while (true)
        {
            Bounds(cell, out float lo, out float hi);
            if (lo >= threshold)
            {
                return true;
            }

            if (hi < threshold || lo == hi)
            {
                return false;
            }

            var plan = new FetchPlan();
            if (!Propose(cell, plan) || !plan.Execute())
            {
                return lo >= threshold;
            }
        }
    }

    /// <summary>Every cell, exactly: the tensor eager evaluation computes.</summary>
    public SoftTensor Materialize()
    {
        Resolve((_, _) => false);
        var values = new float[Length];
        for (int c = 0; c < values.Length; c++)
        {
            Bounds(c, out values[c], out _);
        }

        return SoftTensor.Create(Variables, DomainSize, values, Math.Max(Length, 1));
    }

    /// <summary>Whether the flat cell binds the same object to two different variables.</summary>
    public bool HasRepeat(int cell)
    {
        int n = DomainSize;
        return Rank switch
        {
            2 => cell / n == cell % n,
            3 => (cell / n / n) == (cell / n % n) || (cell / n / n) == (cell % n) || (cell / n % n) == (cell % n),
            _ => false,
        };
    }
}

/// <summary>The unscored cells one refinement step asks for, sent as one request per score call.</summary>
internal sealed class FetchPlan
{
    private readonly Dictionary<LazyScore, List<int>> _requests = [];

    public void Add(LazyScore leaf, int cell)
    {
        if (!_requests.TryGetValue(leaf, out List<int>? cells))
        {
            cells = [];
            _requests[leaf] = cells;
        }

        if (!cells.Contains(cell))
        {
            cells.Add(cell);
        }
    }

    /// <summary>
    /// Scores the planned cells, one request per score call, all issued together (one round trip for the step);
    /// false when nothing was planned.
    /// </summary>
    public bool Execute()
    {
        if (_requests.Count == 0)
        {
            return false;
        }

        var leaves = new LazyScore[_requests.Count];
        var cells = new int[_requests.Count][];
        int n = 0;
        foreach (var (leaf, planned) in _requests)
        {
            planned.Sort();
            leaves[n] = leaf;
            cells[n++] = [.. planned];
        }

        if (n == 1)
        {
            leaves[0].Fetch(cells[0]);
            return true;
        }

        HostRunContext context = leaves[0].Context;
        IScenePerception perception = context.RequirePerception("score");
        var calls = new Func<ValueTask<float[]>>[n];
        for (int i = 0; i < n; i++)
        {
            calls[i] = leaves[i].Request(perception, cells[i]);
        }

        float[][] values;
        using (perception is IConcurrentCalls concurrent ? concurrent.Concurrently() : null)
        {
            values = context.CallAll(calls);
        }

        for (int i = 0; i < n; i++)
        {
            leaves[i].Store(cells[i], values[i]);
        }

        return true;
    }
}

/// <summary>The cells of one <c>score()</c> call, asked of perception as they are needed.</summary>
internal sealed class LazyScore : LazyTensor
{
    private readonly string _question;
    private readonly float[] _values;
    private readonly bool[] _known;

    public LazyScore(HostRunContext context, string question, string[] variables, int domainSize)
        : base(context, variables, domainSize)
    {
        _question = question;
        _values = new float[Length];
        _known = new bool[Length];
        for (int c = 0; c < Length; c++)
        {
            // Tuples that repeat an object are 0 and are never scored.
            _known[c] = HasRepeat(c);
        }
    }

    public override void Bounds(int cell, out float lo, out float hi)
    {
        if (_known[cell])
        {
            lo = hi = _values[cell];
        }
        else
        {
            lo = 0f;
            hi = 1f;
        }
    }

    public override bool Propose(int cell, FetchPlan plan)
    {
        if (_known[cell])
        {
            return false;
        }

        plan.Add(this, cell);
        return true;
    }

    public void Fetch(int[] cells)
    {
        var perception = Context.RequirePerception("score");
        Store(cells, Context.Call(Request(perception, cells)));
    }

    /// <summary>The request for these cells (made when the returned function is called).</summary>
    public Func<ValueTask<float[]>> Request(IScenePerception perception, int[] cells) =>
        () => perception.ScoreTuplesAsync(_question, Variables, cells, Context.CancellationToken);

    /// <summary>Keeps the answers of a request for <paramref name="cells"/>.</summary>
    public void Store(int[] cells, float[] values)
    {
        if (values.Length != cells.Length)
        {
            throw new PyException(PyErrorKind.RuntimeError,
                $"score(): perception returned {values.Length} value(s) for {cells.Length} requested tuple(s)");
        }

        for (int i = 0; i < cells.Length; i++)
        {
            float v = values[i];
            if (!(v is >= 0f and <= 1f))
            {
                throw new PyException(PyErrorKind.RuntimeError, $"score(): perception returned {v} for question '{_question}', outside [0, 1]");
            }

            _values[cells[i]] = v;
            _known[cells[i]] = true;
        }

        Context.Trace?.AddScoredTuples(cells.Length);
    }
}

/// <summary>A tensor computed eagerly, in the lazy graph.</summary>
internal sealed class LazyConstant(HostRunContext context, SoftTensor tensor)
    : LazyTensor(context, [.. tensor.Variables], tensor.DomainSize)
{
    public SoftTensor Tensor { get; } = tensor;

    public override void Bounds(int cell, out float lo, out float hi) => lo = hi = Tensor.Values[cell];

    public override bool Propose(int cell, FetchPlan plan) => false;

    public override int Cost => 0;
}

/// <summary>The same cells under other variable names (<c>rename</c>, <c>on</c>).</summary>
internal sealed class LazyRenamed(LazyTensor inner, string[] variables)
    : LazyTensor(inner.Context, variables, inner.DomainSize)
{
    public override int Cost => inner.Cost;

    public override void Bounds(int cell, out float lo, out float hi) => inner.Bounds(cell, out lo, out hi);

    public override bool Propose(int cell, FetchPlan plan) => inner.Propose(cell, plan);
}

/// <summary>Negation of every cell.</summary>
internal sealed class LazyNot(LazyTensor inner)
    : LazyTensor(inner.Context, inner.Variables, inner.DomainSize)
{
    public override void Bounds(int cell, out float lo, out float hi)
    {
        inner.Bounds(cell, out float a, out float b);
        lo = Logic.NotCell(b);
        hi = Logic.NotCell(a);
    }

    public override int Cost => inner.Cost;

    public override bool Propose(int cell, FetchPlan plan) => !IsDetermined(cell) && inner.Propose(cell, plan);
}

/// <summary>
/// A binary connective of two tensors over the same variables in the same order, or of a tensor and a rank-0 one
/// (broadcast). Cells that repeat an object are 0 for a conjunction (masking), as in eager evaluation.
/// </summary>
internal sealed class LazyCombine : LazyTensor
{
    private readonly LogicConnective _connective;
    private readonly LazyTensor _a;
    private readonly LazyTensor _b;
    private readonly bool _mask;

    public LazyCombine(LogicConnective connective, LazyTensor a, LazyTensor b)
        : base(a.Context, a.Rank > 0 ? a.Variables : b.Variables, a.Rank > 0 ? a.DomainSize : b.DomainSize)
    {
        _connective = connective;
        _a = a;
        _b = b;
        _mask = connective == LogicConnective.And && Logic.Options.DistinctVariables && Rank >= 2;
    }

    public override int Cost => _a.Cost + _b.Cost;

    /// <summary>Whether two operands combine cell by cell (so that the lazy form equals the eager broadcast).</summary>
    public static bool Aligned(LazyTensor a, LazyTensor b) =>
        a.Rank == 0 || b.Rank == 0 || (a.DomainSize == b.DomainSize && a.Variables.AsSpan().SequenceEqual(b.Variables));

    public override void Bounds(int cell, out float lo, out float hi)
    {
        if (_mask && HasRepeat(cell))
        {
            lo = hi = 0f;
            return;
        }

        _a.Bounds(_a.Rank == 0 ? 0 : cell, out float alo, out float ahi);
        _b.Bounds(_b.Rank == 0 ? 0 : cell, out float blo, out float bhi);
        if (_connective == LogicConnective.Implies)
        {
            lo = Logic.Combine(_connective, ahi, blo);
            hi = Logic.Combine(_connective, alo, bhi);
        }
        else
        {
            lo = Logic.Combine(_connective, alo, blo);
            hi = Logic.Combine(_connective, ahi, bhi);
        }
    }

    public override bool Propose(int cell, FetchPlan plan)
    {
        if (IsDetermined(cell))
        {
            return false;
        }

        int ac = _a.Rank == 0 ? 0 : cell;
        int bc = _b.Rank == 0 ? 0 : cell;
        _a.Bounds(ac, out float alo, out float ahi);
        _b.Bounds(bc, out float blo, out float bhi);
        bool aOpen = alo != ahi;
        bool bOpen = blo != bhi;
        if (aOpen && bOpen && Logic.Options.Kind == LogicKind.Godel)
        {
            // Under Gödel an operand that cannot be the minimum (maximum) does not matter.
            bool conjunction = _connective == LogicConnective.And;
            bool disjunction = _connective == LogicConnective.Or;
            if ((conjunction && alo >= bhi) || (disjunction && ahi <= blo))
            {
                aOpen = false;
            }
            else if ((conjunction && blo >= ahi) || (disjunction && bhi <= alo))
            {
                bOpen = false;
            }
        }

        // The wider operand first; when both are about as open, the cheaper one (a score before a relation filled by given).
        float wa = ahi - alo, wb = bhi - blo;
        bool aFirst = Math.Abs(wa - wb) < 1e-3f ? _a.Cost <= _b.Cost : wa > wb;
        if (aOpen && (!bOpen || aFirst))
        {
            return _a.Propose(ac, plan) || (bOpen && _b.Propose(bc, plan));
        }

        return (bOpen && _b.Propose(bc, plan)) || (aOpen && _a.Propose(ac, plan));
    }
}
