using System.Text.Json.Nodes;

namespace Neptune.Testing;

/// <summary>What the fake server answers to one request.</summary>
public abstract record FakeReply
{
    private protected FakeReply()
    {
    }

    /// <summary>A chat completion in the exact shape OpenAI-compatible servers use.</summary>
    /// <param name="content">The assistant message text (<c>choices[0].message.content</c>).</param>
    /// <param name="finishReason">The <c>finish_reason</c>.</param>
    /// <param name="promptTokens"><c>usage.prompt_tokens</c>; null counts the request's characters / 4.</param>
    /// <param name="completionTokens"><c>usage.completion_tokens</c>; null counts the content's characters / 4.</param>
    /// <param name="logprobs">An optional <c>choices[0].logprobs</c> object.</param>
    /// <returns>The reply.</returns>
    public static FakeReply Completion(string content, string finishReason = "stop", int? promptTokens = null, int? completionTokens = null, JsonObject? logprobs = null) =>
        new CompletionReply(content, finishReason, promptTokens, completionTokens, logprobs);

    /// <summary>An HTTP error with an OpenAI-style error body.</summary>
    /// <param name="status">The status code.</param>
    /// <param name="message">The <c>error.message</c>.</param>
    /// <param name="retryAfter">The <c>Retry-After</c> header value, if any (e.g. <c>"2"</c>).</param>
    /// <returns>The reply.</returns>
    public static FakeReply Error(int status, string message = "fake server error", string? retryAfter = null) => new ErrorReply(status, message, retryAfter);

    /// <summary>Never answers: waits until the client gives up or the server stops.</summary>
    public static FakeReply Hang { get; } = new HangReply();

    /// <summary>HTTP 200 with a body that is not valid JSON.</summary>
    /// <param name="body">The body text.</param>
    /// <returns>The reply.</returns>
    public static FakeReply Malformed(string body = "{\"id\": \"chatcmpl-1\", \"choices\": [") => new RawReply(200, "application/json", body);

    /// <summary>HTTP 200 with a completion that has an empty <c>choices</c> array.</summary>
    public static FakeReply EmptyChoices { get; } = new EmptyChoicesReply();

    /// <summary>Any status, content type and body, sent as given.</summary>
    /// <param name="status">The status code.</param>
    /// <param name="contentType">The content type.</param>
    /// <param name="body">The body.</param>
    /// <returns>The reply.</returns>
    public static FakeReply Raw(int status, string contentType, string body) => new RawReply(status, contentType, body);

    /// <summary>Another reply, sent after a fixed latency (the server keeps serving other requests meanwhile).</summary>
    /// <param name="delay">The latency.</param>
    /// <param name="inner">The reply to send after it.</param>
    /// <returns>The reply.</returns>
    public static FakeReply Delayed(TimeSpan delay, FakeReply inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new DelayedReply(delay, inner);
    }

    internal sealed record DelayedReply(TimeSpan Delay, FakeReply Inner) : FakeReply;

    internal sealed record CompletionReply(string Content, string FinishReason, int? PromptTokens, int? CompletionTokens, JsonObject? Logprobs) : FakeReply;

    internal sealed record ErrorReply(int Status, string Message, string? RetryAfter) : FakeReply;

    internal sealed record HangReply : FakeReply;

    internal sealed record RawReply(int Status, string ContentType, string Body) : FakeReply;

    internal sealed record EmptyChoicesReply : FakeReply;
}

/// <summary>Ready-made scripts for <see cref="FakeChatServer"/>.</summary>
public static class FakeScript
{
    /// <summary>Answers the requests in order with the given replies; requests past the end get HTTP 500 and a recorded problem.</summary>
    /// <param name="replies">The replies, one per request.</param>
    /// <returns>The script.</returns>
    public static Func<FakeChatRequest, FakeReply> Sequence(params FakeReply[] replies)
    {
        FakeReply[] copy = [.. replies];
        return request => request.Index < copy.Length
            ? copy[request.Index]
            : FakeReply.Error(500, $"script has {copy.Length} replies, this is request {request.Index + 1}");
    }

    /// <summary>Always the same reply.</summary>
    /// <param name="reply">The reply.</param>
    /// <returns>The script.</returns>
    public static Func<FakeChatRequest, FakeReply> Always(FakeReply reply) => _ => reply;
}
