namespace Neptune.Clevr;

/// <summary>
/// Thread-safe counts of perception work, shared by any number of worlds (for example all the scenes of one
/// evaluation run).
/// </summary>
public sealed class ScoringCounter
{
    private long _scoreCalls;
    private long _scoredTuples;
    private long _queryCalls;

    /// <summary>The number of successful score requests.</summary>
    public long ScoreCalls => Interlocked.Read(ref _scoreCalls);

    /// <summary>The number of object tuples scored (tuples of distinct objects; repeated-object cells are not scored).</summary>
    public long ScoredTuples => Interlocked.Read(ref _scoredTuples);

    /// <summary>The number of successful query requests.</summary>
    public long QueryCalls => Interlocked.Read(ref _queryCalls);

    internal void AddScore(long tuples)
    {
        Interlocked.Increment(ref _scoreCalls);
        Interlocked.Add(ref _scoredTuples, tuples);
    }

    internal void AddQuery() => Interlocked.Increment(ref _queryCalls);
}
