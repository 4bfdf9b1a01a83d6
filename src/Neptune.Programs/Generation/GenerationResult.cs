namespace Neptune.Programs.Generation;

/// <summary>Why program generation failed for a question.</summary>
public enum GenerationFailureKind
{
    /// <summary>No answer contained a program (after every round).</summary>
    NoProgram,

    /// <summary>The last program still had validation errors after the last repair round.</summary>
    InvalidAfterRepairs,

    /// <summary>The last program still failed on the probe image after the last repair round.</summary>
    RuntimeErrorAfterRepairs,

    /// <summary>The model server could not be used (after its retries).</summary>
    ModelError,
}

/// <summary>How one attempt ended.</summary>
public enum AttemptOutcome
{
    /// <summary>A valid program (and, with a probe, it ran).</summary>
    Valid,

    /// <summary>The answer had no program.</summary>
    NoProgram,

    /// <summary>The program had validation errors.</summary>
    Invalid,

    /// <summary>The program was valid but failed on the probe image.</summary>
    RuntimeError,

    /// <summary>The request failed.</summary>
    ModelError,
}

/// <summary>One round of the generate-validate-repair loop.</summary>
public sealed record GenerationAttempt
{
    /// <summary>1-based round number.</summary>
    public required int Number { get; init; }

    /// <summary>How the round ended.</summary>
    public required AttemptOutcome Outcome { get; init; }

    /// <summary>The model's answer text (null when the request failed).</summary>
    public string? ResponseText { get; init; }

    /// <summary>The extracted program, when there was one.</summary>
    public string? Program { get; init; }

    /// <summary>Validation diagnostics, formatted <c>program.py(line,col): error CODE: message (hint: …)</c>.</summary>
    public IReadOnlyList<string> Diagnostics { get; init; } = [];

    /// <summary>The runtime error on the probe image, or the model error, Python style.</summary>
    public string? Error { get; init; }

    /// <summary>Prompt tokens the server reported.</summary>
    public long InputTokens { get; init; }

    /// <summary>Completion tokens the server reported.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Time from request to answer, retries included.</summary>
    public TimeSpan Latency { get; init; }
}

/// <summary>The outcome of generating a program for one question: a value, never an exception, for expected failures.</summary>
public sealed record GenerationResult
{
    /// <summary>The question.</summary>
    public required string Question { get; init; }

    /// <summary>The final valid program text; null on failure.</summary>
    public string? Program { get; init; }

    /// <summary>The object names to detect (from the answer that gave the final program).</summary>
    public IReadOnlyList<string> Objects { get; init; } = [];

    /// <summary>Every round, in order (empty for a cache hit whose history was not recorded).</summary>
    public IReadOnlyList<GenerationAttempt> Attempts { get; init; } = [];

    /// <summary>The number of rounds it took.</summary>
    public int AttemptCount { get; init; }

    /// <summary>The model that wrote the program.</summary>
    public string? Model { get; init; }

    /// <summary>Why generation failed; null on success.</summary>
    public GenerationFailureKind? Failure { get; init; }

    /// <summary>A readable reason for the failure.</summary>
    public string? FailureMessage { get; init; }

    /// <summary>For <see cref="GenerationFailureKind.ModelError"/>: the kind of the model failure that ended generation after its retries.</summary>
    public Neptune.Models.ModelFailureKind? ModelFailure { get; init; }

    /// <summary>Whether the program came from the program cache (no model call).</summary>
    public bool FromCache { get; init; }

    /// <summary>Whether a program was produced.</summary>
    public bool Succeeded => Program is not null;

    /// <summary>Model calls made for this result (0 for a cache hit).</summary>
    public int Requests => FromCache ? 0 : Attempts.Count;

    /// <summary>Prompt tokens over all rounds (0 for a cache hit).</summary>
    public long InputTokens => FromCache ? 0 : Attempts.Sum(a => a.InputTokens);

    /// <summary>Completion tokens over all rounds (0 for a cache hit).</summary>
    public long OutputTokens => FromCache ? 0 : Attempts.Sum(a => a.OutputTokens);

    /// <summary>Time spent waiting for the model over all rounds (zero for a cache hit).</summary>
    public TimeSpan Latency => FromCache ? TimeSpan.Zero : TimeSpan.FromTicks(Attempts.Sum(a => a.Latency.Ticks));
}
