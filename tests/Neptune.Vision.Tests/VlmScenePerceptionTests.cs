using System.Text.Json;
using System.Text.Json.Nodes;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Imaging.Drawing;
using Neptune.Logic;
using Neptune.Perception;
using Neptune.Testing;
using Neptune.Vision.Caching;
using Neptune.Vision.Scoring;

namespace Neptune.Vision.Tests;

public sealed class VlmScenePerceptionTests
{
    /// <summary>Answers "Is the object in the red box blue?" by reading the pixels inside the red mark.</summary>
    private static FakeReply ColorScript(FakeChatRequest request)
    {
        RgbaImage image = TestImages.FirstImage(request);
        string color = TestImages.SquareColor(image, NamedColors.Red);
        bool yes = request.LastUserMessage.Contains($"red box {color}?", StringComparison.Ordinal);
        return FakeVision.Probability(yes ? 0.9 : 0.2);
    }

    [Fact]
    public async Task ScoreAsync_Unary_ReadsEachObjectThroughTheRedBox()
    {
        await using VisionFixture f = await VisionFixture.StartAsync(ColorScript);
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        VlmScenePerception perception = f.Model.CreatePerception(image, objects);

        SoftTensor t = await perception.ScoreAsync("Is the object in the red box blue?", ["x"], default);

        Assert.Equal(["x"], t.Variables);
        float[] values = t.ToArray();
        Assert.Equal(0.9f, values[0], 3);
        Assert.Equal(0.2f, values[1], 3);
        Assert.Equal(0.9f, values[2], 3);
        Assert.Equal(3, f.Server.RequestCount);
        Assert.Empty(f.Server.Problems);
    }

    [Fact]
    public async Task ScoreAsync_Request_HasOneTokenLogprobsAndInstruction()
    {
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeVision.Probability(0.7));
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        await f.Model.CreatePerception(image, objects[..1]).ScoreAsync("Is the object in the red box blue?", ["x"], default);

