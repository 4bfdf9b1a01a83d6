using Neptune.Logic;
using Neptune.Imaging;
using Neptune.Perception;
using Neptune.Vision.Verification;

namespace Neptune.Vision.Scoring;

/// <summary>
/// Perception of one image through a <see cref="VisionLanguageModel"/>: <c>score(question, k)</c> asks the model about
/// every tuple of k distinct objects at once (boxes drawn red, green, blue), <c>query</c> asks an open question about
/// one object. Tuples that repeat an object are 0 without a request. Create with
/// <see cref="VisionLanguageModel.CreatePerception"/>.
/// </summary>
public sealed class VlmScenePerception : IScenePerception, ISceneImageSource, IConcurrentCalls
{
    private readonly VisionLanguageModel _model;
    private readonly SceneImage _scene;
    private readonly DetectedObject[] _objects;
    private readonly RequestTally _tally = new();
    private long _scoredTuples;
    private long _roundTrips;
    private readonly AsyncLocal<Batch?> _batch = new();

    internal VlmScenePerception(VisionLanguageModel model, SceneImage scene, IReadOnlyList<DetectedObject> objects)
    {
        _model = model;
        _scene = scene;
        _objects = [.. objects];
    }

    /// <inheritdoc />
    public IReadOnlyList<DetectedObject> Objects => _objects;

    /// <summary>Tuples of distinct objects this perception has scored (from the model or the cache).</summary>
    public long ScoredTuples => Interlocked.Read(ref _scoredTuples);

    /// <summary>Requests this perception sent to the model (score and query; cache hits excluded).</summary>
    public long Requests => _tally.Requests;

    /// <summary>Answers this perception took from the score cache (or from an identical request already in flight).</summary>
    public long CacheHits => _tally.CacheHits;

    /// <summary>
    /// Round trips to the model on this perception's critical path: host calls run one after another, and the
    /// requests of one call are sent together, so each call that sent r requests costs ⌈r / max_pending_requests⌉;
    /// calls issued together (<see cref="Concurrently"/>) share their round trips: ⌈(r₁ + r₂ + …) / max_pending_requests⌉.
    /// </summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    /// <inheritdoc />
    public IDisposable Concurrently()
    {
        var batch = new Batch(this);
        _batch.Value = batch;
        return batch;
    }

    /// <summary>The hex SHA-256 of the image's size and pixels (the cache's image key).</summary>
    public string ImageHash => _scene.Hash;

    /// <summary>The picture.</summary>
    public RgbaImage Image => _scene.Image;

