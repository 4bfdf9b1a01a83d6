using Neptune.Vision.Prompting;

namespace Neptune.Vision.Scoring;

/// <summary>How a VLM scores and answers questions about objects.</summary>
public sealed record VlmOptions
{
    /// <summary>The defaults: NePTune's P(yes) rule, crops on.</summary>
    public static VlmOptions Default { get; } = new();

    /// <summary>The P(yes) rule.</summary>
    public YesNoScoringOptions Scoring { get; init; } = YesNoScoringOptions.Default;

    /// <summary>The visual prompt.</summary>
    public VisualPromptOptions Prompt { get; init; } = VisualPromptOptions.Default;

    /// <summary>The most tuples one <c>score</c> call may enumerate (N^k); larger calls fail with an invalid-argument error. Default 20,000.</summary>
    public int MaxTuplesPerScore { get; init; } = 20_000;

    /// <summary>
    /// How many prompts may be built and waiting for an answer at once. Prompts (marked images, encoded) are built only
    /// inside this window, so a large <c>score</c> call holds a bounded amount of memory; set it at or above the
    /// endpoints' total capacity so the servers stay busy. Default 256.
    /// </summary>
    public int MaxPendingRequests { get; init; } = 256;

    /// <summary>The completion limit for open questions. Default 16.</summary>
    public int QueryMaxTokens { get; init; } = 16;

    /// <summary>The sampling temperature of every request. Default 0.</summary>
    public float Temperature { get; init; }

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A field is out of range; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Scoring);
        ArgumentNullException.ThrowIfNull(Prompt);
        Scoring.Validate();
        Prompt.Validate();
        if (MaxTuplesPerScore is < 1 or > 10_000_000)
        {
            throw new ArgumentException("max_tuples_per_score: must be between 1 and 10,000,000", nameof(MaxTuplesPerScore));
        }

        if (MaxPendingRequests is < 1 or > 100_000)
        {
            throw new ArgumentException("max_pending_requests: must be between 1 and 100,000", nameof(MaxPendingRequests));
        }

        if (QueryMaxTokens is < 1 or > 4096)
        {
            throw new ArgumentException("query_max_tokens: must be between 1 and 4096", nameof(QueryMaxTokens));
        }

        if (!(Temperature >= 0 && Temperature <= 2))
        {
            throw new ArgumentException("temperature: must be between 0 and 2", nameof(Temperature));
        }
    }

    /// <summary>Everything that changes a score, for cache keys.</summary>
    internal string Fingerprint() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{Prompt.Fingerprint()}|agg={Scoring.Aggregation}|floor={Scoring.MissingBucketLogprob:R}|both={Scoring.WhenBothMissing}|none={Scoring.WhenNoLogprobs}|neutral={Scoring.NeutralProbability:R}|top={Scoring.TopLogprobs}|t={Temperature:R}|q={QueryMaxTokens}");
}
