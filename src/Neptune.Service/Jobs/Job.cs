namespace Neptune.Service.Jobs;

/// <summary>
/// A job in memory: its current row (replaced whole on every change, under a lock), the cancellation a caller can
/// request, and a signal that completes on every change so event streams wait without polling.
/// </summary>
internal sealed class Job
{
    private readonly Lock _gate = new();
    private JobRow _row;
    private long _version;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Job(JobRow row) => _row = row;

    public string Id => _row.Id;

    /// <summary>Held while the job's row is written to the database.</summary>
    public Lock SaveGate { get; } = new();

    /// <summary>Cancelled when a caller cancels the job.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>Whether a caller asked to cancel the job.</summary>
    public bool CancelRequested => Cancellation.IsCancellationRequested;

    /// <summary>The rows made by earlier sessions, as the runner last reported (not stored).</summary>
    public long Resumed { get; private set; }

    /// <summary>Whether <see cref="JobRow.Total"/> is still an estimate (not stored).</summary>
    public bool TotalIsEstimate { get; private set; }

    /// <summary>The current row and how many changes it has seen.</summary>
    public (JobRow Row, long Version, Task Changed) Snapshot()
    {
        lock (_gate)
        {
            return (_row, _version, _changed.Task);
        }
    }

    public JobRow Row
    {
        get
        {
            lock (_gate)
            {
                return _row;
            }
        }
    }

    /// <summary>Changes the row; the change signal fires.</summary>
    /// <returns>The new row.</returns>
    public JobRow Update(Func<JobRow, JobRow> change, long? resumed = null, bool? totalIsEstimate = null)
    {
        TaskCompletionSource fired;
        JobRow row;
        lock (_gate)
        {
            row = _row = change(_row);
            Resumed = resumed ?? Resumed;
            TotalIsEstimate = totalIsEstimate ?? TotalIsEstimate;
            _version++;
            fired = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fired.TrySetResult();
        return row;
    }

    /// <summary>Moves a queued job to running; false when it is no longer queued (cancelled while it waited).</summary>
    public bool TryStart(DateTimeOffset now, out JobRow row)
    {
        lock (_gate)
        {
            if (_row.State != JobStates.Queued || CancelRequested)
            {
                row = _row;
                return false;
            }
        }

        row = Update(r => r with { State = JobStates.Running, Started = r.Started ?? now, Sessions = r.Sessions + 1, Error = null });
        return true;
    }

    /// <summary>
    /// Asks the job to stop: a queued job is cancelled at once, a running one when its runner stops. False (and nothing
    /// changes) when the job is already finished.
    /// </summary>
    public bool TryCancel(DateTimeOffset now, out JobRow row, out bool cancelledNow)
    {
        cancelledNow = false;
        lock (_gate)
        {
            if (JobStates.IsFinal(_row.State))
            {
                row = _row;
                return false;
            }

            Cancellation.Cancel();
            if (_row.State != JobStates.Queued)
            {
                row = _row;
                return true;
            }
        }

        cancelledNow = true;
        row = Update(r => r.State == JobStates.Queued ? r with { State = JobStates.Cancelled, Finished = now } : r);
        return true;
    }
}