    /// <inheritdoc />
    public async ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variables);
        long cells = CheckCall(question, variables.Count);
        var values = new float[cells];
        await ScoreCellsAsync(question, variables.Count, values, i => i, cancellationToken).ConfigureAwait(false);
        return SoftTensor.CreateClamped([.. variables], _objects.Length, values, Math.Max(cells, 1));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Asks the model about the requested tuples only (lazy evaluation), one request each, sent together; tuples that
    /// repeat an object are 0 without a request. An empty request checks the question and arity and sends nothing.
    /// </remarks>
    public async ValueTask<float[]> ScoreTuplesAsync(string question, IReadOnlyList<string> variables, ReadOnlyMemory<int> cells, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variables);
        int k = variables.Count;
        long size = CheckCall(question, k);
        foreach (int cell in cells.Span)
        {
            if ((uint)cell >= (ulong)size)
            {
                throw new PerceptionException(PerceptionErrorKind.InvalidArgument, $"score(\"{question}\", {k}): cell {cell} is out of range (the tensor has {size} cells)");
            }
        }

        var values = new float[cells.Length];
        await ScoreCellsAsync(question, k, values, i => cells.Span[(int)i], cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Clamp(values[i], 0f, 1f);
        }

        return values;
    }

    /// <summary>Checks a score call's question and arity; returns the number of cells of its tensor.</summary>
    private long CheckCall(string question, int k)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (k is < 1 or > 3)
        {
            throw new PerceptionException(PerceptionErrorKind.InvalidArgument, $"score(\"{question}\") needs 1 to 3 objects, not {k}");
        }

        if (string.IsNullOrWhiteSpace(question))
        {
            throw new PerceptionException(PerceptionErrorKind.UninterpretableQuestion, "score() needs a non-empty question");
        }

        int n = _objects.Length;
        long size = 1;
        for (int i = 0; i < k; i++)
        {
            size *= n;
        }

        if (size > _model.Options.MaxTuplesPerScore)
        {
            throw new PerceptionException(PerceptionErrorKind.InvalidArgument,
                $"score(\"{question}\", {k}) over {n} objects needs {size} tuples, more than the limit of {_model.Options.MaxTuplesPerScore}");
        }

        return size;
    }

    /// <summary>
    /// Fills <paramref name="values"/>[i] with the model's score of the tuple of tensor cell <paramref name="cellAt"/>(i),
    /// one request per tuple, all sent together; tuples that repeat an object stay 0 and send nothing.
    /// </summary>
    private async Task ScoreCellsAsync(string question, int k, float[] values, Func<long, long> cellAt, CancellationToken cancellationToken)
    {
        int n = _objects.Length;
        var call = new RequestTally(_tally);
        Batch? batch = _batch.Value;
        var tasks = new List<Task>(values.Length);
        long repeated = 0;
        int[] tuple = new int[3];
        for (long i = 0; i < values.Length; i++)
        {
            long rest = cellAt(i);
            for (int a = k - 1; a >= 0; a--)
            {
                tuple[a] = (int)(rest % n);
                rest /= n;
            }

            if (Repeats(tuple.AsSpan(0, k)))
            {
                repeated++;
                continue;
            }

            var boxes = new BoundingBox[k];
            for (int a = 0; a < k; a++)
            {
                boxes[a] = _objects[tuple[a]].Box;
            }

            tasks.Add(Fill(values, i, boxes, question, call, cancellationToken));
        }

        _model.Counters.AddRepeated(repeated);
        _model.Counters.AddScoredTuples(tasks.Count);
        Interlocked.Add(ref _scoredTuples, tasks.Count);
        Task all = Task.WhenAll(tasks);
        try
        {
            await all.ConfigureAwait(false);
        }
        catch (Exception) when (all.Exception is { } aggregate)
        {
            // Report a perception error when any request has one (the typed kind matters more than the first failure).
            PerceptionException? typed = aggregate.InnerExceptions.OfType<PerceptionException>().FirstOrDefault();
            if (typed is not null && !cancellationToken.IsCancellationRequested)
            {
                throw typed;
            }

            throw;
        }

        CountRoundTrips(call.Requests, batch);
    }

    /// <inheritdoc />
    public async ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        if ((uint)objectIndex >= (uint)_objects.Length)
        {
            throw new PerceptionException(PerceptionErrorKind.InvalidArgument,
                $"query(\"{question}\"): object index {objectIndex} is out of range (the scene has {_objects.Length} objects)");
        }

        var call = new RequestTally(_tally);
        string answer = await _model.QueryBoxAsync(_scene, _objects[objectIndex].Box, question, call, cancellationToken).ConfigureAwait(false);
        CountRoundTrips(call.Requests, null);
        return answer;
    }

    private async Task Fill(float[] values, long index, BoundingBox[] boxes, string question, RequestTally tally, CancellationToken cancellationToken) =>
        values[index] = await _model.ScoreTupleAsync(_scene, boxes, question, tally, cancellationToken).ConfigureAwait(false);

    private void CountRoundTrips(long sent, Batch? batch)
    {
        if (sent <= 0)
        {
            return;
        }

        int window = _model.Options.MaxPendingRequests;
        Interlocked.Add(ref _roundTrips, batch is null ? (sent + window - 1) / window : batch.Add(sent, window));
    }

    /// <summary>Calls issued together: their requests are counted as one window after another.</summary>
    private sealed class Batch(VlmScenePerception owner) : IDisposable
    {
        private readonly Lock _gate = new();
        private long _sent;
        private long _charged;

        /// <summary>Adds a call's requests; returns the round trips this adds to the batch's total.</summary>
        public long Add(long sent, int window)
        {
            lock (_gate)
            {
                _sent += sent;
                long total = (_sent + window - 1) / window;
                long added = total - _charged;
                _charged = total;
                return added;
            }
        }

        public void Dispose()
        {
            if (owner._batch.Value == this)
            {
                owner._batch.Value = null;
            }
        }
    }

    private static bool Repeats(ReadOnlySpan<int> tuple)
    {
        for (int i = 0; i < tuple.Length; i++)
        {
            for (int j = i + 1; j < tuple.Length; j++)
            {
                if (tuple[i] == tuple[j])
                {
                    return true;
                }
            }
        }

        return false;
    }
}
