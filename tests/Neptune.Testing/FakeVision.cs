using System.Globalization;
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
/// Vision-model replies in the wire shapes real servers use: yes/no answers with <c>logprobs</c>
/// (<c>choices[0].logprobs.content[i].top_logprobs[{token, logprob, bytes}]</c>, as vLLM, SGLang, llama.cpp server,
/// Ollama ≥ 0.12.11 and OpenAI send them), answers without logprobs (LM Studio, reasoning models), thinking text,
/// and grounding JSON (Qwen2.5-VL absolute pixels, Qwen3-VL 0–1000).
/// </summary>
public static class FakeVision
{
    /// <summary>The <c>logprobs</c> object of a completion whose generated tokens each have the given alternatives.</summary>
    /// <param name="tokens">Per generated token: the token text and its alternatives (the first alternative should be the token).</param>
    /// <returns>The <c>logprobs</c> object.</returns>
    public static JsonObject Logprobs(params (string Token, (string Token, double Logprob)[] Top)[] tokens)
    {
        var content = new JsonArray();
        foreach ((string token, (string Token, double Logprob)[] top) in tokens)
        {
            var alternatives = new JsonArray();
            double own = double.NaN;
            foreach ((string t, double lp) in top)
            {
                alternatives.Add(Entry(t, lp));
                if (t == token && double.IsNaN(own))
                {
                    own = lp;
                }
            }

            JsonObject entry = Entry(token, double.IsNaN(own) ? -0.01 : own);
            entry["top_logprobs"] = alternatives;
            content.Add(entry);
        }

        return new JsonObject { ["content"] = content };
    }

    /// <summary>A one-token yes/no completion: the first alternative is generated, all are listed in <c>top_logprobs</c>.</summary>
    /// <param name="alternatives">The alternatives with their log-probabilities, most likely first.</param>
    /// <returns>The reply.</returns>
    public static FakeReply YesNo(params (string Token, double Logprob)[] alternatives)
    {
        if (alternatives.Length == 0)
        {
            throw new ArgumentException("at least one alternative is needed", nameof(alternatives));
        }

        return FakeReply.Completion(alternatives[0].Token, "length", completionTokens: 1, logprobs: Logprobs((alternatives[0].Token, alternatives)));
    }

    /// <summary>A one-token answer with P(yes) = <paramref name="pYes"/> split between " Yes"/"Yes" and "No", plus filler tokens.</summary>
    /// <param name="pYes">The probability of yes, in (0, 1).</param>
    /// <returns>The reply.</returns>
    public static FakeReply Probability(double pYes)
    {
        double yes = Math.Log(pYes * 0.98);
        double no = Math.Log((1 - pYes) * 0.98);
        (string, double)[] alternatives = pYes >= 0.5
            ? [("Yes", yes), ("No", no), ("The", Math.Log(0.01)), ("I", Math.Log(0.01))]
            : [("No", no), ("Yes", yes), ("The", Math.Log(0.01)), ("I", Math.Log(0.01))];
        return YesNo(alternatives);
    }

    /// <summary>A completion without a <c>logprobs</c> field.</summary>
    /// <param name="text">The answer text.</param>
    /// <returns>The reply.</returns>
    public static FakeReply NoLogprobs(string text) => FakeReply.Completion(text, "length", completionTokens: 1);

