namespace Neptune.Language;

/// <summary>
/// How a run makes its model calls (<c>--evaluation</c>, config field <c>evaluation</c>). Every mode gives the same
/// answers; they differ in how many calls are made and how many of them wait on each other.
/// </summary>
public enum EvaluationMode
{
    /// <summary>Each host call is made when the program reaches it, one after another.</summary>
    Eager = 0,

    /// <summary>
    /// Before the run, the calls the program's text names with literal arguments (a <c>score()</c> with a literal
    /// question and arity) are issued concurrently; the run then finds their answers ready. Calls the run does not
    /// reach are counted as speculative.
    /// </summary>
    Prefetch = 1,

    /// <summary>
    /// Only the cells that can change the result are scored: <c>score()</c> returns a tensor whose cells are asked of
    /// perception when an operation needs them, and counts, quantifiers, <c>iota</c> and <c>given</c> work on interval
    /// bounds of the cells not yet scored. Answers and reported probabilities equal <see cref="Eager"/>'s.
    /// </summary>
    Lazy = 2,
}

/// <summary>The names of <see cref="EvaluationMode"/> in configs and flags.</summary>
public static class EvaluationModes
{
    /// <summary>The names a config or flag accepts, in order.</summary>
    public static IReadOnlyList<string> Available { get; } = ["eager", "prefetch", "lazy"];

    /// <summary>The name of a mode.</summary>
    /// <param name="mode">The mode.</param>
    /// <returns><c>eager</c>, <c>prefetch</c> or <c>lazy</c>.</returns>
    public static string Name(EvaluationMode mode) => mode switch
    {
        EvaluationMode.Eager => "eager",
        EvaluationMode.Prefetch => "prefetch",
        EvaluationMode.Lazy => "lazy",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown evaluation mode"),
    };

    /// <summary>Reads a mode's name.</summary>
    /// <param name="text">The name (case and surrounding spaces ignored); null gives <see cref="EvaluationMode.Eager"/>.</param>
    /// <param name="mode">The mode.</param>
    /// <param name="error">Why the name is not accepted (without the field name), or null.</param>
    /// <returns>Whether the name is an available mode.</returns>
    public static bool TryParse(string? text, out EvaluationMode mode, out string? error)
    {
        mode = EvaluationMode.Eager;
        error = null;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "eager":
                return true;
            case "lazy":
                mode = EvaluationMode.Lazy;
                return true;
            case "prefetch":
                mode = EvaluationMode.Prefetch;
                return true;
            default:
                error = $"unknown value '{text}'; expected one of: {string.Join(", ", Available)}";
                return false;
        }
    }
}
