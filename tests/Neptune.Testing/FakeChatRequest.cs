using System.Text.Json;

namespace Neptune.Testing;

/// <summary>One chat-completions request as the fake server received it (already checked for shape).</summary>
public sealed class FakeChatRequest
{
    internal FakeChatRequest(int index, string path, JsonElement body, string rawBody, IReadOnlyDictionary<string, string> headers, IReadOnlyList<FakeMessage> messages)
    {
        Index = index;
        Path = path;
        Body = body;
        RawBody = rawBody;
        Headers = headers;
        Messages = messages;
    }

    /// <summary>0-based arrival order over the server's life.</summary>
    public int Index { get; }

    /// <summary>The request path (e.g. <c>/v1/chat/completions</c>).</summary>
    public string Path { get; }

    /// <summary>The parsed JSON body (a detached copy).</summary>
    public JsonElement Body { get; }

    /// <summary>The body text.</summary>
    public string RawBody { get; }

    /// <summary>The request headers (names lower-case; repeated headers joined by commas).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The messages, in order.</summary>
    public IReadOnlyList<FakeMessage> Messages { get; }

    /// <summary>The <c>model</c> field.</summary>
    public string Model => Body.GetProperty("model").GetString()!;

    /// <summary>The last user message's text.</summary>
    public string LastUserMessage => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? string.Empty;

    /// <summary>The <c>Authorization</c> header, or null.</summary>
    public string? Authorization => Headers.TryGetValue("authorization", out string? v) ? v : null;

    /// <summary>A top-level body field, or null when absent.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The value.</returns>
    public JsonElement? Field(string name) => Body.TryGetProperty(name, out JsonElement v) ? v : null;
}

/// <summary>One message of a request.</summary>
/// <param name="Role">The role (<c>system</c>, <c>user</c>, <c>assistant</c>).</param>
/// <param name="Content">The text (content parts joined).</param>
public sealed record FakeMessage(string Role, string Content);
