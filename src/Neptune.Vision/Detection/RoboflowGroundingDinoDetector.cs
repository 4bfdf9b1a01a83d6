using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Neptune.Imaging;
using Neptune.Perception;

namespace Neptune.Vision.Detection;

/// <summary>Options of <see cref="RoboflowGroundingDinoDetector"/>.</summary>
public sealed record RoboflowGroundingOptions
{
    /// <summary>The Roboflow Inference server, e.g. <c>http://localhost:9001</c>; requests go to <c>/grounding_dino/infer</c> under it.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The environment variable holding the Roboflow API key, sent as <c>api_key</c>; null sends none.</summary>
    public string? ApiKeyVariable { get; init; }

    /// <summary>Grounding DINO's box threshold. Default 0.35.</summary>
    public float BoxThreshold { get; init; } = 0.35f;

    /// <summary>Grounding DINO's text threshold. Default 0.25.</summary>
    public float TextThreshold { get; init; } = 0.25f;

    /// <summary>Whether the server runs class-agnostic NMS. Default false.</summary>
    public bool ClassAgnosticNms { get; init; }

    /// <summary>The limit for one attempt. Default one minute.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Retries after a transient failure (408, 429, 5xx, timeout, connection). Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first backoff delay, doubled per retry. Default half a second.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait, including a server's <c>Retry-After</c>. Default 30 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Filtering and de-duplication on top of the server's.</summary>
    public DetectionOptions Filter { get; init; } = DetectionOptions.Default with { MinConfidence = 0 };

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A field is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("endpoint: must be an absolute http or https URL", nameof(Endpoint));
        }

        if (!(BoxThreshold is >= 0 and <= 1) || !(TextThreshold is >= 0 and <= 1))
        {
            throw new ArgumentException("boxThreshold, textThreshold: must be in [0, 1]");
        }

        if (Timeout <= TimeSpan.Zero || MaxRetries is < 0 or > 20 || RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < RetryBaseDelay)
        {
            throw new ArgumentException("timeout and retries: timeout must be positive, maxRetries 0 to 20, and 0 ≤ base delay ≤ max delay");
        }

        ArgumentNullException.ThrowIfNull(Filter);
        Filter.Validate();
    }
}

/// <summary>
/// Grounding DINO served by Roboflow Inference: <c>POST /grounding_dino/infer</c> with the image as base64 and the
/// object names as <c>text</c>; predictions carry the box centre (<c>x</c>, <c>y</c>), <c>width</c>, <c>height</c>,
/// <c>confidence</c> and <c>class</c>. Transient failures are retried with backoff, honouring <c>Retry-After</c>.
/// </summary>
public sealed class RoboflowGroundingDinoDetector : IObjectDetector, IDisposable
{
    private readonly RoboflowGroundingOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly string? _apiKey;
    private long _requests;

