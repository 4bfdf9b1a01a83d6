namespace Neptune.Logic;

/// <summary>Immutable settings of a <see cref="SoftLogic"/>. Validated when a <see cref="SoftLogic"/> is built from them.</summary>
public sealed record LogicOptions
{
    /// <summary>The default bound on the number of cells of any tensor: 2^24 (256³ or 64⁴ objects).</summary>
    public const long DefaultMaxCells = 16_777_216;

    /// <summary>The default bound on the number of uncertain cells an exact count distribution is computed over.</summary>
    public const int DefaultMaxCountTrials = 65_536;

    /// <summary>The defaults: Gödel logic, distinct variables on, crisp comparisons.</summary>
    public static LogicOptions Default { get; } = new();

    /// <summary>The connectives and quantifiers to use. Default <see cref="LogicKind.Godel"/>.</summary>
    public LogicKind Kind { get; init; } = LogicKind.Godel;

    /// <summary>
    /// When on (the default), distinct variables never bind the same object: a conjunction is 0 on every cell where two of
    /// its variables bind the same object, and a quantifier over a variable skips the objects bound by the other variables
    /// of the cell (they count as false for exists and count, as true for forall).
    /// </summary>
    public bool DistinctVariables { get; init; } = true;

    /// <summary>The largest number of cells an operation may produce; beyond it a <see cref="TensorTooLargeException"/> is thrown.</summary>
    public long MaxCells { get; init; } = DefaultMaxCells;

    /// <summary>
    /// The largest number of cells with a probability strictly between 0 and 1 that an exact count distribution is computed
    /// over (the dynamic programme is quadratic in it); beyond it a <see cref="TensorTooLargeException"/> is thrown.
    /// </summary>
    public int MaxCountTrials { get; init; } = DefaultMaxCountTrials;

    /// <summary>The cut used by <see cref="LogicKind.Crisp"/> and by the cut count: a cell is true when p ≥ threshold. In (0, 1].</summary>
    public float CrispThreshold { get; init; } = 0.5f;

    /// <summary>When true (training), comparisons use the sigmoid forms; when false (inference, the default) they are crisp.</summary>
    public bool SoftComparisons { get; init; }

    /// <summary>The temperature τ of the soft comparisons. Positive. Default 0.25 (NePTune).</summary>
    public float Tau { get; init; } = 0.25f;

    /// <summary>The margin γ of the soft comparisons. Positive. Default 0.25 (NePTune).</summary>
    public float Gamma { get; init; } = 0.25f;

    /// <summary>How iota normalises scores into a distribution. Default <see cref="IotaNormalization.Proportional"/>.</summary>
    public IotaNormalization Iota { get; init; } = IotaNormalization.Proportional;

    /// <summary>The temperature of <see cref="IotaNormalization.Softmax"/>. Positive. Default 1.</summary>
    public float IotaTemperature { get; init; } = 1f;

    /// <summary>Checks every setting and throws <see cref="InvalidLogicOptionsException"/> naming the first one out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Kind))
        {
            throw new InvalidLogicOptionsException(nameof(Kind), $"unknown logic kind {(int)Kind}");
        }

        if (!Enum.IsDefined(Iota))
        {
            throw new InvalidLogicOptionsException(nameof(Iota), $"unknown iota normalisation {(int)Iota}");
        }

        if (MaxCells < 1 || MaxCells > Array.MaxLength)
        {
            throw new InvalidLogicOptionsException(nameof(MaxCells), $"must be between 1 and {Array.MaxLength}, got {MaxCells}");
        }

        if (MaxCountTrials < 0)
        {
            throw new InvalidLogicOptionsException(nameof(MaxCountTrials), $"must not be negative, got {MaxCountTrials}");
        }

        if (!(CrispThreshold > 0f && CrispThreshold <= 1f))
        {
            throw new InvalidLogicOptionsException(nameof(CrispThreshold), $"must be in (0, 1], got {CrispThreshold}");
        }

        CheckPositive(Tau, nameof(Tau));
        CheckPositive(Gamma, nameof(Gamma));
        CheckPositive(IotaTemperature, nameof(IotaTemperature));
    }

    private static void CheckPositive(float value, string name)
    {
        if (!(value > 0f) || !float.IsFinite(value))
        {
            throw new InvalidLogicOptionsException(name, $"must be a positive finite number, got {value}");
        }
    }
}
