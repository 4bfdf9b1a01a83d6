using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Neptune.Evaluation;
using Neptune.Evaluation.Programs;
using Neptune.Evaluation.Results;
using Orleans;
using Orleans.Runtime;

namespace Neptune.Cluster;

/// <summary>
/// The client side of a cluster evaluation: submits a job (or reattaches to the job submitted with the same settings),
/// follows its progress, and when it is done writes <c>OUT/results.jsonl</c> and <c>OUT/summary.json</c> from the store.
/// </summary>
public static class ClusterEvaluation
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The job config of an evaluation: the values with every file path absolute and the data files named explicitly,
    /// so each silo reads the same files whatever its working directory. The model backends are not part of it: with
    /// <c>programs: llm</c> and <c>perception: vlm</c> each silo uses the <c>llm_config</c> and <c>vision</c> of its own
    /// cluster config (the models next to it), so the client's <c>llm_config</c> and <c>vision</c> are left out.
    /// </summary>
    /// <param name="values">The evaluation's config values.</param>
    /// <param name="settings">The values resolved.</param>
    /// <returns>The config to send.</returns>
    /// <exception cref="EvaluationConfigException">The run needs something a cluster job does not do (a judge).</exception>
    public static EvaluationConfig JobConfig(EvaluationConfig values, EvaluationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(settings);
        if (values.JudgeConfig is not null)
        {
            throw new EvaluationConfigException("--cluster: a judge runs after the cluster job; run 'neptune eval judge --out DIR' on its output instead of --judge-config.");
        }

        static string? Full(string? path) => path is null ? null : Path.GetFullPath(path);
        bool rec = settings.Task == EvaluationTask.Rec;
        return values with
        {
            Questions = rec ? null : settings.QuestionsPath,
            Refexps = rec ? settings.QuestionsPath : null,
            Scenes = settings.ScenesPath,
            Images = Full(values.Images),
            ProgramCache = Full(values.ProgramCache),
            Thresholds = Full(values.Thresholds),
            LlmConfig = null,
            Vision = null,
            Out = settings.OutputDirectory,
            Concurrency = null,
        };
    }

    /// <summary>A job's id from its config and unit size: the same evaluation submitted again gets the same id (and reattaches).</summary>
    /// <param name="spec">The job config's JSON.</param>
    /// <param name="unitSize">Items per unit.</param>
    /// <returns>The id.</returns>
    public static string JobId(string spec, int unitSize)
    {
        ArgumentNullException.ThrowIfNull(spec);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{unitSize}\n{spec}"));
        return "eval-" + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    /// <summary>Submits (or reattaches to) a job and follows it to its end.</summary>
    /// <param name="client">The cluster client.</param>
    /// <param name="jobId">The job's id.</param>
    /// <param name="submission">The job.</param>
    /// <param name="progress">Receives the job's status a few times a second.</param>
    /// <param name="cancellationToken">Stops following (the job goes on; following it again reattaches).</param>
    /// <returns>The final status (done or cancelled).</returns>
    /// <exception cref="OperationCanceledException">Following was cancelled.</exception>
    public static async Task<JobStatus> SubmitAndFollowAsync(IClusterClient client, string jobId, JobSubmission submission, IProgress<JobStatus>? progress = null, CancellationToken cancellationToken = default) =>
        await SubmitAndFollowAsync(client, jobId, submission, store: null, progress, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Submits a job (or reattaches to it) and follows it until it is done or cancelled; while no silo works on it, the
    /// store's refusals are read, and when every active silo has refused the job the call ends with the reasons.
    /// </summary>
    /// <param name="client">A connected cluster client.</param>
    /// <param name="jobId">The job's id.</param>
    /// <param name="submission">The job.</param>
    /// <param name="store">The cluster's store (its refusals); null follows without checking them.</param>
    /// <param name="progress">Receives each status polled.</param>
    /// <param name="cancellationToken">Stops following (the job goes on).</param>
    /// <returns>The final status.</returns>
    /// <exception cref="ClusterConfigException">Every active silo has refused the job; the message names each and why.</exception>
    public static async Task<JobStatus> SubmitAndFollowAsync(IClusterClient client, string jobId, JobSubmission submission, ResultStore? store, IProgress<JobStatus>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(submission);
        IEvaluationJobGrain job = client.GetGrain<IEvaluationJobGrain>(jobId);
        JobStatus status = await job.Submit(submission).WaitAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            progress?.Report(status);
            if (status.State != JobState.Running)
            {
                return status;
            }

            if (store is not null && status.Rows == 0 && status.UnitsLeased == 0)
            {
                await ThrowWhenEverySiloRefusesAsync(client, store, jobId, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            try
            {
                status = await job.GetStatus().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException && IsTransient(e))
            {
                // The silo holding the job died and the grain is moving: ask again.
            }
        }
    }

    private static async Task ThrowWhenEverySiloRefusesAsync(IClusterClient client, ResultStore store, string jobId, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> refusals = await store.RefusalsAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (refusals.Count == 0)
        {
            return;
        }

        string[] active;
        try
        {
            active = [.. (await client.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true).WaitAsync(cancellationToken).ConfigureAwait(false))
                .Select(h => h.SiloName).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is not OperationCanceledException && IsTransient(e))
        {
            return; // Membership is changing: ask again at the next poll.
        }

        if (active.Length > 0 && active.All(refusals.ContainsKey))
        {
            throw new ClusterConfigException(
                $"no silo of the cluster can evaluate job {jobId}: {string.Join("; ", active.Select(s => $"silo {s}: {refusals[s]}"))}. "
                + "Start a silo whose cluster config gives it what the job needs, then run the same command to reattach (the job waits in the store).");
        }
    }

    private static bool IsTransient(Exception e) =>
        e is TimeoutException or Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException
        || e.GetType().Namespace?.StartsWith("Orleans", StringComparison.Ordinal) == true;

    /// <summary>
    /// Writes a finished job's rows (in item order) to <c>results.jsonl</c> and its summary, computed from the rows by
    /// the evaluation's own summary code, to <c>summary.json</c> in the run's output directory.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="status">The job's final status.</param>
    /// <param name="settings">The evaluation's settings.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="IOException">Writing a file failed.</exception>
    public static async Task<EvaluationSummary> ExportAsync(ResultStore store, JobStatus status, EvaluationSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(settings);
        Directory.CreateDirectory(settings.OutputDirectory);
        var rows = new List<ResultRow>();
        string temporary = settings.ResultsPath + ".tmp";
        await using (var file = new StreamWriter(temporary, append: false, new UTF8Encoding(false)))
        {
            await foreach (StoredRow stored in store.ReadRowsAsync(status.JobId, cancellationToken).ConfigureAwait(false))
            {
                await file.WriteLineAsync(stored.Json.AsMemory(), cancellationToken).ConfigureAwait(false);
                rows.Add(EvaluationItems.ParseRow(Encoding.UTF8.GetBytes(stored.Json)));
            }
        }

        File.Move(temporary, settings.ResultsPath, overwrite: true);
        IProgramSource programs = settings.Programs == ProgramSourceKind.Llm ? new NamedProgramSource("llm") : ItemEvaluator.DefaultProgramSource(settings);
        IReadOnlyDictionary<string, long> bySilo = await store.RowsPerSiloAsync(status.JobId, cancellationToken).ConfigureAwait(false);
        EvaluationSummary summary = EvaluationItems.Summarize(
            settings,
            programs,
            rows,
            status.Items,
            status.ElapsedSeconds,
            [
                new("cluster_job", status.JobId),
                new("cluster_units", status.Units),
                new("cluster_retries", status.Retries),
                new("cluster_rows_by_silo", bySilo.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)).ToList()),
            ],
            interrupted: status.State != JobState.Done);
        summary.WriteAtomically(settings.SummaryPath);
        if (settings.Programs == ProgramSourceKind.Llm)
        {
            IReadOnlyList<StoredProgram> generated = await store.ProgramsAsync(status.JobId, cancellationToken).ConfigureAwait(false);
            EvaluationSummary.MergeSection(settings.SummaryPath, "program_generation", GenerationReport(generated));
        }

        return summary;
    }

    /// <summary>
    /// The <c>program_generation</c> section of a job's summary, from the programs in the store: distinct questions,
    /// cache hits, the failure split, model calls, tokens and model time per generated question, and who generated them.
    /// </summary>
    /// <param name="programs">The job's programs.</param>
    /// <returns>The section.</returns>
    public static JsonObject GenerationReport(IReadOnlyList<StoredProgram> programs)
    {
        ArgumentNullException.ThrowIfNull(programs);
        int generated = programs.Count(p => !p.FromCache);
        int divisor = Math.Max(1, generated);
        long requests = programs.Sum(p => (long)p.Requests);
        long input = programs.Sum(p => p.InputTokens);
        long output = programs.Sum(p => p.OutputTokens);
        double seconds = programs.Sum(p => p.ModelMilliseconds) / 1000.0;
        var failures = new JsonObject();
        foreach (string kind in (string[])["no_program", "invalid_after_repairs", "runtime_error_after_repairs", "model_error"])
        {
            failures[kind] = programs.Count(p => p.GenerationFailure == kind);
        }

        var bySilo = new JsonObject();
        foreach (IGrouping<string, StoredProgram> g in programs.GroupBy(p => p.Silo, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            bySilo[g.Key] = g.Count();
        }

        return new JsonObject
        {
            ["source"] = "llm",
            ["models"] = new JsonArray([.. programs.Select(p => p.Model).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(m => (JsonNode?)m)]),
            ["questions"] = programs.Count,
            ["from_cache"] = programs.Count(p => p.FromCache),
            ["generated"] = generated,
            ["failure_rate"] = programs.Count == 0 ? 0 : programs.Count(p => p.Program is null) / (double)programs.Count,
            ["failures"] = failures,
            ["llm_calls"] = requests,
            ["input_tokens"] = input,
            ["output_tokens"] = output,
            ["model_seconds"] = seconds,
            ["llm_calls_per_question"] = requests / (double)divisor,
            ["tokens_per_question"] = (input + output) / (double)divisor,
            ["model_seconds_per_question"] = seconds / divisor,
            ["questions_by_silo"] = bySilo,
        };
    }

    /// <summary>A program source that only names itself (the summary's <c>programs</c> setting).</summary>
    private sealed class NamedProgramSource(string name) : IProgramSource
    {
        public string Name => name;

        public ValueTask<string> GetProgramAsync(Neptune.Clevr.ClevrQuestion question, CancellationToken cancellationToken) =>
            throw new NotSupportedException("this source only names the programs of a finished job");
    }
}
