namespace Neptune.Logic.Tests;

/// <summary>Straightforward scalar definitions, written independently of the kernels, for comparison.</summary>
internal static class Reference
{
    public static readonly LogicKind[] AllKinds = [LogicKind.Godel, LogicKind.Product, LogicKind.Lukasiewicz, LogicKind.Crisp];

    public static float Truth(LogicKind k, float a) => k == LogicKind.Crisp ? (a >= 0.5f ? 1f : 0f) : a;

    public static float And(LogicKind k, float a, float b) => k switch
    {
        LogicKind.Godel => Math.Min(a, b),
        LogicKind.Product => a * b,
        LogicKind.Lukasiewicz => Math.Max(0f, a + b - 1f),
        _ => Truth(k, a) * Truth(k, b),
    };

    public static float Or(LogicKind k, float a, float b) => k switch
    {
        LogicKind.Godel => Math.Max(a, b),
        LogicKind.Product => a + b - (a * b),
        LogicKind.Lukasiewicz => Math.Min(1f, a + b),
        _ => Math.Max(Truth(k, a), Truth(k, b)),
    };

    public static float Not(LogicKind k, float a) => 1f - Truth(k, a);

    public static float Implies(LogicKind k, float a, float b) => k switch
    {
        LogicKind.Godel => Math.Max(1f - a, b),
        LogicKind.Product => 1f - a + (a * b),
        LogicKind.Lukasiewicz => Math.Min(1f, 1f - a + b),
        _ => Truth(k, a) <= Truth(k, b) ? 1f : 0f,
    };

    public static float Xor(LogicKind k, float a, float b) => And(k, Or(k, a, b), Not(k, And(k, a, b)));

    public static float Exists(LogicKind k, IReadOnlyList<float> p)
    {
        switch (k)
        {
            case LogicKind.Godel: return p.Count == 0 ? 0f : p.Max();
            case LogicKind.Product:
                double none = 1;
                foreach (float v in p) none *= 1 - v;
                return (float)(1 - none);
            case LogicKind.Lukasiewicz: return (float)Math.Min(1.0, p.Sum(v => (double)v));
            default: return p.Any(v => v >= 0.5f) ? 1f : 0f;
        }
    }

    public static float Forall(LogicKind k, IReadOnlyList<float> p)
    {
        switch (k)
        {
            case LogicKind.Godel: return p.Count == 0 ? 1f : p.Min();
            case LogicKind.Product:
                double all = 1;
                foreach (float v in p) all *= v;
                return (float)all;
            case LogicKind.Lukasiewicz: return (float)Math.Max(0.0, 1 - p.Sum(v => 1.0 - v));
            default: return p.All(v => v >= 0.5f) ? 1f : 0f;
        }
    }

    /// <summary>Every index tuple of the given rank, row-major.</summary>
    public static IEnumerable<int[]> Cells(int rank, int n)
    {
        var index = new int[rank];
        long total = (long)Math.Pow(n, rank);
        for (long c = 0; c < total; c++)
        {
            yield return (int[])index.Clone();
            for (int k = rank - 1; k >= 0; k--)
            {
                if (++index[k] < n) break;
                index[k] = 0;
            }
        }
    }

    public static float At(SoftTensor t, IReadOnlyDictionary<string, int> assignment)
    {
        var index = new int[t.Rank];
        for (int k = 0; k < t.Rank; k++) index[k] = assignment[t.Variables[k]];
        return t[index];
    }

    public static Dictionary<string, int> Assign(IReadOnlyList<string> variables, int[] index)
    {
        var d = new Dictionary<string, int>();
        for (int k = 0; k < index.Length; k++) d[variables[k]] = index[k];
        return d;
    }

    public static bool Repeats(int[] index) => index.Distinct().Count() != index.Length;
}
