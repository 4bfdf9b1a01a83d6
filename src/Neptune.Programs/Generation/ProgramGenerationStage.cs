namespace Neptune.Programs.Generation;

/// <summary>Totals of a generation stage: the pre-execution cost, kept apart from execution.</summary>
public sealed record GenerationStageSummary
{
    /// <summary>Distinct questions.</summary>
    public int Questions { get; init; }

    /// <summary>Questions answered from the cache.</summary>
    public int FromCache { get; init; }

    /// <summary>Questions with a freshly generated program.</summary>
    public int Generated { get; init; }

    /// <summary>Programs that needed at least one repair round.</summary>
    public int Repaired { get; init; }

    /// <summary>Failures by kind.</summary>
    public IReadOnlyDictionary<GenerationFailureKind, int> Failures { get; init; } = new Dictionary<GenerationFailureKind, int>();

    /// <summary>For each failure kind, the reason of its first failed question (in question order).</summary>
    public IReadOnlyDictionary<GenerationFailureKind, string> FirstFailureMessages { get; init; } = new Dictionary<GenerationFailureKind, string>();

    /// <summary>Model calls.</summary>
    public long Requests { get; init; }

    /// <summary>Prompt tokens.</summary>
    public long InputTokens { get; init; }

    /// <summary>Completion tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Time spent waiting for the model, summed over questions.</summary>
    public TimeSpan ModelTime { get; init; }

    /// <summary>Wall-clock time of the stage.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Failed questions over distinct questions (0 when there are none).</summary>
    public double FailureRate => Questions == 0 ? 0 : Failures.Values.Sum() / (double)Questions;
}

/// <summary>
/// The pre-execution stage: one program per distinct question, generated concurrently through a (typically caching)
/// generator. Resumable: with a caching generator, a second run only generates what the first did not finish.
/// </summary>
public static class ProgramGenerationStage
{
    /// <summary>Generates programs for the distinct questions.</summary>
    /// <param name="questions">Questions; duplicates (after trimming) are generated once.</param>
    /// <param name="generator">The generator.</param>
    /// <param name="concurrency">Questions in flight at once.</param>
    /// <param name="onResult">Called (concurrently) as each question finishes.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="cancellationToken">Stops the stage; finished programs stay cached.</param>
    /// <returns>The totals.</returns>
    public static async Task<GenerationStageSummary> RunAsync(
        IEnumerable<string> questions,
        IProgramGenerator generator,
        int concurrency,
        Action<GenerationResult>? onResult = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        TimeProvider time = timeProvider ?? TimeProvider.System;
        long start = time.GetTimestamp();
        List<string> distinct = [.. questions.Select(q => q.Trim()).Where(q => q.Length > 0).Distinct(StringComparer.Ordinal)];
        var results = new GenerationResult[distinct.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, distinct.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                GenerationResult r = await generator.GenerateAsync(distinct[i], null, ct).ConfigureAwait(false);
                results[i] = r;
                onResult?.Invoke(r);
            }).ConfigureAwait(false);

        var failures = new Dictionary<GenerationFailureKind, int>();
        var reasons = new Dictionary<GenerationFailureKind, string>();
        foreach (GenerationResult r in results)
        {
            if (r.Failure is { } kind)
            {
                failures[kind] = failures.GetValueOrDefault(kind) + 1;
                reasons.TryAdd(kind, r.FailureMessage ?? kind.ToString());
            }
        }

        return new GenerationStageSummary
        {
            Questions = distinct.Count,
            FromCache = results.Count(r => r.FromCache),
            Generated = results.Count(r => r.Succeeded && !r.FromCache),
            Repaired = results.Count(r => r.Succeeded && !r.FromCache && r.AttemptCount > 1),
            Failures = failures,
            FirstFailureMessages = reasons,
            Requests = results.Sum(r => (long)r.Requests),
            InputTokens = results.Sum(r => r.InputTokens),
            OutputTokens = results.Sum(r => r.OutputTokens),
            ModelTime = TimeSpan.FromTicks(results.Sum(r => r.Latency.Ticks)),
            Elapsed = time.GetElapsedTime(start),
        };
    }
}
