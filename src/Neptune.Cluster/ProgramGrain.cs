using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Neptune.Clevr;
using Neptune.Evaluation.Programs;
using Neptune.Programs.Generation;
using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

namespace Neptune.Cluster;

/// <summary>A job's program for one question, or why there is none (the row failure it becomes).</summary>
/// <param name="Program">The program; null when generation failed.</param>
/// <param name="FailureKind">For a failure: the row failure kind.</param>
/// <param name="Error">For a failure: the row's error code.</param>
/// <param name="Message">For a failure: why.</param>
[GenerateSerializer]
[Immutable]
public sealed record ProgramOutcome([property: Id(0)] string? Program, [property: Id(1)] string? FailureKind, [property: Id(2)] string? Error, [property: Id(3)] string? Message);

/// <summary>
/// The program of one distinct question of one job (key: <see cref="ProgramGrain.Key"/>): generated once for the whole
/// job by the silo that first asks, with that silo's own model endpoints, and kept in the store so that a silo's death
/// neither loses it nor makes it again.
/// </summary>
public interface IProgramGrain : IGrainWithStringKey
{
    /// <summary>The question's program: from memory, else from the store, else generated now (once; concurrent callers wait for it).</summary>
    /// <returns>The program or its failure.</returns>
    /// <exception cref="InvalidOperationException">The silo hosting the grain has no program generator (its config names no <c>llm_config</c>).</exception>
    Task<ProgramOutcome> Get();
}

/// <summary>
/// The program grain. Calls are served one at a time, so concurrent callers for the same question wait for one
/// generation; the result goes to the store with <c>ON CONFLICT DO NOTHING</c> and is read back, so the stored one is
/// the only one any silo uses. Placed on the calling silo, so the generation uses the endpoints of a silo that accepted
/// the job.
/// </summary>
[PreferLocalPlacement]
internal sealed class ProgramGrain(ResultStore store, SiloModels models, ILocalSiloDetails silo, ILogger<ProgramGrain> log) : Grain, IProgramGrain
{
    private ProgramOutcome? _outcome;

    /// <summary>The key of a job's program grain for a question.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="question">The question's text.</param>
    /// <returns>The key: the job id, a newline, the trimmed question.</returns>
    public static string Key(string jobId, string question) => jobId + "\n" + question.Trim();

    public async Task<ProgramOutcome> Get()
    {
        if (_outcome is not null)
        {
            return _outcome;
        }

        string key = this.GetPrimaryKeyString();
        int split = key.IndexOf('\n', StringComparison.Ordinal);
        string jobId = key[..split];
        string question = key[(split + 1)..];
        StoredProgram? stored = await store.GetProgramAsync(jobId, question).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
        if (stored is null)
        {
            IProgramGenerator generator = models.Programs
                ?? throw new InvalidOperationException($"silo {silo.Name} has no program generator (its cluster config names no llm_config)");
            GenerationResult result = await generator.GenerateAsync(question).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
            stored = await store.AddProgramAsync(jobId, From(result, question, silo.Name)).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
            if (stored.Silo != silo.Name || stored.Program != result.Program)
            {
                log.LogWarning("job {Job}: a program for '{Question}' was stored by {Silo} meanwhile; using it", jobId, question, stored.Silo);
            }
        }

        _outcome = new ProgramOutcome(stored.Program, stored.FailureKind, stored.Error, stored.Message);
        return _outcome;
    }

    private static StoredProgram From(GenerationResult r, string question, string silo)
    {
        ProgramSourceException? failure = r.Program is null ? GenerationFailures.ToException(r) : null;
        return new StoredProgram(
            question,
            r.Program,
            failure?.Kind,
            failure?.Error,
            failure?.Message,
            r.Failure is { } f ? FailureName(f) : null,
            r.Requests,
            r.InputTokens,
            r.OutputTokens,
            (long)r.Latency.TotalMilliseconds,
            r.FromCache,
            r.Model,
            silo);
    }

    /// <summary>The names the single-machine report uses for generation failures.</summary>
    internal static string FailureName(GenerationFailureKind kind) => kind switch
    {
        GenerationFailureKind.InvalidAfterRepairs => "invalid_after_repairs",
        GenerationFailureKind.RuntimeErrorAfterRepairs => "runtime_error_after_repairs",
        GenerationFailureKind.ModelError => "model_error",
        _ => "no_program",
    };
}

/// <summary>
/// A worker's program source for a <c>programs: llm</c> job: each distinct question's program comes from its
/// <see cref="IProgramGrain"/> (asked once per silo; failures become the rows' failures, as on one machine).
/// </summary>
internal sealed class ClusterProgramSource(IGrainFactory grains, string jobId) : IProgramSource
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ProgramOutcome>>> _outcomes = new(StringComparer.Ordinal);

    public string Name => "llm";

    public async ValueTask<string> GetProgramAsync(ClevrQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        string text = question.Question.Trim();
        Lazy<Task<ProgramOutcome>> lazy = _outcomes.GetOrAdd(text, q => new Lazy<Task<ProgramOutcome>>(() => AskAsync(q, cancellationToken)));
        ProgramOutcome outcome;
        try
        {
            outcome = await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not known (the grain could not be reached, or the asking unit was abandoned): the next caller asks again.
            _outcomes.TryRemove(new KeyValuePair<string, Lazy<Task<ProgramOutcome>>>(text, lazy));
            throw;
        }

        return outcome.Program ?? throw new ProgramSourceException(outcome.FailureKind ?? "no_program", outcome.Message ?? "no program", outcome.Error);
    }

    private async Task<ProgramOutcome> AskAsync(string question, CancellationToken cancellationToken)
    {
        IProgramGrain grain = grains.GetGrain<IProgramGrain>(ProgramGrain.Key(jobId, question));
        while (true)
        {
            try
            {
                return await grain.Get().ConfigureAwait(false);
            }
            catch (TimeoutException) when (!cancellationToken.IsCancellationRequested)
            {
                // The generation (or the queue of calls before it) outlasted the response timeout; the grain goes on and
                // keeps its result: ask again.
            }
        }
    }
}
