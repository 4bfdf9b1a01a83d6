namespace Neptune.Vision.Scoring;

/// <summary>The requests and cache hits of one perception (one question), beside the model's totals. Thread-safe.</summary>
internal sealed class RequestTally
{
    private long _requests;
    private long _cacheHits;

    /// <summary>Requests sent to the model.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Answers taken from the cache or from an identical request in flight.</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    public void AddRequest() => Interlocked.Increment(ref _requests);

    public void AddCacheHit() => Interlocked.Increment(ref _cacheHits);
}
