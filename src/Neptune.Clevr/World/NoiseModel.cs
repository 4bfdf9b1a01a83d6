namespace Neptune.Clevr;

/// <summary>The hash-based noise of <see cref="NoiseOptions"/> for one scene; immutable and thread-safe.</summary>
internal sealed class NoiseModel
{
    private readonly ulong _sceneKey;
    private readonly float _spread;
    private readonly double _flipRate;

    public NoiseModel(NoiseOptions options, int imageIndex)
    {
        options.Validate();
        IsExact = options.IsExact;
        _spread = (float)options.Spread;
        _flipRate = options.FlipRate;
        _sceneKey = Mix(Mix(unchecked((ulong)options.Seed)) ^ unchecked((ulong)imageIndex));
    }

    public bool IsExact { get; }

    /// <summary>A stable 64-bit key of a canonical question (FNV-1a over its characters, then mixed).</summary>
    public ulong QuestionKey(string canonical)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in canonical)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return Mix(h ^ _sceneKey);
    }

    /// <summary>The score of one cell: exact truth without noise, otherwise as documented on <see cref="NoiseOptions"/>.</summary>
    public float Score(bool truth, ulong questionKey, ReadOnlySpan<int> tuple)
    {
        if (IsExact)
        {
            return truth ? 1f : 0f;
        }

        ulong cell = CellKey(questionKey, tuple);
        bool shown = truth ^ (Unit(cell, 1) < _flipRate);
        float deviation = 0f;
        if (_spread > 0f)
        {
            double u2 = 1.0 - Unit(cell, 2); // (0, 1]
            double u3 = Unit(cell, 3);
            double z = Math.Sqrt(-2.0 * Math.Log(u2)) * Math.Cos(2.0 * Math.PI * u3);
            deviation = (float)Math.Min(Math.Abs(z) * _spread, 0.5);
        }

        return shown ? 1f - deviation : deviation;
    }

    /// <summary>The answer to a query: the true value, or with probability FlipRate a wrong one.</summary>
    public string Answer(string truth, IReadOnlyList<string> values, ulong questionKey, int objectIndex)
    {
        if (_flipRate == 0)
        {
            return truth;
        }

        ulong cell = CellKey(questionKey, [objectIndex]);
        if (Unit(cell, 1) >= _flipRate || values.Count < 2)
        {
            return truth;
        }

        int pick = (int)(Unit(cell, 2) * (values.Count - 1));
        foreach (string v in values)
        {
            if (v == truth)
            {
                continue;
            }

            if (pick-- == 0)
            {
                return v;
            }
        }

        return truth;
    }

    private static ulong CellKey(ulong questionKey, ReadOnlySpan<int> tuple)
    {
        ulong h = questionKey;
        foreach (int index in tuple)
        {
            h = Mix(h ^ unchecked((ulong)(uint)index + 0x100000000UL));
        }

        return h;
    }

    private static double Unit(ulong cell, ulong stream) => (Mix(cell + (stream * 0x9E3779B97F4A7C15UL)) >> 11) * (1.0 / (1UL << 53));

    /// <summary>The SplitMix64 finaliser.</summary>
    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
