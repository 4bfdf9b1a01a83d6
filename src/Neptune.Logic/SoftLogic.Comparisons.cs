namespace Neptune.Logic;

public sealed partial class SoftLogic
{
    /// <summary>
    /// a &gt; b. Crisp (1 or 0) unless <see cref="LogicOptions.SoftComparisons"/> is on and the logic is not
    /// <see cref="LogicKind.Crisp"/>; then σ((a − b − 1 + 2γ) / τ).
    /// </summary>
    /// <param name="a">The left number (typically a count).</param>
    /// <param name="b">The right number.</param>
    /// <exception cref="InvalidValueException">A number is NaN or infinite.</exception>
    public float Greater(double a, double b)
    {
        CheckFinite(a, b);
        return SoftComparisonsActive ? Sigmoid((a - b - 1.0 + (2.0 * Options.Gamma)) / Options.Tau) : a > b ? 1f : 0f;
    }

    /// <summary>a &lt; b: the mirror of <see cref="Greater"/>, σ((b − a − 1 + 2γ) / τ) when soft.</summary>
    /// <param name="a">The left number.</param>
    /// <param name="b">The right number.</param>
    /// <exception cref="InvalidValueException">A number is NaN or infinite.</exception>
    public float Less(double a, double b)
    {
        CheckFinite(a, b);
        return SoftComparisonsActive ? Sigmoid((b - a - 1.0 + (2.0 * Options.Gamma)) / Options.Tau) : a < b ? 1f : 0f;
    }

    /// <summary>a = b: exact equality when crisp; σ((γ − |a − b|) / (γ·τ)) when soft.</summary>
    /// <param name="a">The left number.</param>
    /// <param name="b">The right number.</param>
    /// <exception cref="InvalidValueException">A number is NaN or infinite.</exception>
    public float Equal(double a, double b)
    {
        CheckFinite(a, b);
        return SoftComparisonsActive
            ? Sigmoid((Options.Gamma - Math.Abs(a - b)) / ((double)Options.Gamma * Options.Tau))
            : a == b ? 1f : 0f;
    }

    private bool SoftComparisonsActive => Options.SoftComparisons && _kind != LogicKind.Crisp;

    private static float Sigmoid(double x) => (float)(1.0 / (1.0 + Math.Exp(-x)));

    private static void CheckFinite(double a, double b)
    {
        if (!double.IsFinite(a))
        {
            throw new InvalidValueException(a, -1, $"Cannot compare {a}: numbers must be finite.");
        }

        if (!double.IsFinite(b))
        {
            throw new InvalidValueException(b, -1, $"Cannot compare {b}: numbers must be finite.");
        }
    }
}
