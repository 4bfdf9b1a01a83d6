namespace Neptune.Vision.Scoring;

/// <summary>The requests and cache hits of one perception (one question), beside the model's totals. Thread-safe.</summary>
internal sealed class RequestTally(RequestTally? parent = null)
{
    private long _requests;
    private long _cacheHits;

    /// <summary>Requests sent to the model.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Answers taken from the cache or from an identical request in flight.</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>Counts a request here and in the tally this one is part of.</summary>
    public void AddRequest()
    {
        Interlocked.Increment(ref _requests);
        parent?.AddRequest();
    }

    /// <summary>Counts a cache hit here and in the tally this one is part of.</summary>
    public void AddCacheHit()
    {
        Interlocked.Increment(ref _cacheHits);
        parent?.AddCacheHit();
    }
}
