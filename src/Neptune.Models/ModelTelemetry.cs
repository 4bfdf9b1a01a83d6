using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Neptune.Models;

/// <summary>
/// The OpenTelemetry names of model calls. Traces: Microsoft.Extensions.AI's <c>OpenTelemetryChatClient</c> emits one
/// <c>chat MODEL</c> span per call (GenAI semantic conventions) from the source <see cref="SourceName"/>; each retry
/// is an event <c>neptune.model.retry</c> on it. Metrics from the meter <see cref="SourceName"/>: the GenAI
/// histograms <c>gen_ai.client.operation.duration</c> and <c>gen_ai.client.token.usage</c>, and Neptune's counters
/// <c>neptune.model.retries</c> and <c>neptune.model.failures</c> (tag <c>neptune.model.failure</c>, the kind's
/// snake_case name). Nothing is recorded unless a listener (an OpenTelemetry SDK) subscribes.
/// </summary>
public static class ModelTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> and <see cref="Meter"/> name.</summary>
    public const string SourceName = "Neptune.Models";

    private static readonly Meter Meter = new(SourceName);
    private static readonly Counter<long> Retries = Meter.CreateCounter<long>("neptune.model.retries", "{retry}", "Attempts of a model call repeated after a transient failure.");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("neptune.model.failures", "{call}", "Model calls that failed after their retries, by failure kind.");

    internal static void RecordRetry(ModelFailureKind kind)
    {
        if (Retries.Enabled)
        {
            Retries.Add(1, new KeyValuePair<string, object?>("neptune.model.failure", ModelFailureKinds.Name(kind)));
        }
    }

    internal static void RecordFailure(ModelFailureKind kind)
    {
        if (Failures.Enabled)
        {
            Failures.Add(1, new KeyValuePair<string, object?>("neptune.model.failure", ModelFailureKinds.Name(kind)));
        }
    }
}
