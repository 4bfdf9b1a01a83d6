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

    /// <summary>
    /// HTTP 200 with a complete chat completion announced by its <c>Content-Length</c>, of which only the first
    /// <paramref name="fraction"/> is sent before the connection is closed: a server or proxy that ends the body
    /// early. Clients see <c>HttpIOException: The response ended prematurely</c>.
    /// </summary>
    /// <param name="content">The assistant text of the completion that is cut off.</param>
    /// <param name="fraction">The share of the body sent, in [0, 1).</param>
    /// <returns>The reply.</returns>
    public static FakeReply Truncated(string content = "cut off", double fraction = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fraction, 1.0);
        return new TruncatedReply(content, fraction);
    }

    /// <summary>The connection is dropped before any response byte is sent (a reset or a crashed server).</summary>
    public static FakeReply ConnectionReset { get; } = new ResetReply();

    /// <summary>HTTP 408 Request Timeout with an OpenAI-style error body.</summary>
    public static FakeReply RequestTimeout { get; } = new ErrorReply(408, "request timeout", null);

    internal sealed record TruncatedReply(string Content, double Fraction) : FakeReply;

    internal sealed record ResetReply : FakeReply;

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

    /// <summary>
    /// Wraps a script with faults: a share <paramref name="rate"/> of requests, chosen by a seeded hash of the request's
    /// arrival index, gets one of <paramref name="faults"/> (also chosen by the hash) instead of the script's reply.
    /// </summary>
    /// <param name="inner">The script that answers the requests that are not faulted.</param>
    /// <param name="rate">The share of faulted requests, in [0, 1].</param>
    /// <param name="seed">Seed of the choice; equal seeds fault the same arrival indices.</param>
    /// <param name="faults">The faults to choose from; <see cref="FakeFaults.All"/> when empty.</param>
    /// <returns>The script.</returns>
    public static Func<FakeChatRequest, FakeReply> WithFaults(Func<FakeChatRequest, FakeReply> inner, double rate, int seed = 0, params FakeReply[] faults) =>
        WithFaults(inner, rate, seed, int.MaxValue, faults);

    /// <summary>
    /// Like <see cref="WithFaults(Func{FakeChatRequest, FakeReply}, double, int, FakeReply[])"/>, but a request body is
    /// faulted at most <paramref name="maxFaultsPerRequest"/> times: its next attempt is answered by the script. A client
    /// allowed that many retries then always gets through, whatever order concurrent requests arrive in, so a test that
    /// asserts every item succeeds cannot fail by chance.
    /// </summary>
    /// <param name="inner">The script that answers the requests that are not faulted.</param>
    /// <param name="rate">The share of faulted requests, in [0, 1].</param>
    /// <param name="seed">Seed of the choice; equal seeds fault the same arrival indices.</param>
    /// <param name="maxFaultsPerRequest">How many times the same request body may be faulted; at least 0.</param>
    /// <param name="faults">The faults to choose from; <see cref="FakeFaults.All"/> when empty.</param>
    /// <returns>The script.</returns>
    public static Func<FakeChatRequest, FakeReply> WithFaults(Func<FakeChatRequest, FakeReply> inner, double rate, int seed, int maxFaultsPerRequest, params FakeReply[] faults)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFaultsPerRequest);
        FakeReply[] choices = faults.Length > 0 ? [.. faults] : [.. FakeFaults.All];
        var faulted = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        return request =>
        {
            ulong h = FakeFaults.Mix(((ulong)(uint)seed << 32) | (uint)request.Index);
            double u = (h >> 11) * (1.0 / (1UL << 53));
            if (u >= rate)
            {
                return inner(request);
            }

            if (maxFaultsPerRequest != int.MaxValue && faulted.AddOrUpdate(request.RawBody, 1, (_, n) => n + 1) > maxFaultsPerRequest)
            {
                return inner(request);
            }

            return choices[(int)(FakeFaults.Mix(h) % (ulong)choices.Length)];
        };
    }

    /// <summary>Always the same reply.</summary>
    /// <param name="reply">The reply.</param>
    /// <returns>The script.</returns>
    public static Func<FakeChatRequest, FakeReply> Always(FakeReply reply) => _ => reply;
}

/// <summary>The faults a real model server or the network between produces, one reply each.</summary>
public static class FakeFaults
{
    /// <summary>
    /// Every transient fault: connection reset, body cut off mid-way, 408, 429 with <c>Retry-After: 0</c>, 500, 502,
    /// 503 and 504, malformed JSON, empty choices. A hang is left out (its cost is the client's timeout); add
    /// <see cref="FakeReply.Hang"/> to a list when a test wants timeouts.
    /// </summary>
    public static IReadOnlyList<FakeReply> All { get; } =
    [
        FakeReply.ConnectionReset,
        FakeReply.Truncated(),
        FakeReply.RequestTimeout,
        FakeReply.Error(429, "rate limited", retryAfter: "0"),
        FakeReply.Error(500, "internal error"),
        FakeReply.Error(502, "bad gateway"),
        FakeReply.Error(503, "overloaded"),
        FakeReply.Error(504, "gateway timeout"),
        FakeReply.Malformed(),
        FakeReply.EmptyChoices,
    ];

    /// <summary>A 64-bit mixing function (SplitMix64's finaliser).</summary>
    internal static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
