using System.Diagnostics;
using System.Diagnostics.Metrics;
using Neptune.Evaluation.Results;

namespace Neptune.Evaluation;

/// <summary>
/// The OpenTelemetry names of evaluation items. Traces: one span <c>neptune.evaluation.item</c> per question from the
/// source <see cref="SourceName"/> (tags <c>neptune.evaluation.id</c>, <c>neptune.evaluation.family</c>,
/// <c>neptune.evaluation.outcome</c> and, on failure, <c>neptune.evaluation.error</c>), parent of the item's program
/// generation, model calls and program run. Metrics from the meter <see cref="SourceName"/>: the counter
/// <c>neptune.evaluation.items</c> and the histogram <c>neptune.evaluation.item.duration</c> (seconds), tagged with
/// the outcome: <c>correct</c>, <c>wrong</c> or the failure kind (<c>model_error</c>, <c>validation</c>, …).
/// </summary>
public static class EvaluationTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> and <see cref="Meter"/> name.</summary>
    public const string SourceName = "Neptune.Evaluation";

    internal static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);
    private static readonly Counter<long> Items = Meter.CreateCounter<long>("neptune.evaluation.items", "{item}", "Evaluated questions, by outcome.");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("neptune.evaluation.item.duration", "s", "Time to evaluate one question: program, perception and run.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60] });

    internal static void Record(Activity? activity, ResultRow row, TimeSpan elapsed)
    {
        string outcome = row.FailureKind ?? (row.Correct ? "correct" : "wrong");
        if (activity is not null)
        {
            activity.SetTag("neptune.evaluation.id", row.Id);
            activity.SetTag("neptune.evaluation.family", row.FamilyIndex);
            activity.SetTag("neptune.evaluation.outcome", outcome);
            if (row.FailureKind is not null)
            {
                activity.SetTag("neptune.evaluation.error", row.Error);
                activity.SetStatus(ActivityStatusCode.Error, row.FailureMessage);
            }
        }

        var tag = new KeyValuePair<string, object?>("neptune.evaluation.outcome", outcome);
        if (Items.Enabled)
        {
            Items.Add(1, tag);
        }

        if (Duration.Enabled)
        {
            Duration.Record(elapsed.TotalSeconds, tag);
        }
    }
}
