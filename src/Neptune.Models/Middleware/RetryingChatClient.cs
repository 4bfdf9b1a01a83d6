using Microsoft.Extensions.AI;

namespace Neptune.Models.Middleware;

/// <summary>
/// Retries transient failures (<see cref="ModelRequestException.IsTransient"/>) with exponential backoff and jitter,
/// waiting exactly as long as a server's <c>Retry-After</c> asks when it sends one (capped at the maximum delay).
/// </summary>
public sealed class RetryingChatClient : DelegatingChatClient
{
    private readonly int _maxRetries;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Lock _randomLock = new();

    /// <summary>Creates the middleware.</summary>
    /// <param name="innerClient">The client to call.</param>
    /// <param name="maxRetries">Retries after the first attempt (0 = none).</param>
    /// <param name="baseDelay">The first backoff delay; doubled per retry.</param>
    /// <param name="maxDelay">The longest wait between attempts.</param>
    /// <param name="timeProvider">The clock for the waits.</param>
    /// <param name="seed">Seed of the jitter, for reproducible schedules.</param>
    public RetryingChatClient(IChatClient innerClient, int maxRetries, TimeSpan baseDelay, TimeSpan maxDelay, TimeProvider? timeProvider = null, int seed = 0)
        : base(innerClient)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        _maxRetries = maxRetries;
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
        _time = timeProvider ?? TimeProvider.System;
        _random = new Random(seed);
    }

    /// <summary>Raised before each wait with the retry number (1-based), the failure and the delay.</summary>
    public event Action<int, ModelRequestException, TimeSpan>? Retrying;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = [.. messages];
        for (int retry = 0; ; retry++)
        {
            try
            {
                return await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
            }
            catch (ModelRequestException e) when (e.IsTransient && retry < _maxRetries)
            {
                TimeSpan delay = DelayFor(retry, e.RetryAfter);
                Retrying?.Invoke(retry + 1, e, delay);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>The wait before retry <paramref name="retry"/> (0-based): the server's request, or base·2^retry with ±20 % jitter, capped.</summary>
    internal TimeSpan DelayFor(int retry, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked)
        {
            return asked > _maxDelay ? _maxDelay : asked;
        }

        double factor;
        lock (_randomLock)
        {
            factor = 0.8 + (0.4 * _random.NextDouble());
        }

        double ticks = _baseDelay.Ticks * Math.Pow(2, Math.Min(retry, 30)) * factor;
        return ticks >= _maxDelay.Ticks ? _maxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
