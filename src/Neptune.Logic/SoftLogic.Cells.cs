using Neptune.Logic.Internal;

namespace Neptune.Logic;

/// <summary>The connective kinds <see cref="SoftLogic.Combine"/> evaluates on single cells.</summary>
public enum LogicConnective
{
    /// <summary><see cref="SoftLogic.And(SoftTensor, SoftTensor)"/>.</summary>
    And,

    /// <summary><see cref="SoftLogic.Or(SoftTensor, SoftTensor)"/>.</summary>
    Or,

    /// <summary><see cref="SoftLogic.Implies(SoftTensor, SoftTensor)"/>.</summary>
    Implies,
}

/// <summary>Connectives of one cell: the element formula the tensor operations apply to every cell.</summary>
public sealed partial class SoftLogic
{
    /// <summary>
    /// One cell of a binary connective: exactly the value the tensor operation computes for a cell whose operands are
    /// <paramref name="a"/> and <paramref name="b"/> (masking of repeated objects aside). Every connective is
    /// monotone in each operand (increasing; <see cref="LogicConnective.Implies"/> decreasing in its first), also after
    /// float rounding, so applying it to bounds of the operands gives bounds of the result.
    /// </summary>
    /// <param name="connective">The connective.</param>
    /// <param name="a">The first operand's cell.</param>
    /// <param name="b">The second operand's cell.</param>
    /// <returns>The result's cell.</returns>
    public float Combine(LogicConnective connective, float a, float b) => (connective, _kind) switch
    {
        (LogicConnective.And, LogicKind.Godel) => GodelAnd.Apply(a, b, _threshold),
        (LogicConnective.And, LogicKind.Product) => ProductAnd.Apply(a, b, _threshold),
        (LogicConnective.And, LogicKind.Lukasiewicz) => LukasiewiczAnd.Apply(a, b, _threshold),
        (LogicConnective.And, _) => CrispAnd.Apply(a, b, _threshold),
        (LogicConnective.Or, LogicKind.Godel) => GodelOr.Apply(a, b, _threshold),
        (LogicConnective.Or, LogicKind.Product) => ProductOr.Apply(a, b, _threshold),
        (LogicConnective.Or, LogicKind.Lukasiewicz) => LukasiewiczOr.Apply(a, b, _threshold),
        (LogicConnective.Or, _) => CrispOr.Apply(a, b, _threshold),
        (LogicConnective.Implies, LogicKind.Godel) => GodelImplies.Apply(a, b, _threshold),
        (LogicConnective.Implies, LogicKind.Product) => ProductImplies.Apply(a, b, _threshold),
        (LogicConnective.Implies, LogicKind.Lukasiewicz) => LukasiewiczImplies.Apply(a, b, _threshold),
        _ => CrispImplies.Apply(a, b, _threshold),
    };

    /// <summary>One cell of <see cref="Not(SoftTensor)"/>: 1 − p (Crisp: 0 when p ≥ threshold, else 1). Decreasing in p.</summary>
    /// <param name="a">The operand's cell.</param>
    /// <returns>The result's cell.</returns>
    public float NotCell(float a) => _kind == LogicKind.Crisp ? (a >= _threshold ? 0f : 1f) : 1f - a;
}
