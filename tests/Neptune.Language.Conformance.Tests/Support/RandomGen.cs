using CsCheck;

namespace Neptune.Language.Conformance.Tests.Support;

/// <summary>
/// A CsCheck generator over code written against <see cref="Random"/> (the grammar generator, the token mutator): the
/// random stream comes from CsCheck's PCG, so a failing case is reproduced by its CsCheck seed and shrunk towards
/// shorter programs.
/// </summary>
internal sealed class RandomGen<T>(Func<Random, T> create, Func<T, ulong> size) : Gen<T>
{
    public override T Generate(PCG pcg, Size? min, out Size size)
    {
        T value = create(new PcgRandom(pcg));
        size = new Size(sizeOf(value));
        return value;
    }

    private readonly Func<T, ulong> sizeOf = size;

    /// <summary>A <see cref="Random"/> that draws from a PCG stream.</summary>
    private sealed class PcgRandom(PCG pcg) : Random
    {
        public override int Next() => (int)(pcg.Next() >> 1);

        public override int Next(int maxValue)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
            return maxValue == 0 ? 0 : (int)pcg.Next((uint)maxValue);
        }

        public override int Next(int minValue, int maxValue)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
            long range = (long)maxValue - minValue;
            return range == 0 ? minValue : (int)(minValue + (long)pcg.Next64((ulong)range));
        }

        public override double NextDouble() => (pcg.Next64() >> 11) * (1.0 / (1UL << 53));

        public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

        public override void NextBytes(Span<byte> buffer)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = (byte)pcg.Next();
            }
        }

        protected override double Sample() => NextDouble();
    }
}
