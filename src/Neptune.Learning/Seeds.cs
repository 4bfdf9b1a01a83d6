namespace Neptune.Learning;

/// <summary>
/// Derives seeds from seeds deterministically across processes (unlike <see cref="HashCode"/>, which is randomised per
/// process): SplitMix64 finalisation over the combined values.
/// </summary>
public static class Seeds
{
    /// <summary>A seed derived from a seed and two further values (epoch, example).</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="a">The first value.</param>
    /// <param name="b">The second value.</param>
    /// <returns>The derived seed.</returns>
    public static int Derive(int seed, int a, int b)
    {
        ulong z = Mix(((ulong)(uint)seed << 32) ^ (uint)a);
        z = Mix(z ^ (uint)b ^ 0x9E3779B97F4A7C15UL);
        return (int)(z ^ (z >> 32));
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
