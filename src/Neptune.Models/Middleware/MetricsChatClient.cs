using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Neptune.Models.Middleware;

/// <summary>Counts requests, failures, tokens and time spent in the inner client into a shared <see cref="ModelUsage"/>.</summary>
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
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Usage.RecordFailure(_time.GetElapsedTime(start));
            throw;
        }
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ModelUsage) ? Usage : base.GetService(serviceType, serviceKey);
}

/// <summary>Thread-safe running totals of model calls.</summary>
[DebuggerDisplay("{Requests} requests, {InputTokens}+{OutputTokens} tokens")]
public sealed class ModelUsage
{
    private long _requests;
    private long _failures;
    private long _inputTokens;
    private long _outputTokens;
    private long _elapsedTicks;

    /// <summary>Successful requests.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Failed requests (after the middleware below this one gave up).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Prompt tokens reported by the server.</summary>
    public long InputTokens => Interlocked.Read(ref _inputTokens);

    /// <summary>Completion tokens reported by the server.</summary>
    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    /// <summary>Total time spent waiting for the server, summed over requests.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    internal void RecordSuccess(long inputTokens, long outputTokens, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _inputTokens, inputTokens);
        Interlocked.Add(ref _outputTokens, outputTokens);
        Interlocked.Add(ref _elapsedTicks, elapsed.Ticks);
    }

    internal void RecordFailure(TimeSpan elapsed)
    {
        Interlocked.Increment(ref _failures);
        Interlocked.Add(ref _elapsedTicks, elapsed.Ticks);
    }
}
