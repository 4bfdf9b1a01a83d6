using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;
using AIFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using SdkChatMessage = OpenAI.Chat.ChatMessage;

namespace Neptune.Models;

/// <summary>
/// An <see cref="IChatClient"/> for any OpenAI-compatible chat-completions endpoint, over the official OpenAI SDK.
/// One attempt per call: retries, concurrency limits and metrics are middleware (see <see cref="ModelClientBuilder"/>).
/// </summary>
/// <remarks>
/// Text messages (system, user, assistant); user messages may also carry images (<see cref="DataContent"/> or <see cref="UriContent"/>), and <see cref="ChatOptions.RawRepresentationFactory"/> may supply the SDK options to start from (for logprobs). Every failure surfaces as <see cref="ModelRequestException"/> with its
/// kind, status and <c>Retry-After</c>; cancellation by the caller surfaces as <see cref="OperationCanceledException"/>.
/// Streaming requests are answered with one complete response split into updates.
/// </remarks>
public sealed class OpenAICompatibleChatClient : IChatClient
{
    private readonly ChatClient _client;
    private readonly ModelEndpointOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates a client. The API key is read from the configured environment variable now.</summary>
    /// <param name="options">The endpoint; validated here.</param>
    /// <param name="timeProvider">The clock for timeouts; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ModelConfigurationException">The options are invalid or the key variable is not set.</exception>
    public OpenAICompatibleChatClient(ModelEndpointOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        // The per-attempt timeout is enforced below with the injected clock; the transport gets a generous backstop.
        _http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var sdkOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = options.Timeout + TimeSpan.FromSeconds(30),
            Transport = new HttpClientPipelineTransport(_http),
            UserAgentApplicationId = "neptune",
        };
        var body = new RequestBodyPolicy(options.SendLegacyMaxTokens, options.ExtraBody);
        if (!body.IsNoOp)
        {
            sdkOptions.AddPolicy(body, PipelinePosition.PerCall);
        }

