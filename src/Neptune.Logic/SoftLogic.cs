using System.Numerics.Tensors;
using Neptune.Logic.Internal;

namespace Neptune.Logic;

/// <summary>
/// Evaluates connectives, quantifiers, counts and relational operators over <see cref="SoftTensor"/>s under one
/// <see cref="LogicKind"/>. Stateless apart from its validated options, so one instance may be shared across threads.
/// </summary>
/// <remarks>
/// Binary operations align their operands by variable name: the result has the first operand's variables followed by
/// the second operand's other variables, and each operand is broadcast along the variables it lacks. A rank-0 operand
/// combines with anything. Operands with variables must range over domains of the same size.
/// </remarks>
public sealed partial class SoftLogic
{
    private readonly LogicKind _kind;
    private readonly float _threshold;

    /// <summary>A logic with <see cref="LogicOptions.Default"/>.</summary>
    public SoftLogic()
        : this(LogicOptions.Default)
    {
    }

    /// <summary>A logic with the given options.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <exception cref="InvalidLogicOptionsException">A setting is out of range.</exception>
    public SoftLogic(LogicOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _kind = options.Kind;
        _threshold = options.CrispThreshold;
    }

    /// <summary>The options this logic evaluates with.</summary>
    public LogicOptions Options { get; }

    /// <summary>Negation: 1 − p, or under <see cref="LogicKind.Crisp"/> 0 when p ≥ threshold and 1 otherwise.</summary>
    /// <param name="a">The operand.</param>
    public SoftTensor Not(SoftTensor a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var result = new float[a.Length];
        if (_kind == LogicKind.Crisp)
        {
            ReadOnlySpan<float> src = a.Values;
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = src[i] >= _threshold ? 0f : 1f;
            }
        }
        else
        {
            TensorPrimitives.Subtract(1f, a.Values, result);
        }

        return new SoftTensor(a.VariableArray, a.DomainSize, result);
    }

    /// <summary>
    /// Conjunction. With <see cref="LogicOptions.DistinctVariables"/> on, every cell of the result where two different
    /// variables bind the same object is 0.
    /// </summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <exception cref="DomainMismatchException">The operands range over domains of different sizes.</exception>
    /// <exception cref="VariableException">The result would have more than <see cref="SoftTensor.MaxRank"/> variables.</exception>
    /// <exception cref="TensorTooLargeException">The result would exceed <see cref="LogicOptions.MaxCells"/>.</exception>
    public SoftTensor And(SoftTensor a, SoftTensor b)
    {
        Check(a, b);
        return _kind switch
        {
            LogicKind.Godel => Broadcast.Apply<GodelAnd>(a, b, Options, conjunction: true),
            LogicKind.Product => Broadcast.Apply<ProductAnd>(a, b, Options, conjunction: true),
            LogicKind.Lukasiewicz => Broadcast.Apply<LukasiewiczAnd>(a, b, Options, conjunction: true),
            _ => Broadcast.Apply<CrispAnd>(a, b, Options, conjunction: true),
        };
    }

    /// <summary>Disjunction (no masking).</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <exception cref="DomainMismatchException">The operands range over domains of different sizes.</exception>
    /// <exception cref="VariableException">The result would have more than <see cref="SoftTensor.MaxRank"/> variables.</exception>
    /// <exception cref="TensorTooLargeException">The result would exceed <see cref="LogicOptions.MaxCells"/>.</exception>
    public SoftTensor Or(SoftTensor a, SoftTensor b)
    {
        Check(a, b);
        return _kind switch
        {
            LogicKind.Godel => Broadcast.Apply<GodelOr>(a, b, Options, conjunction: false),
            LogicKind.Product => Broadcast.Apply<ProductOr>(a, b, Options, conjunction: false),
            LogicKind.Lukasiewicz => Broadcast.Apply<LukasiewiczOr>(a, b, Options, conjunction: false),
            _ => Broadcast.Apply<CrispOr>(a, b, Options, conjunction: false),
        };
    }

    /// <summary>
    /// Implication a → b: Kleene–Dienes max(1 − a, b) under Gödel (NePTune's), Reichenbach 1 − a + ab under Product,
    /// min(1, 1 − a + b) under Łukasiewicz, Boolean under Crisp. No masking.
    /// </summary>
    /// <param name="a">The antecedent.</param>
    /// <param name="b">The consequent.</param>
    /// <exception cref="DomainMismatchException">The operands range over domains of different sizes.</exception>
    /// <exception cref="VariableException">The result would have more than <see cref="SoftTensor.MaxRank"/> variables.</exception>
    /// <exception cref="TensorTooLargeException">The result would exceed <see cref="LogicOptions.MaxCells"/>.</exception>
    public SoftTensor Implies(SoftTensor a, SoftTensor b)
    {
        Check(a, b);
        return _kind switch
        {
            LogicKind.Godel => Broadcast.Apply<GodelImplies>(a, b, Options, conjunction: false),
            LogicKind.Product => Broadcast.Apply<ProductImplies>(a, b, Options, conjunction: false),
            LogicKind.Lukasiewicz => Broadcast.Apply<LukasiewiczImplies>(a, b, Options, conjunction: false),
            _ => Broadcast.Apply<CrispImplies>(a, b, Options, conjunction: false),
        };
    }

    /// <summary>Exclusive or, defined in every logic as (a ∨ b) ∧ ¬(a ∧ b) with that logic's connectives. No masking.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <exception cref="DomainMismatchException">The operands range over domains of different sizes.</exception>
    /// <exception cref="VariableException">The result would have more than <see cref="SoftTensor.MaxRank"/> variables.</exception>
    /// <exception cref="TensorTooLargeException">The result would exceed <see cref="LogicOptions.MaxCells"/>.</exception>
    public SoftTensor Xor(SoftTensor a, SoftTensor b)
    {
        Check(a, b);
        return _kind switch
        {
            LogicKind.Godel => Broadcast.Apply<GodelXor>(a, b, Options, conjunction: false),
            LogicKind.Product => Broadcast.Apply<ProductXor>(a, b, Options, conjunction: false),
            LogicKind.Lukasiewicz => Broadcast.Apply<LukasiewiczXor>(a, b, Options, conjunction: false),
            _ => Broadcast.Apply<CrispXor>(a, b, Options, conjunction: false),
        };
    }

    private static void Check(SoftTensor a, SoftTensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
    }
}
