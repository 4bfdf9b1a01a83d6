using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Neptune.Models;

namespace Neptune.Vision.Endpoints;

/// <summary>How a pool picks the endpoint for the next request.</summary>
public enum PoolStrategy
{
    /// <summary>Each endpoint in turn.</summary>
    RoundRobin = 0,

    /// <summary>The endpoint with the fewest requests in flight relative to its capacity (ties: the earliest).</summary>
    LeastBusy = 1,
}

/// <summary>One endpoint of a pool: its client (with its own concurrency limit and retries) and its capacity.</summary>
/// <param name="Name">A name for reports (usually the URL).</param>
/// <param name="Client">The endpoint's client pipeline.</param>
/// <param name="Capacity">How many requests the endpoint serves at once (its concurrency limit), at least 1.</param>
public sealed record PoolMember(string Name, IChatClient Client, int Capacity);

/// <summary>
/// Several servers of one model used as one <see cref="IChatClient"/>: requests spread over the members by
/// <see cref="PoolStrategy"/>; a request whose endpoint fails after its own retries moves on to the next member, so
/// one dead server slows the pool down without failing it. A member that fails <c>failureThreshold</c> requests in a
/// row is skipped for a cool-down; while every member is cooling down, requests fail at once with a transport error
/// instead of waiting through retries again (the callers record them as "endpoint unavailable"). Thread-safe.
/// </summary>
public sealed class EndpointPool : IChatClient
{
    private readonly PoolMember[] _members;
    private readonly int[] _inFlight;
    private readonly long[] _served;
    private readonly long[] _failed;
    private readonly int[] _consecutiveFailures;
    private readonly long[] _openUntil;
    private readonly PoolStrategy _strategy;
    private readonly int _failureThreshold;
    private readonly TimeSpan _coolDown;
    private readonly TimeProvider _time;
    private int _next = -1;

    /// <summary>Creates a pool.</summary>
    /// <param name="members">The endpoints, at least one.</param>
    /// <param name="strategy">How to pick.</param>
    /// <param name="failureThreshold">Failed requests in a row after which a member cools down. Default 3.</param>
    /// <param name="coolDown">How long a failing member is skipped; default 30 seconds.</param>
    /// <param name="timeProvider">The clock for cool-downs.</param>
    /// <exception cref="ArgumentException">No members, or a capacity below 1.</exception>
    public EndpointPool(IEnumerable<PoolMember> members, PoolStrategy strategy = PoolStrategy.LeastBusy, int failureThreshold = 3, TimeSpan? coolDown = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        _members = [.. members];
        if (_members.Length == 0)
        {
            throw new ArgumentException("a pool needs at least one endpoint", nameof(members));
        }

        if (_members.Any(m => m is null || m.Client is null || m.Capacity < 1))
        {
            throw new ArgumentException("every pool member needs a client and a capacity of at least 1", nameof(members));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(failureThreshold, 1);
        _strategy = strategy;
        _failureThreshold = failureThreshold;
        _coolDown = coolDown ?? TimeSpan.FromSeconds(30);
        ArgumentOutOfRangeException.ThrowIfLessThan(_coolDown, TimeSpan.Zero, nameof(coolDown));
        _time = timeProvider ?? TimeProvider.System;
        _consecutiveFailures = new int[_members.Length];
        _openUntil = new long[_members.Length];
        _inFlight = new int[_members.Length];
        _served = new long[_members.Length];
        _failed = new long[_members.Length];
    }

    /// <summary>The endpoints.</summary>
    public IReadOnlyList<PoolMember> Members => _members;

    /// <summary>The total capacity: the sum of the members' capacities.</summary>
    public int Capacity => _members.Sum(m => m.Capacity);

    /// <summary>Requests answered by each member, in member order.</summary>
    public IReadOnlyList<long> Served => [.. _served.Select(v => Interlocked.Read(ref v))];

    /// <summary>Requests that failed on each member (after its own retries), in member order.</summary>
    public IReadOnlyList<long> Failed => [.. _failed.Select(v => Interlocked.Read(ref v))];

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        List<ChatMessage> list = messages as List<ChatMessage> ?? [.. messages];
        int first = Pick();
        long now = _time.GetUtcNow().UtcTicks;
        ModelRequestException? last = null;
        for (int attempt = 0; attempt < _members.Length; attempt++)
        {
            int index = (first + attempt) % _members.Length;
            if (Volatile.Read(ref _openUntil[index]) > now)
            {
                continue;
            }

            Interlocked.Increment(ref _inFlight[index]);
            try
            {
                ChatResponse response = await _members[index].Client.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _served[index]);
                Volatile.Write(ref _consecutiveFailures[index], 0);
                return response;
            }
            catch (ModelRequestException e) when (e.IsTransient)
            {
                Interlocked.Increment(ref _failed[index]);
                if (Interlocked.Increment(ref _consecutiveFailures[index]) >= _failureThreshold)
                {
                    Volatile.Write(ref _openUntil[index], (_time.GetUtcNow() + _coolDown).UtcTicks);
                }

                last = e;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight[index]);
            }
        }

        if (last is not null)
        {
            throw last;
        }

        throw new ModelRequestException(
            ModelFailureKind.Transport,
            $"every endpoint of the pool ({string.Join(", ", _members.Select(m => m.Name))}) failed {_failureThreshold} requests in a row; cooling down for {_coolDown.TotalSeconds:0.#} s");
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null && serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        return _members[0].Client.GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (PoolMember member in _members)
        {
            member.Client.Dispose();
        }
    }

    private int Pick()
    {
        if (_members.Length == 1)
        {
            return 0;
        }

        if (_strategy == PoolStrategy.RoundRobin)
        {
            return (int)((uint)Interlocked.Increment(ref _next) % (uint)_members.Length);
        }

        // Least busy relative to capacity; a rotating start spreads ties.
        int start = (int)((uint)Interlocked.Increment(ref _next) % (uint)_members.Length);
        int best = start;
        double bestLoad = double.MaxValue;
        for (int k = 0; k < _members.Length; k++)
        {
            int i = (start + k) % _members.Length;
            double load = (double)Volatile.Read(ref _inFlight[i]) / _members[i].Capacity;
            if (load < bestLoad)
            {
                best = i;
                bestLoad = load;
            }
        }

        return best;
    }
}
