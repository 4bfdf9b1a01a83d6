using Microsoft.Extensions.AI;
using Neptune.Imaging;
using Neptune.Models;
using Neptune.Perception;
using Neptune.Testing;
using Neptune.Vision.Caching;
using Neptune.Vision.Endpoints;
using Neptune.Vision.Scoring;

namespace Neptune.Vision.Tests;

public sealed class CacheAndPoolTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "neptune-vision-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, true);
        }
    }

    [Fact]
    public void Open_JsonLinesCache_ImportsAnswersSkipsBrokenLinesAndKeepsNewOnes()
    {
        string path = Path.Combine(_dir, "scores.jsonl");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(path, "{\"k\": \"k1\", \"v\": \"0.25\"}\n{\"k\": \"k2\", \"v\": \"blue\"}\n{\"k\": \"k3\", \"v\": \n");
        using (ScoreCache imported = ScoreCache.Open(path))
        {
            Assert.Equal(Path.Combine(_dir, "scores.db"), imported.Path);
            imported.Set("k4", "0.5");
        }

        using ScoreCache reopened = ScoreCache.Open(path);
        Assert.Equal(3, reopened.Count);
        Assert.True(reopened.TryGet("k1", out string v1));
        Assert.Equal("0.25", v1);
        Assert.True(reopened.TryGet("k4", out string v4));
        Assert.Equal("0.5", v4);
        Assert.False(reopened.TryGet("k3", out _));
    }

    [Fact]
    public async Task Open_SeveralCachesOnOneDatabase_SeeEachOthersAnswersAndLoseNone()
    {
        string path = Path.Combine(_dir, "scores.db");
        ScoreCache[] caches = [.. Enumerable.Range(0, 4).Select(_ => ScoreCache.Open(path))];
        await Task.WhenAll(caches.Select((c, i) => Task.Run(() =>
        {
            for (int j = 0; j < 100; j++)
            {
                c.Set($"k{i}-{j}", $"{i}.{j}");
            }
        })));

        Assert.True(caches[0].TryGet("k3-99", out string late));
        Assert.Equal("3.99", late);
        Assert.Equal(400, caches[1].Count);
        foreach (ScoreCache c in caches)
        {
            c.Dispose();
        }
    }

    [Fact]
    public void Key_DifferentSplitOfSameText_Differs() =>
        Assert.NotEqual(ScoreCache.Key("ab", "c"), ScoreCache.Key("a", "bc"));

    [Fact]
    public async Task DiskCache_SecondProcess_SendsNoRequests()
    {
        string path = Path.Combine(_dir, "scores.jsonl");
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        float[] first;
        using (ScoreCache cache = ScoreCache.Open(path))
        {
            await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeVision.Probability(0.7), cache: cache);
            first = (await f.Model.CreatePerception(image, objects).ScoreAsync("q?", ["x", "y"], default)).ToArray();
            Assert.Equal(6, f.Server.RequestCount);
        }

        using (ScoreCache cache = ScoreCache.Open(path))
        {
            await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeVision.Probability(0.1), cache: cache);
            float[] second = (await f.Model.CreatePerception(image, objects).ScoreAsync("q?", ["x", "y"], default)).ToArray();
            Assert.Equal(0, f.Server.RequestCount);
            Assert.Equal(first, second);
        }
    }

    [Fact]
    public async Task DiskCache_OtherPromptSettings_MissTheCache()
    {
        using ScoreCache cache = ScoreCache.InMemory();
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        await using VisionFixture a = await VisionFixture.StartAsync(_ => FakeVision.Probability(0.7), new VlmOptions { Prompt = new() { AttachCrops = false } }, cache);
        await a.Model.CreatePerception(image, objects).ScoreAsync("q?", ["x"], default);
        await using VisionFixture b = await VisionFixture.StartAsync(_ => FakeVision.Probability(0.7), new VlmOptions(), cache);
        await b.Model.CreatePerception(image, objects).ScoreAsync("q?", ["x"], default);
        Assert.Equal(3, b.Server.RequestCount);
    }

    [Fact]
    public async Task Pool_RoundRobin_SpreadsRequestsEvenly()
    {
        await using FakeChatServer s1 = await FakeChatServer.StartAsync(_ => FakeVision.Probability(0.6));
        await using FakeChatServer s2 = await FakeChatServer.StartAsync(_ => FakeVision.Probability(0.6));
        using var pool = new EndpointPool(
            [new PoolMember("a", ModelClientBuilder.ForEndpoint(VisionFixture.Endpoint(s1.Endpoint)), 4), new PoolMember("b", ModelClientBuilder.ForEndpoint(VisionFixture.Endpoint(s2.Endpoint)), 4)],
            PoolStrategy.RoundRobin);
        var model = new VisionLanguageModel(pool, "fake-vlm");
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        await model.CreatePerception(image, objects).ScoreAsync("q?", ["x", "y"], default);
        Assert.Equal(3, s1.RequestCount);
        Assert.Equal(3, s2.RequestCount);
        Assert.Equal([3L, 3L], pool.Served);
    }

    [Fact]
    public async Task Pool_OneDeadEndpoint_FailsOverToTheOther()
    {
        await using FakeChatServer dead = await FakeChatServer.StartAsync(_ => FakeReply.Error(502));
        await using FakeChatServer alive = await FakeChatServer.StartAsync(_ => FakeVision.Probability(0.6));
        using var pool = new EndpointPool(
            [new PoolMember("dead", ModelClientBuilder.ForEndpoint(VisionFixture.Endpoint(dead.Endpoint, maxRetries: 0)), 4), new PoolMember("alive", ModelClientBuilder.ForEndpoint(VisionFixture.Endpoint(alive.Endpoint)), 4)],
            PoolStrategy.RoundRobin);
        var model = new VisionLanguageModel(pool, "fake-vlm");
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        float[] values = (await model.CreatePerception(image, objects).ScoreAsync("q?", ["x"], default)).ToArray();
        Assert.All(values, v => Assert.Equal(0.6f, v, 3));
        Assert.Equal(3, alive.RequestCount);
        Assert.True(pool.Failed[0] >= 1);
    }

    [Fact]
    public async Task Pool_LeastBusy_PrefersTheIdleEndpoint()
    {
        var slow = new ScriptedClient(gated: true);
        var fast = new ScriptedClient(gated: false);
        using var pool = new EndpointPool([new PoolMember("slow", slow, 1), new PoolMember("fast", fast, 1)], PoolStrategy.LeastBusy);
        Task<ChatResponse> first = pool.GetResponseAsync([new ChatMessage(ChatRole.User, "a")]);
        for (int i = 0; i < 3; i++)
        {
            await pool.GetResponseAsync([new ChatMessage(ChatRole.User, "b")]);
        }

        slow.Release.SetResult();
        await first;
        Assert.Equal(1, slow.Calls);
        Assert.Equal(3, fast.Calls);
    }

    [Fact]
    public async Task Pool_LeastBusy_WeighsLoadByCapacity()
    {
        var big = new ScriptedClient(gated: true);
        var small = new ScriptedClient(gated: true);
        using var pool = new EndpointPool([new PoolMember("small", small, 1), new PoolMember("big", big, 3)], PoolStrategy.LeastBusy);
        Task<ChatResponse>[] calls = [.. Enumerable.Range(0, 4).Select(_ => pool.GetResponseAsync([new ChatMessage(ChatRole.User, "a")]))];
        big.Release.SetResult();
        small.Release.SetResult();
        await Task.WhenAll(calls);
        Assert.Equal(1, small.Calls);
        Assert.Equal(3, big.Calls);
    }

    /// <summary>A client that answers "Yes" (optionally after the test releases it) and counts calls.</summary>
    private sealed class ScriptedClient(bool gated) : IChatClient
    {
        private int _calls;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            if (gated)
            {
                await Release.Task;
            }

            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "Yes"));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Pool_RepeatedFailures_CoolsDownAndFailsFastWithoutRequests()
    {
        await using FakeChatServer dead = await FakeChatServer.StartAsync(_ => FakeReply.Error(503));
        using var pool = new EndpointPool(
            [new PoolMember("dead", ModelClientBuilder.ForEndpoint(VisionFixture.Endpoint(dead.Endpoint, maxRetries: 0)), 4)],
            failureThreshold: 2,
            coolDown: TimeSpan.FromHours(1));
        var model = new VisionLanguageModel(pool, "fake-vlm", new VlmOptions { Prompt = new() { AttachCrops = false } });
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        for (int i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<PerceptionException>(async () => await model.CreatePerception(image, objects[..1]).ScoreAsync($"q{i}?", ["x"], default));
        }

        PerceptionException e = await Assert.ThrowsAsync<PerceptionException>(async () => await model.CreatePerception(image, objects[..1]).ScoreAsync("q2?", ["x"], default));
        Assert.Equal(PerceptionErrorKind.EndpointUnavailable, e.Kind);
        Assert.Contains("cooling down", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, dead.RequestCount);
        Assert.Equal(3, model.Counters.FailedRequests);
    }

    [Fact]
    public void Pool_NoMembers_Throws() => Assert.Throws<ArgumentException>(() => new EndpointPool([]));
}
