namespace Neptune.Clevr;

/// <summary>
/// A seeded model of an imperfect vision-language model, applied by <see cref="SceneWorld"/> to the exact facts of
/// the scene annotations.
/// </summary>
/// <remarks>
/// <para>For each scored cell (a question and a tuple of distinct objects) three uniform numbers u₁, u₂, u₃ are derived
/// from a hash of (<see cref="Seed"/>, image index, the canonical meaning of the question, the tuple). The fact is
/// flipped when u₁ &lt; <see cref="FlipRate"/>. A deviation d = min(|z| · <see cref="Spread"/>, 0.5), with z a standard
/// normal made from u₂, u₃ by Box–Muller, is then applied: a fact shown as true scores 1 − d, one shown as false scores
/// d. So unflipped facts stay on the correct side of 0.5 and flipped facts on the wrong side.</para>
/// <para>Queries: with probability <see cref="FlipRate"/> (decided by the same kind of hash, keyed by the asked
/// attribute and the object) the answer is a wrong value of that attribute, chosen by the hash.</para>
/// <para>Because every number comes from a hash and none from shared generator state, results do not depend on call
/// order or concurrency, and paraphrases of one question get the same noise. Spread 0 and FlipRate 0 give exact 0/1.</para>
/// </remarks>
public sealed record NoiseOptions
{
    /// <summary>No noise: scores are exactly 0 or 1 and queries exact.</summary>
    public static NoiseOptions None { get; } = new();

    /// <summary>The seed.</summary>
    public long Seed { get; init; }

    /// <summary>The standard deviation of the score deviation from 0 or 1, in [0, 1]; deviations are capped at 0.5.</summary>
    public double Spread { get; init; }

    /// <summary>The probability that a fact is scored on the wrong side (or a query answered wrongly), in [0, 1].</summary>
    public double FlipRate { get; init; }

    /// <summary>Whether these options change anything.</summary>
    public bool IsExact => Spread == 0 && FlipRate == 0;

    /// <summary>Checks the ranges.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Spread or FlipRate is outside [0, 1] or not a number.</exception>
    public void Validate()
    {
        if (!(Spread >= 0 && Spread <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Spread), Spread, "Noise spread must be in [0, 1].");
        }

        if (!(FlipRate >= 0 && FlipRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FlipRate), FlipRate, "Noise flip rate must be in [0, 1].");
        }
    }
}
