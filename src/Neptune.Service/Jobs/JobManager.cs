using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Neptune.Caching;
using Neptune.Clevr;
using Neptune.Configuration;
using Neptune.Evaluation;
using Neptune.Evaluation.Programs;
using Neptune.Evaluation.Results;

namespace Neptune.Service.Jobs;

/// <summary>
/// Runs evaluation jobs with the evaluation runner, <c>max_concurrent_jobs</c> at a time, oldest first, and keeps their
/// state in <c>JOBS/jobs.db</c>. A job's rows go to <c>JOBS/ID/results.jsonl</c> as <c>neptune eval</c> writes them,
/// so a server that stops (or is killed) mid-job resumes it on its next start where the rows stop: every item gets
/// exactly one row.
/// </summary>
internal sealed partial class JobManager : IHostedService, IDisposable
{
    /// <summary>The database file in the jobs directory.</summary>
    public const string DatabaseFile = "jobs.db";

    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);
    private readonly ServiceSettings _settings;
    private readonly ServiceState _state;
    private readonly ILogger<JobManager> _log;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly Channel<Job> _queue = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = false });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _submitGate = new();
    private JobStore? _store;
    private Task[] _workers = [];

    public JobManager(ServiceSettings settings, ServiceState state, ILogger<JobManager> log, TimeProvider? time = null)
    {
        _settings = settings;
        _state = state;
        _log = log;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Whether the server runs jobs (it has a <c>jobs</c> directory).</summary>
    public bool Enabled => _settings.JobsDirectory is not null;

    /// <summary>The jobs directory; null without one.</summary>
    public string? Directory => _settings.JobsDirectory;

    /// <summary>The server's model clients jobs may use (never endpoints a request names).</summary>
    private JobModelsAvailable Models => new(_state.Generator is not null, _state.VisionModel is not null);

    /// <summary>The output directory of a job.</summary>
    public string OutDirectory(string id) => Path.Combine(_settings.JobsDirectory!, id);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_settings.JobsDirectory is not { } directory)
        {
            return Task.CompletedTask;
        }

        System.IO.Directory.CreateDirectory(directory);
        _store = JobStore.Open(Path.Combine(directory, DatabaseFile));
        foreach (JobRow stored in _store.All())
        {
            var job = new Job(stored);
            _jobs[stored.Id] = job;
            if (!JobStates.IsFinal(stored.State))
            {
                // Running when the server stopped: it waits its turn again and resumes from its results file.
                if (stored.State != JobStates.Queued)
                {
                    job.Update(r => r with { State = JobStates.Queued });
                    Save(job);
                }

                _queue.Writer.TryWrite(job);
            }
        }

        _workers = [.. Enumerable.Range(0, _settings.MaxConcurrentJobs).Select(_ => Task.Run(WorkAsync, CancellationToken.None))];
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _queue.Writer.TryComplete();
        // The runner stops at its next item; the rows so far are on disk and the job resumes on the next start.
        await Task.WhenAll(_workers).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Accepts a job: checks the body, stores the job as queued and queues it.</summary>
    /// <param name="config">The request body.</param>
    /// <param name="baseDirectory">The directory relative paths resolve against.</param>
    /// <param name="owner">The submitting key's owner id (<see cref="AccessControl.OwnerOf"/>); null without API keys.</param>
    /// <returns>The job and its row as accepted (a worker may have started it since).</returns>
    /// <exception cref="ServiceProblemException">400: the body is not an evaluation config a job can run.</exception>
    public (Job Job, JobRow Accepted) Submit(string config, string baseDirectory, string? owner)
    {
        JobStore store = _store ?? throw new InvalidOperationException("the jobs are not started");
        string id = Guid.CreateVersion7().ToString("N");
        JobRequest.Resolve(config, baseDirectory, OutDirectory(id), Models);
        Job job;
        lock (_submitGate)
        {
            job = new Job(new JobRow
            {
                Id = id,
                Sequence = store.NextSequence(),
                State = JobStates.Queued,
                Config = config,
                BaseDirectory = baseDirectory,
                Created = _time.GetUtcNow(),
                Owner = owner,
            });
            store.Save(job.Row);
            _jobs[id] = job;
        }

        JobRow accepted = job.Row;
        _queue.Writer.TryWrite(job);
        return (job, accepted);
    }

    /// <summary>
    /// The job with this id that <paramref name="owner"/> may see: any job when the caller has no owner id (the server
    /// has no API keys), else only the jobs that key submitted.
    /// </summary>
    public bool TryGet(string id, string? owner, out Job job) =>
        _jobs.TryGetValue(id, out job!) && Visible(job, owner);

    /// <summary>Every job <paramref name="owner"/> may see (<see cref="TryGet"/>), oldest first.</summary>
    public List<Job> List(string? owner) => [.. _jobs.Values.Where(j => Visible(j, owner)).OrderBy(j => j.Row.Sequence)];

    private static bool Visible(Job job, string? owner) =>
        owner is null || string.Equals(job.Row.Owner, owner, StringComparison.Ordinal);

    /// <summary>Cancels a job; false when it had already finished.</summary>
    public bool Cancel(Job job)
    {
        if (!job.TryCancel(_time.GetUtcNow(), out JobRow row, out bool cancelledNow))
        {
            return false;
        }

        if (cancelledNow)
        {
            Save(job);
        }

        return true;
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _store?.Dispose();
        foreach (Job job in _jobs.Values)
        {
            job.Cancellation.Dispose();
        }
    }

    private async Task WorkAsync()
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                while (!_stopping.IsCancellationRequested && _queue.Reader.TryRead(out Job? job))
                {
                    if (job.TryStart(_time.GetUtcNow(), out JobRow started))
                    {
                        Save(job);
                        await RunAsync(job).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: queued jobs stay queued in the database.
        }
    }

    private async Task RunAsync(Job job)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, job.Cancellation.Token);
        try
        {
            JobRow row = job.Row;
            EvaluationSettings settings = JobRequest.Resolve(row.Config, row.BaseDirectory, OutDirectory(row.Id), Models);
            // The server's generator and vision model, shared with /v1/ask (client, endpoint limits, caches).
            IProgramSource? programs = settings.Programs == ProgramSourceKind.Llm ? new ServerProgramSource(_state.Generator!, stop.Token) : null;
            using ServerScenePerception? perception = settings.Perception == PerceptionKind.Vlm ? new ServerScenePerception(_state.VisionModel!, settings.ImagesDirectory) : null;
            var runner = new EvaluationRunner(settings, programs, time: _time, perception: perception);
            var progress = new JobProgress(this, job);
            EvaluationSummary summary = await Task.Run(() => runner.RunAsync(progress, stop.Token), CancellationToken.None).ConfigureAwait(false);
            job.Update(
                r => r with
                {
                    State = JobStates.Succeeded,
                    Finished = _time.GetUtcNow(),
                    Completed = summary.Total,
                    Total = summary.Selected,
                    Correct = summary.Correct,
                    Failures = summary.Failures,
                },
                resumed: summary.Resumed,
                totalIsEstimate: false);
            Save(job);
        }
        catch (OperationCanceledException) when (job.CancelRequested)
        {
            job.Update(r => r with { State = JobStates.Cancelled, Finished = _time.GetUtcNow() });
            Save(job);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The server is stopping: the job resumes on the next start.
            job.Update(r => r with { State = JobStates.Queued });
            Save(job);
        }
        catch (Exception e) when (e is ServiceProblemException or EvaluationConfigException or ClevrDataException or ProgramCacheFormatException
            or CacheException or InputFileException or IOException or UnauthorizedAccessException)
        {
            job.Update(r => r with { State = JobStates.Failed, Finished = _time.GetUtcNow(), Error = e.Message });
            Save(job);
        }
