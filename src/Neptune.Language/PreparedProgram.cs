using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Neptune.Language.Execution;
using Neptune.Language.Library;
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

    /// <summary>Runs the program once.</summary>
    /// <param name="options">The run's perception, logic, limits, trace switch, clock and cancellation.</param>
    /// <returns>The result or the error; program failures never throw.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The run's limits are not positive.</exception>
    /// <exception cref="InvalidLogicOptionsException">The logic options are out of range.</exception>
    public RunResult Run(RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using Activity? activity = LanguageTelemetry.Source.StartActivity("neptune.program.run");
        RunResult result = RunCore(options);
        LanguageTelemetry.Record(activity, result, Hash);
        return result;
    }

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

    private RunResult RunCore(RunOptions options)
    {
        ExecutionLimits limits = options.Limits ?? _options.Limits;
        var logic = new SoftLogic(options.Logic ?? LogicOptions.Default);
        TimeProvider time = options.Time ?? TimeProvider.System;
        long started = time.GetTimestamp();
        var meter = new ExecutionMeter(limits, null, time, options.CancellationToken);
        ProgramTrace? trace = options.Trace ? new ProgramTrace() : null;
        var host = new HostRunContext(logic, options.Perception, meter, trace, time, options.Referring, lazy: options.Evaluation == EvaluationMode.Lazy);
        var run = new RunState(meter, host, _compiled);

        PyObject? value = null;
        string? repr = null;
        ProgramError? error;
        try
        {
            value = _compiled.Execute(run);
            repr = value is PyTensor { IsPending: true } && trace is null ? null : value is PyHostObject h ? h.Repr() : PyOps.Repr(meter, value);
            error = null;
        }
        catch (ProgramExitException e)
        {
            value = e.Result;
            repr = value is PyTensor { IsPending: true } && trace is null ? null : value is PyHostObject h ? h.Repr() : PyOps.Repr(meter, value);
            error = null;
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
        catch (OperationCanceledException) when (options.CancellationToken.IsCancellationRequested)
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
