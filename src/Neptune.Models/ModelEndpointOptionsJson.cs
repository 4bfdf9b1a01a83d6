using System.Text.Json;
using Neptune.Configuration;

namespace Neptune.Models;

/// <summary>Reads <see cref="ModelEndpointOptions"/> from a JSON object (the <c>backend</c> section of a config file).</summary>
/// <remarks>
/// The fields are those of <see cref="Schema"/>, snake_case (the old camelCase spellings still work with a
/// deprecation note). Unknown fields are errors, so a misspelt option is never silently ignored; an <c>api_key</c>
/// field is refused (keys live in the environment).
/// </remarks>
public static class ModelEndpointOptionsJson
{
    /// <summary>The fields of one model endpoint.</summary>
    public static ConfigSchema Schema { get; } = new("endpoint", "One OpenAI-compatible model server (a `backend`, or each of `vision.endpoints`)", [
        new ConfigField { Name = "endpoint", Kind = ConfigValueKind.Url, Required = true, Description = "The base URL of the OpenAI-compatible API, ending before /chat/completions (e.g. http://localhost:8000/v1)." },
        new ConfigField { Name = "model", Kind = ConfigValueKind.Text, Required = true, Description = "The model name sent in each request." },
        ConfigField.Text("api_key_variable", "The environment variable holding the API key; null for servers that need none."),
        ConfigField.Refused("api_key", "API keys are not read from config files; put the key in an environment variable and name it in 'api_key_variable'"),
        ConfigField.Number("temperature", 0, 2, "Sampling temperature.", "the server's"),
        ConfigField.Integer("seed", long.MinValue, long.MaxValue, "Sampling seed.", "none"),
        ConfigField.Integer("max_tokens", 1, int.MaxValue, "The completion-length limit.", "the server's"),
        ConfigField.Boolean("send_legacy_max_tokens", "Also send the legacy max_tokens beside max_completion_tokens (Ollama, older vLLM); turn off for servers that reject the pair.", "true"),
        ConfigField.Json("extra_body", "An object merged into every request body as given, e.g. {\"chat_template_kwargs\": {\"enable_thinking\": false}}; its own field names are the server's."),
        ConfigField.Number("timeout_seconds", 0, 3600, "The limit for one HTTP attempt (connect, send, wait, read).", "120", minimumExclusive: true),
        ConfigField.Integer("max_retries", 0, 20, "Retries of a transient failure (connection reset, body cut off, timeout, HTTP 408/429/5xx, malformed or empty answer).", "3"),
        ConfigField.Number("retry_base_delay_seconds", 0, 86_400, "The first backoff delay; later retries wait exponentially longer, with jitter.", "1"),
        ConfigField.Number("max_retry_delay_seconds", 0, 86_400, "The longest wait between attempts, including a server's Retry-After.", "60"),
        ConfigField.Number("retry_budget_seconds", 0, 86_400, "The longest one call may take, every attempt and wait included; null: only max_retries bounds it.", "600", minimumExclusive: true),
        ConfigField.Integer("max_concurrent_requests", 1, 1024, "Requests in flight at once through one client.", "4"),
    ]);

    /// <summary>Parses and validates one backend section.</summary>
    /// <param name="element">The JSON object.</param>
    /// <param name="where">Where the object comes from (file and section), for messages.</param>
    /// <returns>The validated options.</returns>
    /// <exception cref="ModelConfigurationException">A field is missing, has the wrong type, is unknown or out of range.</exception>
    public static ModelEndpointOptions Parse(JsonElement element, string where)
    {
        ArgumentNullException.ThrowIfNull(where);
        try
        {
            return Read(ConfigReader.ForElement(element, Schema, new ConfigSource { Name = where, BaseDirectory = Directory.GetCurrentDirectory() }));
        }
        catch (ConfigException e)
        {
            throw new ModelConfigurationException(e.Message, e);
        }
    }

    /// <summary>Reads and validates one endpoint object.</summary>
    /// <param name="reader">A reader over <see cref="Schema"/>.</param>
    /// <returns>The validated options.</returns>
    /// <exception cref="ConfigException">A field is missing, has the wrong type, is unknown or out of range.</exception>
    /// <exception cref="ModelConfigurationException">The fields are inconsistent (the message names them).</exception>
    public static ModelEndpointOptions Read(ConfigReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var result = new ModelEndpointOptions
        {
            Endpoint = reader.Url("endpoint")!,
            Model = reader.String("model")!,
            ApiKeyVariable = reader.String("api_key_variable"),
            Temperature = reader.Number("temperature") is double t ? (float)t : null,
            Seed = reader.Integer("seed"),
            MaxTokens = reader.Int32("max_tokens"),
        };
        if (reader.Boolean("send_legacy_max_tokens") is bool legacy)
        {
            result = result with { SendLegacyMaxTokens = legacy };
        }

        if (reader.Json("extra_body") is { } extraBody)
        {
            if (extraBody.ValueKind != JsonValueKind.Object)
            {
                throw reader.Error("extra_body", "expected a JSON object");
            }

            var extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (JsonProperty e in extraBody.EnumerateObject())
            {
                extra[e.Name] = e.Value.Clone();
            }

            result = result with { ExtraBody = extra };
        }

        if (reader.Number("timeout_seconds") is double timeout)
        {
            result = result with { Timeout = TimeSpan.FromSeconds(timeout) };
        }

        if (reader.Int32("max_retries") is int retries)
        {
            result = result with { MaxRetries = retries };
        }

        if (reader.Number("retry_base_delay_seconds") is double baseDelay)
        {
            result = result with { RetryBaseDelay = TimeSpan.FromSeconds(baseDelay) };
        }

        if (reader.Number("max_retry_delay_seconds") is double maxDelay)
        {
            result = result with { MaxRetryDelay = TimeSpan.FromSeconds(maxDelay) };
        }

        if (reader.Number("retry_budget_seconds") is double budget)
        {
            result = result with { RetryBudget = TimeSpan.FromSeconds(budget) };
        }
        else if (reader.IsNull("retry_budget_seconds"))
        {
            result = result with { RetryBudget = null };
        }

        if (reader.Int32("max_concurrent_requests") is int concurrent)
        {
            result = result with { MaxConcurrentRequests = concurrent };
        }

        try
        {
            result.Validate();
        }
        catch (ModelConfigurationException e)
        {
            int colon = e.Message.IndexOf(':', StringComparison.Ordinal);
            string field = colon > 0 ? e.Message[..colon] : "endpoint";
            throw new ModelConfigurationException(
                Schema.TryGetField(field, out _) ? $"{reader.Where(field)}{e.Message[colon..]}" : $"{reader.Where("endpoint")}: {e.Message}", e);
        }

        return result;
    }
}
