using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Neptune.Imaging;
using Neptune.Models;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Neptune.Vision.Embeddings;

/// <summary>Embeds texts and images in one shared space (a CLIP-style model). Implementations are thread-safe.</summary>
public interface IEmbeddingsClient
{
    /// <summary>The model name, for cache keys.</summary>
    string Model { get; }

    /// <summary>What identifies the vectors (protocol, model, crop size), for cache keys.</summary>
    string Fingerprint { get; }

    /// <summary>Embeds texts.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One vector per text, in order.</returns>
    /// <exception cref="ModelRequestException">The server failed after its retries, or answered in another shape.</exception>
    Task<float[][]> EmbedTextsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);

    /// <summary>Embeds images.</summary>
    /// <param name="images">The images.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One vector per image, in order.</returns>
    /// <exception cref="ModelRequestException">The server failed after its retries, or answered in another shape.</exception>
    Task<float[][]> EmbedImagesAsync(IReadOnlyList<RgbaImage> images, CancellationToken cancellationToken = default);
}

/// <summary>
/// The client of an embeddings server speaking vLLM's OpenAI-compatible <c>/embeddings</c> (pooling runner; an image
/// goes as a one-message chat in <c>messages</c>) or Infinity's <c>/embeddings</c> (<c>modality: "image"</c>, data
/// URIs in <c>input</c>). Every call runs through a Polly pipeline: a timeout per attempt, retries of transient
/// failures with exponential backoff and jitter that waits what a <c>Retry-After</c> asks (capped), and a budget for
/// the whole call; at most <see cref="EmbeddingsOptions.MaxConcurrentRequests"/> requests are in flight. After the
/// retries a call fails with a <see cref="ModelRequestException"/> of the last failure's kind.
/// </summary>
public sealed class EmbeddingsClient : IEmbeddingsClient, IDisposable
{
    private readonly EmbeddingsOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ResiliencePipeline _pipeline;
    private readonly SemaphoreSlim _slots;
    private readonly TimeProvider _time;
    private readonly string? _apiKey;
    private readonly Uri _url;
    private long _requests;
    private long _retries;

    /// <summary>Creates the client.</summary>
    /// <param name="options">The server; validated here.</param>
    /// <param name="timeProvider">The clock for timeouts and waits.</param>
    /// <param name="httpClient">The HTTP client to send with (its own timeout should be infinite); a new one when null.</param>
    /// <param name="seed">Seed of the jitter, for reproducible schedules.</param>
    /// <exception cref="ModelConfigurationException">The options are invalid or the key variable is not set.</exception>
    public EmbeddingsClient(EmbeddingsOptions options, TimeProvider? timeProvider = null, HttpClient? httpClient = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _slots = new SemaphoreSlim(options.MaxConcurrentRequests, options.MaxConcurrentRequests);
        _url = new Uri(options.Endpoint.ToString().TrimEnd('/') + "/embeddings");
        if (options.ApiKeyVariable is { } variable)
        {
            _apiKey = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(_apiKey))
            {
                throw new ModelConfigurationException($"api_key_variable: the environment variable '{variable}' is not set");
            }
        }

