using Microsoft.Extensions.AI;
using Neptune.Models.Middleware;

namespace Neptune.Models;

/// <summary>
/// Composes an <see cref="IChatClient"/> from an inner client and middleware. The first middleware added is the
/// outermost, as in Microsoft.Extensions.AI's builder.
/// </summary>
public sealed class ModelClientBuilder
{
    private readonly Func<IChatClient> _inner;
    private readonly List<Func<IChatClient, IChatClient>> _layers = [];

    /// <summary>Starts from an existing client (any <see cref="IChatClient"/>).</summary>
    /// <param name="innerClient">The client the middleware wraps.</param>
    public ModelClientBuilder(IChatClient innerClient)
    {
        ArgumentNullException.ThrowIfNull(innerClient);
        _inner = () => innerClient;
    }

    /// <summary>Adds a middleware layer.</summary>
    /// <param name="layer">Wraps the client beneath it.</param>
    /// <returns>This builder.</returns>
    public ModelClientBuilder Use(Func<IChatClient, IChatClient> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        _layers.Add(layer);
        return this;
    }

    /// <summary>Adds retries with backoff honouring <c>Retry-After</c>.</summary>
    /// <param name="maxRetries">Retries after the first attempt.</param>
    /// <param name="baseDelay">The first backoff delay.</param>
    /// <param name="maxDelay">The longest wait.</param>
    /// <param name="timeProvider">The clock for the waits.</param>
    /// <returns>This builder.</returns>
    public ModelClientBuilder UseRetry(int maxRetries, TimeSpan baseDelay, TimeSpan maxDelay, TimeProvider? timeProvider = null) =>
        Use(inner => new RetryingChatClient(inner, maxRetries, baseDelay, maxDelay, timeProvider));

    /// <summary>Limits the requests in flight.</summary>
    /// <param name="maxConcurrentRequests">The limit.</param>
    /// <returns>This builder.</returns>
    public ModelClientBuilder UseConcurrencyLimit(int maxConcurrentRequests) =>
        Use(inner => new ConcurrencyLimitingChatClient(inner, maxConcurrentRequests));

    /// <summary>Counts requests, tokens and time.</summary>
    /// <param name="usage">The counters.</param>
    /// <param name="timeProvider">The clock for latencies.</param>
    /// <returns>This builder.</returns>
    public ModelClientBuilder UseMetrics(ModelUsage usage, TimeProvider? timeProvider = null) =>
        Use(inner => new MetricsChatClient(inner, usage, timeProvider));

    /// <summary>Builds the pipeline.</summary>
    /// <returns>The outermost client.</returns>
    public IChatClient Build()
    {
        IChatClient client = _inner();
        for (int i = _layers.Count - 1; i >= 0; i--)
        {
            client = _layers[i](client) ?? throw new InvalidOperationException("a middleware layer returned null");
        }

        return client;
    }

    /// <summary>
    /// The standard pipeline for one endpoint: metrics (outermost, one entry per logical call), concurrency limit,
    /// retry, then the HTTP client. Retries hold their concurrency slot, so backoff never floods a server.
    /// </summary>
    /// <param name="options">The endpoint.</param>
    /// <param name="usage">Counters to fill, or null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The client.</returns>
    /// <exception cref="ModelConfigurationException">The options are invalid or the key variable is not set.</exception>
    public static IChatClient ForEndpoint(ModelEndpointOptions options, ModelUsage? usage = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ModelClientBuilder(new OpenAICompatibleChatClient(options, timeProvider));
        if (usage is not null)
        {
            builder.UseMetrics(usage, timeProvider);
        }

        return builder
            .UseConcurrencyLimit(options.MaxConcurrentRequests)
            .UseRetry(options.MaxRetries, options.RetryBaseDelay, options.MaxRetryDelay, timeProvider)
            .Build();
    }
}
