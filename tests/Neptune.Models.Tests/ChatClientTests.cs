using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Neptune.Models.Middleware;
using Neptune.Testing;

namespace Neptune.Models.Tests;

public sealed class ChatClientTests
{
    private static ModelEndpointOptions Options(FakeChatServer server) => new()
    {
        Endpoint = server.Endpoint,
        Model = "test-model",
        Temperature = 0.2f,
        Seed = 7,
        MaxTokens = 256,
        MaxRetries = 0,
        RetryBaseDelay = TimeSpan.Zero,
        Timeout = TimeSpan.FromSeconds(10),
    };

    private static readonly ChatMessage[] Hello = [new(ChatRole.System, "be brief"), new(ChatRole.User, "hello")];

    [Fact]
    public async Task GetResponseAsync_ValidCompletion_ReturnsTextUsageAndFinishReason()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("hi there", promptTokens: 12, completionTokens: 3)));
        using var client = new OpenAICompatibleChatClient(Options(server));

        ChatResponse response = await client.GetResponseAsync(Hello);

        Assert.Equal("hi there", response.Text);
        Assert.Equal(12, response.Usage!.InputTokenCount);
        Assert.Equal(3, response.Usage.OutputTokenCount);
        Assert.Equal(15, response.Usage.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("chatcmpl-fake-1", response.ResponseId);
        Assert.Equal("test-model", response.ModelId);
        Assert.Empty(server.Problems);
    }

    [Fact]
    public async Task GetResponseAsync_Request_SendsModelMessagesDecodingAndBothTokenLimits()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("ok")));
        using var client = new OpenAICompatibleChatClient(Options(server));

        await client.GetResponseAsync(Hello);

        FakeChatRequest request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("test-model", request.Model);
        Assert.Equal([new FakeMessage("system", "be brief"), new FakeMessage("user", "hello")], request.Messages);
        Assert.Equal(0.2, request.Field("temperature")!.Value.GetDouble(), 6);
        Assert.Equal(7, request.Field("seed")!.Value.GetInt64());
        Assert.Equal(256, request.Field("max_completion_tokens")!.Value.GetInt32());
        Assert.Equal(256, request.Field("max_tokens")!.Value.GetInt32());
    }

    [Fact]
    public async Task GetResponseAsync_LegacyMaxTokensOff_SendsOnlyMaxCompletionTokens()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("ok")));
        using var client = new OpenAICompatibleChatClient(Options(server) with { SendLegacyMaxTokens = false });

        await client.GetResponseAsync(Hello);

        FakeChatRequest request = Assert.Single(server.Requests);
        Assert.Null(request.Field("max_tokens"));
        Assert.Equal(256, request.Field("max_completion_tokens")!.Value.GetInt32());
    }

    [Fact]
    public async Task GetResponseAsync_ExtraBody_MergesFieldsIntoTheRequest()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("ok")));
        var extra = new Dictionary<string, JsonElement>
        {
            ["chat_template_kwargs"] = JsonDocument.Parse("""{"enable_thinking": false}""").RootElement.Clone(),
            ["top_k"] = JsonDocument.Parse("20").RootElement.Clone(),
        };
        using var client = new OpenAICompatibleChatClient(Options(server) with { ExtraBody = extra });

        await client.GetResponseAsync(Hello);

        FakeChatRequest request = Assert.Single(server.Requests);
        Assert.False(request.Field("chat_template_kwargs")!.Value.GetProperty("enable_thinking").GetBoolean());
        Assert.Equal(20, request.Field("top_k")!.Value.GetInt32());
        Assert.Equal("test-model", request.Model);
    }

    [Fact]
    public async Task GetResponseAsync_ApiKeyVariable_SendsBearerTokenFromTheEnvironment()
    {
        string variable = "NEPTUNE_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "sk-secret-value");
        try
        {
            await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("ok")));
            using var client = new OpenAICompatibleChatClient(Options(server) with { ApiKeyVariable = variable });

            await client.GetResponseAsync(Hello);

            Assert.Equal("Bearer sk-secret-value", Assert.Single(server.Requests).Authorization);
            Assert.DoesNotContain("sk-secret-value", (Options(server) with { ApiKeyVariable = variable }).ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Constructor_ApiKeyVariableNotSet_ThrowsNamingTheVariable()
    {
        var options = new ModelEndpointOptions { Endpoint = new Uri("http://127.0.0.1:9/v1"), Model = "m", ApiKeyVariable = "NEPTUNE_TEST_UNSET_VARIABLE" };

        var e = Assert.Throws<ModelConfigurationException>(() => new OpenAICompatibleChatClient(options));

        Assert.Contains("NEPTUNE_TEST_UNSET_VARIABLE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_Http500_ThrowsTransientHttpError()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Error(500, "boom")));
        using var client = new OpenAICompatibleChatClient(Options(server));

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(ModelFailureKind.Http, e.Kind);
        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.True(e.IsTransient);
        Assert.Contains("boom", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_Http400_IsNotTransient()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Error(400, "bad field")));
        IChatClient client = new ModelClientBuilder(new OpenAICompatibleChatClient(Options(server))).UseRetry(3, TimeSpan.Zero, TimeSpan.Zero).Build();

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.False(e.IsTransient);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task GetResponseAsync_RateLimitedWithRetryAfter_ReportsTheWait()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Error(429, "slow down", retryAfter: "7")));
        using var client = new OpenAICompatibleChatClient(Options(server));

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(ModelFailureKind.RateLimited, e.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
    }

    [Fact]
    public async Task GetResponseAsync_ServerHangs_ThrowsTimeout()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Hang));
        using var client = new OpenAICompatibleChatClient(Options(server) with { Timeout = TimeSpan.FromMilliseconds(300) });

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(ModelFailureKind.Timeout, e.Kind);
    }

    [Fact]
    public async Task GetResponseAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Hang));
        using var client = new OpenAICompatibleChatClient(Options(server));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Hello, cancellationToken: cts.Token));
    }

    [Fact]
    public async Task GetResponseAsync_MalformedJson_ThrowsMalformedResponse()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Malformed()));
        using var client = new OpenAICompatibleChatClient(Options(server));

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(ModelFailureKind.MalformedResponse, e.Kind);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public async Task GetResponseAsync_EmptyChoices_ThrowsEmptyResponse()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.EmptyChoices));
        using var client = new OpenAICompatibleChatClient(Options(server));

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(ModelFailureKind.EmptyResponse, e.Kind);
    }

    [Fact]
    public async Task GetResponseAsync_ConnectionRefused_ThrowsTransport()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var client = new OpenAICompatibleChatClient(new ModelEndpointOptions { Endpoint = new Uri($"http://127.0.0.1:{port}/v1"), Model = "m", MaxRetries = 0 });

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(ModelFailureKind.Transport, e.Kind);
    }

    [Fact]
    public async Task ForEndpoint_500Then429ThenSuccess_RetriesAndHonoursRetryAfter()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Sequence(
            FakeReply.Error(500),
            FakeReply.Error(429, retryAfter: "1"),
            FakeReply.Completion("finally")));
        var usage = new ModelUsage();
        var delays = new List<TimeSpan>();
        var retry = new RetryingChatClient(new OpenAICompatibleChatClient(Options(server)), 3, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5));
        retry.Retrying += (_, _, d) => delays.Add(d);
        IChatClient client = new ModelClientBuilder(retry).UseMetrics(usage).Build();

        ChatResponse response = await client.GetResponseAsync(Hello);

        Assert.Equal("finally", response.Text);
        Assert.Equal(3, server.RequestCount);
        Assert.Equal(2, delays.Count);
        Assert.InRange(delays[0], TimeSpan.FromMilliseconds(8), TimeSpan.FromMilliseconds(12));
        Assert.Equal(TimeSpan.FromSeconds(1), delays[1]);
        Assert.Equal(1, usage.Requests);
        Assert.Equal(0, usage.Failures);
    }

    [Fact]
    public async Task ForEndpoint_MalformedThenValid_RetriesTheMalformedAnswer()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Sequence(FakeReply.Malformed(), FakeReply.EmptyChoices, FakeReply.Completion("ok")));
        IChatClient client = ModelClientBuilder.ForEndpoint(Options(server) with { MaxRetries = 2 });

        ChatResponse response = await client.GetResponseAsync(Hello);

        Assert.Equal("ok", response.Text);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task ForEndpoint_RetriesExhausted_ThrowsTheLastFailure()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Error(503, "overloaded")));
        var usage = new ModelUsage();
        IChatClient client = ModelClientBuilder.ForEndpoint(Options(server) with { MaxRetries = 2 }, usage);

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Equal(3, server.RequestCount);
        Assert.Equal(1, usage.Failures);
    }

    [Fact]
    public async Task ForEndpoint_MaxConcurrentRequests_NeverExceedsTheLimit()
    {
        int inFlight = 0, peak = 0;
        await using FakeChatServer server = await FakeChatServer.StartAsync(_ =>
        {
            int now = Interlocked.Increment(ref inFlight);
            int seen;
            while ((seen = Volatile.Read(ref peak)) < now && Interlocked.CompareExchange(ref peak, now, seen) != seen)
            {
            }

            Thread.Sleep(100);
            Interlocked.Decrement(ref inFlight);
            return FakeReply.Completion("ok");
        });
        IChatClient client = ModelClientBuilder.ForEndpoint(Options(server) with { MaxConcurrentRequests = 2 });

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.GetResponseAsync(Hello)));

        Assert.Equal(6, server.RequestCount);
        // The limit is an upper bound; how many of the six overlap at once depends on scheduling.
        Assert.InRange(peak, 1, 2);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ValidCompletion_YieldsTheText()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("streamed")));
        using var client = new OpenAICompatibleChatClient(Options(server));

        var text = new System.Text.StringBuilder();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Hello))
        {
            text.Append(update.Text);
        }

        Assert.Equal("streamed", text.ToString());
    }
}