        var random = new Random(seed);
        var randomLock = new Lock();
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        if (options.RetryBudget is { } budget)
        {
            builder.AddTimeout(budget);
        }

        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
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
                ShouldHandle = new PredicateBuilder().Handle<ModelRequestException>(e => e.IsTransient).Handle<TimeoutRejectedException>(),
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Exception is ModelRequestException { RetryAfter: { } asked }
                        ? (asked > options.MaxRetryDelay ? options.MaxRetryDelay : asked)
                        : null),
                OnRetry = _ =>
                {
                    Interlocked.Increment(ref _retries);
                    return default;
                },
            });
        }

        builder.AddTimeout(options.Timeout);
        _pipeline = builder.Build();
    }

    /// <inheritdoc />
    public string Model => _options.Model;

    /// <inheritdoc />
    public string Fingerprint => _options.Fingerprint();

    /// <summary>HTTP requests sent, retries included.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Retries made.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }

        _slots.Dispose();
    }

    /// <inheritdoc />
    public async Task<float[][]> EmbedTextsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var result = new float[texts.Count][];
        var batches = new List<Task>();
        for (int start = 0; start < texts.Count; start += _options.BatchSize)
        {
            int from = start;
            int count = Math.Min(_options.BatchSize, texts.Count - start);
            batches.Add(FillAsync(result, from, count, () => TextBody(texts, from, count), cancellationToken));
        }

        await Task.WhenAll(batches).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public async Task<float[][]> EmbedImagesAsync(IReadOnlyList<RgbaImage> images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        var result = new float[images.Count][];
        string[] uris = [.. images.Select(i => Fit(i).ToDataUri(Prompting.RequestImages.Encoder))];
        int batch = _options.Protocol == EmbeddingsProtocol.Infinity ? _options.BatchSize : 1;
        var batches = new List<Task>();
        for (int start = 0; start < images.Count; start += batch)
        {
            int from = start;
            int count = Math.Min(batch, images.Count - start);
            batches.Add(FillAsync(result, from, count, () => ImageBody(uris, from, count), cancellationToken));
        }

        await Task.WhenAll(batches).ConfigureAwait(false);
        return result;
    }

    /// <summary>A request body for texts <paramref name="from"/>..+<paramref name="count"/>.</summary>
    internal byte[] TextBody(IReadOnlyList<string> texts, int from, int count) => Body(w =>
    {
        w.WriteStartArray("input");
        for (int i = from; i < from + count; i++)
        {
            w.WriteStringValue(texts[i]);
        }

        w.WriteEndArray();
        if (_options.Protocol == EmbeddingsProtocol.Infinity)
        {
            w.WriteString("modality", "text");
        }
    });

    /// <summary>A request body for images (data URIs) <paramref name="from"/>..+<paramref name="count"/>; vLLM takes one per request.</summary>
    internal byte[] ImageBody(string[] uris, int from, int count) => Body(w =>
    {
        if (_options.Protocol == EmbeddingsProtocol.Infinity)
        {
            w.WriteStartArray("input");
            for (int i = from; i < from + count; i++)
            {
                w.WriteStringValue(uris[i]);
            }

            w.WriteEndArray();
            w.WriteString("modality", "image");
            return;
        }

        w.WriteStartArray("messages");
        w.WriteStartObject();
        w.WriteString("role", "user");
        w.WriteStartArray("content");
        w.WriteStartObject();
        w.WriteString("type", "image_url");
        w.WriteStartObject("image_url");
        w.WriteString("url", uris[from]);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    });

    /// <summary>Reads an embeddings answer: <c>data[i].embedding</c> in <c>index</c> order, <paramref name="expected"/> vectors of one dimension, finite and non-zero.</summary>
    internal static float[][] Parse(ReadOnlySpan<byte> json, int expected)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json.ToArray());
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out JsonElement data) || data.ValueKind != JsonValueKind.Array)
            {
                throw Malformed("no 'data' list");
            }

            if (data.GetArrayLength() == 0)
            {
                throw new ModelRequestException(ModelFailureKind.EmptyResponse, "the embeddings answer has an empty 'data' list");
            }

            if (data.GetArrayLength() != expected)
            {
                throw Malformed($"{data.GetArrayLength()} embeddings for {expected} inputs");
            }

            var vectors = new float[expected][];
            int position = 0;
            int dimension = -1;
            foreach (JsonElement item in data.EnumerateArray())
            {
                int index = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("index", out JsonElement ix) && ix.TryGetInt32(out int i) ? i : position;
                position++;
                if ((uint)index >= (uint)expected || vectors[index] is not null)
                {
                    throw Malformed($"embedding index {index} is out of range or repeated");
                }

                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("embedding", out JsonElement e) || e.ValueKind != JsonValueKind.Array)
                {
                    throw Malformed("an item has no 'embedding' list (was encoding_format ignored?)");
                }

                var vector = new float[e.GetArrayLength()];
                int d = 0;
                double norm = 0;
                foreach (JsonElement x in e.EnumerateArray())
                {
                    if (x.ValueKind != JsonValueKind.Number || !double.IsFinite(x.GetDouble()))
                    {
                        throw Malformed("an embedding holds a value that is not a finite number");
                    }

                    vector[d++] = (float)x.GetDouble();
                    norm += vector[d - 1] * (double)vector[d - 1];
                }

                if (vector.Length == 0 || norm == 0)
                {
                    throw Malformed("an embedding is empty or zero");
                }

                if (dimension >= 0 && vector.Length != dimension)
                {
                    throw Malformed($"embeddings of dimensions {dimension} and {vector.Length} in one answer");
                }

                dimension = vector.Length;
                vectors[index] = vector;
            }

            return vectors;
        }
        catch (JsonException e)
        {
            throw Malformed(e.Message, e);
        }
    }

    private static ModelRequestException Malformed(string detail, Exception? inner = null) =>
        new(ModelFailureKind.MalformedResponse, $"the embeddings answer is malformed: {detail}", innerException: inner);

    private byte[] Body(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("model", _options.Model);
            write(w);
            w.WriteString("encoding_format", "float");
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private RgbaImage Fit(RgbaImage image)
    {
        int side = Math.Max(image.Width, image.Height);
        if (side <= _options.MaxImageSide)
        {
            return image;
        }

        double scale = _options.MaxImageSide / (double)side;
        return image.Resize(Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)));
    }

    private async Task FillAsync(float[][] result, int from, int count, Func<byte[]> body, CancellationToken cancellationToken)
    {
        byte[] content = body();
        float[][] vectors = await SendAsync(content, count, cancellationToken).ConfigureAwait(false);
        Array.Copy(vectors, 0, result, from, count);
    }

    private async Task<float[][]> SendAsync(byte[] body, int expected, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (state, ct) => new ValueTask<float[][]>(state.Self.AttemptAsync(state.Body, state.Expected, ct)),
                (Self: this, Body: body, Expected: expected),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e) when (!cancellationToken.IsCancellationRequested)
        {
            var c = CultureInfo.InvariantCulture;
            string message = e.Timeout == _options.Timeout
                ? $"no answer from {_options.Endpoint} within {_options.Timeout.TotalSeconds.ToString(c)} s"
                : $"no answer from {_options.Endpoint} within the retry budget of {e.Timeout.TotalSeconds.ToString(c)} s";
            throw new ModelRequestException(ModelFailureKind.Timeout, message, innerException: e);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<float[][]> AttemptAsync(byte[] body, int expected, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ModelRequestException(ModelFailureKind.Transport, $"cannot reach the embeddings server at {_options.Endpoint}: {e.Message}", innerException: e);
        }

        using (response)
        {
            byte[] bytes;
            try
            {
                bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw new ModelRequestException(ModelFailureKind.ResponseTruncated, $"the answer of {_options.Endpoint} ended prematurely: {e.Message}", response.StatusCode, innerException: e);
            }

            if (!response.IsSuccessStatusCode)
            {
                string text = System.Text.Encoding.UTF8.GetString(bytes);
                text = text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "…");
                ModelFailureKind kind = response.StatusCode == HttpStatusCode.TooManyRequests ? ModelFailureKind.RateLimited : ModelFailureKind.Http;
                throw new ModelRequestException(kind, $"the embeddings server at {_options.Endpoint} answered HTTP {(int)response.StatusCode}: {text}", response.StatusCode, RetryAfter(response));
            }

            return Parse(bytes, expected);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out IEnumerable<string>? ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        RetryConditionHeaderValue? header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            TimeSpan wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
