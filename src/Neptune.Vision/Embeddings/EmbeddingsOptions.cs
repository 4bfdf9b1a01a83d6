using Neptune.Configuration;
using Neptune.Models;

namespace Neptune.Vision.Embeddings;

/// <summary>The wire format of an embeddings server.</summary>
public enum EmbeddingsProtocol
{
    /// <summary>
    /// vLLM's OpenAI-compatible <c>POST {endpoint}/embeddings</c> (pooling runner): texts as <c>input</c>, an image as a
    /// one-message chat (<c>messages[0].content = [{"type": "image_url", …}]</c>), one image per request.
    /// </summary>
    Vllm = 0,

    /// <summary>Infinity's <c>POST {endpoint}/embeddings</c> with <c>modality</c> <c>text</c> or <c>image</c>; images as data URIs in <c>input</c>, batched.</summary>
    Infinity = 1,
}

/// <summary>One embeddings server: where it is, what it serves, and how its calls are limited and retried. Validated when built.</summary>
public sealed record EmbeddingsOptions
{
    /// <summary>The base URL; requests go to <c>{endpoint}/embeddings</c> (vLLM: <c>http://host:8000/v1</c>; Infinity: <c>http://host:7997</c>).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The model name sent in each request (e.g. <c>openai/clip-vit-base-patch32</c>).</summary>
    public required string Model { get; init; }

    /// <summary>The wire format. Default <see cref="EmbeddingsProtocol.Vllm"/>.</summary>
    public EmbeddingsProtocol Protocol { get; init; } = EmbeddingsProtocol.Vllm;

    /// <summary>The environment variable holding the API key (sent as a bearer token); null sends none.</summary>
    public string? ApiKeyVariable { get; init; }

