using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Neptune.Models;
using Neptune.Programs.Prompting;

namespace Neptune.Programs.Caching;

/// <summary>
/// Computes program-cache keys: SHA-256 over the prompt template (version and fingerprint), the model, the decoding
/// parameters (temperature, seed, max tokens, extra body fields), the repair policy and the question. The endpoint URL
/// and the API key are not part of the key: the same model behind another host reuses the cache, and keys never leak.
/// </summary>
public sealed class ProgramCacheKey
{
    private readonly string _prefix;

    /// <summary>Creates the key function for one configuration.</summary>
    /// <param name="template">The prompt template.</param>
    /// <param name="backend">The model endpoint.</param>
    /// <param name="repairRounds">Repair rounds allowed.</param>
    /// <param name="repairRuntimeErrors">Whether runtime errors are repaired.</param>
    public ProgramCacheKey(PromptTemplate template, ModelEndpointOptions backend, int repairRounds, bool repairRuntimeErrors)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(backend);
        var sb = new StringBuilder();
        sb.Append("template=").Append(template.Version).Append('\n')
            .Append("fingerprint=").Append(template.Fingerprint).Append('\n')
            .Append("model=").Append(backend.Model).Append('\n')
            .Append("temperature=").Append(backend.Temperature?.ToString("R", CultureInfo.InvariantCulture) ?? "-").Append('\n')
            .Append("seed=").Append(backend.Seed?.ToString(CultureInfo.InvariantCulture) ?? "-").Append('\n')
            .Append("max_tokens=").Append(backend.MaxTokens?.ToString(CultureInfo.InvariantCulture) ?? "-").Append('\n')
            .Append("repair=").Append(repairRounds.ToString(CultureInfo.InvariantCulture)).Append(repairRuntimeErrors ? "+runtime" : string.Empty).Append('\n');
        foreach ((string name, JsonElement value) in backend.ExtraBody.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append("extra.").Append(name).Append('=').Append(Canonical(value)).Append('\n');
        }

        _prefix = sb.ToString();
        TemplateVersion = template.Version;
        Model = backend.Model;
    }

    /// <summary>The template version stored with each entry.</summary>
    public string TemplateVersion { get; }

    /// <summary>The model stored with each entry.</summary>
    public string Model { get; }

    /// <summary>The key of a question (64 hex digits).</summary>
    /// <param name="question">The question text (used exactly, after trimming).</param>
    /// <returns>The key.</returns>
    public string For(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        string text = _prefix + "question=" + question.Trim();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string Canonical(JsonElement value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, value);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter w, JsonElement v)
    {
        switch (v.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (JsonProperty p in v.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    w.WritePropertyName(p.Name);
                    Write(w, p.Value);
                }

                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (JsonElement e in v.EnumerateArray())
                {
                    Write(w, e);
                }

                w.WriteEndArray();
                break;
            default:
                v.WriteTo(w);
                break;
        }
    }
}
