using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Neptune.Clevr;
using Neptune.Evaluation;
using Neptune.Evaluation.Programs;
using Neptune.Evaluation.Results;
using Orleans;
using Orleans.Runtime;

namespace Neptune.Cluster;

/// <summary>Options of a silo's evaluation workers.</summary>
public sealed class WorkerOptions
{
    /// <summary>Units this silo works on at once (one item at a time each); 0 for a silo that only hosts job grains.</summary>
    public int Workers { get; set; } = Environment.ProcessorCount;

    /// <summary>How long a worker with nothing to do waits before asking again.</summary>
    public TimeSpan Poll { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The lease of a unit (a worker renews it every third of this while it works).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// A silo's evaluation workers: each asks the running jobs for a unit, evaluates its items with the local
/// <see cref="ItemEvaluator"/>, renews the unit's lease while it works, writes the unit's rows in one transaction and
/// reports the unit complete. A silo that asks more often (is faster) takes more units.
/// </summary>
internal sealed class EvaluationWorker(IGrainFactory grains, ResultStore store, SiloModels models, IOptions<WorkerOptions> options, ILocalSiloDetails silo, ILogger<EvaluationWorker> log)
    : BackgroundService
{
    private readonly WorkerOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Lazy<Task<JobContext?>>> _jobs = new(StringComparer.Ordinal);

    /// <summary>What a silo needs to evaluate one job's items: its settings, items and evaluator, loaded once per job.</summary>
    private sealed record JobContext(EvaluationItem[] Items, ItemEvaluator Evaluator, IDisposable? Perception);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string name = silo.Name;
        var loops = new Task[Math.Max(0, _options.Workers)];
        for (int i = 0; i < loops.Length; i++)
        {
            loops[i] = Task.Run(() => LoopAsync(name, stoppingToken), stoppingToken);
        }

        return Task.WhenAll(loops);
    }

    private async Task LoopAsync(string name, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            bool worked = false;
            try
            {
                IReadOnlyList<string> running = await store.RunningJobsAsync(stop).ConfigureAwait(false);
                foreach (string finished in _jobs.Keys.Except(running, StringComparer.Ordinal))
                {
                    if (_jobs.TryRemove(finished, out Lazy<Task<JobContext?>>? gone) && gone.IsValueCreated && gone.Value.IsCompletedSuccessfully)
                    {
                        gone.Value.Result?.Perception?.Dispose();
                    }
                }

                foreach (string jobId in running)
                {
                    JobContext? context = await ContextAsync(jobId, name, stop).ConfigureAwait(false);
                    if (context is null)
                    {
                        continue;
                    }

                    IEvaluationJobGrain job = grains.GetGrain<IEvaluationJobGrain>(jobId);
                    if (await job.Lease(name).ConfigureAwait(false) is not { } unit)
                    {
                        continue;
                    }

                    await RunUnitAsync(job, context, unit, name, stop).ConfigureAwait(false);
                    worked = true;
                    break;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The cluster or the store is unreachable for now (a silo died, a grain is moving): try again shortly.
                log.LogWarning("evaluation worker: {Message}; retrying", e.Message);
            }

            if (!worked)
            {
                try
                {
                    await Task.Delay(_options.Poll, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task RunUnitAsync(IEvaluationJobGrain job, JobContext context, WorkUnit unit, string name, CancellationToken stop)
    {
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stop);
        Task renewing = RenewAsync(job, unit, lost);
        var rows = new List<StoredRow>(unit.Count);
        try
        {
            for (long p = unit.Start; p < unit.Start + unit.Count; p++)
            {
                lost.Token.ThrowIfCancellationRequested();
                EvaluationItem item = context.Items[p];
                ResultRow row = await context.Evaluator.EvaluateAsync(item, lost.Token).ConfigureAwait(false);
                rows.Add(new StoredRow(item.Id, Encoding.UTF8.GetString(EvaluationItems.ToJson(row))));
            }
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            log.LogWarning("job {Job}: unit {Unit} abandoned: its lease was lost", unit.JobId, unit.Unit);
            return;
        }
        finally
        {
            await lost.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
        }

        await store.WriteRowsAsync(unit.JobId, unit.Unit, name, rows, stop).ConfigureAwait(false);
        await job.Complete(unit.Unit, unit.Lease).ConfigureAwait(false);
    }

    private async Task RenewAsync(IEvaluationJobGrain job, WorkUnit unit, CancellationTokenSource lost)
    {
        TimeSpan every = _options.Lease / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, lost.Token).ConfigureAwait(false);
                if (!await job.Renew(unit.Unit, unit.Lease).ConfigureAwait(false))
                {
                    await lost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The unit is finished or abandoned.
        }
        catch (Exception e)
        {
            // The job grain cannot be reached (it is moving after a silo died): keep working; the next renewal or the
            // completion reaches its new activation.
            log.LogDebug("job {Job}: renewing unit {Unit}: {Message}", unit.JobId, unit.Unit, e.Message);
        }
    }

    private Task<JobContext?> ContextAsync(string jobId, string name, CancellationToken stop) =>
        _jobs.GetOrAdd(jobId, id => new Lazy<Task<JobContext?>>(() => LoadOrRefuseAsync(id, name, stop))).Value;

    /// <summary>
    /// Loads a job's context; when this silo cannot evaluate the job, records why in the store, so that the client can
    /// tell its user when no silo can (instead of waiting for ever), and leaves the job to the others.
    /// </summary>
    private async Task<JobContext?> LoadOrRefuseAsync(string jobId, string name, CancellationToken stop)
    {
        try
        {
            JobContext? context = await LoadAsync(jobId, stop).ConfigureAwait(false);
            if (context is not null)
            {
                await RecordAsync(() => store.AcceptAsync(jobId, name, stop), jobId).ConfigureAwait(false);
            }

            return context;
        }
        catch (Exception e) when (e is EvaluationConfigException or ClevrDataException or ProgramCacheFormatException or IOException)
        {
            log.LogError("job {Job}: this silo cannot evaluate it: {Message}", jobId, e.Message);
            await RecordAsync(() => store.RefuseAsync(jobId, name, e.Message, stop), jobId).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Records a refusal or its end; a store that fails here only costs the client its early answer.</summary>
    private async Task RecordAsync(Func<Task> write, string jobId)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException e)
        {
            log.LogWarning("job {Job}: the store did not take this silo's answer to the job: {Message}", jobId, e.Message);
        }
    }

    private async Task<JobContext?> LoadAsync(string jobId, CancellationToken stop)
    {
        JobRecord? job = await store.GetJobAsync(jobId, stop).ConfigureAwait(false);
        if (job is null)
        {
            return null;
        }

        // A job this silo cannot evaluate (its files are missing or differ, or it lacks the models) throws here:
        // LoadOrRefuseAsync records why and leaves the job to the others.
        EvaluationSettings settings = EvaluationConfig.Parse(job.Spec, $"job {jobId}").Resolve() with { Concurrency = Math.Max(1, _options.Workers) };
        if (settings.Programs == ProgramSourceKind.Llm && models.Programs is null)
        {
            throw new EvaluationConfigException("the job generates its programs ('programs: llm') and this silo's cluster config names no llm_config");
        }

        if (settings.Perception == PerceptionKind.Vlm && models.Vision is null)
        {
            throw new EvaluationConfigException("the job perceives with a vision model ('perception: vlm') and this silo's cluster config names no vision config");
        }

        return await Task.Run(
            () =>
            {
                IProgramSource programs = settings.Programs == ProgramSourceKind.Llm ? new ClusterProgramSource(grains, jobId) : ItemEvaluator.DefaultProgramSource(settings);
                ClevrSceneSet scenes = ClevrSceneReader.LoadAll(settings.ScenesPath);
                EvaluationItem[] items = [.. EvaluationItems.Read(settings)];
                if (items.Length != job.Items)
                {
                    throw new EvaluationConfigException(
                        $"this silo selects {items.Length} items from '{settings.QuestionsPath}' but the job was submitted with {job.Items}: the silos must see the same files");
                }

                IScenePerceptionSource? perception = settings.Perception == PerceptionKind.Vlm ? models.Vision!(settings) : null;
                try
                {
                    var evaluator = new ItemEvaluator(settings, programs, scenes, perception: perception);
                    log.LogInformation("job {Job}: loaded {Items} items and {Scenes} scenes", jobId, items.Length, scenes.Count);
                    return new JobContext(items, evaluator, perception as IDisposable);
                }
                catch
                {
                    (perception as IDisposable)?.Dispose();
                    throw;
                }
            },
            stop).ConfigureAwait(false);
    }
}
