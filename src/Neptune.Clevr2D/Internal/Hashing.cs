namespace Neptune.Clevr2D.Internal;

/// <summary>Stateless hash-based randomness: the same key always gives the same number, in any order or thread.</summary>
internal static class Hashing
{
    /// <summary>The SplitMix64 finaliser.</summary>
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A uniform number in [0, 1) for a key.</summary>
    public static double Unit(ulong key) => (Mix(key) >> 11) * (1.0 / (1UL << 53));
}
