using Microsoft.Extensions.AI;
using Neptune.Models;
using Neptune.Testing;
using Neptune.Vision.Caching;
using Neptune.Vision.Scoring;

namespace Neptune.Vision.Tests;

/// <summary>A fake OpenAI-compatible VLM server and a model wired to it through the standard client pipeline.</summary>
internal sealed class VisionFixture : IAsyncDisposable
{
    private VisionFixture(FakeChatServer server, IChatClient client, VisionLanguageModel model)
    {
        Server = server;
        Client = client;
        Model = model;
    }

    public FakeChatServer Server { get; }

    public IChatClient Client { get; }

    public VisionLanguageModel Model { get; }

    public static ModelEndpointOptions Endpoint(Uri uri, int maxRetries = 2, int concurrency = 16, TimeSpan? timeout = null) => new()
    {
        Endpoint = uri,
        Model = "fake-vlm",
        MaxRetries = maxRetries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromSeconds(2),
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
        MaxConcurrentRequests = concurrency,
    };

    public static async Task<VisionFixture> StartAsync(Func<FakeChatRequest, FakeReply> script, VlmOptions? options = null, ScoreCache? cache = null, int maxRetries = 2, TimeSpan? timeout = null)
    {
        FakeChatServer server = await FakeChatServer.StartAsync(script);
        IChatClient client = ModelClientBuilder.ForEndpoint(Endpoint(server.Endpoint, maxRetries, timeout: timeout));
        var model = new VisionLanguageModel(client, "fake-vlm", options ?? new VlmOptions { Prompt = new() { AttachCrops = false } }, cache);
        return new VisionFixture(server, client, model);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