        FakeChatRequest r = Assert.Single(f.Server.Requests);
        Assert.Equal(1, r.Field("max_completion_tokens")!.Value.GetInt32());
        Assert.Equal(1, r.Field("max_tokens")!.Value.GetInt32());
        Assert.True(r.Field("logprobs")!.Value.GetBoolean());
        Assert.Equal(20, r.Field("top_logprobs")!.Value.GetInt32());
        Assert.Equal(0, r.Field("temperature")!.Value.GetDouble());
        Assert.Equal("Is the object in the red box blue?\nAnswer with Yes or No.", r.LastUserMessage);
        Assert.Single(FakeVision.Images(r));
    }

    [Fact]
    public async Task ScoreAsync_WithCrops_SendsFullImageThenOneZoomedCropPerBox()
    {
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeVision.Probability(0.7), new VlmOptions());
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        await f.Model.CreatePerception(image, objects[..2]).ScoreAsync("Is the object in the red box left of the object in the green box?", ["x", "y"], default);

        Assert.Equal(2, f.Server.RequestCount);
        foreach (FakeChatRequest r in f.Server.Requests)
        {
            IReadOnlyList<byte[]> images = FakeVision.Images(r);
            Assert.Equal(3, images.Count);
            RgbaImage full = ImageCodecs.Default.Decode(images[0]);
            Assert.Equal((240, 160), (full.Width, full.Height));
            RgbaImage crop = ImageCodecs.Default.Decode(images[1]);
            Assert.Equal(224, Math.Max(crop.Width, crop.Height));
            Assert.NotNull(TestImages.FindMark(crop, NamedColors.Red));
            Assert.NotNull(TestImages.FindMark(ImageCodecs.Default.Decode(images[2]), NamedColors.Green));
            Assert.Contains("zoomed views of the red box, the green box", r.LastUserMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ScoreAsync_Binary_RepeatedTuplesAreZeroWithoutRequests()
    {
        await using VisionFixture f = await VisionFixture.StartAsync(request =>
        {
            RgbaImage image = TestImages.FirstImage(request);
            PixelRect red = TestImages.FindMark(image, NamedColors.Red)!.Value;
            PixelRect green = TestImages.FindMark(image, NamedColors.Green)!.Value;
            return FakeVision.Probability(red.X < green.X ? 0.95 : 0.05);
        });
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        VlmScenePerception perception = f.Model.CreatePerception(image, objects);

        SoftTensor left = await perception.ScoreAsync("Is the object in the red box left of the object in the green box?", ["x", "y"], default);

        Assert.Equal(6, f.Server.RequestCount);
        float[] v = left.ToArray();
        for (int x = 0; x < 3; x++)
        {
            for (int y = 0; y < 3; y++)
            {
                float expected = x == y ? 0f : x < y ? 0.95f : 0.05f;
                Assert.Equal(expected, v[(x * 3) + y], 3);
            }
        }

        Assert.Equal(3, f.Model.Counters.RepeatedTuples);
        Assert.Equal(6, f.Model.Counters.ScoredTuples);
    }

    [Fact]
    public async Task ScoreTuplesAsync_RequestedCellsOnly_OneRequestPerDistinctTupleAndScoreAsyncsValues()
    {
        static FakeReply LeftOf(FakeChatRequest request)
        {
            RgbaImage image = TestImages.FirstImage(request);
            PixelRect red = TestImages.FindMark(image, NamedColors.Red)!.Value;
            PixelRect green = TestImages.FindMark(image, NamedColors.Green)!.Value;
            return FakeVision.Probability(red.X < green.X ? 0.95 : 0.05);
        }

        const string question = "Is the object in the red box left of the object in the green box?";
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        await using VisionFixture whole = await VisionFixture.StartAsync(LeftOf);
        float[] all = (await whole.Model.CreatePerception(image, objects).ScoreAsync(question, ["x", "y"], default)).ToArray();

        await using VisionFixture f = await VisionFixture.StartAsync(LeftOf);
        VlmScenePerception perception = f.Model.CreatePerception(image, objects);

        // Cells (0, 2), (1, 1) and (2, 0): the repeated tuple is 0 without a request.
        float[] some = await perception.ScoreTuplesAsync(question, ["x", "y"], new[] { 2, 4, 6 }, default);

        Assert.Equal([all[2], all[4], all[6]], some);
        Assert.Equal(0f, some[1]);
        Assert.Equal(2, f.Server.RequestCount);
        Assert.Equal(2, perception.Requests);
        Assert.Equal(2, perception.ScoredTuples);
        Assert.Equal(1, perception.RoundTrips);
        Assert.Empty(await perception.ScoreTuplesAsync(question, ["x", "y"], ReadOnlyMemory<int>.Empty, default));
        Assert.Equal(2, f.Server.RequestCount);
        PerceptionException wrong = await Assert.ThrowsAsync<PerceptionException>(() => perception.ScoreTuplesAsync(question, ["x", "y"], new[] { 9 }, default).AsTask());
        Assert.Equal(PerceptionErrorKind.InvalidArgument, wrong.Kind);
        Assert.Empty(f.Server.Problems);
    }

    [Fact]
    public async Task ScoreAsync_Ternary_MarksRedGreenBlueInArgumentOrder()
    {
        var seen = new System.Collections.Concurrent.ConcurrentBag<(int, int, int)>();
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        await using VisionFixture f = await VisionFixture.StartAsync(request =>
        {
            RgbaImage sent = TestImages.FirstImage(request);
            int Of(Rgba32 c) => Array.FindIndex(objects, o => TestImages.FindMark(sent, c)!.Value.X == (int)o.Box.Left);
            seen.Add((Of(NamedColors.Red), Of(NamedColors.Green), Of(NamedColors.Blue)));
            return FakeVision.Probability(0.6);
        });

        SoftTensor t = await f.Model.CreatePerception(image, objects).ScoreAsync("Is the red one between the green one and the blue one?", ["x", "y", "z"], default);

        Assert.Equal(27, t.Length);
        Assert.Equal(6, seen.Count);
        Assert.Equal(6, seen.Distinct().Count());
        Assert.All(seen, s => Assert.True(s.Item1 >= 0 && s.Item1 != s.Item2 && s.Item2 != s.Item3 && s.Item1 != s.Item3));
    }

    [Fact]
    public async Task ScoreAsync_WithCache_NeverScoresATupleTwice()
    {
        using ScoreCache cache = ScoreCache.InMemory();
        await using VisionFixture f = await VisionFixture.StartAsync(ColorScript, cache: cache);
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();

        SoftTensor first = await f.Model.CreatePerception(image, objects).ScoreAsync("Is the object in the red box blue?", ["x"], default);
        SoftTensor second = await f.Model.CreatePerception(image.Clone(), objects).ScoreAsync("Is the object in the red box blue?", ["y"], default);

        Assert.Equal(3, f.Server.RequestCount);
        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(3, f.Model.Counters.CacheHits);
    }

    [Fact]
    public async Task Counters_PerPerception_CountRequestsCacheHitsAndRoundTripsOfThatQuestionAlone()
    {
        using ScoreCache cache = ScoreCache.InMemory();
        await using VisionFixture f = await VisionFixture.StartAsync(ColorScript, cache: cache);
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        VlmScenePerception first = f.Model.CreatePerception(image, objects);
        VlmScenePerception second = f.Model.CreatePerception(image.Clone(), objects);

        await first.ScoreAsync("Is the object in the red box blue?", ["x"], default);
        await first.ScoreAsync("Is the object in the red box left of the object in the green box?", ["x", "y"], default);
        await second.ScoreAsync("Is the object in the red box blue?", ["x"], default);

        Assert.Equal(3 + 6, first.Requests);
        Assert.Equal(0, first.CacheHits);
        Assert.Equal(2, first.RoundTrips);
        Assert.Equal(0, second.Requests);
        Assert.Equal(3, second.CacheHits);
        Assert.Equal(0, second.RoundTrips);
        Assert.Equal(3, second.ScoredTuples);
    }

    [Fact]
    public async Task RoundTrips_MoreRequestsThanThePendingWindow_CountOneWavePerWindow()
    {
        var gate = new GatedClient();
        gate.Release.SetResult();
        var model = new VisionLanguageModel(gate, "gated", new VlmOptions { MaxPendingRequests = 2, Prompt = new() { AttachCrops = false } });
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        VlmScenePerception perception = model.CreatePerception(image, objects);

        await perception.ScoreAsync("Is the object in the red box blue?", ["x"], default);
        await perception.QueryAsync("What color is the object in the red box?", 0, default);

        Assert.Equal(4, perception.Requests);
        Assert.Equal(2 + 1, perception.RoundTrips);
    }

    [Fact]
    public async Task ScoreAsync_ConcurrentIdenticalQuestions_ShareRequests()
    {
        var gate = new GatedClient();
        var model = new VisionLanguageModel(gate, "gated", new VlmOptions { Prompt = new() { AttachCrops = false } });
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        VlmScenePerception perception = model.CreatePerception(image, objects);

        Task<SoftTensor> a = perception.ScoreAsync("Is the object in the red box blue?", ["x"], default).AsTask();
        Task<SoftTensor> b = perception.ScoreAsync("Is the object in the red box blue?", ["x"], default).AsTask();
        gate.Release.SetResult();
        await Task.WhenAll(a, b);

        Assert.Equal(3, gate.Calls);
        Assert.Equal(3, model.Counters.CacheHits);
        Assert.Equal((await a).ToArray(), (await b).ToArray());
    }

    [Fact]
    public async Task ScoreAsync_SharerCancels_OtherCallerStillGetsItsScores()
    {
        var gate = new GatedClient();
        var model = new VisionLanguageModel(gate, "gated", new VlmOptions { Prompt = new() { AttachCrops = false } });
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        VlmScenePerception perception = model.CreatePerception(image, objects);
        using var cancel = new CancellationTokenSource();

        Task<SoftTensor> first = perception.ScoreAsync("q?", ["x"], cancel.Token).AsTask();
        Task<SoftTensor> second = perception.ScoreAsync("q?", ["x"], default).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        gate.Release.SetResult();

        SoftTensor result = await second;
        Assert.Equal(new[] { 0.5f, 0.5f, 0.5f }, result.ToArray());
        Assert.Equal(6, gate.Calls);
    }

    [Fact]
    public async Task ScoreAsync_PendingWindow_BuildsAndSendsAtMostThatManyAtOnce()
    {
        var gate = new GatedClient();
        var model = new VisionLanguageModel(gate, "gated", new VlmOptions { MaxPendingRequests = 2, Prompt = new() { AttachCrops = false } });
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        Task<SoftTensor> score = model.CreatePerception(image, objects).ScoreAsync("q?", ["x", "y"], default).AsTask();
        await Task.Delay(100);
        Assert.InRange(gate.Calls, 1, 2);
        gate.Release.SetResult();
        await score;
        Assert.Equal(6, gate.Calls);
    }

    /// <summary>A client whose answers (no logprobs) wait until the test releases them.</summary>
    private sealed class GatedClient : Microsoft.Extensions.AI.IChatClient
    {
        private int _calls;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        public async Task<Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            await Release.Task.WaitAsync(cancellationToken);
            return new Microsoft.Extensions.AI.ChatResponse(new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.Assistant, "Yes"));
        }

        public IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Theory]
    [InlineData("Yes")]
    [InlineData(" Yes")]
    [InlineData("YES")]
    [InlineData("yes")]
    public async Task ScoreAsync_TokenVariantsOnTheWire_AreOneBucket(string variant)
    {
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeVision.YesNo((variant, Math.Log(0.6)), ("No", Math.Log(0.3)), ("Maybe", Math.Log(0.1))));
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        SoftTensor t = await f.Model.CreatePerception(image, objects[..1]).ScoreAsync("Is it blue?", ["x"], default);
        Assert.Equal(0.6f / 0.9f, t.ToArray()[0], 4);
    }

    [Fact]
    public async Task ScoreAsync_MissingNoBucket_UsesFloorAndCounts()
    {
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeVision.YesNo(("Yes", Math.Log(0.9)), ("The", Math.Log(0.05))));
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        SoftTensor t = await f.Model.CreatePerception(image, objects).ScoreAsync("Is it blue?", ["x"], default);
        Assert.All(t.ToArray(), v => Assert.Equal(0.9f / (0.9f + 1e-6f), v, 5));
        Assert.Equal(3, f.Model.Counters.MissingNo);
    }

    [Fact]
    public async Task ScoreAsync_NoLogprobs_IsNeutralAndCounted()
    {
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeVision.NoLogprobs("Yes"));
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        SoftTensor t = await f.Model.CreatePerception(image, objects).ScoreAsync("Is it blue?", ["x"], default);
        Assert.All(t.ToArray(), v => Assert.Equal(0.5f, v));
        Assert.Equal(3, f.Model.Counters.NoLogprobs);
    }

    [Fact]
    public async Task ScoreAsync_NoLogprobsWithFailPolicy_ThrowsMalformedResponse()
    {
        var options = new VlmOptions { Scoring = new YesNoScoringOptions { WhenNoLogprobs = MissingLogprobsAction.Fail }, Prompt = new() { AttachCrops = false } };
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeVision.NoLogprobs("Yes"), options);
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        PerceptionException e = await Assert.ThrowsAsync<PerceptionException>(async () => await f.Model.CreatePerception(image, objects).ScoreAsync("Is it blue?", ["x"], default));
        Assert.Equal(PerceptionErrorKind.MalformedResponse, e.Kind);
        Assert.Contains("no logprobs", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_ThinkingBeforeAnswer_ScoresTheFirstTokenAfterIt()
    {
        JsonObject logprobs = FakeVision.Logprobs(
            ("<think>", [("<think>", -0.01)]),
            ("hmm", [("hmm", -0.5)]),
            ("</think>", [("</think>", -0.01)]),
            ("\n\n", [("\n\n", -0.01)]),
            ("No", [("No", Math.Log(0.8)), ("Yes", Math.Log(0.2))]));
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeReply.Completion("<think>hmm</think>\n\nNo", logprobs: logprobs));
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        SoftTensor t = await f.Model.CreatePerception(image, objects[..1]).ScoreAsync("Is it blue?", ["x"], default);
        Assert.Equal(0.2f, t.ToArray()[0], 4);
    }

    [Fact]
    public async Task ScoreAsync_RateLimitedWithRetryAfter_RetriesAndSucceeds()
    {
        int calls = 0;
        await using VisionFixture f = await VisionFixture.StartAsync(_ =>
            Interlocked.Increment(ref calls) == 1 ? FakeReply.Error(429, "slow down", retryAfter: "0") : FakeVision.Probability(0.8));
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        SoftTensor t = await f.Model.CreatePerception(image, objects[..1]).ScoreAsync("Is it blue?", ["x"], default);
        Assert.Equal(0.8f, t.ToArray()[0], 3);
        Assert.Equal(2, f.Server.RequestCount);
    }

    [Fact]
    public async Task ScoreAsync_ServerErrorsAfterRetries_ThrowsEndpointUnavailableAndRecords()
    {
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeReply.Error(500));
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        PerceptionException e = await Assert.ThrowsAsync<PerceptionException>(async () =>
            await f.Model.CreatePerception(image, objects[..1]).ScoreAsync("Is it blue?", ["x"], default));
        Assert.Equal(PerceptionErrorKind.EndpointUnavailable, e.Kind);
        Assert.Contains("\"Is it blue?\"", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, f.Server.RequestCount);
        Assert.Equal(1, f.Model.Counters.FailedRequests);
        Assert.StartsWith("Is it blue?: ", Assert.Single(f.Model.Counters.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_Timeout_ThrowsEndpointUnavailable()
    {
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeReply.Hang, maxRetries: 0, timeout: TimeSpan.FromMilliseconds(300));
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        PerceptionException e = await Assert.ThrowsAsync<PerceptionException>(async () =>
            await f.Model.CreatePerception(image, objects[..1]).ScoreAsync("Is it blue?", ["x"], default));
        Assert.Equal(PerceptionErrorKind.EndpointUnavailable, e.Kind);
    }

    [Fact]
    public async Task ScoreAsync_MalformedJson_ThrowsMalformedResponse()
    {
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeReply.Malformed(), maxRetries: 0);
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        PerceptionException e = await Assert.ThrowsAsync<PerceptionException>(async () =>
            await f.Model.CreatePerception(image, objects[..1]).ScoreAsync("Is it blue?", ["x"], default));
        Assert.Equal(PerceptionErrorKind.MalformedResponse, e.Kind);
    }

    [Fact]
    public async Task ScoreAsync_TooManyTuples_ThrowsInvalidArgumentWithoutRequests()
    {
        var options = new VlmOptions { MaxTuplesPerScore = 8 };
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeVision.Probability(0.5), options);
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        PerceptionException e = await Assert.ThrowsAsync<PerceptionException>(async () =>
            await f.Model.CreatePerception(image, objects).ScoreAsync("q?", ["x", "y"], default));
        Assert.Equal(PerceptionErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(0, f.Server.RequestCount);
    }

    [Fact]
    public async Task QueryAsync_ThinkingAndPunctuation_ReturnsNormalisedAnswer()
    {
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeReply.Completion("<think>it looks blue</think>\n  Blue.\n"));
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        string answer = await f.Model.CreatePerception(image, objects).QueryAsync("What color is the object in the red box?", 2, default);
        Assert.Equal("blue", answer);
        FakeChatRequest r = Assert.Single(f.Server.Requests);
        Assert.Equal(16, r.Field("max_completion_tokens")!.Value.GetInt32());
        Assert.EndsWith("Answer the question using a single word or phrase.", r.LastUserMessage, StringComparison.Ordinal);
        Assert.Null(r.Field("logprobs"));
    }

    [Fact]
    public async Task QueryAsync_IndexOutOfRange_ThrowsInvalidArgument()
    {
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeReply.Completion("blue"));
        (RgbaImage image, DetectedObject[] objects) = TestImages.ThreeSquares();
        PerceptionException e = await Assert.ThrowsAsync<PerceptionException>(async () => await f.Model.CreatePerception(image, objects).QueryAsync("What?", 3, default));
        Assert.Equal(PerceptionErrorKind.InvalidArgument, e.Kind);
    }
}
