using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Neptune.Language.Execution;
using Neptune.Language.Library;
using Neptune.Language.Library.Calls;
using Neptune.Language.Runtime;
using Neptune.Language.Syntax;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Language;

/// <summary>The two shapes a valid program can have.</summary>
public enum ProgramShape
{
    /// <summary>A function body: top-level statements with at least one top-level <c>return</c>.</summary>
    Body = 0,

    /// <summary>A module defining <c>def execute():</c>, which the run calls after the top-level statements.</summary>
    ExecuteFunction = 1,

    /// <summary>
    /// Operator lines ending in <c>FINAL_RESULT = RESULT(object=VAR)</c> (VIRO's shape): the last top-level statement
    /// assigns the result of a library function that ends the run with its value.
    /// </summary>
    ResultAssignment = 2,
}

/// <summary>
/// A validated program compiled once into an executable form. Immutable: <see cref="Run"/> may be called concurrently
/// from many threads; every run gets its own frames, meter, host context and trace.
/// </summary>
public sealed class PreparedProgram
{
    private readonly SourceText _text;
    private readonly CompiledProgram _compiled;
    private readonly EngineOptions _options;

    internal PreparedProgram(SourceText text, CompiledProgram compiled, EngineOptions options)
    {
        _text = text;
        _compiled = compiled;
        _options = options;
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.Text)));
    }

    /// <summary>The program text.</summary>
    public string Source => _text.Text;

    /// <summary>The file name the program was prepared under.</summary>
    public string Path => _text.Path;

    /// <summary>The SHA-256 of the UTF-8 source text, as lower-case hex.</summary>
    public string Hash { get; }

    /// <summary>Whether the program is a body with a top-level <c>return</c> or defines <c>execute()</c>.</summary>
    public ProgramShape Shape => _compiled.Shape;

    /// <summary>Runs the program once on the calling thread; a host call whose answer is pending blocks the thread.</summary>
    /// <param name="options">The run's perception, logic, limits, trace switch, clock and cancellation.</param>
    /// <returns>The result or the error; program failures never throw.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The run's limits are not positive.</exception>
    /// <exception cref="InvalidLogicOptionsException">The logic options are out of range.</exception>
    /// <remarks>Prefer <see cref="RunAsync"/> when perception answers asynchronously (a model server).</remarks>
    public RunResult Run(RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using Activity? activity = LanguageTelemetry.Source.StartActivity("neptune.program.run");
        TimeProvider time = options.Time ?? TimeProvider.System;
        long started = time.GetTimestamp();
        PrefetchedScores? prefetched = Prefetch(options, options.CancellationToken);
        RunResult result = RunCore(options, null, prefetched, started, options.CancellationToken, null, default)
            ?? throw new InvalidOperationException("a synchronous run stopped at a pending call");
        if (prefetched is not null)
        {
            prefetched.SettleAsync().GetAwaiter().GetResult();
            result.SpeculativeRequests = prefetched.SpeculativeRequests;
        }

        LanguageTelemetry.Record(activity, result, Hash);
        return result;
    }

    /// <summary>
    /// Runs the program once without holding a thread while a host call waits for its answer: when a call is
    /// pending, the run awaits it and then replays the program from the start with the answers so far (programs are
    /// deterministic, so a replay makes the same calls; none is asked twice). Answers, output and step counts equal
    /// <see cref="Run"/>'s.
    /// </summary>
    /// <param name="options">The run's perception, logic, limits, trace switch, clock and cancellation.</param>
    /// <param name="cancellationToken">Aborts the run like <see cref="RunOptions.CancellationToken"/> (a time budget error); it reaches the pending requests.</param>
    /// <returns>The result or the error; program failures never throw.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The run's limits are not positive.</exception>
    /// <exception cref="InvalidLogicOptionsException">The logic options are out of range.</exception>
    /// <remarks>
    /// The time budget counts the whole run, waiting included: when it runs out, the pending requests are cancelled
    /// and the run fails with a <see cref="BudgetKind.Time"/> error. Each replay charges its steps afresh; the result
    /// reports the steps of the attempt that finished, which are the steps <see cref="Run"/> charges.
    /// </remarks>
    public async ValueTask<RunResult> RunAsync(RunOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using Activity? activity = LanguageTelemetry.Source.StartActivity("neptune.program.run");
        ExecutionLimits limits = options.Limits ?? _options.Limits;
        limits.Validate();
        TimeProvider time = options.Time ?? TimeProvider.System;
        long started = time.GetTimestamp();
        using var deadline = limits.Timeout > TimeSpan.Zero && limits.Timeout < TimeSpan.FromDays(1)
            ? new CancellationTokenSource(limits.Timeout, time)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken, cancellationToken, deadline.Token);
        CancellationToken token = linked.Token;
        var log = new HostCallLog();
        PrefetchedScores? prefetched = Prefetch(options, token);
        RunResult? result = null;
        while (result is null)
        {
            log.BeginAttempt();
            result = RunCore(options, log, prefetched, started, token, deadline, cancellationToken);
            if (result is null)
            {
                try
                {
                    await log.Pending!.WaitAsync(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    // One more attempt stops at the pending call and reports the budget error there.
                    log.Abandoned = true;
                }
#pragma warning disable CA1031 // A failed call is the program's answer: the replay rethrows it where the program made it.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }

        log.Finish();
        if (prefetched is not null)
        {
            await prefetched.SettleAsync().ConfigureAwait(false);
            result.SpeculativeRequests = prefetched.SpeculativeRequests;
        }

        result.Attempts = log.Attempts;
        LanguageTelemetry.Record(activity, result, Hash);
        return result;
    }

    /// <summary>
    /// The calls the program's text makes with literal arguments, issued at once (prefetch evaluation), or null in
    /// the other modes and without a scene.
    /// </summary>
    private PrefetchedScores? Prefetch(RunOptions options, CancellationToken token) =>
        options.Evaluation == EvaluationMode.Prefetch && options.Perception is { } perception && _compiled.KnownScores.Count > 0
            ? PrefetchedScores.Issue(perception, _compiled.KnownScores, token)
            : null;

    private static string DeferredRepr(PyTensor pending)
    {
        try
        {
            return pending.Repr();
        }
        catch (Exception e) when (e is PyException or BudgetExceededException or PerceptionException or OperationCanceledException)
        {
            return $"<the value could not be completed: {e.Message}>";
        }
    }

    /// <summary>
    /// The result's text, or null when it is written later: a lazy result tensor not yet complete, in a synchronous
    /// run (its cells are scored when the text is read) or in an asynchronous run whose caller reads only its answer
    /// (<see cref="RunOptions.AnswerThreshold"/>, decided here, inside the attempt). Any other lazy result of an
    /// asynchronous run is completed here, where a pending call unwinds the attempt and is awaited, so that nothing
    /// read after the run waits on the caller's thread.
    /// </summary>
    private static string? Written(PyObject value, RunOptions options, HostCallLog? log, ProgramTrace? trace, ExecutionMeter meter)
    {
        if (value is PyTensor { IsPending: true } pending && trace is null)
        {
            if (log is null)
            {
                return null;
            }

            if (options.AnswerThreshold is { } threshold && pending.Rank == 0)
            {
                pending.Reaches(threshold);
                return null;
            }
        }

        return value is PyHostObject h ? h.Repr() : PyOps.Repr(meter, value);
    }

    /// <summary>One attempt at the run; null when an asynchronous run stopped at a pending host call.</summary>
    private RunResult? RunCore(RunOptions options, HostCallLog? log, PrefetchedScores? prefetched, long started, CancellationToken token, CancellationTokenSource? deadline, CancellationToken caller)
    {
        bool TimedOut() => deadline is { IsCancellationRequested: true } && !options.CancellationToken.IsCancellationRequested && !caller.IsCancellationRequested;

        ExecutionLimits limits = options.Limits ?? _options.Limits;
        var logic = new SoftLogic(options.Logic ?? LogicOptions.Default);
        TimeProvider time = options.Time ?? TimeProvider.System;
        var meter = new ExecutionMeter(limits, null, time, token);
        ProgramTrace? trace = options.Trace ? new ProgramTrace() : null;
        var host = new HostRunContext(logic, options.Perception, meter, trace, time, options.Referring, lazy: options.Evaluation == EvaluationMode.Lazy)
        {
            Calls = log,
            Prefetched = prefetched,
        };
        var run = new RunState(meter, host, _compiled);

        PyObject? value = null;
        string? repr = null;
        ProgramError? error;
        try
        {
            value = _compiled.Execute(run);
            repr = Written(value, options, log, trace, meter);
            error = null;
        }
        catch (ProgramExitException e)
        {
            value = e.Result;
            repr = Written(value, options, log, trace, meter);
            error = null;
        }
        catch (HostCallPendingException)
        {
            return null;
        }
        catch (BudgetExceededException) when (TimedOut())
        {
            error = Locate(Budget(BudgetKind.Time, TimeBudgetMessage(limits)), null, run);
        }
        catch (OperationCanceledException) when (TimedOut())
        {
            error = Locate(Budget(BudgetKind.Time, TimeBudgetMessage(limits)), null, run);
        }
        catch (PyException e)
        {
            error = Locate(new ProgramError { Category = ProgramErrorCategory.Runtime, Kind = e.Kind.ToString(), Message = e.Message }, e, run);
        }
        catch (BudgetExceededException e)
        {
            error = Locate(Budget(e.Kind, e.Message), e, run);
        }
        catch (PerceptionException e)
        {
            error = Locate(new ProgramError { Category = ProgramErrorCategory.Perception, Kind = "PerceptionError", Message = e.Message }, null, run);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            error = Locate(Budget(BudgetKind.Time, "execution was cancelled"), null, run);
        }
        catch (InsufficientExecutionStackException)
        {
            error = Locate(Budget(BudgetKind.CallDepth, "call nesting exceeds the interpreter's stack"), null, run);
        }
#pragma warning disable CA1031 // A host bug must never escape Run; it is reported as an internal error.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error = Locate(new ProgramError { Category = ProgramErrorCategory.Runtime, Kind = "InternalError", Message = $"{e.GetType().Name}: {e.Message}" }, null, run);
        }

        if (trace is not null)
        {
            trace.Result = error is null ? repr : error.FirstLine;
        }

        var outcome = new RunResult(
            error is null ? value : null,
            error is null ? repr : null,
            error,
            trace,
            meter.OutputText,
            meter.Steps,
            time.GetElapsedTime(started));
        if (error is null && repr is null && value is PyTensor { IsPending: true } pending)
        {
            // Lazy evaluation: the answer may need fewer cells than the text; the text is written when asked for.
            outcome.DeferRepr(() => DeferredRepr(pending));
        }

        return outcome;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Path} ({Shape}, sha256 {Hash[..12]})";

    private static string TimeBudgetMessage(ExecutionLimits limits) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"time budget of {limits.Timeout.TotalMilliseconds:0} ms exhausted");

    private static ProgramError Budget(BudgetKind kind, string message) => new()
    {
        Category = ProgramErrorCategory.Budget,
        Kind = "BudgetExceeded",
        Budget = kind,
        Message = message,
    };

    private ProgramError Locate(ProgramError error, NeptuneRuntimeException? exception, RunState run)
    {
        int line = run.Line;
        int column = run.Column;
        if (exception?.Location is { } location)
        {
            line = location.Line;
            column = location.Column;
        }

        return line <= 0
            ? error
            : error with { Line = line, Column = column, SourceLine = _text.GetLineText(line) };
    }
}
