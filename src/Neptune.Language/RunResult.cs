using Neptune.Language.Library;
using Neptune.Language.Runtime;

namespace Neptune.Language;

/// <summary>The outcome of one run: the result value or the error, plus output, trace and counters.</summary>
public sealed class RunResult
{
    internal RunResult(PyObject? value, string? valueRepr, ProgramError? error, ProgramTrace? trace, string output, long steps, TimeSpan elapsed)
    {
        Value = value;
        _valueRepr = valueRepr;
        Error = error;
        Trace = trace;
        Output = output;
        Steps = steps;
        Elapsed = elapsed;
    }

    /// <summary>Whether the program produced a result.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The program's result when <see cref="Succeeded"/>.</summary>
    public PyObject? Value { get; }

    /// <summary>The Python <c>repr</c> of <see cref="Value"/> (host objects: their own representation).</summary>
    /// <remarks>
    /// Under lazy evaluation a result tensor whose cells are not all scored yet is written out when this is first read
    /// (scoring what the text needs), so that a caller that only needs the answer scores no more than the answer needs.
    /// </remarks>
    public string? ValueRepr => _valueRepr ??= _deferredRepr?.Invoke();

    private string? _valueRepr;

    private Func<string>? _deferredRepr;

    internal RunResult DeferRepr(Func<string> repr)
    {
        _deferredRepr = repr;
        return this;
    }

    /// <summary>Why the run failed, when it did.</summary>
    public ProgramError? Error { get; }

    /// <summary>The host calls made, when <see cref="RunOptions.Trace"/> was set (also on failure: the calls made so far).</summary>
    public ProgramTrace? Trace { get; }

    /// <summary>What <c>print</c> wrote.</summary>
    public string Output { get; }

    /// <summary>Interpreter steps charged.</summary>
    public long Steps { get; }

    /// <summary>Wall-clock duration of the run.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>
    /// Under prefetch evaluation, the model requests of the <c>score()</c> calls issued ahead that the run did not
    /// reach (one per tuple of distinct objects); 0 in the other modes.
    /// </summary>
    public long SpeculativeRequests { get; internal set; }

    /// <summary>
    /// How many times an asynchronous run (<see cref="PreparedProgram.RunAsync"/>) started the program: once, plus
    /// once after each host call it had to wait for. 1 for a synchronous run.
    /// </summary>
    public int Attempts { get; internal set; } = 1;
}

/// <summary>The family of a run failure. Syntax and validation errors never reach a run.</summary>
public enum ProgramErrorCategory
{
    /// <summary>A Python error the program did not catch (<c>ZeroDivisionError</c>, <c>KeyError</c>, ...), or an internal error.</summary>
    Runtime = 0,

    /// <summary>A resource budget was exhausted; programs cannot catch these.</summary>
    Budget = 1,

    /// <summary>Perception failed (a question it cannot interpret, an unreachable model).</summary>
    Perception = 2,
}

/// <summary>Why a run failed, with the location in the program.</summary>
public sealed record ProgramError
{
    /// <summary>The failure family.</summary>
    public required ProgramErrorCategory Category { get; init; }

    /// <summary>The Python error class (<c>ZeroDivisionError</c>), <c>BudgetExceeded</c>, <c>PerceptionError</c> or <c>InternalError</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The exhausted budget, for <see cref="ProgramErrorCategory.Budget"/>.</summary>
    public BudgetKind? Budget { get; init; }

    /// <summary>The message, as Python's <c>str(e)</c> would show it.</summary>
    public required string Message { get; init; }

    /// <summary>1-based line of the failing operation; 0 when unknown.</summary>
    public int Line { get; init; }

    /// <summary>1-based column of the failing operation; 0 when unknown.</summary>
    public int Column { get; init; }

    /// <summary>The text of the failing line, when known.</summary>
    public string? SourceLine { get; init; }

    /// <summary>Python style: <c>Kind: Message</c>, e.g. <c>ZeroDivisionError: division by zero</c>.</summary>
    public string FirstLine => $"{Kind}: {Message}";
}
