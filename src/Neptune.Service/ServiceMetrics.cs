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

    public ServiceMetrics(IMeterFactory factory)
    {
        _meter = factory.Create(MeterName);
        _runs = _meter.CreateCounter<long>("neptune.program.runs", "{run}", "Programs run by /v1/programs/run, by outcome (succeeded, or the error category).");
        _runDuration = _meter.CreateHistogram<double>("neptune.program.run.duration", "s", "The time a program run took in the engine.");
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

    public void Dispose() => _meter.Dispose();
}
