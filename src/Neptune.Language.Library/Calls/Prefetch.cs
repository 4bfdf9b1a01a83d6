using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Language.Library.Calls;

/// <summary>A <c>score()</c> call a program's text makes with a literal question and arity.</summary>
/// <param name="Question">The question.</param>
/// <param name="Arity">How many objects it is about (1 to 3).</param>
public readonly record struct ScoreCall(string Question, int Arity);

/// <summary>
/// The <c>score()</c> calls of one run issued before the run needs them (prefetch evaluation): all are started at
/// once, so that their round trips overlap; the run takes each answer when it reaches the call. Calls the run never
/// takes are speculative.
/// </summary>
/// <remarks>Not thread-safe: one instance belongs to one run.</remarks>
internal sealed class PrefetchedScores
{
    private readonly Dictionary<ScoreCall, Queue<Task<SoftTensor>>> _issued = [];
    private readonly int _objects;

    private PrefetchedScores(int objects) => _objects = objects;

    /// <summary>Issues every call at once.</summary>
    /// <param name="perception">The scene's perception.</param>
    /// <param name="calls">The calls (duplicates are issued once per occurrence, like eager evaluation makes them).</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The calls in flight.</returns>
    public static PrefetchedScores Issue(IScenePerception perception, IReadOnlyList<ScoreCall> calls, CancellationToken cancellationToken)
    {
        var set = new PrefetchedScores(perception.Objects.Count);
        using (perception is IConcurrentCalls concurrent ? concurrent.Concurrently() : null)
        {
            foreach (ScoreCall call in calls)
            {
                Task<SoftTensor> task = Start(perception, call, cancellationToken);
                if (!set._issued.TryGetValue(call, out Queue<Task<SoftTensor>>? queue))
                {
                    set._issued[call] = queue = new Queue<Task<SoftTensor>>();
                }

                queue.Enqueue(task);
            }
        }

        return set;
    }

    /// <summary>Takes the answer of a call issued ahead, if there is one left.</summary>
    /// <param name="question">The question.</param>
    /// <param name="arity">The arity.</param>
    /// <returns>The call in flight, or null.</returns>
    public ValueTask<SoftTensor>? Take(string question, int arity) =>
        _issued.TryGetValue(new ScoreCall(question, arity), out Queue<Task<SoftTensor>>? queue) && queue.TryDequeue(out Task<SoftTensor>? task)
            ? new ValueTask<SoftTensor>(task)
            : null;

    /// <summary>The calls issued ahead that the run did not take.</summary>
    public IEnumerable<(ScoreCall Call, Task<SoftTensor> Task)> Unused =>
        _issued.SelectMany(p => p.Value.Select(t => (p.Key, t)));

    /// <summary>Model requests of the calls issued ahead and not taken: one per tuple of distinct objects.</summary>
    public long SpeculativeRequests
    {
        get
        {
            long requests = 0;
            foreach ((ScoreCall call, _) in Unused)
            {
                requests += DistinctTuples(_objects, call.Arity);
            }

            return requests;
        }
    }

    /// <summary>Waits for the calls not taken (their failures are nobody's answer), so that their counters are settled.</summary>
    /// <returns>When all have finished.</returns>
    public async Task SettleAsync()
    {
        foreach ((_, Task<SoftTensor> task) in Unused)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // An unused speculative call's failure is not the run's.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private static Task<SoftTensor> Start(IScenePerception perception, ScoreCall call, CancellationToken cancellationToken)
    {
        try
        {
            ValueTask<SoftTensor> pending = perception.ScoreAsync(call.Question, Variables[..call.Arity], cancellationToken);
            return pending.IsCompletedSuccessfully ? Task.FromResult(pending.Result) : pending.AsTask();
        }
#pragma warning disable CA1031 // The failure is the answer the run sees if it makes the call.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromException<SoftTensor>(e);
        }
    }

    private static readonly string[] Variables = ["x", "y", "z"];

    private static long DistinctTuples(int n, int k)
    {
        long tuples = 1;
        for (int i = 0; i < k; i++)
        {
            tuples *= Math.Max(0, n - i);
        }

        return tuples;
    }
}
