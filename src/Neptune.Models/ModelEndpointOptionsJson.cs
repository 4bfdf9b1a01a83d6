using System.Globalization;
using System.Text.Json;

namespace Neptune.Models;

/// <summary>Reads <see cref="ModelEndpointOptions"/> from a JSON object (the <c>backend</c> section of a config file).</summary>
/// <remarks>
/// Fields: <c>endpoint</c> and <c>model</c> (required), <c>apiKeyVariable</c>, <c>temperature</c>, <c>seed</c>,
/// <c>maxTokens</c>, <c>sendLegacyMaxTokens</c>, <c>extraBody</c> (object), <c>timeoutSeconds</c>, <c>maxRetries</c>,
/// <c>retryBaseDelaySeconds</c>, <c>maxRetryDelaySeconds</c>, <c>maxConcurrentRequests</c>. Unknown fields are errors,
/// so a misspelt option is never silently ignored; an <c>apiKey</c> field is refused (keys live in the environment).
/// </remarks>
public static class ModelEndpointOptionsJson
{
    /// <summary>Parses and validates one backend section.</summary>
    /// <param name="element">The JSON object.</param>
    /// <param name="where">Where the object comes from (file and section), for messages.</param>
    /// <returns>The validated options.</returns>
    /// <exception cref="ModelConfigurationException">A field is missing, has the wrong type, is unknown or out of range.</exception>
    public static ModelEndpointOptions Parse(JsonElement element, string where)
    {
        ArgumentNullException.ThrowIfNull(where);
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ModelConfigurationException($"{where}: expected a JSON object");
        }

        Uri? endpoint = null;
        string? model = null;
        var defaults = new ModelEndpointOptions { Endpoint = new Uri("http://localhost/"), Model = "-" };
        ModelEndpointOptions result = defaults;
        foreach (JsonProperty p in element.EnumerateObject())
        {
            string field = $"{where}.{p.Name}";
            switch (p.Name)
            {
                case "endpoint":
                    string url = String(p.Value, field);
                    if (!Uri.TryCreate(url, UriKind.Absolute, out endpoint))
                    {
                        throw new ModelConfigurationException($"{field}: '{url}' is not an absolute URL");
                    }

                    break;
                case "model":
                    model = String(p.Value, field);
                    break;
                case "apiKeyVariable":
                    result = result with { ApiKeyVariable = p.Value.ValueKind == JsonValueKind.Null ? null : String(p.Value, field) };
                    break;
                case "apiKey":
                    throw new ModelConfigurationException($"{field}: API keys are not read from config files; put the key in an environment variable and name it in 'apiKeyVariable'");
                case "temperature":
                    result = result with { Temperature = p.Value.ValueKind == JsonValueKind.Null ? null : (float)Number(p.Value, field) };
                    break;
                case "seed":
                    result = result with { Seed = p.Value.ValueKind == JsonValueKind.Null ? null : Integer(p.Value, field) };
                    break;
                case "maxTokens":
                    result = result with { MaxTokens = p.Value.ValueKind == JsonValueKind.Null ? null : checked((int)Integer(p.Value, field)) };
                    break;
                case "sendLegacyMaxTokens":
                    result = result with { SendLegacyMaxTokens = Bool(p.Value, field) };
                    break;
                case "extraBody":
                    if (p.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw new ModelConfigurationException($"{field}: expected a JSON object");
                    }

                    var extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    foreach (JsonProperty e in p.Value.EnumerateObject())
                    {
                        extra[e.Name] = e.Value.Clone();
                    }

                    result = result with { ExtraBody = extra };
                    break;
                case "timeoutSeconds":
                    result = result with { Timeout = Seconds(p.Value, field) };
                    break;
                case "maxRetries":
                    result = result with { MaxRetries = checked((int)Integer(p.Value, field)) };
                    break;
                case "retryBaseDelaySeconds":
                    result = result with { RetryBaseDelay = Seconds(p.Value, field) };
                    break;
                case "maxRetryDelaySeconds":
                    result = result with { MaxRetryDelay = Seconds(p.Value, field) };
                    break;
                case "maxConcurrentRequests":
                    result = result with { MaxConcurrentRequests = checked((int)Integer(p.Value, field)) };
                    break;
                default:
                    throw new ModelConfigurationException($"{field}: unknown field");
            }
        }

        result = result with
        {
            Endpoint = endpoint ?? throw new ModelConfigurationException($"{where}.endpoint: required"),
            Model = model ?? throw new ModelConfigurationException($"{where}.model: required"),
        };
        try
        {
            result.Validate();
        }
        catch (ModelConfigurationException e)
        {
            throw new ModelConfigurationException($"{where}.{e.Message}", e);
        }

        return result;
    }

    private static string String(JsonElement v, string field) =>
        v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new ModelConfigurationException($"{field}: expected a string");

    private static double Number(JsonElement v, string field) =>
        v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new ModelConfigurationException($"{field}: expected a number");

    private static long Integer(JsonElement v, string field) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) ? n : throw new ModelConfigurationException($"{field}: expected an integer");

    private static bool Bool(JsonElement v, string field) => v.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new ModelConfigurationException($"{field}: expected true or false"),
    };

    private static TimeSpan Seconds(JsonElement v, string field)
    {
        double s = Number(v, field);
        return s >= 0 && s <= 86_400 ? TimeSpan.FromSeconds(s) : throw new ModelConfigurationException(string.Create(CultureInfo.InvariantCulture, $"{field}: {s} is out of range (0 to 86400 seconds)"));
    }
}
