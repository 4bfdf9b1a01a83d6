using Microsoft.Extensions.Logging;
using Orleans;

namespace Neptune.Cluster;

/// <summary>A job to submit: what to evaluate and how it is cut into units.</summary>
/// <param name="Spec">The evaluation config (JSON, absolute paths) each silo evaluates the items with.</param>
/// <param name="Items">The items the config selects.</param>
/// <param name="UnitSize">Items per unit.</param>
[GenerateSerializer]
[Immutable]
public sealed record JobSubmission([property: Id(0)] string Spec, [property: Id(1)] long Items, [property: Id(2)] int UnitSize);

/// <summary>A unit handed to a silo: the items at positions [<paramref name="Start"/>, <paramref name="Start"/> + <paramref name="Count"/>) of the job's selection.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Unit">The unit's number.</param>
/// <param name="Start">The position of its first item in the job's selection.</param>
/// <param name="Count">Its items.</param>
/// <param name="Lease">The lease the holder renews and completes the unit with.</param>
[GenerateSerializer]
[Immutable]
public sealed record WorkUnit([property: Id(0)] string JobId, [property: Id(1)] int Unit, [property: Id(2)] long Start, [property: Id(3)] int Count, [property: Id(4)] Guid Lease);

/// <summary>A job's progress, readable from any client.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Known">False when no job of this id was submitted.</param>
/// <param name="State">Its state.</param>
/// <param name="Items">The items it selects.</param>
/// <param name="Rows">Items with a row in the store.</param>
/// <param name="Units">Its units.</param>
/// <param name="UnitsDone">Units whose every item has a row.</param>
/// <param name="UnitsLeased">Units held by a silo now.</param>
/// <param name="Retries">Leases handed out again after the holder let the lease expire (a dead or stalled silo).</param>
/// <param name="ElapsedSeconds">Time since submission (to the end, once finished).</param>
[GenerateSerializer]
[Immutable]
public sealed record JobStatus(
    [property: Id(0)] string JobId,
    [property: Id(1)] bool Known,
    [property: Id(2)] JobState State,
    [property: Id(3)] long Items,
    [property: Id(4)] long Rows,
    [property: Id(5)] int Units,
    [property: Id(6)] int UnitsDone,
    [property: Id(7)] int UnitsLeased,
    [property: Id(8)] int Retries,
    [property: Id(9)] double ElapsedSeconds);

/// <summary>
/// One evaluation job (keyed by job id): hands out its units to the silos that ask (so faster silos take more), takes
/// them back when a lease expires, and knows from the store which units are done.
/// </summary>
public interface IEvaluationJobGrain : IGrainWithStringKey
{
    /// <summary>Submits the job, or returns the status of the job already submitted under this id (a client reattaching).</summary>
    /// <param name="submission">The job.</param>
    /// <returns>Its status.</returns>
    Task<JobStatus> Submit(JobSubmission submission);

    /// <summary>Leases a unit to a silo: a unit never handed out, or one whose lease expired.</summary>
    /// <param name="worker">The silo asking (recorded with its rows).</param>
    /// <returns>The unit; null when none is free (all done or leased) or the job is not running.</returns>
    Task<WorkUnit?> Lease(string worker);

    /// <summary>Extends a lease.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="lease">Its lease.</param>
    /// <returns>False when the lease is no longer the holder's (it expired and went elsewhere, or the job stopped): stop working on the unit.</returns>
    Task<bool> Renew(int unit, Guid lease);

    /// <summary>Reports a unit's rows written; the unit is done when the store holds a row for each of its items.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="lease">Its lease (a late holder's report counts too: its rows are in the store).</param>
    /// <returns>The job's status after it.</returns>
    Task<JobStatus> Complete(int unit, Guid lease);

    /// <summary>Cancels the job: no more units are handed out; rows already written stay.</summary>
    /// <returns>Its status.</returns>
    Task<JobStatus> Cancel();

    /// <summary>The job's progress.</summary>
    /// <returns>Its status.</returns>
    Task<JobStatus> GetStatus();
}

