using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Neptune.Models.Middleware;
using Neptune.Testing;

namespace Neptune.Models.Tests;

public sealed class ChatClientTests
{
    internal static ModelEndpointOptions Options(FakeChatServer server) => new()
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

    internal static readonly ChatMessage[] Hello = [new(ChatRole.System, "be brief"), new(ChatRole.User, "hello")];

    /// <summary>The standard pipeline, one attempt per call unless the options say otherwise.</summary>
    private static IChatClient Client(ModelEndpointOptions options, ModelPipelineOptions? pipeline = null) =>
        ModelClientBuilder.ForEndpoint(options, pipeline ?? new ModelPipelineOptions());

    [Fact]
    public async Task GetResponseAsync_ValidCompletion_ReturnsTextUsageAndFinishReason()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("hi there", promptTokens: 12, completionTokens: 3)));
        using IChatClient client = Client(Options(server));

        ChatResponse response = await client.GetResponseAsync(Hello);

        Assert.Equal("hi there", response.Text);
        Assert.Equal(12, response.Usage!.InputTokenCount);
        Assert.Equal(3, response.Usage.OutputTokenCount);
        Assert.Equal(15, response.Usage.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("chatcmpl-fake-1", response.ResponseId);
        Assert.Equal("test-model", response.ModelId);
        Assert.Equal("test-model", client.GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Empty(server.Problems);
    }

    [Fact]
    public async Task GetResponseAsync_Request_SendsModelMessagesDecodingAndBothTokenLimits()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("ok")));
        using IChatClient client = Client(Options(server));

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
    public async Task GetResponseAsync_ChatOptions_OverrideTheEndpointDefaults()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("ok")));
        using IChatClient client = Client(Options(server));

        await client.GetResponseAsync(Hello, new ChatOptions { Temperature = 0.9f, MaxOutputTokens = 3 });

        FakeChatRequest request = Assert.Single(server.Requests);
        Assert.Equal(0.9, request.Field("temperature")!.Value.GetDouble(), 6);
        Assert.Equal(3, request.Field("max_completion_tokens")!.Value.GetInt32());
        Assert.Equal(7, request.Field("seed")!.Value.GetInt64());
    }

    [Fact]
    public async Task GetResponseAsync_LegacyMaxTokensOff_SendsOnlyMaxCompletionTokens()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("ok")));
        using IChatClient client = Client(Options(server) with { SendLegacyMaxTokens = false });

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
        using IChatClient client = Client(Options(server) with { ExtraBody = extra });

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
            using IChatClient client = Client(Options(server) with { ApiKeyVariable = variable });

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
    public void ForEndpoint_ApiKeyVariableNotSet_ThrowsNamingTheVariable()
    {
        var options = new ModelEndpointOptions { Endpoint = new Uri("http://127.0.0.1:9/v1"), Model = "m", ApiKeyVariable = "NEPTUNE_TEST_UNSET_VARIABLE" };

        var e = Assert.Throws<ModelConfigurationException>(() => ModelClientBuilder.ForEndpoint(options));

        Assert.Contains("NEPTUNE_TEST_UNSET_VARIABLE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_Http500_ThrowsTransientHttpError()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Error(500, "boom")));
        using IChatClient client = Client(Options(server));

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(ModelFailureKind.Http, e.Kind);
        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.True(e.IsTransient);
        Assert.Contains("boom", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_Http400_IsNotRetried()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Error(400, "bad field")));
        using IChatClient client = Client(Options(server) with { MaxRetries = 3 });

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.False(e.IsTransient);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task GetResponseAsync_RateLimitedWithRetryAfter_ReportsTheWait()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Error(429, "slow down", retryAfter: "7")));
        using IChatClient client = Client(Options(server));

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(ModelFailureKind.RateLimited, e.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
    }

    [Fact]
    public async Task GetResponseAsync_ServerHangs_ThrowsTimeout()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Hang));
        using IChatClient client = Client(Options(server) with { Timeout = TimeSpan.FromMilliseconds(300) });

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(ModelFailureKind.Timeout, e.Kind);
        Assert.Contains("within 0.3 s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Hang));
        using IChatClient client = Client(Options(server) with { MaxRetries = 5 });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Hello, cancellationToken: cts.Token));
    }

    [Fact]
    public async Task GetResponseAsync_MalformedJson_ThrowsMalformedResponse()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Malformed()));
        using IChatClient client = Client(Options(server));

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(ModelFailureKind.MalformedResponse, e.Kind);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public async Task GetResponseAsync_EmptyChoices_ThrowsEmptyResponse()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.EmptyChoices));
        using IChatClient client = Client(Options(server));

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(ModelFailureKind.EmptyResponse, e.Kind);
    }

    [Fact]
    public async Task GetResponseAsync_BodyCutOff_ThrowsResponseTruncated()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Truncated()));
        using IChatClient client = Client(Options(server));

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(ModelFailureKind.ResponseTruncated, e.Kind);
        Assert.True(e.IsTransient);
        Assert.Contains("ended prematurely", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ConnectionReset_ThrowsTransport()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.ConnectionReset));
        using IChatClient client = Client(Options(server));

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(ModelFailureKind.Transport, e.Kind);
        Assert.True(e.IsTransient);
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

        using IChatClient client = Client(new ModelEndpointOptions { Endpoint = new Uri($"http://127.0.0.1:{port}/v1"), Model = "m", MaxRetries = 0 });

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
        using IChatClient client = Client(
            Options(server) with { MaxRetries = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromSeconds(5) },
            new ModelPipelineOptions { Usage = usage, Retrying = (_, _, d) => delays.Add(d) });

        ChatResponse response = await client.GetResponseAsync(Hello);

        Assert.Equal("finally", response.Text);
        Assert.Equal(3, server.RequestCount);
        Assert.Equal(2, delays.Count);
        Assert.InRange(delays[0], TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
        Assert.Equal(TimeSpan.FromSeconds(1), delays[1]);
        Assert.Equal(1, usage.Requests);
        Assert.Equal(0, usage.Failures);
        Assert.Equal(2, usage.Retries);
        Assert.Equal(1, usage.RetriesByKind[ModelFailureKind.RateLimited]);
    }

    [Fact]
    public async Task ForEndpoint_RetryAfterAboveTheMaximum_WaitsTheMaximum()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Sequence(FakeReply.Error(429, retryAfter: "3600"), FakeReply.Completion("ok")));
        var delays = new List<TimeSpan>();
        using IChatClient client = Client(
            Options(server) with { MaxRetries = 1, MaxRetryDelay = TimeSpan.FromMilliseconds(20) },
            new ModelPipelineOptions { Retrying = (_, _, d) => delays.Add(d) });

        Assert.Equal("ok", (await client.GetResponseAsync(Hello)).Text);
        Assert.Equal([TimeSpan.FromMilliseconds(20)], delays);
    }

    [Fact]
    public async Task ForEndpoint_Backoff_GrowsWithJitterAndStaysUnderTheMaximum()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Error(503)));
        var delays = new List<TimeSpan>();
        using IChatClient client = Client(
            Options(server) with { MaxRetries = 6, RetryBaseDelay = TimeSpan.FromMilliseconds(2), MaxRetryDelay = TimeSpan.FromMilliseconds(40) },
            new ModelPipelineOptions { Retrying = (_, _, d) => delays.Add(d), RetrySeed = 3 });

        await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(6, delays.Count);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromMilliseconds(40)));
        Assert.True(delays.Distinct().Count() > 1, "jitter spreads the waits");
        Assert.True(delays.Skip(3).Average(d => d.TotalMilliseconds) > delays.Take(2).Average(d => d.TotalMilliseconds), string.Join(", ", delays));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("reset")]
    [InlineData("408")]
    [InlineData("429")]
    [InlineData("502")]
    [InlineData("hang")]
    [InlineData("malformed")]
    [InlineData("empty")]
    public async Task ForEndpoint_TransientFaultThenSuccess_Retries(string fault)
    {
        FakeReply reply = fault switch
        {
            "truncated" => FakeReply.Truncated(),
            "reset" => FakeReply.ConnectionReset,
            "408" => FakeReply.RequestTimeout,
            "429" => FakeReply.Error(429, retryAfter: "0"),
            "502" => FakeReply.Error(502),
            "hang" => FakeReply.Hang,
            "malformed" => FakeReply.Malformed(),
            _ => FakeReply.EmptyChoices,
        };
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Sequence(reply, reply, FakeReply.Completion("ok")));
        var usage = new ModelUsage();
        // Only the hang needs a short attempt timeout; the others keep a long one, so a cold, loaded machine never turns them into timeouts.
        TimeSpan timeout = fault == "hang" ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(20);
        using IChatClient client = Client(Options(server) with { MaxRetries = 2, Timeout = timeout }, new ModelPipelineOptions { Usage = usage });

        ChatResponse response = await client.GetResponseAsync(Hello);

        Assert.Equal("ok", response.Text);
        Assert.Equal(3, server.RequestCount);
        Assert.Equal(2, usage.Retries);
        Assert.Empty(server.Problems);
    }

    [Fact]
    public async Task ForEndpoint_RetriesExhausted_ThrowsTheLastFailureAndCountsIt()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Error(503, "overloaded")));
        var usage = new ModelUsage();
        using IChatClient client = ModelClientBuilder.ForEndpoint(Options(server) with { MaxRetries = 2 }, usage);

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Equal(3, server.RequestCount);
        Assert.Equal(1, usage.Failures);
        Assert.Equal(1, usage.FailuresByKind[ModelFailureKind.Http]);
        Assert.Equal(2, usage.Retries);
    }

    [Fact]
    public async Task ForEndpoint_RetryBudgetSpent_FailsWithATimeoutNamingTheBudget()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Hang));
        using IChatClient client = Client(Options(server) with { MaxRetries = 20, Timeout = TimeSpan.FromMilliseconds(200), RetryBudget = TimeSpan.FromMilliseconds(700) });
        long start = System.Diagnostics.Stopwatch.GetTimestamp();

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(ModelFailureKind.Timeout, e.Kind);
        Assert.Contains("retry budget", e.Message, StringComparison.Ordinal);
        Assert.InRange(server.RequestCount, 2, 5);
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(start) < TimeSpan.FromSeconds(5));
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
        using IChatClient client = ModelClientBuilder.ForEndpoint(Options(server) with { MaxConcurrentRequests = 2 });

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.GetResponseAsync(Hello)));

        Assert.Equal(6, server.RequestCount);
        // The limit is an upper bound; how many of the six overlap at once depends on scheduling.
        Assert.InRange(peak, 1, 2);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ValidCompletion_YieldsTheText()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("streamed")));
        using IChatClient client = Client(Options(server));

        var text = new System.Text.StringBuilder();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Hello))
        {
            text.Append(update.Text);
        }

        Assert.Equal("streamed", text.ToString());
        Assert.Empty(server.Problems);
    }
}
