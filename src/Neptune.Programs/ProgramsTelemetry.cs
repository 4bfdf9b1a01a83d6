using System.Diagnostics;
using System.Diagnostics.Metrics;
using Neptune.Programs.Generation;

namespace Neptune.Programs;

/// <summary>
/// The OpenTelemetry names of program generation. Traces: one span <c>neptune.program.generate</c> per question the
/// model is asked about, from the source <see cref="SourceName"/> (tags <c>neptune.program.attempts</c>,
/// <c>neptune.program.outcome</c>), parent of its model calls. Metrics from the meter <see cref="SourceName"/>: the
/// counter <c>neptune.program.generations</c>, tagged with the outcome (<c>ok</c>, <c>repaired</c> or the failure kind:
/// <c>no_program</c>, <c>invalid_after_repairs</c>, <c>runtime_error_after_repairs</c>, <c>model_error</c>).
/// </summary>
public static class ProgramsTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> and <see cref="Meter"/> name.</summary>
    public const string SourceName = "Neptune.Programs";

    internal static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);
    private static readonly Counter<long> Generations = Meter.CreateCounter<long>("neptune.program.generations", "{question}", "Questions a program was generated for, by outcome.");

    /// <summary>The snake_case name of a generation failure kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Its name.</returns>
    public static string Name(GenerationFailureKind kind) => kind switch
    {
        GenerationFailureKind.NoProgram => "no_program",
        GenerationFailureKind.InvalidAfterRepairs => "invalid_after_repairs",
        GenerationFailureKind.RuntimeErrorAfterRepairs => "runtime_error_after_repairs",
        _ => "model_error",
    };

    internal static void Record(Activity? activity, GenerationResult result)
    {
        string outcome = result.Failure is { } failure ? Name(failure) : result.AttemptCount > 1 ? "repaired" : "ok";
        if (activity is not null)
        {
            activity.SetTag("neptune.program.attempts", result.AttemptCount);
            activity.SetTag("neptune.program.outcome", outcome);
            if (result.Failure is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, result.FailureMessage);
            }
        }

        if (Generations.Enabled)
        {
            Generations.Add(1, new KeyValuePair<string, object?>("neptune.program.outcome", outcome));
        }
    }
}
