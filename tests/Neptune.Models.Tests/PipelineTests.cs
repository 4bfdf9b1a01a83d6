using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Neptune.Models.Middleware;
using Neptune.Models.Pipeline;
using Neptune.Testing;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Neptune.Models.Tests;

/// <summary>The library-built pipeline: logprobs through the cache, cache keys, telemetry.</summary>
public sealed class PipelineTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "Is the object in the red box a cube?")];

    private static FakeReply YesNo(double yes, double no) => FakeReply.Completion("Yes", "length", completionTokens: 1, logprobs: FakeVision.Logprobs(("Yes", [("Yes", yes), ("No", no)])));

    private static ChatOptions LogprobOptions(int top) => new()
    {
        MaxOutputTokens = 1,
        RawRepresentationFactory = _ => new ChatCompletionOptions { IncludeLogProbabilities = true, TopLogProbabilityCount = top },
    };

    private static MemoryDistributedCache NewCache() => new(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions()));

    [Fact]
    public async Task GetResponseAsync_LogprobsRequested_SendsTheRequestAndExposesTheAlternatives()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(YesNo(-0.1, -2.4)));
        using IChatClient client = ModelClientBuilder.ForEndpoint(ChatClientTests.Options(server));

        ChatResponse response = await client.GetResponseAsync(Question, LogprobOptions(5));

        FakeChatRequest request = Assert.Single(server.Requests);
        Assert.True(request.Field("logprobs")!.Value.GetBoolean());
        Assert.Equal(5, request.Field("top_logprobs")!.Value.GetInt32());
        TokenLogprobs token = Assert.Single(ResponseLogprobs.Read(response)!);
        Assert.Equal("Yes", token.Token);
        Assert.Equal([("Yes", -0.1), ("No", -2.4)], token.Top.Select(t => (t.Token, Math.Round(t.Logprob, 6))));
    }

    [Fact]
    public async Task ResponseCache_Hit_KeepsTheLogprobsAndSendsNoRequest()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(YesNo(-0.1, -2.4)));
        IDistributedCache cache = NewCache();
        var usage = new ModelUsage();
        using IChatClient client = ModelClientBuilder.ForEndpoint(ChatClientTests.Options(server), new ModelPipelineOptions { ResponseCache = cache, Usage = usage });

        ChatResponse first = await client.GetResponseAsync(Question, LogprobOptions(5));
        ChatResponse second = await client.GetResponseAsync(Question, LogprobOptions(5));

        Assert.Equal(1, server.RequestCount);
        Assert.Equal(1, usage.Requests);
        Assert.Null(second.RawRepresentation);
        Assert.Equal(ResponseLogprobs.Read(first)!.Single().Top, ResponseLogprobs.Read(second)!.Single().Top);
    }

    [Fact]
    public async Task ResponseCache_LogprobRequestDiffers_IsAMiss()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(YesNo(-0.1, -2.4)));
        using IChatClient client = ModelClientBuilder.ForEndpoint(ChatClientTests.Options(server), new ModelPipelineOptions { ResponseCache = NewCache() });

        await client.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 1 });
        await client.GetResponseAsync(Question, LogprobOptions(5));
        await client.GetResponseAsync(Question, LogprobOptions(10));
        await client.GetResponseAsync(Question, LogprobOptions(10));

        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task ResponseCache_SharedByTwoModels_KeepsTheirAnswersApart()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(request => FakeReply.Completion($"from {request.Model}"));
        IDistributedCache cache = NewCache();
        using IChatClient a = ModelClientBuilder.ForEndpoint(ChatClientTests.Options(server) with { Model = "a" }, new ModelPipelineOptions { ResponseCache = cache });
        using IChatClient b = ModelClientBuilder.ForEndpoint(ChatClientTests.Options(server) with { Model = "b" }, new ModelPipelineOptions { ResponseCache = cache });

        Assert.Equal("from a", (await a.GetResponseAsync(Question)).Text);
        Assert.Equal("from b", (await b.GetResponseAsync(Question)).Text);
        Assert.Equal("from a", (await a.GetResponseAsync(Question)).Text);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task ResponseCache_Failure_IsNotCached()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Sequence(FakeReply.Error(400, "no"), FakeReply.Completion("ok")));
        using IChatClient client = ModelClientBuilder.ForEndpoint(ChatClientTests.Options(server), new ModelPipelineOptions { ResponseCache = NewCache() });

        await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Question));
        Assert.Equal("ok", (await client.GetResponseAsync(Question)).Text);
    }

    [Fact]
    public async Task Telemetry_ListenerAttached_RecordsOneSpanPerCallWithRetryEventsAndCounters()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Sequence(FakeReply.Truncated(), FakeReply.Error(503), FakeReply.Completion("ok")));
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ModelTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) { spans.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        var retries = new List<string>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ModelTelemetry.SourceName && instrument.Name == "neptune.model.retries")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> t in tags)
            {
                if (t.Key == "neptune.model.failure")
                {
                    lock (retries) { retries.Add((string)t.Value!); }
                }
            }
        });
        meters.Start();
        // Other tests run at the same time and the listener hears them too: this call has a model name of its own.
        string model = $"telemetry-{Guid.NewGuid():N}";
        using IChatClient client = ModelClientBuilder.ForEndpoint(ChatClientTests.Options(server) with { Model = model, MaxRetries = 2 });

        await client.GetResponseAsync(Question);

        Activity span;
        lock (spans)
        {
            span = Assert.Single(spans, s => s.GetTagItem("gen_ai.request.model") as string == model);
        }

        Assert.Equal(["response_truncated", "http"], span.Events.Where(e => e.Name == "neptune.model.retry").Select(e => (string)e.Tags.Single(t => t.Key == "neptune.model.failure").Value!));
        Assert.Contains("response_truncated", retries);
        Assert.Contains("http", retries);
    }

    [Theory]
    [InlineData("""{"choices": [{"index": 0}]}""", "completion")]
    [InlineData("""{"id": "x", "usage": {"choices": []}, "choices": [{"message": {"choices": []}}], "model": "m"}""", "completion")]
    [InlineData("""{"choices": []}""", "no_choices")]
    [InlineData("""{"id": "x"}""", "no_choices")]
    [InlineData("""{"id": "chatcmpl-1", "choices": [""", "not_json")]
    [InlineData("""[1, 2]""", "not_json")]
    [InlineData("", "not_json")]
    [InlineData("<html>bad gateway</html>", "not_json")]
    public void Shape_Body_IsClassified(string body, string expected) =>
        Assert.Equal(expected, ResponseShapePolicy.Shape(System.Text.Encoding.UTF8.GetBytes(body)) switch
        {
            ResponseShapePolicy.BodyShape.Completion => "completion",
            ResponseShapePolicy.BodyShape.NoChoices => "no_choices",
            _ => "not_json",
        });
}