/// <summary>Options of the job grains.</summary>
public sealed class JobGrainOptions
{
    /// <summary>How long a lease lasts without renewal.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The job grain. Its only durable state is the store: on activation (first call, or after the silo that held it died)
/// it reads the job and the rows per unit from there, so a unit is done exactly when its rows are stored; leases live
/// in memory and are lost with the grain, which only means their units are handed out again.
/// </summary>
internal sealed class EvaluationJobGrain(ResultStore store, TimeProvider time, Microsoft.Extensions.Options.IOptions<JobGrainOptions> options, ILogger<EvaluationJobGrain> log)
    : Grain, IEvaluationJobGrain
{
    private readonly TimeSpan _leaseDuration = options.Value.Lease;
    private JobRecord? _job;
    private UnitState[] _units = [];
    private int _done;
    private int _retries;
    private int _next;
    private long _rows;

    private sealed class UnitState
    {
        public bool Done;
        public Guid Lease;
        public long Expires;
        public bool EverLeased;
    }

    private string JobId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        JobRecord? job = await store.GetJobAsync(JobId, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
        if (job is not null)
        {
            await LoadAsync(job, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
    }

    private async Task LoadAsync(JobRecord job, CancellationToken cancellationToken)
    {
        _job = job;
        int units = (int)((job.Items + job.UnitSize - 1) / job.UnitSize);
        _units = new UnitState[units];
        IReadOnlyDictionary<int, long> rows = await store.RowsPerUnitAsync(job.JobId, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
        _done = 0;
        _rows = 0;
        for (int u = 0; u < units; u++)
        {
            _units[u] = new UnitState();
            long stored = rows.GetValueOrDefault(u);
            _rows += stored;
            if (stored >= SizeOf(u))
            {
                _units[u].Done = true;
                _done++;
            }
        }

        if (units > 0 && _done > 0)
        {
            log.LogInformation("job {Job}: {Done} of {Units} units found done in the store", job.JobId, _done, units);
        }

        await FinishIfDoneAsync().ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
    }

    private int SizeOf(int unit) => (int)Math.Min(_job!.UnitSize, _job.Items - ((long)unit * _job.UnitSize));

    public async Task<JobStatus> Submit(JobSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (_job is null)
        {
            JobRecord stored = await store.CreateJobAsync(new JobRecord(
                JobId, submission.Spec, submission.Items, submission.UnitSize, JobState.Running, time.GetUtcNow().ToUnixTimeMilliseconds(), null)).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
            await LoadAsync(stored, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
            log.LogInformation("job {Job}: {Items} items in {Units} units", JobId, stored.Items, _units.Length);
        }

        return Status();
    }

    public Task<WorkUnit?> Lease(string worker)
    {
        if (_job is not { State: JobState.Running })
        {
            return Task.FromResult<WorkUnit?>(null);
        }

        long now = time.GetTimestamp();
        for (int i = 0; i < _units.Length; i++)
        {
            // Round-robin from where the last lease was taken, so expired units are found without rescanning done ones first.
            int u = (_next + i) % _units.Length;
            UnitState s = _units[u];
            if (s.Done || (s.Lease != Guid.Empty && now < s.Expires))
            {
                continue;
            }

            if (s.EverLeased)
            {
                _retries++;
                log.LogWarning("job {Job}: unit {Unit} handed out again (its lease expired) to {Worker}", JobId, u, worker);
            }

            s.EverLeased = true;
            s.Lease = Guid.NewGuid();
            s.Expires = now + Ticks(_leaseDuration);
            _next = (u + 1) % _units.Length;
            return Task.FromResult<WorkUnit?>(new WorkUnit(JobId, u, (long)u * _job.UnitSize, SizeOf(u), s.Lease));
        }

        return Task.FromResult<WorkUnit?>(null);
    }

    public Task<bool> Renew(int unit, Guid lease)
    {
        if (_job is not { State: JobState.Running } || (uint)unit >= (uint)_units.Length)
        {
            return Task.FromResult(false);
        }

        UnitState s = _units[unit];
        if (s.Done || s.Lease != lease)
        {
            return Task.FromResult(false);
        }

        s.Expires = time.GetTimestamp() + Ticks(_leaseDuration);
        return Task.FromResult(true);
    }

    public async Task<JobStatus> Complete(int unit, Guid lease)
    {
        if (_job is null || (uint)unit >= (uint)_units.Length)
        {
            return Status();
        }

        UnitState s = _units[unit];
        if (!s.Done)
        {
            long stored = await store.RowsOfUnitAsync(JobId, unit).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
            if (stored >= SizeOf(unit))
            {
                s.Done = true;
                _done++;
                _rows += SizeOf(unit);
                await FinishIfDoneAsync().ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
            }
            else if (s.Lease == lease)
            {
                // Reported done without its rows: hand it out again.
                log.LogWarning("job {Job}: unit {Unit} reported complete with {Stored} of {Size} rows stored", JobId, unit, stored, SizeOf(unit));
                s.Lease = Guid.Empty;
            }
        }

        return Status();
    }

    public async Task<JobStatus> Cancel()
    {
        if (_job is { State: JobState.Running })
        {
            long now = time.GetUtcNow().ToUnixTimeMilliseconds();
            await store.FinishJobAsync(JobId, JobState.Cancelled, now).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
            _job = _job with { State = JobState.Cancelled, FinishedUnixMs = now };
            log.LogInformation("job {Job}: cancelled with {Done} of {Units} units done", JobId, _done, _units.Length);
        }

        return Status();
    }

    public Task<JobStatus> GetStatus() => Task.FromResult(Status());

    private async Task FinishIfDoneAsync()
    {
        if (_job is { State: JobState.Running } && _done == _units.Length)
        {
            long now = time.GetUtcNow().ToUnixTimeMilliseconds();
            await store.FinishJobAsync(JobId, JobState.Done, now).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
            _job = _job with { State = JobState.Done, FinishedUnixMs = now };
            log.LogInformation("job {Job}: done", JobId);
        }
    }

    private JobStatus Status()
    {
        if (_job is null)
        {
            return new JobStatus(JobId, false, JobState.Running, 0, 0, 0, 0, 0, 0, 0);
        }

        long now = time.GetTimestamp();
        int leased = _units.Count(u => !u.Done && u.Lease != Guid.Empty && now < u.Expires);
        long end = _job.FinishedUnixMs ?? time.GetUtcNow().ToUnixTimeMilliseconds();
        return new JobStatus(JobId, true, _job.State, _job.Items, _rows, _units.Length, _done, leased, _retries, Math.Max(0, end - _job.CreatedUnixMs) / 1000.0);
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
