using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace Neptune.Models;

/// <summary>The log probability of one token and, when requested, its most likely alternatives.</summary>
/// <param name="Token">The token text.</param>
/// <param name="Logprob">Its natural-log probability.</param>
/// <param name="Top">The most likely tokens at this position (the token itself among them), most likely first; empty when not requested.</param>
public sealed record TokenLogprobs(string Token, double Logprob, IReadOnlyList<(string Token, double Logprob)> Top);

/// <summary>
/// The token logprobs of a chat answer. Microsoft.Extensions.AI has no logprob type: the SDK's
/// <see cref="ChatCompletion"/> in <see cref="ChatResponse.RawRepresentation"/> holds them, and a cached response has
/// no raw representation. The pipeline's innermost layer therefore copies them into
/// <see cref="ChatResponse.AdditionalProperties"/> under <see cref="PropertyName"/> in the wire format of
/// <c>choices[0].logprobs.content</c>, which serialises with the response and comes back from a cache unchanged.
/// </summary>
public static class ResponseLogprobs
{
    /// <summary>The key in <see cref="ChatResponse.AdditionalProperties"/>.</summary>
    public const string PropertyName = "logprobs";

    /// <summary>Reads the logprobs of a response, from its additional properties or its raw SDK completion.</summary>
    /// <param name="response">The response.</param>
    /// <returns>One entry per answer token, or null when the response carries none.</returns>
    public static IReadOnlyList<TokenLogprobs>? Read(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.AdditionalProperties?.TryGetValue(PropertyName, out object? value) == true)
        {
            return value switch
            {
                JsonElement e => FromJson(e),
                IReadOnlyList<TokenLogprobs> list => list,
                _ => null,
            };
        }

        return response.RawRepresentation is ChatCompletion completion ? FromCompletion(completion) : null;
    }

    /// <summary>Copies the logprobs of <paramref name="completion"/> into the response's additional properties.</summary>
    internal static void Attach(ChatResponse response, ChatCompletion completion)
    {
        if (completion.ContentTokenLogProbabilities is not { Count: > 0 } tokens)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (ChatTokenLogProbabilityDetails t in tokens)
            {
                w.WriteStartObject();
                w.WriteString("token", t.Token);
                w.WriteNumber("logprob", t.LogProbability);
                w.WriteStartArray("top_logprobs");
                foreach (ChatTokenTopLogProbabilityDetails alt in t.TopLogProbabilities)
                {
                    w.WriteStartObject();
                    w.WriteString("token", alt.Token);
                    w.WriteNumber("logprob", alt.LogProbability);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        using JsonDocument doc = JsonDocument.Parse(buffer.ToArray());
        (response.AdditionalProperties ??= [])[PropertyName] = doc.RootElement.Clone();
    }

    private static List<TokenLogprobs> FromCompletion(ChatCompletion completion)
    {
        var list = new List<TokenLogprobs>(completion.ContentTokenLogProbabilities.Count);
        foreach (ChatTokenLogProbabilityDetails t in completion.ContentTokenLogProbabilities)
        {
            list.Add(new TokenLogprobs(t.Token, t.LogProbability, [.. t.TopLogProbabilities.Select(a => (a.Token, (double)a.LogProbability))]));
        }

        return list;
    }

    private static List<TokenLogprobs>? FromJson(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var list = new List<TokenLogprobs>(e.GetArrayLength());
        foreach (JsonElement t in e.EnumerateArray())
        {
            if (t.ValueKind != JsonValueKind.Object || !t.TryGetProperty("token", out JsonElement token) || token.ValueKind != JsonValueKind.String
                || !t.TryGetProperty("logprob", out JsonElement logprob) || logprob.ValueKind != JsonValueKind.Number)
            {
                return null;
            }

            var top = new List<(string, double)>();
            if (t.TryGetProperty("top_logprobs", out JsonElement alts) && alts.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement a in alts.EnumerateArray())
                {
                    if (a.TryGetProperty("token", out JsonElement at) && at.ValueKind == JsonValueKind.String
                        && a.TryGetProperty("logprob", out JsonElement al) && al.ValueKind == JsonValueKind.Number)
                    {
                        top.Add((at.GetString()!, al.GetDouble()));
                    }
                }
            }

            list.Add(new TokenLogprobs(token.GetString()!, logprob.GetDouble(), top));
        }

        return list;
    }
}
