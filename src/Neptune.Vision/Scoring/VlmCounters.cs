using System.Collections.Concurrent;

namespace Neptune.Vision.Scoring;

/// <summary>
/// What a VLM scorer did: requests, cache hits, tuples skipped because they repeat an object, every case of the P(yes)
/// rule that had to fill in a missing logprob, and failures (with the questions they hit). Thread-safe.
/// </summary>
public sealed class VlmCounters
{
    private readonly ConcurrentQueue<string> _failures = new();
    private long _requests;
    private long _scoredTuples;
    private long _cacheHits;
    private long _repeatedTuples;
    private long _missingYes;
    private long _missingNo;
    private long _bothMissing;
    private long _noLogprobs;
    private long _failedRequests;

    /// <summary>Requests sent to the model (scores, queries and grounding).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Tuples whose P(yes) was needed (from the model or the cache).</summary>
    public long ScoredTuples => Interlocked.Read(ref _scoredTuples);

    /// <summary>Answers taken from the cache instead of the model.</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>Tuples that repeat an object: 0 without a request.</summary>
    public long RepeatedTuples => Interlocked.Read(ref _repeatedTuples);

    /// <summary>Scores whose top logprobs had a "No" but no "Yes".</summary>
    public long MissingYes => Interlocked.Read(ref _missingYes);

    /// <summary>Scores whose top logprobs had a "Yes" but no "No".</summary>
    public long MissingNo => Interlocked.Read(ref _missingNo);

    /// <summary>Scores whose top logprobs had neither.</summary>
    public long BothMissing => Interlocked.Read(ref _bothMissing);

    /// <summary>Scores whose answer carried no logprobs at all.</summary>
    public long NoLogprobs => Interlocked.Read(ref _noLogprobs);

    /// <summary>Requests that failed after every retry and endpoint was tried.</summary>
    public long FailedRequests => Interlocked.Read(ref _failedRequests);

    /// <summary>One line per failed question (<c>question: reason</c>), in the order they failed.</summary>
    public IReadOnlyList<string> Failures => [.. _failures];

    /// <inheritdoc />
    public override string ToString() =>
        $"requests {Requests}, tuples {ScoredTuples}, cache hits {CacheHits}, repeated {RepeatedTuples}, missing yes {MissingYes}, missing no {MissingNo}, both missing {BothMissing}, no logprobs {NoLogprobs}, failed {FailedRequests}";

    internal void AddRequest() => Interlocked.Increment(ref _requests);

    internal void AddScoredTuples(long count) => Interlocked.Add(ref _scoredTuples, count);

    internal void AddCacheHit() => Interlocked.Increment(ref _cacheHits);

    internal void AddRepeated(long count) => Interlocked.Add(ref _repeatedTuples, count);

    internal void AddOutcome(YesNoOutcome outcome)
    {
        switch (outcome)
        {
            case YesNoOutcome.MissingYes:
                Interlocked.Increment(ref _missingYes);
                break;
            case YesNoOutcome.MissingNo:
                Interlocked.Increment(ref _missingNo);
                break;
            case YesNoOutcome.BothMissing:
                Interlocked.Increment(ref _bothMissing);
                break;
            case YesNoOutcome.NoLogprobs:
                Interlocked.Increment(ref _noLogprobs);
                break;
        }
    }

    internal void AddFailure(string question, string reason)
    {
        Interlocked.Increment(ref _failedRequests);
        if (_failures.Count < 10_000)
        {
            _failures.Enqueue($"{question}: {reason}");
        }
    }
}
