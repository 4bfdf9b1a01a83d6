namespace Neptune.Vision.Scoring;

/// <summary>How the probabilities of the token variants of one answer ("Yes", " yes", "YES") are combined.</summary>
public enum BucketAggregation
{
    /// <summary>Probabilities of all variants are summed (log-sum-exp of their logprobs). The default.</summary>
    Sum = 0,

    /// <summary>Only the best variant counts (NePTune's code: the best "Yes" against the best "No").</summary>
    Max = 1,
}

/// <summary>What to do when neither answer appears among the top logprobs, or the server sent no logprobs at all.</summary>
public enum MissingLogprobsAction
{
    /// <summary>P(yes) = <see cref="YesNoScoringOptions.NeutralProbability"/> (0.5 by default; NePTune's rule).</summary>
    Neutral = 0,

    /// <summary>Read the generated token instead: "yes" gives 1, "no" gives 0, anything else the neutral probability.</summary>
    AnswerText = 1,

    /// <summary>Fail the score with a malformed-response perception error.</summary>
    Fail = 2,
}

/// <summary>
/// The rule that turns a one-token completion's <c>top_logprobs</c> into P(yes). Defaults follow NePTune: a missing
/// bucket counts as log(1e-6), both buckets missing give 0.5.
/// </summary>
/// <remarks>
/// Token text is folded before bucketing: leading whitespace and the tokenizer word markers <c>Ġ</c> and <c>▁</c> are
/// removed, trailing whitespace and one final period are removed, and case is ignored; "yes" and "no" are the buckets.
/// With bucket log-probabilities <c>ly</c> and <c>ln</c>, P(yes) = exp(ly) / (exp(ly) + exp(ln)) = σ(ly − ln).
/// </remarks>
public sealed record YesNoScoringOptions
{
    /// <summary>NePTune's rule.</summary>
    public static YesNoScoringOptions Default { get; } = new();

    /// <summary>How variants of one answer combine. Default <see cref="BucketAggregation.Sum"/>.</summary>
    public BucketAggregation Aggregation { get; init; } = BucketAggregation.Sum;

    /// <summary>
    /// The log-probability given to a bucket that has no token among the top logprobs while the other bucket has one.
    /// Default log(1e-6). Null fails such scores with a malformed-response error instead.
    /// </summary>
    public double? MissingBucketLogprob { get; init; } = Math.Log(1e-6);

    /// <summary>What to do when neither bucket has a token among the top logprobs. Default <see cref="MissingLogprobsAction.Neutral"/>.</summary>
    public MissingLogprobsAction WhenBothMissing { get; init; } = MissingLogprobsAction.Neutral;

    /// <summary>What to do when the answer carries no logprobs at all (LM Studio, reasoning models). Default <see cref="MissingLogprobsAction.Neutral"/>.</summary>
    public MissingLogprobsAction WhenNoLogprobs { get; init; } = MissingLogprobsAction.Neutral;

    /// <summary>The probability used by <see cref="MissingLogprobsAction.Neutral"/>. Default 0.5.</summary>
    public double NeutralProbability { get; init; } = 0.5;

    /// <summary>How many alternatives to request per token (<c>top_logprobs</c>), 1 to 20. Default 20.</summary>
    public int TopLogprobs { get; init; } = 20;

    /// <summary>Checks ranges.</summary>
    /// <exception cref="ArgumentException">A field is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MissingBucketLogprob is { } m && (double.IsNaN(m) || m > 0))
        {
            throw new ArgumentException("missing_bucket_logprob: must be a log-probability (≤ 0) or null", nameof(MissingBucketLogprob));
        }

        if (!(NeutralProbability >= 0 && NeutralProbability <= 1))
        {
            throw new ArgumentException("neutral_probability: must be in [0, 1]", nameof(NeutralProbability));
        }

        if (TopLogprobs is < 1 or > 20)
        {
            throw new ArgumentException("top_logprobs: must be between 1 and 20", nameof(TopLogprobs));
        }

        if (!Enum.IsDefined(Aggregation) || !Enum.IsDefined(WhenBothMissing) || !Enum.IsDefined(WhenNoLogprobs))
        {
            throw new ArgumentException("scoring: unknown aggregation or missing-logprobs action");
        }
    }
}