    /// <summary>A grounding answer: <c>[{"bbox_2d": [...], "label": ...}]</c> inside a json fence with a sentence after it.</summary>
    /// <param name="boxes">The boxes, in the model's coordinates.</param>
    /// <returns>The reply.</returns>
    public static FakeReply Grounding(params (string Label, double X1, double Y1, double X2, double Y2)[] boxes)
    {
        var list = new JsonArray();
        foreach ((string label, double x1, double y1, double x2, double y2) in boxes)
        {
            list.Add(new JsonObject { ["bbox_2d"] = new JsonArray(x1, y1, x2, y2), ["label"] = label });
        }

        return FakeReply.Completion("```json\n" + list.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n```\nThese are the objects I found.");
    }

    /// <summary>The images of a request's last user message, decoded from their <c>data:</c> URIs, in order.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The encoded image files (PNG or JPEG bytes).</returns>
    public static IReadOnlyList<byte[]> Images(FakeChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var images = new List<byte[]>();
        JsonElement? last = null;
        foreach (JsonElement m in request.Body.GetProperty("messages").EnumerateArray())
        {
            if (m.TryGetProperty("role", out JsonElement role) && role.GetString() == "user")
            {
                last = m;
            }
        }

        if (last is not { } message || !message.TryGetProperty("content", out JsonElement content) || content.ValueKind != JsonValueKind.Array)
        {
            return images;
        }

        foreach (JsonElement part in content.EnumerateArray())
        {
            if (part.TryGetProperty("type", out JsonElement type) && type.GetString() == "image_url"
                && part.TryGetProperty("image_url", out JsonElement image) && image.TryGetProperty("url", out JsonElement url))
            {
                string value = url.GetString() ?? string.Empty;
                int comma = value.IndexOf(',', StringComparison.Ordinal);
                if (value.StartsWith("data:", StringComparison.Ordinal) && comma > 0 && value.AsSpan(0, comma).EndsWith(";base64"))
                {
                    images.Add(Convert.FromBase64String(value[(comma + 1)..]));
                }
            }
        }

        return images;
    }

    private static JsonObject Entry(string token, double logprob)
    {
        var bytes = new JsonArray();
        foreach (byte b in Encoding.UTF8.GetBytes(token))
        {
            bytes.Add((int)b);
        }

        return new JsonObject { ["token"] = token, ["logprob"] = logprob, ["bytes"] = bytes };
    }
}

/// <summary>One Grounding DINO prediction in Roboflow Inference's shape: the box centre, its size, confidence and class.</summary>
/// <param name="X">Centre x in pixels.</param>
/// <param name="Y">Centre y in pixels.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Confidence">Confidence in [0, 1].</param>
/// <param name="Class">The class (one of the request's texts).</param>
public sealed record FakePrediction(double X, double Y, double Width, double Height, double Confidence, string Class);

/// <summary>
/// An in-process Roboflow Inference server on 127.0.0.1: <c>POST /grounding_dino/infer</c> answers
/// <c>{"predictions": [{x, y, width, height, confidence, class, class_id, detection_id}], "image": {width, height}, "time"}</c>
/// from a script over the parsed request; a script may instead return an error status (with <c>Retry-After</c>).
/// </summary>
public sealed class FakeGroundingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<JsonElement, int, FakeGroundingReply> _script;
    private readonly List<JsonElement> _requests = [];
    private readonly Lock _lock = new();

    private FakeGroundingServer(WebApplication app, Func<JsonElement, int, FakeGroundingReply> script)
    {
        _app = app;
        _script = script;
    }

    /// <summary>The server's base URL, <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The request bodies received, in order.</summary>
    public IReadOnlyList<JsonElement> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The query strings received, in order.</summary>
    public IReadOnlyList<string> QueryStrings => [.. _queries];

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _queries = new();

    /// <summary>Starts a server.</summary>
    /// <param name="script">The reply to each request body and its 0-based index.</param>
    /// <returns>The running server.</returns>
    public static async Task<FakeGroundingServer> StartAsync(Func<JsonElement, int, FakeGroundingReply> script)
    {
        ArgumentNullException.ThrowIfNull(script);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var server = new FakeGroundingServer(app, script);
        app.MapPost("/grounding_dino/infer", server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/'));
        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        string raw = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        JsonElement body;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(raw);
            body = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            context.Response.StatusCode = 422;
            return;
        }

        int index;
        lock (_lock)
        {
            index = _requests.Count;
            _requests.Add(body);
        }

        _queries.Enqueue(context.Request.QueryString.Value ?? string.Empty);
        FakeGroundingReply reply = _script(body, index);
        if (reply.Status != 200)
        {
            context.Response.StatusCode = reply.Status;
            if (reply.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = reply.RetryAfter;
            }

            await context.Response.WriteAsync("{\"message\": \"fake failure\"}", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var predictions = new JsonArray();
        string[] texts = body.TryGetProperty("text", out JsonElement t) && t.ValueKind == JsonValueKind.Array
            ? [.. t.EnumerateArray().Select(e => e.GetString() ?? string.Empty)]
            : [];
        foreach (FakePrediction p in reply.Predictions)
        {
            predictions.Add(new JsonObject
            {
                ["x"] = p.X,
                ["y"] = p.Y,
                ["width"] = p.Width,
                ["height"] = p.Height,
                ["confidence"] = p.Confidence,
                ["class"] = p.Class,
                ["class_id"] = Math.Max(0, Array.IndexOf(texts, p.Class)),
                ["detection_id"] = Guid.NewGuid().ToString(),
            });
        }

        var response = new JsonObject
        {
            ["inference_id"] = null,
            ["time"] = 0.05,
            ["image"] = new JsonObject { ["width"] = reply.ImageWidth, ["height"] = reply.ImageHeight },
            ["predictions"] = predictions,
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>What the fake Roboflow server answers to one request.</summary>
/// <param name="Status">200, or an error status.</param>
/// <param name="Predictions">The predictions of a 200 answer.</param>
/// <param name="ImageWidth">The image width the server reports.</param>
/// <param name="ImageHeight">The image height the server reports.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> header of an error, if any.</param>
public sealed record FakeGroundingReply(int Status, IReadOnlyList<FakePrediction> Predictions, int ImageWidth, int ImageHeight, string? RetryAfter = null)
{
    /// <summary>A successful answer.</summary>
    /// <param name="imageWidth">The image width the server reports.</param>
    /// <param name="imageHeight">The image height the server reports.</param>
    /// <param name="predictions">The predictions.</param>
    /// <returns>The reply.</returns>
    public static FakeGroundingReply Ok(int imageWidth, int imageHeight, params FakePrediction[] predictions) => new(200, predictions, imageWidth, imageHeight);

    /// <summary>An error.</summary>
    /// <param name="status">The status.</param>
    /// <param name="retryAfter">The <c>Retry-After</c> value, if any.</param>
    /// <returns>The reply.</returns>
    public static FakeGroundingReply Error(int status, string? retryAfter = null) => new(status, [], 0, 0, retryAfter);
}
