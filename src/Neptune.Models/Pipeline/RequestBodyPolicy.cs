using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Neptune.Models.Pipeline;

/// <summary>
/// Rewrites the JSON body of each chat request before it is sent: mirrors <c>max_completion_tokens</c> into the legacy
/// <c>max_tokens</c> field (servers such as Ollama's <c>/v1</c> read only that one) and merges the configured extra
/// fields. The SDK offers no typed way to add arbitrary top-level fields with JSON values, so the body is rewritten here.
/// </summary>
internal sealed class RequestBodyPolicy : PipelinePolicy
{
    private readonly bool _legacyMaxTokens;
    private readonly IReadOnlyDictionary<string, JsonElement> _extra;

    public RequestBodyPolicy(bool legacyMaxTokens, IReadOnlyDictionary<string, JsonElement> extra)
    {
        _legacyMaxTokens = legacyMaxTokens;
        _extra = extra;
    }

    public bool IsNoOp => !_legacyMaxTokens && _extra.Count == 0;

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Rewrite(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Rewrite(message);
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
    }

    private void Rewrite(PipelineMessage message)
    {
        if (IsNoOp || message.Request.Content is not { } content)
        {
            return;
        }

        using var buffer = new MemoryStream();
        content.WriteTo(buffer, message.CancellationToken);
        byte[]? rewritten = RewriteBody(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), _legacyMaxTokens, _extra);
        if (rewritten is not null)
        {
            message.Request.Content = BinaryContent.Create(BinaryData.FromBytes(rewritten));
        }
    }

    /// <summary>Applies the rewrite to one JSON body; null when the body is not a JSON object (left untouched).</summary>
    internal static byte[]? RewriteBody(ReadOnlySpan<byte> body, bool legacyMaxTokens, IReadOnlyDictionary<string, JsonElement> extra)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (root is null)
        {
            return null;
        }

        if (legacyMaxTokens && !root.ContainsKey("max_tokens") && root["max_completion_tokens"] is { } limit)
        {
            root["max_tokens"] = limit.DeepClone();
        }

        foreach ((string key, JsonElement value) in extra)
        {
            root[key] = JsonNode.Parse(value.GetRawText());
        }

        return JsonSerializer.SerializeToUtf8Bytes(root);
    }
}