        // Local servers need no key, but the SDK requires a credential: send a fixed placeholder.
        string key = options.ResolveApiKey() ?? "no-key";
        _client = new ChatClient(options.Model, new ApiKeyCredential(key), sdkOptions);
        _metadata = new ChatClientMetadata("openai-compatible", options.Endpoint, options.Model);
    }

    /// <summary>The endpoint options.</summary>
    public ModelEndpointOptions Options => _options;

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        List<SdkChatMessage> sdkMessages = ToSdkMessages(messages);
        ChatCompletionOptions completionOptions = ToSdkOptions(options);

        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        ClientResult<ChatCompletion> result;
        try
        {
            result = await _client.CompleteChatAsync(sdkMessages, completionOptions, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelRequestException(ModelFailureKind.Timeout, $"no answer from {_options.Endpoint} within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch (ClientResultException e) when (e.Status != 0)
        {
            throw FromStatus(e);
        }
        catch (ClientResultException e)
        {
            throw new ModelRequestException(ModelFailureKind.Transport, $"cannot reach {_options.Endpoint}: {e.InnerException?.Message ?? e.Message}", innerException: e);
        }
        catch (HttpRequestException e)
        {
            throw new ModelRequestException(ModelFailureKind.Transport, $"cannot reach {_options.Endpoint}: {e.Message}", innerException: e);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw new ModelRequestException(ModelFailureKind.MalformedResponse, $"the answer from {_options.Endpoint} is not a chat completion: {e.Message}", innerException: e);
        }

        return ToResponse(result);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
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
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        if (serviceType == typeof(ModelEndpointOptions))
        {
            return _options;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static List<SdkChatMessage> ToSdkMessages(IEnumerable<AIChatMessage> messages)
    {
        var list = new List<SdkChatMessage>();
        foreach (AIChatMessage m in messages)
        {
            string text = m.Text;
            if (m.Role == AIChatRole.System)
            {
                list.Add(new SystemChatMessage(text));
            }
            else if (m.Role == AIChatRole.User)
            {
                list.Add(m.Contents.Any(c => c is DataContent or UriContent) ? new UserChatMessage(ToSdkParts(m)) : new UserChatMessage(text));
            }
            else if (m.Role == AIChatRole.Assistant)
            {
                list.Add(new AssistantChatMessage(text));
            }
            else
            {
                throw new ArgumentException($"message role '{m.Role}' is not supported (system, user and assistant text only)", nameof(messages));
            }
        }

        if (list.Count == 0)
        {
            throw new ArgumentException("at least one message is required", nameof(messages));
        }

        return list;
    }

    /// <summary>A user message with images: text parts and image parts (data or URL), in order.</summary>
    private static List<ChatMessageContentPart> ToSdkParts(AIChatMessage message)
    {
        var parts = new List<ChatMessageContentPart>(message.Contents.Count);
        foreach (AIContent content in message.Contents)
        {
            parts.Add(content switch
            {
                TextContent t => ChatMessageContentPart.CreateTextPart(t.Text),
                DataContent d when d.HasTopLevelMediaType("image") => ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(d.Data), d.MediaType),
                UriContent u when u.HasTopLevelMediaType("image") => ChatMessageContentPart.CreateImagePart(u.Uri),
                _ => throw new ArgumentException($"message content '{content.GetType().Name}' is not supported (text and images only)", nameof(message)),
            });
        }

        return parts;
    }

#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK; every OpenAI-compatible server accepts it.
    private ChatCompletionOptions ToSdkOptions(ChatOptions? options)
    {
        // Callers may start from SDK options (logprobs, response format) through the standard factory hook.
        ChatCompletionOptions result = options?.RawRepresentationFactory?.Invoke(this) as ChatCompletionOptions ?? new ChatCompletionOptions();
        result.Temperature = options?.Temperature ?? result.Temperature ?? _options.Temperature;
        result.Seed = options?.Seed ?? result.Seed ?? _options.Seed;
        result.MaxOutputTokenCount = options?.MaxOutputTokens ?? result.MaxOutputTokenCount ?? _options.MaxTokens;
        if (options?.TopP is { } topP)
        {
            result.TopP = topP;
        }

        if (options?.StopSequences is { Count: > 0 } stops)
        {
            foreach (string s in stops)
            {
                result.StopSequences.Add(s);
            }
        }

        return result;
    }
#pragma warning restore OPENAI001

    private ChatResponse ToResponse(ClientResult<ChatCompletion> result)
    {
        PipelineResponse raw = result.GetRawResponse();
        if (!HasChoices(raw.Content))
        {
            throw new ModelRequestException(ModelFailureKind.EmptyResponse, $"the answer from {_options.Endpoint} has no choices", (HttpStatusCode)raw.Status);
        }

        ChatCompletion completion = result.Value;
        var text = new StringBuilder();
        foreach (ChatMessageContentPart part in completion.Content)
        {
            if (part.Kind == ChatMessageContentPartKind.Text)
            {
                text.Append(part.Text);
            }
        }

        var response = new ChatResponse(new AIChatMessage(AIChatRole.Assistant, text.ToString()))
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = completion.FinishReason switch
            {
                OpenAI.Chat.ChatFinishReason.Stop => AIFinishReason.Stop,
                OpenAI.Chat.ChatFinishReason.Length => AIFinishReason.Length,
                OpenAI.Chat.ChatFinishReason.ContentFilter => AIFinishReason.ContentFilter,
                OpenAI.Chat.ChatFinishReason.ToolCalls or OpenAI.Chat.ChatFinishReason.FunctionCall => AIFinishReason.ToolCalls,
                _ => null,
            },
            RawRepresentation = completion,
        };
        if (completion.Usage is { } usage)
        {
            response.Usage = new UsageDetails
            {
                InputTokenCount = usage.InputTokenCount,
                OutputTokenCount = usage.OutputTokenCount,
                TotalTokenCount = usage.TotalTokenCount,
            };
        }

        return response;
    }

    private static bool HasChoices(BinaryData content)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(content);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("choices", out JsonElement choices)
                && choices.ValueKind == JsonValueKind.Array
                && choices.GetArrayLength() > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private ModelRequestException FromStatus(ClientResultException e)
    {
        PipelineResponse? raw = e.GetRawResponse();
        TimeSpan? retryAfter = raw is null ? null : RetryAfterHeader.Parse(raw.Headers, _time.GetUtcNow());
        var status = (HttpStatusCode)e.Status;
        ModelFailureKind kind = status == HttpStatusCode.TooManyRequests ? ModelFailureKind.RateLimited : ModelFailureKind.Http;
        string detail = raw is null ? string.Empty : ErrorDetail(raw.Content);
        string message = $"{_options.Endpoint} answered HTTP {e.Status}" + (detail.Length > 0 ? $": {detail}" : string.Empty);
        return new ModelRequestException(kind, message, status, retryAfter, e);
    }

    /// <summary>The server's error message (<c>error.message</c>), truncated; empty when there is none.</summary>
    private static string ErrorDetail(BinaryData? content)
    {
        if (content is null || content.ToMemory().Length == 0)
        {
            return string.Empty;
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(content);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out JsonElement error))
            {
                string? text = error.ValueKind switch
                {
                    JsonValueKind.String => error.GetString(),
                    JsonValueKind.Object when error.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String => m.GetString(),
                    _ => null,
                };
                return Truncate(text ?? string.Empty);
            }
        }
        catch (JsonException)
        {
        }

        return string.Empty;
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "…");
}

/// <summary>Parses <c>Retry-After</c> (seconds or an HTTP date) and <c>retry-after-ms</c>.</summary>
internal static class RetryAfterHeader
{
    public static TimeSpan? Parse(PipelineResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.TryGetValue("retry-after-ms", out string? ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds)
            && milliseconds >= 0 && double.IsFinite(milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        return headers.TryGetValue("Retry-After", out string? value) ? Parse(value, now) : null;
    }

    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
        {
            return seconds >= 0 && double.IsFinite(seconds) && seconds < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(seconds) : null;
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset date))
        {
            TimeSpan wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