    /// <summary>Creates the detector.</summary>
    /// <param name="options">The service; validated here.</param>
    /// <param name="timeProvider">The clock for timeouts and backoff.</param>
    /// <exception cref="ArgumentException">The options are invalid or the key variable is not set.</exception>
    public RoboflowGroundingDinoDetector(RoboflowGroundingOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        if (options.ApiKeyVariable is { } variable)
        {
            _apiKey = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(_apiKey))
            {
                throw new ArgumentException($"apiKeyVariable: the environment variable '{variable}' is not set", nameof(options));
            }
        }
    }

    /// <summary>Requests sent, retries included.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    /// <inheritdoc />
    public async Task<IReadOnlyList<DetectedObject>> DetectAsync(RgbaImage image, IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(names);
        string[] text = [.. names.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        if (text.Length == 0)
        {
            text = ["object"];
        }

        byte[] body = RequestBody(image, text);
        string json = await SendAsync(body, cancellationToken).ConfigureAwait(false);
        List<DetectedObject> raw = ParseResponse(json, image.Width, image.Height);
        return DetectionFilter.Apply(raw, _options.Filter);
    }

    internal byte[] RequestBody(RgbaImage image, string[] text)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("image");
            w.WriteString("type", "base64");
            w.WriteString("value", Convert.ToBase64String(Prompting.RequestImages.Encode(image)));
            w.WriteEndObject();
            w.WriteStartArray("text");
            foreach (string t in text)
            {
                w.WriteStringValue(t);
            }

            w.WriteEndArray();
            w.WriteNumber("box_threshold", _options.BoxThreshold);
            w.WriteNumber("text_threshold", _options.TextThreshold);
            w.WriteBoolean("class_agnostic_nms", _options.ClassAgnosticNms);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a Roboflow object-detection response; boxes are scaled when the server reports another image size.</summary>
    internal static List<DetectedObject> ParseResponse(string json, int imageWidth, int imageHeight)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            JsonElement root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0)
            {
                root = root[0];
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("predictions", out JsonElement predictions) || predictions.ValueKind != JsonValueKind.Array)
            {
                throw Malformed("no 'predictions' list");
            }

            double sx = 1;
            double sy = 1;
            if (root.TryGetProperty("image", out JsonElement size) && size.ValueKind == JsonValueKind.Object
                && size.TryGetProperty("width", out JsonElement w) && w.TryGetDouble(out double width) && width > 0
                && size.TryGetProperty("height", out JsonElement h) && h.TryGetDouble(out double height) && height > 0)
            {
                sx = imageWidth / width;
                sy = imageHeight / height;
            }

            var list = new List<DetectedObject>(predictions.GetArrayLength());
            foreach (JsonElement p in predictions.EnumerateArray())
            {
                double x = Number(p, "x");
                double y = Number(p, "y");
                double pw = Number(p, "width");
                double ph = Number(p, "height");
                double confidence = p.TryGetProperty("confidence", out JsonElement c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : 1.0;
                string? label = p.TryGetProperty("class", out JsonElement l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
                BoundingBox box = BoundingBox.FromCenter((float)(x * sx), (float)(y * sy), (float)(pw * sx), (float)(ph * sy));
                box = new BoundingBox(
                    Math.Clamp(box.Left, 0, imageWidth), Math.Clamp(box.Top, 0, imageHeight),
                    Math.Clamp(box.Right, 0, imageWidth), Math.Clamp(box.Bottom, 0, imageHeight));
                list.Add(new DetectedObject(list.Count, box, label, (float)Math.Clamp(confidence, 0, 1)));
            }

            return list;
        }
        catch (JsonException e)
        {
            throw Malformed(e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw Malformed(e.Message);
        }
    }

    private static double Number(JsonElement p, string name) =>
        p.ValueKind == JsonValueKind.Object && p.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && double.IsFinite(v.GetDouble())
            ? v.GetDouble()
            : throw Malformed($"a prediction has no numeric '{name}'");

    private static PerceptionException Malformed(string detail) =>
        new(PerceptionErrorKind.MalformedResponse, $"the Grounding DINO answer is not a Roboflow detection response: {detail}");

    private async Task<string> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        string url = _options.Endpoint.ToString().TrimEnd('/') + "/grounding_dino/infer";
        if (_apiKey is not null)
        {
            url += "?api_key=" + Uri.EscapeDataString(_apiKey);
        }

        string? lastError = null;
        for (int attempt = 0; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            Interlocked.Increment(ref _requests);
            using var timeout = new CancellationTokenSource(_options.Timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using HttpResponseMessage response = await _http.PostAsync(url, content, linked.Token).ConfigureAwait(false);
                string text = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return text;
                }

                int status = (int)response.StatusCode;
                lastError = $"HTTP {status}";
                if (!(status is 408 or 429 || status >= 500))
                {
                    throw new PerceptionException(PerceptionErrorKind.EndpointUnavailable, $"the Grounding DINO service at {_options.Endpoint} answered {lastError}: {Truncate(text)}");
                }

                retryAfter = RetryAfter(response);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lastError = $"no answer within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
            }
            catch (HttpRequestException e)
            {
                lastError = e.Message;
            }

            if (attempt >= _options.MaxRetries)
            {
                throw new PerceptionException(PerceptionErrorKind.EndpointUnavailable,
                    $"the Grounding DINO service at {_options.Endpoint} failed {attempt + 1} times; last: {lastError}");
            }

            TimeSpan delay = retryAfter ?? TimeSpan.FromTicks((long)(_options.RetryBaseDelay.Ticks * Math.Pow(2, attempt)));
            if (delay > _options.MaxRetryDelay)
            {
                delay = _options.MaxRetryDelay;
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
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

        return response.StatusCode == HttpStatusCode.TooManyRequests ? _options.RetryBaseDelay : null;
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "…");
}
