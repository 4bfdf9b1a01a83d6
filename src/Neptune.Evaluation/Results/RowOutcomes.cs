using Neptune.Language;
using Neptune.Language.Library;

namespace Neptune.Evaluation.Results;

/// <summary>How a program's run becomes a row, the same for every runner (CLEVR questions and expressions, photos).</summary>
internal static class RowOutcomes
{
    /// <summary>The row of a run that failed: the family from the error's category, the code with its budget, the message with its line.</summary>
    public static ResultRow WithProgramError(this ResultRow row, ProgramError error) => row with
    {
        FailureKind = error.Category switch
        {
            ProgramErrorCategory.Budget => FailureKinds.Budget,
            ProgramErrorCategory.Perception => FailureKinds.Perception,
            _ => FailureKinds.Runtime,
        },
        Error = error.Budget is { } budget ? $"{error.Kind}:{budget}" : error.Kind,
        FailureMessage = error.Line > 0 ? $"{error.FirstLine} (line {error.Line})" : error.FirstLine,
    };

    /// <summary>The row of a run whose value is not an answer or referent: why, with the value's repr.</summary>
    public static ResultRow WithBadResult(this ResultRow row, string problem, RunResult result) => row with
    {
        FailureKind = FailureKinds.BadResult,
        Error = FailureKinds.BadResult,
        FailureMessage = $"{problem} (result: {Truncate(result.ValueRepr)})",
    };

    /// <summary>The referring part of a row with the program's referents (objects ascending), before judging.</summary>
    public static ReferringOutcome WithPrediction(this ReferringOutcome outcome, ReferringResult referent) => outcome with
    {
        PredictedObjects = [.. referent.Objects.Order()],
        PredictedBoxes = referent.Boxes,
        PredictedNoTarget = referent.NoTarget,
        Confidence = referent.Confidence,
        AbstainedBy = referent.AbstainedOperator,
        Reason = referent.Reason,
    };

    private static string Truncate(string? text) =>
        text is null ? "None" : text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 197), "...");
}
