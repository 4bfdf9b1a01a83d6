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

/// <summary>The wire format a <see cref="FakeEmbeddingsServer"/> speaks.</summary>
public enum FakeEmbeddingsWire
{
    /// <summary>vLLM's <c>POST /v1/embeddings</c>: texts in <c>input</c>; one image as a one-message chat in <c>messages</c>.</summary>
    Vllm,

    /// <summary>Infinity's <c>POST /embeddings</c>: <c>input</c> with <c>modality</c> <c>text</c> or <c>image</c> (data URIs).</summary>
    Infinity,
}

/// <summary>One valid embeddings request: its texts, or its images (the decoded bytes of their data URIs).</summary>
/// <param name="Index">Arrival order, 0-based.</param>
/// <param name="Model">The model field.</param>
/// <param name="Texts">The texts, for a text request; else empty.</param>
/// <param name="Images">The encoded image files, for an image request; else empty.</param>
/// <param name="Body">The parsed body.</param>
public sealed record FakeEmbeddingsRequest(int Index, string Model, IReadOnlyList<string> Texts, IReadOnlyList<byte[]> Images, JsonElement Body)
{
    /// <summary>Whether this request embeds images.</summary>
    public bool IsImage => Images.Count > 0;
}

/// <summary>What a <see cref="FakeEmbeddingsServer"/> answers.</summary>
public abstract record FakeEmbeddingsReply
{
    /// <summary>The vectors, one per input, in the server's list shape.</summary>
    /// <param name="vectors">The vectors.</param>
    /// <param name="reversed">List the items in reverse order (their <c>index</c> fields still say where they belong).</param>
    /// <returns>The reply.</returns>
    public static FakeEmbeddingsReply Vectors(IReadOnlyList<float[]> vectors, bool reversed = false) => new VectorsReply(vectors, reversed);

    /// <summary>An error status with an OpenAI-style error body.</summary>
    /// <param name="status">The status.</param>
    /// <param name="retryAfter">A <c>Retry-After</c> header value, or null.</param>
    /// <returns>The reply.</returns>
    public static FakeEmbeddingsReply Error(int status, string? retryAfter = null) => new ErrorReply(status, retryAfter);

    /// <summary>A body as given (malformed JSON, another shape).</summary>
    /// <param name="body">The body.</param>
    /// <returns>The reply.</returns>
    public static FakeEmbeddingsReply Raw(string body) => new RawReply(body);

    /// <summary>The vectors' answer, cut off after a fraction of its bytes (the connection closes).</summary>
    /// <param name="vectors">The vectors.</param>
    /// <param name="fraction">The part sent.</param>
    /// <returns>The reply.</returns>
    public static FakeEmbeddingsReply Truncated(IReadOnlyList<float[]> vectors, double fraction = 0.5) => new TruncatedReply(vectors, fraction);

    /// <summary>No answer until the client gives up.</summary>
    public static FakeEmbeddingsReply Hang { get; } = new HangReply();

    internal sealed record VectorsReply(IReadOnlyList<float[]> Items, bool Reversed) : FakeEmbeddingsReply;

    internal sealed record ErrorReply(int Status, string? RetryAfter) : FakeEmbeddingsReply;

    internal sealed record RawReply(string Body) : FakeEmbeddingsReply;

    internal sealed record TruncatedReply(IReadOnlyList<float[]> Items, double Fraction) : FakeEmbeddingsReply;

    internal sealed record HangReply : FakeEmbeddingsReply;
}

