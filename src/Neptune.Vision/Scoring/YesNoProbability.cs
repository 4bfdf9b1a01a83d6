namespace Neptune.Vision.Scoring;

/// <summary>One alternative of the first generated token: its text and natural-log probability.</summary>
/// <param name="Token">The token text as the server sent it.</param>
/// <param name="Logprob">Its log-probability (≤ 0).</param>
internal readonly record struct TokenLogprob(string Token, double Logprob);

/// <summary>Which case of the P(yes) rule produced a score; every case but <see cref="BothPresent"/> is counted.</summary>
internal enum YesNoOutcome
{
    BothPresent,
    MissingYes,
    MissingNo,
    BothMissing,
    NoLogprobs,
}

/// <summary>The P(yes) rule over the first token's top logprobs. Allocation-free.</summary>
internal static class YesNoProbability
{
    /// <summary>Which bucket a token falls in: 1 yes, -1 no, 0 neither.</summary>
    public static int Bucket(ReadOnlySpan<char> token)
    {
        ReadOnlySpan<char> t = token.TrimStart().TrimStart("Ġ▁").TrimStart().TrimEnd();
        if (t.Length > 0 && t[^1] == '.')
        {
            t = t[..^1];
        }

        if (t.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }

        return t.Equals("no", StringComparison.OrdinalIgnoreCase) ? -1 : 0;
    }

    /// <summary>Computes P(yes).</summary>
    /// <param name="alternatives">The first token's alternatives; empty when the server sent no logprobs.</param>
    /// <param name="hasLogprobs">Whether the server sent logprobs at all.</param>
    /// <param name="answerText">The generated text, for <see cref="MissingLogprobsAction.AnswerText"/>.</param>
    /// <param name="options">The rule.</param>
    /// <param name="outcome">Which case applied.</param>
    /// <returns>P(yes) in [0, 1], or NaN when the options say to fail.</returns>
    public static double Compute(ReadOnlySpan<TokenLogprob> alternatives, bool hasLogprobs, string? answerText, YesNoScoringOptions options, out YesNoOutcome outcome)
    {
        if (!hasLogprobs)
        {
            outcome = YesNoOutcome.NoLogprobs;
            return Fallback(options.WhenNoLogprobs, answerText, options);
        }

        double yes = double.NegativeInfinity;
        double no = double.NegativeInfinity;
        foreach (TokenLogprob alt in alternatives)
        {
            double lp = alt.Logprob;
            if (double.IsNaN(lp))
            {
                continue;
            }

            int bucket = Bucket(alt.Token);
            if (bucket == 1)
            {
                yes = Combine(yes, lp, options.Aggregation);
            }
            else if (bucket == -1)
            {
                no = Combine(no, lp, options.Aggregation);
            }
        }

        bool hasYes = !double.IsNegativeInfinity(yes);
        bool hasNo = !double.IsNegativeInfinity(no);
        if (!hasYes && !hasNo)
        {
            outcome = YesNoOutcome.BothMissing;
            return Fallback(options.WhenBothMissing, answerText, options);
        }

        if (!hasYes || !hasNo)
        {
            outcome = hasYes ? YesNoOutcome.MissingNo : YesNoOutcome.MissingYes;
            if (options.MissingBucketLogprob is not { } floor)
            {
                return double.NaN;
            }

            if (hasYes)
            {
                no = floor;
            }
            else
            {
                yes = floor;
            }
        }
        else
        {
            outcome = YesNoOutcome.BothPresent;
        }

        return Sigmoid(yes - no);
    }

    private static double Combine(double acc, double lp, BucketAggregation aggregation)
    {
        if (double.IsNegativeInfinity(acc))
        {
            return lp;
        }

        if (aggregation == BucketAggregation.Max)
        {
            return Math.Max(acc, lp);
        }

        double hi = Math.Max(acc, lp);
        double lo = Math.Min(acc, lp);
        return hi + Math.Log(1 + Math.Exp(lo - hi));
    }

    private static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static double Fallback(MissingLogprobsAction action, string? answerText, YesNoScoringOptions options) => action switch
    {
        MissingLogprobsAction.Neutral => options.NeutralProbability,
        MissingLogprobsAction.AnswerText => Bucket(FirstWord(answerText)) switch
        {
            1 => 1,
            -1 => 0,
            _ => options.NeutralProbability,
        },
        _ => double.NaN,
    };

    private static ReadOnlySpan<char> FirstWord(string? text)
    {
        if (text is null)
        {
            return default;
        }

        ReadOnlySpan<char> t = VisionText.StripThinking(text).AsSpan().Trim();
        int end = t.IndexOfAny(" \n\t,!");
        return end < 0 ? t : t[..end];
    }
}
