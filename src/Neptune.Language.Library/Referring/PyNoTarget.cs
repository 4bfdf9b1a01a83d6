using Neptune.Language.Runtime;

namespace Neptune.Language.Library;

/// <summary>
/// The explicit "no target" result of a referring expression (<c>NoTarget</c>): what a program returns when no object
/// in the image matches, and what an operator ends the run with when its verification leaves nothing.
/// </summary>
public sealed class PyNoTarget : LibraryObject
{
    /// <summary>Creates the value.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="operatorName">The operator that abstained, or <see langword="null"/> when the program returned it itself.</param>
    /// <param name="reason">Why there is no target.</param>
    /// <param name="line">The program line of the abstaining call (0 when unknown).</param>
    public PyNoTarget(HostRunContext context, string? operatorName, string reason, int line)
        : base(context)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Operator = operatorName;
        Reason = reason;
        Line = line;
    }

    /// <summary>The operator that abstained (<c>FIND</c>, <c>FIND_DIRECTION</c>, ...), or null.</summary>
    public string? Operator { get; }

    /// <summary>Why there is no target.</summary>
    public string Reason { get; }

    /// <summary>The program line of the abstaining call.</summary>
    public int Line { get; }

    /// <inheritdoc />
    public override string TypeName => "NoTarget";

    /// <summary>"No target" is false in <c>if</c>.</summary>
    /// <returns><see langword="false"/>.</returns>
    public override bool IsTruthy() => false;

    /// <inheritdoc />
    public override PyObject? GetAttribute(ExecutionMeter meter, string name) => name switch
    {
        "operator" => Operator is null ? PyNone.Instance : PyStr.From(Operator),
        "reason" => PyStr.From(Reason),
        _ => null,
    };

    /// <inheritdoc />
    public override string Repr() => Operator is null
        ? (Reason.Length == 0 ? "NoTarget()" : $"NoTarget({PyOps.Repr(null, PyStr.From(Reason))})")
        : $"NoTarget({Operator} abstained: {Reason})";
}