/// <summary>
/// An in-process embeddings server on 127.0.0.1 speaking vLLM's (<c>/v1/embeddings</c>) or Infinity's
/// (<c>/embeddings</c>) wire format. Requests are checked for the shape each server accepts — vLLM: <c>model</c>,
/// <c>encoding_format: "float"</c>, and either <c>input</c> (texts) or <c>messages</c> (one user message whose content
/// is one <c>image_url</c> part with a base64 data URI), never both; Infinity: <c>input</c> and <c>modality</c>
/// (<c>text</c>, or <c>image</c> with data URIs) — and answered by a script; a request with the wrong shape is answered
/// 400 and recorded in <see cref="Problems"/>.
/// </summary>
public sealed class FakeEmbeddingsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeEmbeddingsWire _wire;
    private readonly Func<FakeEmbeddingsRequest, FakeEmbeddingsReply> _script;
    private readonly ConcurrentQueue<FakeEmbeddingsRequest> _requests = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _counter = -1;

    private FakeEmbeddingsServer(WebApplication app, FakeEmbeddingsWire wire, Func<FakeEmbeddingsRequest, FakeEmbeddingsReply> script)
    {
        _app = app;
        _wire = wire;
        _script = script;
    }

    /// <summary>The base URL a client is configured with: <c>http://127.0.0.1:PORT/v1</c> (vLLM) or <c>http://127.0.0.1:PORT</c> (Infinity).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The valid requests, in arrival order.</summary>
    public IReadOnlyList<FakeEmbeddingsRequest> Requests => [.. _requests.OrderBy(r => r.Index)];

    /// <summary>How many requests reached the server (valid or not).</summary>
    public int RequestCount => Volatile.Read(ref _counter) + 1;

    /// <summary>Shape violations; tests assert this is empty.</summary>
    public IReadOnlyList<string> Problems => [.. _problems];

    /// <summary>Starts a server.</summary>
    /// <param name="wire">The wire format.</param>
    /// <param name="script">The reply to each valid request; called concurrently.</param>
    /// <returns>The running server.</returns>
    public static async Task<FakeEmbeddingsServer> StartAsync(FakeEmbeddingsWire wire, Func<FakeEmbeddingsRequest, FakeEmbeddingsReply> script)
    {
        ArgumentNullException.ThrowIfNull(script);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var server = new FakeEmbeddingsServer(app, wire, script);
        app.MapPost(wire == FakeEmbeddingsWire.Vllm ? "/v1/embeddings" : "/embeddings", server.HandleAsync);
        app.MapFallback(context =>
        {
            server._problems.Enqueue($"unexpected request {context.Request.Method} {context.Request.Path}");
            Interlocked.Increment(ref server._counter);
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        server.Endpoint = new Uri(wire == FakeEmbeddingsWire.Vllm ? address + "/v1" : address);
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
    }

    private async Task HandleAsync(HttpContext context)
    {
        int index = Interlocked.Increment(ref _counter);
        string raw;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            raw = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        FakeEmbeddingsRequest? request = Parse(index, raw, out string? problem);
        if (request is null)
        {
            _problems.Enqueue($"request {index + 1}: {problem}");
            await WriteAsync(context, 400, new JsonObject { ["object"] = "error", ["message"] = problem, ["type"] = "BadRequestError", ["code"] = 400 }).ConfigureAwait(false);
            return;
        }

        _requests.Enqueue(request);
        await ReplyAsync(context, request, _script(request)).ConfigureAwait(false);
    }

    private async Task ReplyAsync(HttpContext context, FakeEmbeddingsRequest request, FakeEmbeddingsReply reply)
    {
        switch (reply)
        {
            case FakeEmbeddingsReply.VectorsReply v:
                await WriteAsync(context, 200, Answer(request, v.Items, v.Reversed)).ConfigureAwait(false);
                break;
            case FakeEmbeddingsReply.ErrorReply e:
                if (e.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = e.RetryAfter;
                }

                await WriteAsync(context, e.Status, new JsonObject { ["object"] = "error", ["message"] = $"fake error {e.Status}", ["type"] = "ServerError", ["code"] = e.Status }).ConfigureAwait(false);
                break;
            case FakeEmbeddingsReply.RawReply r:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(r.Body, context.RequestAborted).ConfigureAwait(false);
                break;
            case FakeEmbeddingsReply.TruncatedReply t:
                byte[] full = Encoding.UTF8.GetBytes(Answer(request, t.Items, false).ToJsonString());
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = full.Length;
                await context.Response.Body.WriteAsync(full.AsMemory(0, (int)(full.Length * t.Fraction)), context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                break;
            case FakeEmbeddingsReply.HangReply:
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
            default:
                throw new InvalidOperationException($"unknown reply {reply}");
        }
    }

    private JsonObject Answer(FakeEmbeddingsRequest request, IReadOnlyList<float[]> vectors, bool reversed)
    {
        var data = new JsonArray();
        IEnumerable<int> order = reversed ? Enumerable.Range(0, vectors.Count).Reverse() : Enumerable.Range(0, vectors.Count);
        foreach (int i in order)
        {
            var embedding = new JsonArray();
            foreach (float x in vectors[i])
            {
                embedding.Add(x);
            }

            data.Add(new JsonObject { ["object"] = "embedding", ["embedding"] = embedding, ["index"] = i });
        }

        int tokens = 7 * Math.Max(1, request.Texts.Count + request.Images.Count);
        var answer = new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = request.Model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        };
        if (_wire == FakeEmbeddingsWire.Vllm)
        {
            answer["id"] = $"embd-{request.Index}";
            answer["created"] = 1_700_000_000;
        }
        else
        {
            answer["id"] = $"infinity-{request.Index}";
            answer["created"] = 1_700_000_000;
        }

        return answer;
    }

    private FakeEmbeddingsRequest? Parse(int index, string raw, out string? problem)
    {
        problem = null;
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

        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("model", out JsonElement model) || model.ValueKind != JsonValueKind.String)
        {
            problem = "no string 'model'";
            return null;
        }

        if (!body.TryGetProperty("encoding_format", out JsonElement format) || format.GetString() != "float")
        {
            problem = "encoding_format must be \"float\"";
            return null;
        }

        bool hasInput = body.TryGetProperty("input", out JsonElement input);
        if (_wire == FakeEmbeddingsWire.Vllm)
        {
            bool hasMessages = body.TryGetProperty("messages", out JsonElement messages);
            if (hasInput == hasMessages)
            {
                problem = "give exactly one of 'input' and 'messages'";
                return null;
            }

            if (hasInput)
            {
                return Strings(input, out List<string>? texts, out problem) ? new FakeEmbeddingsRequest(index, model.GetString()!, texts!, [], body) : null;
            }

            if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() != 1
                || messages[0].GetProperty("role").GetString() != "user"
                || !messages[0].TryGetProperty("content", out JsonElement content) || content.ValueKind != JsonValueKind.Array || content.GetArrayLength() != 1
                || content[0].GetProperty("type").GetString() != "image_url"
                || !content[0].TryGetProperty("image_url", out JsonElement image) || !image.TryGetProperty("url", out JsonElement url))
            {
                problem = "messages must be one user message whose content is one image_url part";
                return null;
            }

            return DataUri(url.GetString(), out byte[]? bytes, out problem) ? new FakeEmbeddingsRequest(index, model.GetString()!, [], [bytes!], body) : null;
        }

        if (!hasInput || !body.TryGetProperty("modality", out JsonElement modality) || modality.GetString() is not ("text" or "image"))
        {
            problem = "Infinity needs 'input' and 'modality' text or image";
            return null;
        }

        if (!Strings(input, out List<string>? items, out problem))
        {
            return null;
        }

        if (modality.GetString() == "text")
        {
            return new FakeEmbeddingsRequest(index, model.GetString()!, items!, [], body);
        }

        var images = new List<byte[]>();
        foreach (string item in items!)
        {
            if (!DataUri(item, out byte[]? bytes, out problem))
            {
                return null;
            }

            images.Add(bytes!);
        }

        return new FakeEmbeddingsRequest(index, model.GetString()!, [], images, body);
    }

    private static bool Strings(JsonElement input, out List<string>? texts, out string? problem)
    {
        texts = null;
        problem = null;
        if (input.ValueKind != JsonValueKind.Array || input.GetArrayLength() == 0 || input.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            problem = "'input' must be a non-empty list of strings";
            return false;
        }

        texts = [.. input.EnumerateArray().Select(e => e.GetString()!)];
        return true;
    }

    private static bool DataUri(string? value, out byte[]? bytes, out string? problem)
    {
        bytes = null;
        problem = null;
        int comma = value?.IndexOf(',', StringComparison.Ordinal) ?? -1;
        if (value is null || !value.StartsWith("data:image/", StringComparison.Ordinal) || comma < 0 || !value.AsSpan(0, comma).EndsWith(";base64"))
        {
            problem = "an image must be a base64 data URI";
            return false;
        }

        bytes = Convert.FromBase64String(value[(comma + 1)..]);
        return true;
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}
