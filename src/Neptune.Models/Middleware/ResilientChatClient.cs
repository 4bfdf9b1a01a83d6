using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Neptune.Models.Middleware;

/// <summary>
/// Retries transient failures (<see cref="ModelRequestException.IsTransient"/>: connection resets, answers cut off,
/// timeouts, 408, 429, 5xx, malformed or empty answers) through a Polly resilience pipeline: a timeout per attempt,
/// exponential backoff with jitter that waits as long as a server's <c>Retry-After</c> asks (capped at the maximum
/// delay), and a budget for the whole call. When the retries or the budget are spent the call fails with a
/// <see cref="ModelRequestException"/> of the last failure's kind; only the caller's token cancels.
/// </summary>
public sealed class ResilientChatClient : DelegatingChatClient
{
    private readonly ResiliencePipeline<ChatResponse> _pipeline;
    private readonly ModelEndpointOptions _options;

    /// <summary>Creates the middleware.</summary>
    /// <param name="innerClient">The client to call; one call is one attempt.</param>
    /// <param name="options">The endpoint: <see cref="ModelEndpointOptions.Timeout"/> per attempt, <see cref="ModelEndpointOptions.MaxRetries"/>, the delays and <see cref="ModelEndpointOptions.RetryBudget"/>.</param>
    /// <param name="usage">Counts the retries, or null.</param>
    /// <param name="timeProvider">The clock for timeouts and waits; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="seed">Seed of the jitter, for reproducible schedules.</param>
    public ResilientChatClient(IChatClient innerClient, ModelEndpointOptions options, ModelUsage? usage = null, TimeProvider? timeProvider = null, int seed = 0)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        var random = new Random(seed);
        var randomLock = new Lock();
        var builder = new ResiliencePipelineBuilder<ChatResponse> { TimeProvider = timeProvider ?? TimeProvider.System };
        if (options.RetryBudget is { } budget)
        {
            builder.AddTimeout(budget);
        }

        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<ChatResponse>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                Randomizer = () =>
                {
                    lock (randomLock)
                    {
                        return random.NextDouble();
                    }
                },
                ShouldHandle = new PredicateBuilder<ChatResponse>().Handle<ModelRequestException>(e => e.IsTransient).Handle<TimeoutRejectedException>(),
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Exception is ModelRequestException { RetryAfter: { } asked }
                        ? (asked > options.MaxRetryDelay ? options.MaxRetryDelay : asked)
                        : null),
                OnRetry = args =>
                {
                    ModelRequestException failure = Describe(args.Outcome.Exception!);
                    ModelTelemetry.RecordRetry(failure.Kind);
                    usage?.RecordRetry(failure.Kind);
                    Activity.Current?.AddEvent(new ActivityEvent("neptune.model.retry", tags: new ActivityTagsCollection
                    {
                        ["neptune.model.attempt"] = args.AttemptNumber + 1,
                        ["neptune.model.failure"] = ModelFailureKinds.Name(failure.Kind),
                        ["neptune.model.delay_ms"] = args.RetryDelay.TotalMilliseconds,
                    }));
                    Retrying?.Invoke(args.AttemptNumber + 1, failure, args.RetryDelay);
                    return default;
                },
            });
        }

        builder.AddTimeout(options.Timeout);
        _pipeline = builder.Build();
    }

    /// <summary>Raised before each wait with the retry number (1-based), the failure and the delay.</summary>
    public event Action<int, ModelRequestException, TimeSpan>? Retrying;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = [.. messages];
        try
        {
            return await _pipeline.ExecuteAsync(
                static (state, ct) => new ValueTask<ChatResponse>(state.Self.InnerClient.GetResponseAsync(state.List, state.Options, ct)),
                (Self: this, List: list, Options: options),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Describe(e);
        }
    }

    private ModelRequestException Describe(Exception e)
    {
        if (e is ModelRequestException m)
        {
            return m;
        }

        var c = CultureInfo.InvariantCulture;
        var timeout = (TimeoutRejectedException)e;
        string message = timeout.Timeout == _options.Timeout
            ? $"no answer from {_options.Endpoint} within {_options.Timeout.TotalSeconds.ToString(c)} s"
            : $"no answer from {_options.Endpoint} within the retry budget of {timeout.Timeout.TotalSeconds.ToString(c)} s";
        return new ModelRequestException(ModelFailureKind.Timeout, message, innerException: e);
    }
}
