using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Neptune.Models.Middleware;

/// <summary>
/// Counts calls, failures by kind, tokens and time spent in the inner client into a shared <see cref="ModelUsage"/>,
/// and failures into <see cref="ModelTelemetry"/>'s counter.
/// </summary>
public sealed class MetricsChatClient : DelegatingChatClient
{
    private readonly TimeProvider _time;

    /// <summary>Creates the middleware.</summary>
    /// <param name="innerClient">The client to call.</param>
    /// <param name="usage">Where the counts go; may be shared by several clients.</param>
    /// <param name="timeProvider">The clock for latencies.</param>
    public MetricsChatClient(IChatClient innerClient, ModelUsage usage, TimeProvider? timeProvider = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(usage);
        Usage = usage;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The counters.</summary>
    public ModelUsage Usage { get; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        long start = _time.GetTimestamp();
        try
        {
            ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            Usage.RecordSuccess(response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0, _time.GetElapsedTime(start));
            return response;
        }
        catch (ModelRequestException e)
        {
            Usage.RecordFailure(e.Kind, _time.GetElapsedTime(start));
            ModelTelemetry.RecordFailure(e.Kind);
            throw;
        }
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ModelUsage) ? Usage : base.GetService(serviceType, serviceKey);
}

/// <summary>Thread-safe running totals of model calls.</summary>
[DebuggerDisplay("{Requests} requests, {Failures} failures, {Retries} retries")]
public sealed class ModelUsage
{
    private readonly ConcurrentDictionary<ModelFailureKind, long> _failuresByKind = new();
    private readonly ConcurrentDictionary<ModelFailureKind, long> _retriesByKind = new();
    private long _requests;
    private long _failures;
    private long _retries;
    private long _inputTokens;
    private long _outputTokens;
    private long _elapsedTicks;

    /// <summary>Successful calls.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Failed calls (after the retries below the metrics layer gave up).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Attempts repeated after a transient failure (counted by <see cref="ResilientChatClient"/>).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Failed calls by the kind of their last failure.</summary>
    public IReadOnlyDictionary<ModelFailureKind, long> FailuresByKind => new Dictionary<ModelFailureKind, long>(_failuresByKind);

    /// <summary>Retries by the kind of the failure that caused them.</summary>
    public IReadOnlyDictionary<ModelFailureKind, long> RetriesByKind => new Dictionary<ModelFailureKind, long>(_retriesByKind);

    /// <summary>Prompt tokens reported by the server.</summary>
    public long InputTokens => Interlocked.Read(ref _inputTokens);

    /// <summary>Completion tokens reported by the server.</summary>
    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    /// <summary>Total time spent waiting for the server, summed over calls (retries and waits included).</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    internal void RecordSuccess(long inputTokens, long outputTokens, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _inputTokens, inputTokens);
        Interlocked.Add(ref _outputTokens, outputTokens);
        Interlocked.Add(ref _elapsedTicks, elapsed.Ticks);
    }

    internal void RecordFailure(ModelFailureKind kind, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _failures);
        _failuresByKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
        Interlocked.Add(ref _elapsedTicks, elapsed.Ticks);
    }

    internal void RecordRetry(ModelFailureKind kind)
    {
        Interlocked.Increment(ref _retries);
        _retriesByKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
    }
}
