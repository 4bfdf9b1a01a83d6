using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Neptune.Models.Pipeline;

/// <summary>
/// The innermost layer over the OpenAI SDK's chat client (<c>AsIChatClient()</c>): turns every failure of one attempt
/// into a <see cref="ModelRequestException"/> of a known kind, copies the token logprobs of the answer into
/// <see cref="ChatResponse.AdditionalProperties"/> (see <see cref="ResponseLogprobs"/>) so that they survive caching,
/// and answers streaming requests with one complete response split into updates, so that every request is an ordinary
/// JSON answer the layers above can retry.
/// </summary>
internal sealed class ServerAnswerChatClient : DelegatingChatClient
{
    private readonly Uri _endpoint;
    private readonly TimeProvider _time;

    public ServerAnswerChatClient(IChatClient innerClient, Uri endpoint, TimeProvider time)
        : base(innerClient)
    {
        _endpoint = endpoint;
        _time = time;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The caller's token or an attempt timeout above: theirs to report.
            throw;
        }
        catch (ModelRequestException)
        {
            throw;
        }
        catch (ClientResultException e) when (e.Status != 0)
        {
            throw FromStatus(e);
        }
        catch (Exception e) when (Truncated(e))
        {
            throw new ModelRequestException(ModelFailureKind.ResponseTruncated, $"the answer from {_endpoint} ended prematurely: {Innermost(e).Message}", innerException: e);
        }
        catch (Exception e) when (e is ClientResultException or HttpRequestException or IOException)
        {
            throw new ModelRequestException(ModelFailureKind.Transport, $"cannot reach {_endpoint}: {Innermost(e).Message}", innerException: e);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException or NullReferenceException)
        {
            throw new ModelRequestException(ModelFailureKind.MalformedResponse, $"the answer from {_endpoint} is not a chat completion: {e.Message}", innerException: e);
        }

        if (response.RawRepresentation is ChatCompletion completion)
        {
            ResponseLogprobs.Attach(response, completion);
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <summary>A body cut off mid-way: the connection closed before the announced length or the last chunk arrived.</summary>
    private static bool Truncated(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded })
            {
                // Before the status line arrived the server simply dropped the connection; after it, the body was cut.
                return e is not HttpRequestException && e is not ClientResultException;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null && e.Message.StartsWith("An error occurred while sending", StringComparison.Ordinal))
        {
            e = e.InnerException;
        }

        return e;
    }

    private ModelRequestException FromStatus(ClientResultException e)
    {
        PipelineResponse? raw = e.GetRawResponse();
        TimeSpan? retryAfter = raw is null ? null : RetryAfterHeader.Parse(raw.Headers, _time.GetUtcNow());
        var status = (HttpStatusCode)e.Status;
        ModelFailureKind kind = status == HttpStatusCode.TooManyRequests ? ModelFailureKind.RateLimited : ModelFailureKind.Http;
        string detail = raw is null ? string.Empty : ErrorDetail(raw.Content);
        string message = $"{_endpoint} answered HTTP {e.Status}" + (detail.Length > 0 ? $": {detail}" : string.Empty);
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
