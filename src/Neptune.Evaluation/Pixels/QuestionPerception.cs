using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Evaluation.Pixels;

/// <summary>
/// One question's view of a perception shared by the questions about the same image: it forwards every request and
/// counts the tuples scored and the calls made for this question alone (the shared world's own counters mix all of them).
/// </summary>
/// <remarks>
/// A score request of arity k over n objects scores the n·(n−1)·…·(n−k+1) tuples of distinct objects; tuples that
/// repeat an object are 0 without being scored. Each scored tuple and each query stands for one VLM request, and each
/// call that needs at least one request for one round trip (calls run one after another; a call's tuples are scored
/// together), except that the calls issued together (<see cref="Concurrently"/>: prefetch evaluation) share one round
/// trip. One program run uses a view; its calls may complete concurrently.
/// </remarks>
internal class QuestionPerception(IScenePerception inner) : IScenePerception, IPerceptionDecorator, IConcurrentCalls
{
    private long _scoredTuples;
    private long _queries;
    private long _roundTrips;
    private readonly AsyncLocal<Batch?> _batch = new();

    /// <inheritdoc />
    public IScenePerception Inner => inner;

    /// <summary>The tuples of distinct objects scored through this view.</summary>
    public long ScoredTuples => Interlocked.Read(ref _scoredTuples);

    /// <summary>The queries answered through this view.</summary>
    public long Queries => Interlocked.Read(ref _queries);

    /// <summary>The calls that needed at least one request: round trips on the critical path.</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    /// <summary>The calls made until the scope is disposed share one round trip (counted once, when the first needs a request).</summary>
    /// <returns>The scope.</returns>
    public IDisposable Concurrently()
    {
        var batch = new Batch(this);
        _batch.Value = batch;
        return batch;
    }

    /// <summary>The calls of this question, counted as one VLM request per tuple and query (no cache, nothing speculative).</summary>
    public PerceptionCalls Calls => new(ScoredTuples + Queries, ScoredTuples, CacheHits: 0, SpeculativeCalls: 0, RoundTrips);

    /// <summary>A view over <paramref name="inner"/> that keeps its geometry when it has one.</summary>
    /// <param name="inner">The shared perception.</param>
    /// <returns>The view.</returns>
    public static QuestionPerception For(IScenePerception inner) =>
        inner is ISceneGeometry geometry ? new GeometricQuestionPerception(inner, geometry) : new QuestionPerception(inner);

    public IReadOnlyList<DetectedObject> Objects => inner.Objects;

    public ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken)
    {
        ValueTask<SoftTensor> pending = inner.ScoreAsync(question, variables, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            CountScore(variables.Count, _batch.Value);
            return pending;
        }

        return Counted(pending, variables.Count, _batch.Value);
    }

    public ValueTask<float[]> ScoreTuplesAsync(string question, IReadOnlyList<string> variables, ReadOnlyMemory<int> cells, CancellationToken cancellationToken)
    {
        ValueTask<float[]> pending = inner.ScoreTuplesAsync(question, variables, cells, cancellationToken);
        long tuples = DistinctCells(cells.Span, inner.Objects.Count, variables.Count);
        if (pending.IsCompletedSuccessfully)
        {
            CountTuples(tuples, _batch.Value);
            return pending;
        }

        return CountedTuples(pending, tuples, _batch.Value);
    }

    public ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken)
    {
        ValueTask<string> pending = inner.QueryAsync(question, objectIndex, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            CountQuery();
            return pending;
        }

        return CountedQuery(pending);
    }

    /// <summary>n·(n−1)·…·(n−k+1): the tuples of k distinct objects out of n.</summary>
    internal static long DistinctTuples(int objects, int arity)
    {
        long count = 1;
        for (int k = 0; k < arity; k++)
        {
            count *= Math.Max(0, objects - k);
        }

        return count;
    }

    /// <summary>The requested cells that are tuples of distinct objects (the others are 0 and cost no request).</summary>
    internal static long DistinctCells(ReadOnlySpan<int> cells, int objects, int arity)
    {
        long count = 0;
        foreach (int cell in cells)
        {
            int a = cell % Math.Max(objects, 1);
            int rest = cell / Math.Max(objects, 1);
            bool distinct = arity switch
            {
                1 => true,
                2 => a != rest,
                _ => a != rest % objects && a != rest / objects && rest % objects != rest / objects,
            };
            count += distinct ? 1 : 0;
        }

        return count;
    }

    private async ValueTask<float[]> CountedTuples(ValueTask<float[]> pending, long tuples, Batch? batch)
    {
        float[] result = await pending.ConfigureAwait(false);
        CountTuples(tuples, batch);
        return result;
    }

    private void CountTuples(long tuples, Batch? batch)
    {
        Interlocked.Add(ref _scoredTuples, tuples);
        if (tuples > 0 && (batch is null || batch.Claim()))
        {
            Interlocked.Increment(ref _roundTrips);
        }
    }

    private async ValueTask<SoftTensor> Counted(ValueTask<SoftTensor> pending, int arity, Batch? batch)
    {
        SoftTensor result = await pending.ConfigureAwait(false);
        CountScore(arity, batch);
        return result;
    }

    private async ValueTask<string> CountedQuery(ValueTask<string> pending)
    {
        string answer = await pending.ConfigureAwait(false);
        CountQuery();
        return answer;
    }

    private void CountScore(int arity, Batch? batch)
    {
        CountTuples(DistinctTuples(inner.Objects.Count, arity), batch);
    }

    private void CountQuery()
    {
        Interlocked.Increment(ref _queries);
        Interlocked.Increment(ref _roundTrips);
    }

    /// <summary>Calls issued together: the first that needs a request counts the round trip they share.</summary>
    private sealed class Batch(QuestionPerception owner) : IDisposable
    {
        private int _claimed;

        public bool Claim() => Interlocked.Exchange(ref _claimed, 1) == 0;

        public void Dispose()
        {
            if (owner._batch.Value == this)
            {
                owner._batch.Value = null;
            }
        }
    }
}

/// <summary>
/// A <see cref="QuestionPerception"/> over a perception that knows its scene's geometry (image size, depth, its own
/// spatial relations): the view passes that geometry on, so that geometric primitives and verified operators see what
/// the perception sees.
/// </summary>
/// <param name="inner">The shared perception.</param>
/// <param name="geometry">The same object, as its geometry.</param>
internal sealed class GeometricQuestionPerception(IScenePerception inner, ISceneGeometry geometry) : QuestionPerception(inner), ISceneGeometry
{
    public int ImageWidth => geometry.ImageWidth;

    public int ImageHeight => geometry.ImageHeight;

    public ObjectPlacement PlacementOf(int objectIndex) => geometry.PlacementOf(objectIndex);

    public float RelationProbability(SpatialRelation relation, int subject, int reference) => geometry.RelationProbability(relation, subject, reference);
}
