using System.Collections.ObjectModel;
using System.Text.Json;

namespace Neptune.Models;

/// <summary>
/// One OpenAI-compatible model server and the decoding parameters sent to it: vLLM, Ollama, llama.cpp server,
/// OpenRouter, DeepSeek, OpenAI or anything else that serves <c>/v1/chat/completions</c>.
/// </summary>
/// <remarks>
/// Null decoding parameters are left to the server. The API key is never stored here: only the name of the environment
/// variable that holds it, read when the client is built, so options can be logged, hashed and written to results
/// without leaking it. Call <see cref="Validate"/> (the client builder does) before use.
/// </remarks>
public sealed record ModelEndpointOptions
{
    /// <summary>The base URL of the OpenAI-compatible API, ending before <c>/chat/completions</c> (e.g. <c>http://localhost:8000/v1</c>).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The model name sent in each request.</summary>
    public required string Model { get; init; }

    /// <summary>The environment variable that holds the API key; null for servers that need none.</summary>
    public string? ApiKeyVariable { get; init; }

    /// <summary>Sampling temperature; null leaves the server's default.</summary>
    public float? Temperature { get; init; }

    /// <summary>Sampling seed; null sends none.</summary>
    public long? Seed { get; init; }

    /// <summary>The completion-length limit; null leaves the server's default.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>
    /// Whether to send the legacy <c>max_tokens</c> field beside <c>max_completion_tokens</c> (Ollama's <c>/v1</c> and
    /// older vLLM read only <c>max_tokens</c>). Default true; turn off for servers that reject the pair (OpenAI's
    /// reasoning models).
    /// </summary>
    public bool SendLegacyMaxTokens { get; init; } = true;

    /// <summary>
    /// Fields merged into every request body as given, e.g. <c>chat_template_kwargs: {"enable_thinking": false}</c>
    /// for Qwen3 on vLLM. A field here replaces one the client would send.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> ExtraBody { get; init; } = ReadOnlyDictionary<string, JsonElement>.Empty;

    /// <summary>The limit for one HTTP attempt (connect, send, wait, read). Default two minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How many times a transient failure (HTTP 408/429/5xx, timeout, malformed or empty answer) is retried. Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first backoff delay; each later retry doubles it, with jitter. Default one second.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts, including a server's <c>Retry-After</c>. Default one minute.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The longest one call may take, all attempts and waits included; when it is spent the call fails with a
    /// <see cref="ModelFailureKind.Timeout"/>. Null: bounded only by <see cref="MaxRetries"/>. Default ten minutes.
    /// </summary>
    public TimeSpan? RetryBudget { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How many requests may be in flight at once through one client. Default 4.</summary>
    public int MaxConcurrentRequests { get; init; } = 4;

    /// <summary>Checks ranges and required fields.</summary>
    /// <exception cref="ModelConfigurationException">A field is missing or out of range; the message names it.</exception>
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

        if (ApiKeyVariable is not null && (ApiKeyVariable.Length == 0 || ApiKeyVariable.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_'))))
        {
            throw new ModelConfigurationException("api_key_variable: must be an environment variable name (letters, digits, '_')");
        }

        if (Temperature is { } t && (!float.IsFinite(t) || t < 0 || t > 2))
        {
            throw new ModelConfigurationException("temperature: must be between 0 and 2");
        }

        if (MaxTokens is < 1)
        {
            throw new ModelConfigurationException("max_tokens: must be at least 1");
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromHours(1))
        {
            throw new ModelConfigurationException("timeout_seconds: must be positive and at most one hour");
        }

        if (MaxRetries is < 0 or > 20)
        {
            throw new ModelConfigurationException("max_retries: must be between 0 and 20");
        }

        if (RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < RetryBaseDelay)
        {
            throw new ModelConfigurationException("retry_base_delay_seconds: the base delay must be non-negative and at most the maximum delay");
        }

        if (RetryBudget is { } budget && (budget <= TimeSpan.Zero || budget > TimeSpan.FromDays(1)))
        {
            throw new ModelConfigurationException("retry_budget_seconds: must be positive and at most one day");
        }

        if (MaxConcurrentRequests is < 1 or > 1024)
        {
            throw new ModelConfigurationException("max_concurrent_requests: must be between 1 and 1024");
        }

        foreach (string key in ExtraBody.Keys)
        {
            if (key is "model" or "messages" or "stream")
            {
                throw new ModelConfigurationException($"extra_body: '{key}' is set by the client and cannot be overridden");
            }
        }
    }

    /// <summary>Reads the API key from <see cref="ApiKeyVariable"/>.</summary>
    /// <returns>The key, or null when no variable is configured.</returns>
    /// <exception cref="ModelConfigurationException">The variable is configured but not set.</exception>
    internal string? ResolveApiKey()
    {
        if (ApiKeyVariable is null)
        {
            return null;
        }

        string? key = Environment.GetEnvironmentVariable(ApiKeyVariable);
        return string.IsNullOrEmpty(key)
            ? throw new ModelConfigurationException($"api_key_variable: the environment variable '{ApiKeyVariable}' is not set")
            : key;
    }
}

/// <summary>A model backend's configuration is invalid. The message names the field.</summary>
public sealed class ModelConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ModelConfigurationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