    /// <summary>The limit of one HTTP attempt. Default 60 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of a transient failure (connection, body cut off, timeout, 408, 429, 5xx, malformed answer). Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first backoff delay (exponential with jitter). Default 0.5 s.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between attempts, a server's <c>Retry-After</c> included. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest one call may take, every attempt and wait included; null: only <see cref="MaxRetries"/> bounds it. Default 300 s.</summary>
    public TimeSpan? RetryBudget { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Requests in flight at once (retries keep their slot). Default 8.</summary>
    public int MaxConcurrentRequests { get; init; } = 8;

    /// <summary>Texts (and, for Infinity, images) sent in one request. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Crops whose longer side exceeds this are shrunk before encoding (CLIP sees 224 or 336 px). Default 448.</summary>
    public int MaxImageSide { get; init; } = 448;

    /// <summary>The fields of an <c>embeddings</c> section.</summary>
    public static ConfigSchema SectionSchema { get; } = new("verifier.embeddings", "The embeddings server (vLLM pooling runner or Infinity)", [
        new ConfigField { Name = "endpoint", Kind = ConfigValueKind.Url, Required = true, Description = "The base URL; requests go to {endpoint}/embeddings (vLLM: http://host:8000/v1; Infinity: http://host:7997)." },
        new ConfigField { Name = "model", Kind = ConfigValueKind.Text, Required = true, Description = "The model name sent in each request (e.g. openai/clip-vit-base-patch32)." },
        ConfigField.Choice("protocol", ["vllm", "infinity"], "vllm: images as a one-message chat in `messages`; infinity: `modality: \"image\"` with data URIs in `input`.", "vllm"),
        ConfigField.Text("api_key_variable", "The environment variable holding the API key (bearer token); null for servers that need none."),
        ConfigField.Refused("api_key", "API keys are not read from config files; put the key in an environment variable and name it in 'api_key_variable'"),
        ConfigField.Number("timeout_seconds", 0, 3600, "The limit for one HTTP attempt.", "60", minimumExclusive: true),
        ConfigField.Integer("max_retries", 0, 20, "Retries of a transient failure (connection reset, body cut off, timeout, HTTP 408/429/5xx, malformed answer).", "3"),
        ConfigField.Number("retry_base_delay_seconds", 0, 86_400, "The first backoff delay; later retries wait exponentially longer, with jitter.", "0.5"),
        ConfigField.Number("max_retry_delay_seconds", 0, 86_400, "The longest wait between attempts, including a server's Retry-After.", "30"),
        ConfigField.Number("retry_budget_seconds", 0, 86_400, "The longest one call may take, every attempt and wait included; null: only max_retries bounds it.", "300", minimumExclusive: true),
        ConfigField.Integer("max_concurrent_requests", 1, 1024, "Requests in flight at once.", "8"),
        ConfigField.Integer("batch_size", 1, 2048, "Texts (and, for Infinity, images) per request.", "32"),
        ConfigField.Integer("max_image_side", 32, 4096, "Crops with a longer side are shrunk before encoding.", "448"),
    ]);

    /// <summary>Reads an <c>embeddings</c> section.</summary>
    /// <param name="reader">A reader over <see cref="SectionSchema"/>.</param>
    /// <returns>The validated options.</returns>
    /// <exception cref="ConfigException">A field is missing, mistyped or out of range.</exception>
    public static EmbeddingsOptions Read(ConfigReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = new EmbeddingsOptions
        {
            Endpoint = reader.Url("endpoint")!,
            Model = reader.String("model")!,
            Protocol = reader.Choice("protocol") == "infinity" ? EmbeddingsProtocol.Infinity : EmbeddingsProtocol.Vllm,
            ApiKeyVariable = reader.String("api_key_variable"),
        };
        if (reader.Number("timeout_seconds") is double timeout)
        {
            options = options with { Timeout = TimeSpan.FromSeconds(timeout) };
        }

        if (reader.Int32("max_retries") is int retries)
        {
            options = options with { MaxRetries = retries };
        }

        if (reader.Number("retry_base_delay_seconds") is double baseDelay)
        {
            options = options with { RetryBaseDelay = TimeSpan.FromSeconds(baseDelay) };
        }

        if (reader.Number("max_retry_delay_seconds") is double maxDelay)
        {
            options = options with { MaxRetryDelay = TimeSpan.FromSeconds(maxDelay) };
        }

        if (reader.Number("retry_budget_seconds") is double budget)
        {
            options = options with { RetryBudget = TimeSpan.FromSeconds(budget) };
        }
        else if (reader.IsNull("retry_budget_seconds"))
        {
            options = options with { RetryBudget = null };
        }

        if (reader.Int32("max_concurrent_requests") is int concurrent)
        {
            options = options with { MaxConcurrentRequests = concurrent };
        }

        if (reader.Int32("batch_size") is int batch)
        {
            options = options with { BatchSize = batch };
        }

        if (reader.Int32("max_image_side") is int side)
        {
            options = options with { MaxImageSide = side };
        }

        try
        {
            options.Validate();
        }
        catch (ModelConfigurationException e)
        {
            throw reader.Error("endpoint", e.Message);
        }

        return options;
    }

    /// <summary>Checks every field.</summary>
    /// <exception cref="ModelConfigurationException">A field is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ModelConfigurationException("endpoint: must be an absolute http or https URL");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new ModelConfigurationException("model: must not be empty");
        }

        if (Timeout <= TimeSpan.Zero || MaxRetries is < 0 or > 20 || RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < RetryBaseDelay
            || RetryBudget is { } b && b <= TimeSpan.Zero)
        {
            throw new ModelConfigurationException("timeout and retries: timeout and budget must be positive, max_retries 0 to 20, and 0 ≤ base delay ≤ max delay");
        }

        if (MaxConcurrentRequests is < 1 or > 1024 || BatchSize is < 1 or > 2048 || MaxImageSide is < 32 or > 4096)
        {
            throw new ModelConfigurationException("max_concurrent_requests (1 to 1024), batch_size (1 to 2048) and max_image_side (32 to 4096) are out of range");
        }
    }

    /// <summary>What identifies the vectors this server returns, for cache keys: protocol, model and crop size (not the URL, not the key).</summary>
    internal string Fingerprint() => $"{Protocol}|{Model}|{MaxImageSide}";
}
