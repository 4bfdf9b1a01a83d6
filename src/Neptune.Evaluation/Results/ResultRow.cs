using Neptune.Clevr2D;
using Neptune.Perception;

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

    /// <summary>Requests sent to the vision model for this question (with scene and pixel perception, one per scored tuple and per query).</summary>
    public long VlmRequests { get; init; }

    /// <summary>Answers taken from the score cache for this question.</summary>
    public long CacheHits { get; init; }

    /// <summary>Requests issued ahead of need that this question did not use.</summary>
    public long SpeculativeCalls { get; init; }

    /// <summary>Model round trips on this question's critical path.</summary>
    public long RoundTrips { get; init; }

    /// <summary>Microseconds to obtain the prepared program (translation or lookup, parse, validation, preparation; a cache hit is a lookup).</summary>
    public double PrepareMicroseconds { get; init; }

    /// <summary>Microseconds the run took.</summary>
    public double RunMicroseconds { get; init; }

    /// <summary>
    /// For pixel perception, the detections of the question's image scored against its annotated boxes at IoU 0.5
    /// (the same for every question about the image); null for other perceptions and for images that could not be read.
    /// </summary>
    public DetectionMetrics? Detection { get; init; }

    /// <summary>
    /// For a referring expression, what was expected and what was predicted (objects, boxes, no target); null for a
    /// question.
    /// </summary>
    public ReferringOutcome? Referring { get; init; }

    /// <summary>The family key, <c>template#index</c> ("compare_integer.json#0"), or "unknown".</summary>
    public string FamilyKey => Template is null && FamilyIndex is null
        ? "unknown"
        : $"{Template ?? "unknown"}#{FamilyIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}";
}

/// <summary>The referring-expression part of a result row.</summary>
public sealed record ReferringOutcome
{
    /// <summary>The expected objects, ascending; empty for a no-target item.</summary>
    public required IReadOnlyList<int> ExpectedObjects { get; init; }

    /// <summary>The boxes of the expected objects.</summary>
    public IReadOnlyList<BoundingBox> ExpectedBoxes { get; init; } = [];

    /// <summary>The predicted objects (perceived object indices), ascending.</summary>
    public IReadOnlyList<int> PredictedObjects { get; init; } = [];

    /// <summary>The predicted boxes.</summary>
    public IReadOnlyList<BoundingBox> PredictedBoxes { get; init; } = [];

    /// <summary>Whether the prediction is "no target" (false for failures).</summary>
    public bool PredictedNoTarget { get; init; }

    /// <summary>The prediction's confidence in [0, 1].</summary>
    public double Confidence { get; init; }

    /// <summary>The operator that ended the run with no target, when one did.</summary>
    public string? AbstainedBy { get; init; }

    /// <summary>Why it abstained.</summary>
    public string? Reason { get; init; }

    /// <summary>For box judging of a target-present item: the mean IoU over the expected boxes (unmatched ones count 0).</summary>
    public double? Iou { get; init; }

    /// <summary>Whether the item has no target.</summary>
    public bool ExpectedNoTarget => ExpectedObjects.Count == 0;
}
