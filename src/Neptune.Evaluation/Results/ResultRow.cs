using Neptune.Clevr2D;

namespace Neptune.Evaluation.Results;

/// <summary>The outcome of one question: one line of <c>results.jsonl</c>.</summary>
public sealed record ResultRow
{
    /// <summary>The question id: its <c>question_index</c>, or its position in the file when it has none.</summary>
    public required long Id { get; init; }

    /// <summary>The question text.</summary>
    public required string Question { get; init; }

    /// <summary>The scene's image index.</summary>
    public required int ImageIndex { get; init; }

    /// <summary>The template file the question was generated from, when known.</summary>
    public string? Template { get; init; }

    /// <summary>The question family's index within its template file, when known.</summary>
    public int? FamilyIndex { get; init; }

    /// <summary>The answer category ("Count", "Exist", "Compare Integer", "Compare Attribute", "Query Attribute", "Other").</summary>
    public required string Category { get; init; }

    /// <summary>The SHA-256 of the program text (lower-case hex), when there was a program.</summary>
    public string? ProgramHash { get; init; }

    /// <summary>The program text; recorded only for failures.</summary>
    public string? Program { get; init; }

    /// <summary>The predicted answer; null when the question failed.</summary>
    public string? Predicted { get; init; }

    /// <summary>The expected answer; null in files without answers.</summary>
    public string? Expected { get; init; }

    /// <summary>Whether <see cref="Predicted"/> equals <see cref="Expected"/>. Always false for failures.</summary>
    public required bool Correct { get; init; }

    /// <summary>The failure kind (<see cref="FailureKinds"/>); null when the program produced an answer.</summary>
    public string? FailureKind { get; init; }

    /// <summary>The specific error ("ZeroDivisionError", "BudgetExceeded:Steps", "NPT2006"), when failed.</summary>
    public string? Error { get; init; }

    /// <summary>The failure's message, with its line when known; null when none.</summary>
    public string? FailureMessage { get; init; }

    /// <summary>The object tuples perception scored for this question.</summary>
    public long ScoredTuples { get; init; }

    /// <summary>Microseconds to obtain the prepared program (translation or lookup, parse, validation, preparation; a cache hit is a lookup).</summary>
    public double PrepareMicroseconds { get; init; }

    /// <summary>Microseconds the run took.</summary>
    public double RunMicroseconds { get; init; }

    /// <summary>
    /// For pixel perception, the detections of the question's image scored against its annotated boxes at IoU 0.5
    /// (the same for every question about the image); null for other perceptions and for images that could not be read.
    /// </summary>
    public DetectionMetrics? Detection { get; init; }

    /// <summary>The family key, <c>template#index</c> ("compare_integer.json#0"), or "unknown".</summary>
    public string FamilyKey => Template is null && FamilyIndex is null
        ? "unknown"
        : $"{Template ?? "unknown"}#{FamilyIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}";
}
