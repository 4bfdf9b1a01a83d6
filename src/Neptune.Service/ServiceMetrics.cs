using System.Diagnostics.Metrics;

namespace Neptune.Service;

/// <summary>
/// The service's own instruments on the meter <c>Neptune.Service</c>, exported at <c>/metrics</c> beside ASP.NET Core's
/// request metrics: program runs by outcome, and their duration.
/// </summary>
internal sealed class ServiceMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Neptune.Service";

    private readonly Meter _meter;
    private readonly Counter<long> _runs;
    private readonly Histogram<double> _runDuration;
    private readonly Counter<long> _questions;

    public ServiceMetrics(IMeterFactory factory)
    {
        _meter = factory.Create(MeterName);
        _runs = _meter.CreateCounter<long>("neptune.program.runs", "{run}", "Programs run by /v1/programs/run, by outcome (succeeded, or the error category).");
        _runDuration = _meter.CreateHistogram<double>("neptune.program.run.duration", "s", "The time a program run took in the engine.");
        _questions = _meter.CreateCounter<long>("neptune.questions", "{question}", "Questions answered by /v1/ask and images searched by /v1/find, by endpoint and outcome.");
    }

    /// <summary>Records one run.</summary>
    /// <param name="outcome"><c>succeeded</c>, or the error category (<c>syntax</c>, <c>runtime</c>, ...).</param>
    /// <param name="seconds">The engine time.</param>
    public void RecordRun(string outcome, double seconds)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _runs.Add(1, tag);
        _runDuration.Record(seconds, tag);
    }

    /// <summary>Records one question of <c>/v1/ask</c> or one image of <c>/v1/find</c>.</summary>
    /// <param name="endpoint"><c>ask</c> or <c>find</c>.</param>
    /// <param name="outcome">The outcome's JSON name (<c>answer</c>, <c>box</c>, <c>no-target</c>, <c>target</c>, <c>failed</c>, ...).</param>
    public void RecordQuestion(string endpoint, string outcome) =>
        _questions.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("outcome", outcome));

    public void Dispose() => _meter.Dispose();
}
