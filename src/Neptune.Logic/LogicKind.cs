namespace Neptune.Logic;

/// <summary>The family of connectives and quantifiers a <see cref="SoftLogic"/> evaluates with.</summary>
/// <remarks>The exact formulas of every operation under every kind are listed in <c>docs/SEMANTICS.md</c>.</remarks>
public enum LogicKind
{
    /// <summary>Gödel (min/max) logic: and = min, or = max, not = 1 − p, exists = max, forall = min. NePTune's default.</summary>
    Godel = 0,

    /// <summary>Product logic: and = a·b, or = a + b − a·b, exists = noisy-or 1 − Π(1 − p), forall = Π p.</summary>
    Product = 1,

    /// <summary>Łukasiewicz logic: and = max(0, a + b − 1), or = min(1, a + b), with the n-ary forms for the quantifiers.</summary>
    Lukasiewicz = 2,

    /// <summary>Boolean logic: every input is thresholded at <see cref="LogicOptions.CrispThreshold"/>, results are exactly 0 or 1.</summary>
    Crisp = 3,
}

/// <summary>How <see cref="SoftLogic.Iota"/> turns scores into a distribution over the domain.</summary>
public enum IotaNormalization
{
    /// <summary>p_i = t_i / Σ_j t_j.</summary>
    Proportional = 0,

    /// <summary>p_i = exp(t_i / T) / Σ_j exp(t_j / T) with T = <see cref="LogicOptions.IotaTemperature"/>.</summary>
    Softmax = 1,
}
