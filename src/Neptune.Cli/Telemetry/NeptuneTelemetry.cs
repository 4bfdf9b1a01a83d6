using Neptune.Evaluation;
using Neptune.Language;
using Neptune.Models;
using Neptune.Programs;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Neptune.Cli.Telemetry;

/// <summary>
/// Turns on OpenTelemetry export for one process, from the <c>NEPTUNE_TELEMETRY</c> environment variable: a
/// comma-separated list of exporters, <c>console</c> (spans and metrics printed to standard output) and
/// <c>otlp</c> (sent to an OpenTelemetry collector; endpoint, protocol and headers from the standard
/// <c>OTEL_EXPORTER_OTLP_*</c> variables, default <c>http://localhost:4317</c> over gRPC). Unset, empty or
/// <c>none</c>: nothing is created, and the instrumented code pays only its listener checks.
/// </summary>
internal static class NeptuneTelemetry
{
    /// <summary>The environment variable that selects the exporters.</summary>
    public const string Variable = "NEPTUNE_TELEMETRY";

    /// <summary>Every source and meter Neptune emits (see docs/OBSERVABILITY.md).</summary>
    public static readonly string[] Sources = [ModelTelemetry.SourceName, ProgramsTelemetry.SourceName, LanguageTelemetry.SourceName, EvaluationTelemetry.SourceName];

    /// <summary>Starts the exporters the setting names.</summary>
    /// <param name="setting">The variable's value.</param>
    /// <returns>The providers to dispose (which flushes them) at exit, or null when telemetry is off.</returns>
    /// <exception cref="ArgumentException">The setting names an unknown exporter; the message lists the known ones.</exception>
    public static IDisposable? Start(string? setting)
    {
        (bool console, bool otlp) = Parse(setting);
        if (!console && !otlp)
        {
            return null;
        }

        ResourceBuilder resource = ResourceBuilder.CreateDefault().AddService("neptune", serviceVersion: typeof(NeptuneTelemetry).Assembly.GetName().Version?.ToString());
        TracerProviderBuilder traces = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(Sources);
        MeterProviderBuilder metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(Sources);
        if (console)
        {
            traces.AddConsoleExporter();
            metrics.AddConsoleExporter();
        }

        if (otlp)
        {
            traces.AddOtlpExporter();
            metrics.AddOtlpExporter();
        }

        return new Providers(traces.Build(), metrics.Build());
    }

    /// <summary>Reads the setting.</summary>
    /// <exception cref="ArgumentException">An exporter name is unknown.</exception>
    internal static (bool Console, bool Otlp) Parse(string? setting)
    {
        bool console = false, otlp = false;
        foreach (string part in (setting ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (part.ToLowerInvariant())
            {
                case "console":
                    console = true;
                    break;
                case "otlp":
                    otlp = true;
                    break;
                case "none":
                    break;
                default:
                    throw new ArgumentException($"{Variable}: unknown exporter '{part}' (expected console, otlp or none, comma-separated)");
            }
        }

        return (console, otlp);
    }

    private sealed class Providers(TracerProvider traces, MeterProvider metrics) : IDisposable
    {
        public void Dispose()
        {
            traces.Dispose();
            metrics.Dispose();
        }
    }
}
