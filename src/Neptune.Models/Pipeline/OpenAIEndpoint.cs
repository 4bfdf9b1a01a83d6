using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Neptune.Models.Pipeline;

/// <summary>The OpenAI SDK's chat client for one endpoint, as an <see cref="IChatClient"/>.</summary>
internal static class OpenAIEndpoint
{
    /// <summary>Creates the client. The API key is read from the configured environment variable now.</summary>
    /// <exception cref="ModelConfigurationException">The key variable is not set.</exception>
    public static IChatClient CreateClient(ModelEndpointOptions options)
    {
        var sdkOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,

            // Retries and attempt timeouts belong to the resilience layer; the transport only has a generous backstop.
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = options.Timeout + TimeSpan.FromSeconds(30),
            UserAgentApplicationId = "neptune",
        };
        sdkOptions.AddPolicy(new ResponseShapePolicy(options.Endpoint), PipelinePosition.PerTry);
        var body = new RequestBodyPolicy(options.SendLegacyMaxTokens, options.ExtraBody);
        if (!body.IsNoOp)
        {
            sdkOptions.AddPolicy(body, PipelinePosition.PerCall);
        }

        // Local servers need no key, but the SDK requires a credential: send a fixed placeholder.
        string key = options.ResolveApiKey() ?? "no-key";
        return new ChatClient(options.Model, new ApiKeyCredential(key), sdkOptions).AsIChatClient();
    }
}
