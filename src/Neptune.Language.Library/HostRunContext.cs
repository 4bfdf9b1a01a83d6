using Neptune.Language.Library.Calls;
using Neptune.Language.Runtime;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Language.Library;

/// <summary>
/// Everything a library primitive may use during one run of a program: the logic, the scene's perception, the
/// run's meter, the trace and the clock. One instance per run; never shared between runs.
/// </summary>
public sealed class HostRunContext
{
    /// <summary>Creates a context for one run.</summary>
    /// <param name="logic">The soft logic the run uses.</param>
    /// <param name="perception">The scene's perception, or <see langword="null"/> when the run has no scene.</param>
    /// <param name="meter">The run's resource meter.</param>
    /// <param name="trace">Where host calls are recorded, or <see langword="null"/> to record nothing.</param>
    /// <param name="time">The clock used for call durations; the system clock when <see langword="null"/>.</param>
    /// <param name="referring">How referring-expression operators verify; <see cref="ReferringOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="lazy">Whether <c>score()</c> asks only for the cells a result needs (lazy evaluation) instead of every tuple.</param>
    public HostRunContext(SoftLogic logic, IScenePerception? perception, ExecutionMeter meter, ProgramTrace? trace = null, TimeProvider? time = null, ReferringOptions? referring = null, bool lazy = false)
    {
        Lazy = lazy;
        Referring = referring ?? ReferringOptions.Default;
        ArgumentNullException.ThrowIfNull(logic);
        ArgumentNullException.ThrowIfNull(meter);
        Logic = logic;
        Perception = perception;
        Meter = meter;
        Trace = trace;
        Time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Whether this run evaluates lazily: <c>score()</c> returns a tensor whose cells are scored when a count,
    /// quantifier, <c>iota</c> or <c>given</c> needs them, with the answers of eager evaluation.
    /// </summary>
    public bool Lazy { get; }

    /// <summary>The soft logic of this run.</summary>
    public SoftLogic Logic { get; }

    /// <summary>The scene's perception, if the run has a scene.</summary>
    public IScenePerception? Perception { get; }

    /// <summary>The run's resource meter (budgets and cancellation).</summary>
    public ExecutionMeter Meter { get; }

    /// <summary>The run's trace, if recording.</summary>
    public ProgramTrace? Trace { get; }

    /// <summary>How referring-expression operators verify their candidates.</summary>
    public ReferringOptions Referring { get; }

    /// <summary>The clock for durations.</summary>
    public TimeProvider Time { get; }

    /// <summary>The cancellation token of the run.</summary>
    public CancellationToken CancellationToken => Meter.CancellationToken;

    /// <summary>Source line (1-based) of the call being made; the interpreter sets it before each host call.</summary>
    public int CurrentLine { get; set; }

    /// <summary>Source column (1-based) of the call being made.</summary>
    public int CurrentColumn { get; set; }

    /// <summary>The scene's perception, or a clear error when the run has none.</summary>
    /// <param name="primitive">The primitive that needs it, for the message.</param>
    /// <returns>The perception.</returns>
    /// <exception cref="PyException">A <c>RuntimeError</c> when no scene is bound.</exception>
    public IScenePerception RequirePerception(string primitive) =>
        Perception ?? throw new PyException(PyErrorKind.RuntimeError,
            $"{primitive}() needs a scene, but this run has none; bind a world (for example --scenes FILE --image-index N)");

    /// <summary>
    /// The calls of an asynchronous run (<c>PreparedProgram.RunAsync</c>): a call whose answer is pending unwinds the
    /// attempt, the run awaits it and replays. Null for a synchronous run.
    /// </summary>
    internal HostCallLog? Calls { get; init; }

    /// <summary>The <c>score()</c> calls issued ahead of the run (prefetch evaluation), or null.</summary>
    internal PrefetchedScores? Prefetched { get; init; }

    /// <summary>
    /// The answer of a host call. A synchronous run waits for it on the interpreter's thread; an asynchronous run takes
    /// it from its call log or, when it is still pending, unwinds so that the run can await it without a thread.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="call">Makes the call (not called again when a replayed run finds its answer in the log).</param>
    /// <returns>The result.</returns>
    internal T Call<T>(Func<ValueTask<T>> call)
    {
        if (Calls is { Finished: false } log)
        {
            return log.Next(call);
        }

        ValueTask<T> task = call();
        return task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>
    /// The answers of several host calls issued together: all are started before any is waited for, so that their
    /// round trips overlap. An asynchronous run unwinds while any is pending and replays when all have answered.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="calls">Make the calls, in the program's order.</param>
    /// <returns>The results, in that order; the first failure, in that order, is thrown.</returns>
    internal T[] CallAll<T>(IReadOnlyList<Func<ValueTask<T>>> calls)
    {
        if (Calls is { Finished: false } log)
        {
            return log.NextAll(calls);
        }

        Task<T>[] tasks = [.. calls.Select(HostCallLog.Start)];
        var results = new T[tasks.Length];
        for (int i = 0; i < tasks.Length; i++)
        {
            results[i] = tasks[i].GetAwaiter().GetResult();
        }

        return results;
    }
}
