namespace Neptune.Language.Library.Calls;

/// <summary>
/// The host calls of an asynchronous run, in the order the program makes them. A run replays from the start each time
/// a call it needs is still pending: programs are deterministic, so the n-th call of a replay is the n-th call of the
/// first attempt, and its answer (or failure) is taken from here instead of being asked again.
/// </summary>
/// <remarks>Not thread-safe: one log belongs to one run; the interpreter uses it from one thread at a time.</remarks>
internal sealed class HostCallLog
{
    private readonly List<Task> _calls = [];
    private int _position;

    /// <summary>The call the run is waiting for, when the last attempt stopped at one.</summary>
    public Task? Pending { get; private set; }

    /// <summary>How many attempts the run has made.</summary>
    public int Attempts { get; private set; }

    /// <summary>The calls made so far (answered, failed or pending).</summary>
    public int Count => _calls.Count;

    /// <summary>
    /// Once the run is over, calls made while reading its result (a lazy tensor written out afterwards) are not
    /// replayed: there is no attempt left to replay, so they complete on the caller's thread.
    /// </summary>
    public bool Finished { get; private set; }

    /// <summary>
    /// Set when the run is cancelled while it waits: the next attempt stops at the pending call with an
    /// <see cref="OperationCanceledException"/> (reported as a budget error where the call is) instead of waiting again.
    /// </summary>
    public bool Abandoned { get; set; }

    /// <summary>Starts an attempt: the next call is the run's first.</summary>
    public void BeginAttempt()
    {
        _position = 0;
        Pending = null;
        Attempts++;
    }

    /// <summary>Marks the run as over (see <see cref="Finished"/>).</summary>
    public void Finish() => Finished = true;

    /// <summary>The answer of the run's next call: from the log when an earlier attempt made it, otherwise asked now.</summary>
    /// <typeparam name="T">The answer type.</typeparam>
    /// <param name="call">Makes the call.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="HostCallPendingException">The answer is not there yet; the attempt must unwind.</exception>
    public T Next<T>(Func<ValueTask<T>> call)
    {
        Task<T> task;
        if (_position < _calls.Count)
        {
            task = _calls[_position] as Task<T>
                ?? throw new InvalidOperationException($"host call {_position + 1} of a replayed run changed its result type; programs must be deterministic");
        }
        else
        {
            task = Start(call);
            _calls.Add(task);
        }

        _position++;
        if (!task.IsCompleted)
        {
            if (Abandoned)
            {
                throw new OperationCanceledException("the run was cancelled while a host call was pending");
            }

            Pending = task;
            throw new HostCallPendingException();
        }

        // Completed: returns the answer or rethrows the call's own exception (not an AggregateException).
        return task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// The answers of the run's next calls, issued together: each is taken from the log or started now, all before any
    /// is waited for.
    /// </summary>
    /// <typeparam name="T">The answer type.</typeparam>
    /// <param name="calls">Make the calls.</param>
    /// <returns>The answers, in order (the first failure, in order, is thrown).</returns>
    /// <exception cref="HostCallPendingException">An answer is not there yet; the attempt must unwind.</exception>
    public T[] NextAll<T>(IReadOnlyList<Func<ValueTask<T>>> calls)
    {
        var tasks = new Task<T>[calls.Count];
        bool pending = false;
        for (int i = 0; i < tasks.Length; i++)
        {
            if (_position < _calls.Count)
            {
                tasks[i] = _calls[_position] as Task<T>
                    ?? throw new InvalidOperationException($"host call {_position + 1} of a replayed run changed its result type; programs must be deterministic");
            }
            else
            {
                tasks[i] = Start(calls[i]);
                _calls.Add(tasks[i]);
            }

            _position++;
            pending |= !tasks[i].IsCompleted;
        }

        if (pending)
        {
            if (Abandoned)
            {
                throw new OperationCanceledException("the run was cancelled while a host call was pending");
            }

            Pending = Task.WhenAll(tasks);
            throw new HostCallPendingException();
        }

        var answers = new T[tasks.Length];
        for (int i = 0; i < tasks.Length; i++)
        {
            answers[i] = tasks[i].GetAwaiter().GetResult();
        }

        return answers;
    }

    /// <summary>Starts a call; a call that throws at once is a failed task (the answer the program sees).</summary>
    internal static Task<T> Start<T>(Func<ValueTask<T>> call)
    {
        try
        {
            ValueTask<T> pending = call();
            return pending.IsCompletedSuccessfully ? Task.FromResult(pending.Result) : pending.AsTask();
        }
#pragma warning disable CA1031 // The call's failure is the answer the program sees, now and on every replay.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromException<T>(e);
        }
    }
}

/// <summary>
/// Unwinds an attempt of an asynchronous run that reached a host call whose answer is pending. Programs cannot catch
/// it (only Python errors are caught) and no <c>finally</c> block runs, like a budget error.
/// </summary>
internal sealed class HostCallPendingException : Exception
{
    /// <summary>Creates the signal.</summary>
    public HostCallPendingException()
        : base("a host call is pending")
    {
    }
}