#pragma warning disable CA1031 // A fault in one job fails that job, never the server.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFault(_log, e, job.Id);
            job.Update(r => r with { State = JobStates.Failed, Finished = _time.GetUtcNow(), Error = "the run failed with an internal error; the server log has the details" });
            Save(job);
        }
    }

    /// <summary>Stores the job's current row; saves of one job are serialised, so the last one stored is the latest.</summary>
    private void Save(Job job)
    {
        lock (job.SaveGate)
        {
            _store!.Save(job.Row);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "evaluation job {JobId} failed")]
    private static partial void LogFault(ILogger logger, Exception exception, string jobId);

    /// <summary>Takes the runner's snapshots into the job (and, at most once a second, into the database).</summary>
    private sealed class JobProgress(JobManager manager, Job job) : IProgress<EvaluationProgress>
    {
        private long _lastSave = manager._time.GetTimestamp();

        public void Report(EvaluationProgress value)
        {
            JobRow row = job.Update(
                r => r.State != JobStates.Running ? r : r with
                {
                    Completed = value.Completed,
                    Total = value.Total,
                    Correct = value.Correct,
                    Failures = value.Failures,
                },
                resumed: value.Resumed,
                totalIsEstimate: value.TotalIsEstimate);
            if (manager._time.GetElapsedTime(Interlocked.Read(ref _lastSave)) >= SaveInterval)
            {
                Interlocked.Exchange(ref _lastSave, manager._time.GetTimestamp());
                manager.Save(job);
            }
        }
    }
}
