using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Neptune.Models.Caching;

/// <summary>
/// Microsoft.Extensions.AI's <see cref="DistributedCachingChatClient"/> over any <see cref="IDistributedCache"/>, with
/// a key that also covers what the default key cannot see: the endpoint and model, and the logprob request made
/// through <see cref="ChatOptions.RawRepresentationFactory"/> (a delegate, which the default key ignores, so an
/// answer without logprobs would be served to a request for them). Logprobs survive a hit because the pipeline's
/// innermost layer stores them in the response's additional properties (<see cref="ResponseLogprobs"/>).
/// </summary>
/// <remarks>A hit returns before the layers inside this one run: no request, no retry, no concurrency slot.</remarks>
public sealed class ResponseCachingChatClient : DistributedCachingChatClient
{
    /// <summary>The version of the key layout; changing it starts every cache afresh.</summary>
    public const string KeyVersion = "neptune-chat-1";

    private readonly string _endpoint;
    private readonly string _model;

    /// <summary>Creates the middleware.</summary>
    /// <param name="innerClient">The client to call on a miss.</param>
    /// <param name="storage">The store; any <see cref="IDistributedCache"/>.</param>
    /// <param name="endpoint">The endpoint, part of every key.</param>
    /// <param name="model">The model, part of every key.</param>
    public ResponseCachingChatClient(IChatClient innerClient, IDistributedCache storage, Uri endpoint, string model)
        : base(innerClient, storage)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(model);
        _endpoint = endpoint.ToString();
        _model = model;
    }

    /// <inheritdoc />
    protected override string GetCacheKey(IEnumerable<ChatMessage> messages, ChatOptions? options, params ReadOnlySpan<object?> additionalValues)
    {
        string logprobs = "none";
        if (options?.RawRepresentationFactory?.Invoke(this) is ChatCompletionOptions raw && raw.IncludeLogProbabilities == true)
        {
            logprobs = $"top{raw.TopLogProbabilityCount ?? 0}";
        }

        object?[] values = [KeyVersion, _endpoint, _model, logprobs, .. additionalValues];
        return base.GetCacheKey(messages, options, values);
    }
}
