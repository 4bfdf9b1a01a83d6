using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Neptune.Language;

/// <summary>
/// The OpenTelemetry names of program runs. Traces: one span <c>neptune.program.run</c> per
/// <see cref="PreparedProgram.Run"/> from the source <see cref="SourceName"/> (tags <c>neptune.program.hash</c>,
/// <c>neptune.program.steps</c>, <c>neptune.program.outcome</c> and, on failure, <c>neptune.program.error</c>).
/// Metrics from the meter <see cref="SourceName"/>: the counter <c>neptune.program.runs</c> and the histogram
/// <c>neptune.program.run.duration</c> (seconds), both tagged with the outcome (<c>ok</c> or the error category:
/// <c>runtime</c>, <c>budget</c>, <c>perception</c>). With no listener a run pays two flag checks.
/// </summary>
public static class LanguageTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> and <see cref="Meter"/> name.</summary>
    public const string SourceName = "Neptune.Language";

    internal static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);
    private static readonly Counter<long> Runs = Meter.CreateCounter<long>("neptune.program.runs", "{run}", "Program runs, by outcome.");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("neptune.program.run.duration", "s", "Time of one program run, perception included.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60] });

    internal static void Record(Activity? activity, RunResult result, string hash)
    {
        string outcome = result.Error is { } error ? error.Category.ToString().ToLowerInvariant() : "ok";
        if (activity is not null)
        {
            activity.SetTag("neptune.program.hash", hash);
            activity.SetTag("neptune.program.steps", result.Steps);
            activity.SetTag("neptune.program.outcome", outcome);
            if (result.Error is { } e)
            {
                activity.SetTag("neptune.program.error", e.Kind);
                activity.SetStatus(ActivityStatusCode.Error, e.FirstLine);
            }
        }

        var tag = new KeyValuePair<string, object?>("neptune.program.outcome", outcome);
        if (Runs.Enabled)
        {
            Runs.Add(1, tag);
        }

        if (Duration.Enabled)
        {
            Duration.Record(result.Elapsed.TotalSeconds, tag);
        }
    }
}
