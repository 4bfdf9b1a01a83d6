using Neptune.Models;
using Neptune.Programs.Generation;

namespace Neptune.Evaluation.Programs;

/// <summary>How a failed program generation is recorded for the questions it was meant for: one mapping for every runner.</summary>
/// <remarks>
/// No program extracted → <c>no_program</c>; invalid after the repair rounds → <c>validation</c>; runtime error after
/// repairs → <c>runtime</c>; an unusable model server → <c>model_error</c> (its error names the model failure).
/// </remarks>
public static class GenerationFailures
{
    /// <summary>The row failure kind of a generation failure.</summary>
    /// <param name="failure">The generation's failure.</param>
    /// <returns>The failure kind recorded in the row.</returns>
    public static string Kind(GenerationFailureKind? failure) => failure switch
    {
        GenerationFailureKind.InvalidAfterRepairs => FailureKinds.Validation,
        GenerationFailureKind.RuntimeErrorAfterRepairs => FailureKinds.Runtime,
        GenerationFailureKind.ModelError => "model_error",
        _ => FailureKinds.NoProgram,
    };

    /// <summary>The exception a program source throws for a generation that produced no program.</summary>
    /// <param name="result">The failed generation.</param>
    /// <returns>The exception (the row records its kind, error and message).</returns>
    public static ProgramSourceException ToException(GenerationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(
            Kind(result.Failure),
            result.FailureMessage ?? "no program",
            result.ModelFailure is { } model ? $"model_error:{ModelFailureKinds.Name(model)}" : null);
    }
}
