using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Neptune.Testing;

/// <summary>
/// An in-process OpenAI-compatible server on 127.0.0.1 with a random port. Each request to
/// <c>POST /v1/chat/completions</c> is checked for the shape real clients must send (JSON object, string
/// <c>model</c>, non-empty <c>messages</c> with roles and text, no streaming) and answered by a script: a delegate
/// over the parsed request. A request with the wrong shape is answered 400 and recorded in <see cref="Problems"/>.
/// </summary>
public sealed class FakeChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<FakeChatRequest, FakeReply> _script;
    private readonly ConcurrentQueue<FakeChatRequest> _requests = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim? _capacity;
    private readonly bool _recordRequests;
    private int _counter = -1;
    private int _inFlight;
    private int _maxInFlight;

    private FakeChatServer(WebApplication app, Func<FakeChatRequest, FakeReply> script, int? capacity, bool recordRequests)
    {
        _app = app;
        _script = script;
        _capacity = capacity is { } c ? new SemaphoreSlim(c, c) : null;
        _recordRequests = recordRequests;
    }

    /// <summary>The API base URL, <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The requests received with a valid shape, in arrival order (empty when the server does not record them).</summary>
    public IReadOnlyList<FakeChatRequest> Requests => [.. _requests.OrderBy(r => r.Index)];

    /// <summary>How many requests reached the server (valid or not).</summary>
    public int RequestCount => Volatile.Read(ref _counter) + 1;

    /// <summary>The most requests the server was answering at one time (for concurrency bounds).</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Shape violations found in requests; tests assert this is empty.</summary>
    public IReadOnlyList<string> Problems => [.. _problems];

    /// <summary>Starts a server.</summary>
    /// <param name="script">Chooses the reply for each request; called concurrently.</param>
    /// <returns>The running server.</returns>
    public static Task<FakeChatServer> StartAsync(Func<FakeChatRequest, FakeReply> script) => StartAsync(script, capacity: null, recordRequests: true);

    /// <summary>Starts a server that answers at most <paramref name="capacity"/> requests at once.</summary>
    /// <param name="script">Chooses the reply for each request; called concurrently.</param>
    /// <param name="capacity">
    /// The most requests answered at once, latency included (a model server's batch); the others wait until one
    /// finishes. Null: no limit.
    /// </param>
    /// <param name="recordRequests">
    /// Whether <see cref="Requests"/> keeps every request (with its pictures); a long load run turns it off so that
    /// memory stays flat.
    /// </param>
    /// <returns>The running server.</returns>
    public static async Task<FakeChatServer> StartAsync(Func<FakeChatRequest, FakeReply> script, int? capacity, bool recordRequests)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (capacity is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "capacity must be at least 1");
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var server = new FakeChatServer(app, script, capacity, recordRequests);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        app.MapFallback(context =>
        {
            server._problems.Enqueue($"unexpected request {context.Request.Method} {context.Request.Path}");
            Interlocked.Increment(ref server._counter);
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _capacity?.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        int index = Interlocked.Increment(ref _counter);
        string raw;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            raw = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        FakeChatRequest? request = Parse(index, context, raw, out string? problem);
        if (request is null)
        {
            _problems.Enqueue($"request {index + 1}: {problem}");
            await WriteErrorAsync(context, 400, problem!, null).ConfigureAwait(false);
            return;
        }

        if (_recordRequests)
        {
            _requests.Enqueue(request);
        }

        if (_capacity is not null)
        {
            try
            {
                await _capacity.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        int inFlight = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, inFlight);
        try
        {
            await ReplyAsync(context, request, _script(request)).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _capacity?.Release();
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current = Volatile.Read(ref target);
        while (value > current)
        {
            int seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private async Task ReplyAsync(HttpContext context, FakeChatRequest request, FakeReply reply)
    {
        switch (reply)
        {
            case FakeReply.DelayedReply d:
                await Task.Delay(d.Delay, context.RequestAborted).ConfigureAwait(false);
                await ReplyAsync(context, request, d.Inner).ConfigureAwait(false);
                break;
            case FakeReply.CompletionReply c:
                await WriteJsonAsync(context, 200, Completion(request, c)).ConfigureAwait(false);
                break;
            case FakeReply.ErrorReply e:
                await WriteErrorAsync(context, e.Status, e.Message, e.RetryAfter).ConfigureAwait(false);
                break;
            case FakeReply.HangReply:
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }

                break;
            case FakeReply.RawReply r:
                context.Response.StatusCode = r.Status;
                context.Response.ContentType = r.ContentType;
                await context.Response.WriteAsync(r.Body, context.RequestAborted).ConfigureAwait(false);
                break;
            case FakeReply.TruncatedReply t:
                byte[] full = Encoding.UTF8.GetBytes(Completion(request, new FakeReply.CompletionReply(t.Content, "stop", null, null, null)).ToJsonString());
                int sent = (int)(full.Length * t.Fraction);
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = full.Length;
                await context.Response.Body.WriteAsync(full.AsMemory(0, sent), context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);

                // Returning with fewer bytes than announced makes Kestrel close the connection after them.
                break;
            case FakeReply.ResetReply:
                context.Abort();
                break;
            case FakeReply.EmptyChoicesReply:
                JsonObject empty = Envelope(request);
                empty["choices"] = new JsonArray();
                empty["usage"] = Usage(request, 0, 0);
                await WriteJsonAsync(context, 200, empty).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"unknown reply {reply}");
        }
    }

    private static FakeChatRequest? Parse(int index, HttpContext context, string raw, out string? problem)
    {
        problem = null;
        string? contentType = context.Request.ContentType;
        if (contentType is null || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            problem = $"content type is '{contentType}', expected application/json";
            return null;
        }

        JsonElement body;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(raw);
            body = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            problem = $"body is not JSON: {e.Message}";
            return null;
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            problem = "body is not a JSON object";
            return null;
        }

        if (!body.TryGetProperty("model", out JsonElement model) || model.ValueKind != JsonValueKind.String || model.GetString()!.Length == 0)
        {
            problem = "'model' must be a non-empty string";
            return null;
        }

        if (body.TryGetProperty("stream", out JsonElement stream) && stream.ValueKind == JsonValueKind.True)
        {
            problem = "streaming was requested";
            return null;
        }

        if (!body.TryGetProperty("messages", out JsonElement messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            problem = "'messages' must be a non-empty array";
            return null;
        }

        var list = new List<FakeMessage>();
        foreach (JsonElement m in messages.EnumerateArray())
        {
            if (m.ValueKind != JsonValueKind.Object || !m.TryGetProperty("role", out JsonElement role) || role.ValueKind != JsonValueKind.String)
            {
                problem = "each message needs a string 'role'";
                return null;
            }

            string? text = m.TryGetProperty("content", out JsonElement content) ? Text(content) : null;
            if (text is null)
            {
                problem = "each message needs 'content': a string or an array of text parts";
                return null;
            }

            list.Add(new FakeMessage(role.GetString()!, text));
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> h in context.Request.Headers)
        {
            headers[h.Key.ToLowerInvariant()] = h.Value.ToString();
        }

        return new FakeChatRequest(index, context.Request.Path.Value ?? string.Empty, body, raw, headers, list);
    }

    private static string? Text(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var sb = new StringBuilder();
        foreach (JsonElement part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out JsonElement type) && type.GetString() == "text"
                && part.TryGetProperty("text", out JsonElement text) && text.ValueKind == JsonValueKind.String)
            {
                sb.Append(text.GetString());
            }
        }

        return sb.ToString();
    }

    private static JsonObject Envelope(FakeChatRequest request) => new()
    {
        ["id"] = $"chatcmpl-fake-{request.Index + 1}",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000 + request.Index,
        ["model"] = request.Model,
        ["system_fingerprint"] = "fp_fake",
    };

    private static JsonObject Completion(FakeChatRequest request, FakeReply.CompletionReply reply)
    {
        var choice = new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content },
            ["logprobs"] = reply.Logprobs?.DeepClone(),
            ["finish_reason"] = reply.FinishReason,
        };
        JsonObject envelope = Envelope(request);
        envelope["choices"] = new JsonArray(choice);
        int prompt = reply.PromptTokens ?? Math.Max(1, request.Messages.Sum(m => m.Content.Length) / 4);
        int completion = reply.CompletionTokens ?? Math.Max(1, reply.Content.Length / 4);
        envelope["usage"] = Usage(request, prompt, completion);
        return envelope;
    }

    private static JsonObject Usage(FakeChatRequest request, int prompt, int completion)
    {
        _ = request;
        return new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion };
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message, string? retryAfter)
    {
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (status == 408)
        {
            // As RFC 9110 asks of a server that times a request out: the connection is not reused.
            context.Response.Headers.Connection = "close";
        }

        var body = new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = status == 429 ? "rate_limit_error" : "server_error", ["code"] = status },
        };
        return WriteJsonAsync(context, status, body);
    }
}
