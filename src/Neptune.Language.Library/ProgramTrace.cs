using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Neptune.Language.Runtime;
using Neptune.Logic;

namespace Neptune.Language.Library;

/// <summary>One host call made by a program: which primitive, with what, what came back, how long it took.</summary>
public sealed record TraceEvent
{
    /// <summary>Position in the run, from 0.</summary>
    public required int Sequence { get; init; }

    /// <summary>The primitive (<c>score</c>, <c>Tensor.exists</c>).</summary>
    public required string Function { get; init; }

    /// <summary>The arguments as Python source text.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>A short summary of the result.</summary>
    public required string Result { get; init; }

    /// <summary>Duration of the call in milliseconds.</summary>
    public required double DurationMs { get; init; }

    /// <summary>Source line of the call (1-based; 0 when unknown).</summary>
    public int Line { get; init; }

    /// <summary>Source column of the call (1-based; 0 when unknown).</summary>
    public int Column { get; init; }

    /// <summary>For perception calls that return a tensor: the tensor itself, for reports.</summary>
    [JsonIgnore]
    public SoftTensor? Tensor { get; init; }

    /// <summary>Variables of <see cref="Tensor"/>, when present.</summary>
    public IReadOnlyList<string>? Variables => Tensor?.Variables;

    /// <summary>Values of <see cref="Tensor"/> (row-major), when present and at most 4,096 cells.</summary>
    public IReadOnlyList<float>? Values => Tensor is { Length: <= 4096 } t ? t.ToArray() : null;
}

/// <summary>An operator that found nothing it could verify and ended the run with "no target".</summary>
/// <param name="Operator">The operator (<c>FIND</c>, <c>FIND_DIRECTION</c>, ...).</param>
/// <param name="Reason">Why it abstained.</param>
/// <param name="Line">The program line of the call.</param>
public sealed record TraceAbstention(string Operator, string Reason, int Line);

/// <summary>
/// The record of one run: every host call in order and the final value. Safe to serialise to JSON.
/// Not thread-safe: one trace belongs to one run.
/// </summary>
public sealed class ProgramTrace
{
    private readonly List<TraceEvent> _events = [];

    /// <summary>The host calls in order.</summary>
    public IReadOnlyList<TraceEvent> Events => _events;

    /// <summary>The <c>repr</c> of the program's result, once the run has finished.</summary>
    public string? Result { get; set; }

    /// <summary>The operator that ended the run with "no target", when one did.</summary>
    public TraceAbstention? Abstention { get; private set; }

    /// <summary>Records that an operator abstained and ended the run.</summary>
    /// <param name="abstention">Which operator, why, where.</param>
    public void RecordAbstention(TraceAbstention abstention) => Abstention = abstention;

    /// <summary>Number of object tuples scored by perception calls in this run.</summary>
    public long ScoredTuples { get; private set; }

    /// <summary>Counts object tuples scored by a perception call.</summary>
    /// <param name="tuples">The number of tuples.</param>
    public void AddScoredTuples(long tuples) => ScoredTuples += tuples;

    internal void Record(PrimitiveDescriptor primitive, IReadOnlyList<string> args, PyObject result, TimeSpan elapsed, int line, int column)
    {
        _events.Add(new TraceEvent
        {
            Sequence = _events.Count,
            Function = primitive.QualifiedName,
            Arguments = args,
            Result = Summarize(result),
            DurationMs = elapsed.TotalMilliseconds,
            Line = line,
            Column = column,
            Tensor = primitive.CallsModel && result is PyTensor t ? t.Tensor : null,
        });
    }

    /// <summary>A bounded, single-line summary of a value for the trace.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The summary (at most about 200 characters).</returns>
    public static string Summarize(PyObject value)
    {
        string text = value switch
        {
            PyHostObject h => h.Repr(),
            _ => PyOps.Repr(null, value),
        };
        return text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 197), "...");
    }

    /// <summary>Renders the trace as text, one call per line.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Format(includeResult: true);

    /// <summary>Renders the trace as text, one call per line, optionally followed by a <c>result:</c> line.</summary>
    /// <param name="includeResult">Whether to end with the run's result (or error) line.</param>
    /// <returns>The text.</returns>
    public string Format(bool includeResult)
    {
        var sb = new StringBuilder();
        foreach (TraceEvent e in _events)
        {
            sb.Append(CultureInfo.InvariantCulture, $"#{e.Sequence} line {e.Line}: {e.Function}({string.Join(", ", e.Arguments)}) -> {e.Result} [{e.DurationMs:0.###} ms]").Append('\n');
        }

        if (Abstention is { } a)
        {
            sb.Append(CultureInfo.InvariantCulture, $"line {a.Line}: {a.Operator} abstained: {a.Reason}").Append('\n');
        }

        if (includeResult && Result is not null)
        {
            sb.Append("result: ").Append(Result).Append('\n');
        }

        return sb.ToString();
    }
}
