using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Neptune.Models.Caching;
using Neptune.Models.Middleware;
using Neptune.Models.Pipeline;

namespace Neptune.Models;

/// <summary>Optional parts of the chat pipeline built by <see cref="ModelClientBuilder.ForEndpoint(ModelEndpointOptions, ModelPipelineOptions)"/>.</summary>
public sealed record ModelPipelineOptions
{
    /// <summary>Counters to fill (calls, failures by kind, retries, tokens, time), or null.</summary>
    public ModelUsage? Usage { get; init; }

    /// <summary>The clock for timeouts, waits and latencies; <see cref="TimeProvider.System"/> when null.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>A response cache (any <see cref="IDistributedCache"/>), or null for none.</summary>
    public IDistributedCache? ResponseCache { get; init; }

    /// <summary>Logs each call (at debug level; messages only at trace level), or null for no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Seed of the retry jitter.</summary>
    public int RetrySeed { get; init; }

    /// <summary>Called before each retry wait with the retry number (1-based), the failure and the delay; null for none.</summary>
    public Action<int, ModelRequestException, TimeSpan>? Retrying { get; init; }
}

/// <summary>
/// Builds the chat pipeline for one OpenAI-compatible endpoint with Microsoft.Extensions.AI's
/// <see cref="ChatClientBuilder"/> over the OpenAI SDK's client (<c>AsIChatClient()</c>). The VLM scorer, the program
/// generator and every other model user go through it.
/// </summary>
/// <remarks>
/// Layers, outermost first: the endpoint's decoding defaults (<c>ConfigureOptions</c>), OpenTelemetry (one span per
/// call, see <see cref="ModelTelemetry"/>), logging (when a logger factory is given), the response cache (when one is
/// given; see <see cref="ResponseCachingChatClient"/>), metrics (<see cref="MetricsChatClient"/>), the concurrency
/// limit (<see cref="ConcurrencyLimitingChatClient"/>), resilience (<see cref="ResilientChatClient"/>: retries hold
/// their concurrency slot, so backoff never floods a server), then the adapter that types every failure and keeps
/// logprobs, and the SDK client with its HTTP transport (the SDK's own retries are off).
/// </remarks>
public static class ModelClientBuilder
{
    /// <summary>The standard pipeline for one endpoint.</summary>
    /// <param name="options">The endpoint.</param>
    /// <param name="usage">Counters to fill, or null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The client.</returns>
    /// <exception cref="ModelConfigurationException">The options are invalid or the key variable is not set.</exception>
    public static IChatClient ForEndpoint(ModelEndpointOptions options, ModelUsage? usage = null, TimeProvider? timeProvider = null) =>
        ForEndpoint(options, new ModelPipelineOptions { Usage = usage, TimeProvider = timeProvider });

    /// <summary>The standard pipeline for one endpoint, with optional cache and logging.</summary>
    /// <param name="options">The endpoint.</param>
    /// <param name="pipeline">The optional parts.</param>
    /// <returns>The client.</returns>
    /// <exception cref="ModelConfigurationException">The options are invalid or the key variable is not set.</exception>
    public static IChatClient ForEndpoint(ModelEndpointOptions options, ModelPipelineOptions pipeline)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pipeline);
        options.Validate();
        TimeProvider time = pipeline.TimeProvider ?? TimeProvider.System;
        IChatClient server = OpenAIEndpoint.CreateClient(options);
        var builder = new ChatClientBuilder(server)
            .ConfigureOptions(o =>
            {
                o.Temperature ??= options.Temperature;
                o.Seed ??= options.Seed;
                o.MaxOutputTokens ??= options.MaxTokens;
            })
            .UseOpenTelemetry(pipeline.LoggerFactory, ModelTelemetry.SourceName);
        if (pipeline.LoggerFactory is { } logging)
        {
            builder.UseLogging(logging);
        }

        if (pipeline.ResponseCache is { } cache)
        {
            builder.Use(inner => new ResponseCachingChatClient(inner, cache, options.Endpoint, options.Model));
        }

        if (pipeline.Usage is { } usage)
        {
            builder.Use(inner => new MetricsChatClient(inner, usage, time));
        }

        return builder
            .Use(inner => new ConcurrencyLimitingChatClient(inner, options.MaxConcurrentRequests))
            .Use(inner =>
            {
                var resilient = new ResilientChatClient(inner, options, pipeline.Usage, time, pipeline.RetrySeed);
                if (pipeline.Retrying is { } retrying)
                {
                    resilient.Retrying += retrying;
                }

                return resilient;
            })
            .Use(inner => new ServerAnswerChatClient(inner, options.Endpoint, time))
            .Build();
    }
}
