using System.Text.Json;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Language;
using Neptune.Language.Library;
using Neptune.Logic;
using Neptune.Models;
using Neptune.Perception;
using Neptune.Testing;
using Neptune.Vision.Caching;
using Neptune.Vision.Embeddings;
using Neptune.Vision.Verification;

namespace Neptune.Vision.Tests;

public sealed class ClipVerificationTests
{
    // Text embeddings of the fake CLIP model; an image's embedding is its mean colour (r, g, b) / 255.
    private static readonly Dictionary<string, float[]> Texts = new(StringComparer.Ordinal)
    {
        ["a photo of a cup."] = [1, 0, 0],
        ["a photo of a dog."] = [0, 1, 0],
        ["a photo of a car."] = [0, 0, 1],
        ["a photo of a red object."] = [1, 0, 0],
    };

    private static readonly ClipVerifierOptions Small = new() { Temperature = 1f, Bank = ["dog", "car"] };

    /// <summary>A 100×50 photo: red on the left half, green on the right; object 0 the red half, 1 the green half.</summary>
    private static PhotoScenePerception Photo(float redConfidence = 0.9f, float greenConfidence = 0.9f)
    {
        var image = new RgbaImage(100, 50, new Rgba32(0, 255, 0, 255));
        for (int y = 0; y < 50; y++)
        {
            for (int x = 0; x < 50; x++)
            {
                image.SetPixel(x, y, new Rgba32(255, 0, 0, 255));
            }
        }

        return new PhotoScenePerception(image, [
            new DetectedObject(0, new BoundingBox(0, 0, 50, 50), "cup", redConfidence),
            new DetectedObject(1, new BoundingBox(50, 0, 100, 50), "cup", greenConfidence),
        ]);
    }

    private static FakeEmbeddingsReply Clip(FakeEmbeddingsRequest r) =>
        FakeEmbeddingsReply.Vectors(r.IsImage ? [.. r.Images.Select(FakeClip.MeanColour)] : [.. r.Texts.Select(t => Texts.TryGetValue(t, out float[]? v) ? v : [0.5f, 0.5f, 0.5f])]);

    private static EmbeddingsOptions Options(Uri endpoint, EmbeddingsProtocol protocol, int retries = 2, TimeSpan? timeout = null) => new()
    {
        Endpoint = endpoint,
        Model = "openai/clip-vit-base-patch32",
        Protocol = protocol,
        MaxRetries = retries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromSeconds(2),
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    };

    [Fact]
    public void Verification_HandComputedCase_MatchesEquationTwo()
    {
        // sim(I, l) = 1; sim(I, c1) = 0; sim(I, c2) = 1/√2. τ = 1:
        // ½ (e^1 / (e^1 + e^0) + e^1 / (e^1 + e^{1/√2})) = ½ (0.7310586 + 0.5727043) = 0.6518814.
        float s = ClipScore.Verification([1, 0], [2, 0], [0, 3, 1, 1], 1f);
        Assert.Equal(0.6518814f, s, 5);
    }

    [Fact]
    public void Verification_SmallTemperature_IsTheQuotientWithoutOverflow()
    {
        // sim(I, l) = 0.9 (as cosine), one bank row with sim 0.2; τ = 0.01: e^90 / (e^90 + e^20) = 1 − 4e-31 ≈ 1.
        float[] image = [0.9f, MathF.Sqrt(1 - 0.81f)];
        float s = ClipScore.Verification(image, [1, 0], [0.2f, MathF.Sqrt(1 - 0.04f)], 0.01f);
        Assert.True(float.IsFinite(s));
        Assert.True(s > 0.5f);
        Assert.Equal(1f / (1f + MathF.Exp((ClipCos(image, [0.2f, MathF.Sqrt(0.96f)]) - 0.9f) / 0.01f)), s, 5);
    }

    private static float ClipCos(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);

    [Fact]
    public void Verification_SkippedRow_LeavesItOutOfTheMean()
    {
        // Bank [l itself, c]: without the skip the first term is ½ whatever the image.
        float with = ClipScore.Verification([1, 0], [1, 0], [1, 0, 0, 1], 1f);
        float without = ClipScore.Verification([1, 0], [1, 0], [1, 0, 0, 1], 1f, [0]);
        Assert.Equal((0.5f + 0.7310586f) / 2, with, 5);
        Assert.Equal(0.7310586f, without, 5);
        Assert.Throws<ArgumentException>(() => ClipScore.Verification([1, 0], [1, 0], [1, 0], 1f, [0]));
    }

    [Fact]
    public void Softmax_HandComputedCase_MatchesAttributeScore()
    {
        var p = new float[2];
        ClipScore.Softmax([1f, 0f], 0.5f, p);
        Assert.Equal(0.8807971f, p[0], 5);
        Assert.Equal(0.1192029f, p[1], 5);
    }

    [Theory]
    [InlineData(FakeEmbeddingsWire.Vllm, EmbeddingsProtocol.Vllm)]
    [InlineData(FakeEmbeddingsWire.Infinity, EmbeddingsProtocol.Infinity)]
    public async Task VerifyAsync_ObjectName_IsEquationTwoOverTheCrops(FakeEmbeddingsWire wire, EmbeddingsProtocol protocol)
    {
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(wire, Clip);
        using var client = new EmbeddingsClient(Options(server.Endpoint, protocol));
        var verifier = new ClipRegionVerifier(client, Small);

        float[] s = await verifier.VerifyAsync(Photo(), "cup", VerificationKind.ObjectName, [0, 1], CancellationToken.None);

        // Red crop: sim(I, cup) = 1, dog 0, car 0 → e/(e+1) twice = 0.7310586.
        // Green crop: sim(I, cup) = 0, dog 1, car 0 → ½ (1/(1+e) + ½) = 0.3844707.
        Assert.Equal(0.7310586f, s[0], 4);
        Assert.Equal(0.3844707f, s[1], 4);
        Assert.Empty(server.Problems);
        int images = server.Requests.Count(r => r.IsImage);
        Assert.Equal(wire == FakeEmbeddingsWire.Vllm ? 2 : 1, images);
        Assert.All(server.Requests, r => Assert.Equal("openai/clip-vit-base-patch32", r.Model));
    }

    [Fact]
    public async Task VerifyAsync_LabelInTheBank_LeavesTheLabelOut()
    {
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Vllm, Clip);
        using var client = new EmbeddingsClient(Options(server.Endpoint, EmbeddingsProtocol.Vllm));
        var verifier = new ClipRegionVerifier(client, Small with { Bank = ["dog", "Cup", "car"] });
        float[] s = await verifier.VerifyAsync(Photo(), "cup", VerificationKind.ObjectName, [0], CancellationToken.None);
        Assert.Equal(0.7310586f, s[0], 4);
    }

    [Fact]
    public async Task VerifyAsync_Property_IsTheSoftmaxAcrossCandidates()
    {
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Vllm, Clip);
        using var client = new EmbeddingsClient(Options(server.Endpoint, EmbeddingsProtocol.Vllm));
        var verifier = new ClipRegionVerifier(client, Small with { Temperature = 0.5f });
        float[] p = await verifier.VerifyAsync(Photo(), "red", VerificationKind.Property, [0, 1], CancellationToken.None);
        Assert.Equal(0.8807971f, p[0], 4);
        Assert.Equal(0.1192029f, p[1], 4);
        Assert.Contains(server.Requests, r => r.Texts.SequenceEqual(["a photo of a red object."]));
    }

    [Fact]
    public async Task VerifyAsync_Caches_TextsOncePerVerifierAndCropsThroughTheScoreCache()
    {
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Vllm, Clip);
        using var client = new EmbeddingsClient(Options(server.Endpoint, EmbeddingsProtocol.Vllm));
        ScoreCache cache = ScoreCache.InMemory();
        var verifier = new ClipRegionVerifier(client, Small, cache);

        await verifier.VerifyAsync(Photo(), "cup", VerificationKind.ObjectName, [0, 1], CancellationToken.None);
        int first = server.RequestCount;
        await verifier.VerifyAsync(Photo(), "cup", VerificationKind.ObjectName, [0, 1], CancellationToken.None);
        await verifier.VerifyAsync(Photo(), "bowl", VerificationKind.ObjectName, [1], CancellationToken.None);
        await verifier.VerifyAsync(Photo(), "dog", VerificationKind.ObjectName, [1], CancellationToken.None);

        // First call: the bank (one batched request), the label, two crops. Then only the new label's text ("dog" is
        // a bank text, already embedded).
        Assert.Equal(4, first);
        Assert.Equal(first + 1, server.RequestCount);
        Assert.Equal(2, verifier.CropRequests);
        Assert.Equal(4, verifier.CropCacheHits);

        // A new verifier over the same cache needs no request at all for what it has seen.
        var again = new ClipRegionVerifier(client, Small, cache);
        float[] s = await again.VerifyAsync(Photo(), "cup", VerificationKind.ObjectName, [0, 1], CancellationToken.None);
        Assert.Equal(first + 1, server.RequestCount);
        Assert.Equal(0.7310586f, s[0], 4);
    }

    [Fact]
    public async Task Find_ClipVerifier_KeepsTheDetectionsAboveTheLabelThreshold()
    {
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Infinity, Clip);
        using var client = new EmbeddingsClient(Options(server.Endpoint, EmbeddingsProtocol.Infinity));
        var referring = new ReferringOptions
        {
            Verifier = new ClipRegionVerifier(client, Small),
            Settings = new VerificationSettings { LabelThresholds = new Dictionary<string, float> { ["cup"] = 0.6f } },
        };
        PreparedProgram program = new ProgramEngine().Prepare("CUPS = FIND(object_name='cup')\nFINAL_RESULT = RESULT(object=CUPS)");

        RunResult run = await Task.Run(() => program.Run(new RunOptions { Perception = Photo(), Referring = referring }));
        Assert.True(run.Succeeded, run.Error?.FirstLine);
        Assert.Equal([0], ReferringResult.FromValue(run.Value, Photo().Objects, 0.5f).Objects);

        // δ_cup above both scores: FIND abstains, naming the best S.
        RunResult none = await Task.Run(() => program.Run(new RunOptions
        {
            Perception = Photo(),
            Referring = referring with { Settings = new VerificationSettings { LabelThresholds = new Dictionary<string, float> { ["cup"] = 0.75f } } },
        }));
        ReferringResult result = ReferringResult.FromValue(none.Value, Photo().Objects, 0.5f);
        Assert.True(result.NoTarget);
        Assert.Equal("FIND", result.AbstainedOperator);
    }

    [Fact]
    public async Task Find_DetectionBelowTheDetectorThreshold_IsNoCandidate()
    {
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Vllm, Clip);
        using var client = new EmbeddingsClient(Options(server.Endpoint, EmbeddingsProtocol.Vllm));
        var referring = new ReferringOptions { Verifier = new ClipRegionVerifier(client, Small) };
        PreparedProgram program = new ProgramEngine().Prepare("return FIND(object_name='cup')");

        // The red half is the better cup but was detected at 0.15 < 0.2: only the green half is a candidate, and it fails δ = 0.5.
        RunResult run = await Task.Run(() => program.Run(new RunOptions { Perception = Photo(redConfidence: 0.15f, greenConfidence: 0.25f), Referring = referring }));
        Assert.True(ReferringResult.FromValue(run.Value, Photo().Objects, 0.5f).NoTarget);
        Assert.Single(server.Requests, r => r.IsImage);
    }

    [Fact]
    public async Task VerifyAsync_SceneWithoutPicture_IsATypedPerceptionError()
    {
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Vllm, Clip);
        using var client = new EmbeddingsClient(Options(server.Endpoint, EmbeddingsProtocol.Vllm));
        var verifier = new ClipRegionVerifier(client, Small);
        var e = await Assert.ThrowsAsync<PerceptionException>(async () =>
            await verifier.VerifyAsync(new NoPictureScene(), "cup", VerificationKind.ObjectName, [0], CancellationToken.None));
        Assert.Equal(PerceptionErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public async Task VerifyAsync_ServerDown_IsEndpointUnavailableNamingTheLabel()
    {
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Vllm, _ => FakeEmbeddingsReply.Error(503));
        using var client = new EmbeddingsClient(Options(server.Endpoint, EmbeddingsProtocol.Vllm, retries: 1));
        var verifier = new ClipRegionVerifier(client, Small);
        var e = await Assert.ThrowsAsync<PerceptionException>(async () =>
            await verifier.VerifyAsync(Photo(), "cup", VerificationKind.ObjectName, [0], CancellationToken.None));
        Assert.Equal(PerceptionErrorKind.EndpointUnavailable, e.Kind);
        Assert.Contains("'cup'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VlmRegionVerifier_AsksTheYesNoQuestionPerRegion()
    {
        await using VisionFixture f = await VisionFixture.StartAsync(r =>
            FakeVision.Probability(r.LastUserMessage.Contains("Is the object in the red box a cup?", StringComparison.Ordinal) ? 0.8 : 0.3), cache: ScoreCache.InMemory());
        var verifier = new VlmRegionVerifier(f.Model);
        float[] s = await verifier.VerifyAsync(Photo(), "cup", VerificationKind.ObjectName, [0, 1], CancellationToken.None);
        Assert.Equal(0.8f, s[0], 3);
        Assert.Equal(0.8f, s[1], 3);
        Assert.Equal(2, f.Server.RequestCount);
        float[] again = await verifier.VerifyAsync(Photo(), "cup", VerificationKind.ObjectName, [0, 1], CancellationToken.None);
        Assert.Equal(s, again);
        Assert.Equal(2, f.Server.RequestCount);
    }

    private sealed class NoPictureScene : IScenePerception
    {
        public IReadOnlyList<DetectedObject> Objects { get; } = [new DetectedObject(0, new BoundingBox(0, 0, 10, 10))];

        public ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}

public sealed class EmbeddingsClientTests
{
    private static readonly float[] V = [0.6f, 0.8f];

    private static EmbeddingsOptions Options(Uri endpoint, EmbeddingsProtocol protocol = EmbeddingsProtocol.Vllm, int retries = 3, TimeSpan? timeout = null) => new()
    {
        Endpoint = endpoint,
        Model = "clip",
        Protocol = protocol,
        MaxRetries = retries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromSeconds(5),
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
        BatchSize = 2,
    };

    [Fact]
    public async Task EmbedTextsAsync_Vllm_SendsInputBatchesAndReadsIndexOrder()
    {
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Vllm,
            r => FakeEmbeddingsReply.Vectors([.. r.Texts.Select(t => new[] { t.Length, 1f })], reversed: true));
        using var client = new EmbeddingsClient(Options(server.Endpoint));
        float[][] v = await client.EmbedTextsAsync(["a", "bb", "ccc"]);
        Assert.Equal([1f, 2f, 3f], v.Select(x => x[0]));
        Assert.Equal(2, server.RequestCount);
        Assert.Empty(server.Problems);
        JsonElement body = server.Requests[0].Body;
        Assert.False(body.TryGetProperty("messages", out _));
        Assert.False(body.TryGetProperty("modality", out _));
    }

    [Fact]
    public async Task EmbedImagesAsync_Vllm_OneChatMessagePerImage()
    {
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Vllm, r => FakeEmbeddingsReply.Vectors([V]));
        using var client = new EmbeddingsClient(Options(server.Endpoint));
        float[][] v = await client.EmbedImagesAsync([new RgbaImage(8, 8), new RgbaImage(4, 4)]);
        Assert.Equal(2, v.Length);
        Assert.Equal(2, server.RequestCount);
        Assert.Empty(server.Problems);
        Assert.All(server.Requests, r => Assert.Single(r.Images));
    }

    [Fact]
    public async Task EmbedImagesAsync_Infinity_DataUrisWithImageModality_ShrinksLargeCrops()
    {
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Infinity,
            r => FakeEmbeddingsReply.Vectors([.. r.Images.Select(_ => V)]));
        using var client = new EmbeddingsClient(Options(server.Endpoint, EmbeddingsProtocol.Infinity) with { MaxImageSide = 64 });
        await client.EmbedImagesAsync([new RgbaImage(200, 100), new RgbaImage(10, 10), new RgbaImage(5, 5)]);
        Assert.Empty(server.Problems);
        // The two batches are sent concurrently, so they may arrive in either order.
        Assert.Equal([1, 2], server.Requests.Select(r => r.Images.Count).Order());
        Assert.All(server.Requests, r => Assert.Equal("image", r.Body.GetProperty("modality").GetString()));
        RgbaImage first = ImageCodecs.Default.Decode(server.Requests.Single(r => r.Images.Count == 2).Images[0]);
        Assert.Equal((64, 32), (first.Width, first.Height));
    }

    [Fact]
    public async Task EmbedTextsAsync_TransientFaults_AreRetried()
    {
        int n = -1;
        FakeEmbeddingsReply[] faults =
        [
            FakeEmbeddingsReply.Error(500),
            FakeEmbeddingsReply.Raw("{\"data\": [{\"embedding\": [0.1, "),
            FakeEmbeddingsReply.Truncated([V], 0.4),
            FakeEmbeddingsReply.Vectors([V]),
        ];
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Vllm, _ => faults[Math.Min(Interlocked.Increment(ref n), 3)]);
        using var client = new EmbeddingsClient(Options(server.Endpoint));
        float[][] v = await client.EmbedTextsAsync(["x"]);
        Assert.Equal(V, v[0]);
        Assert.Equal(4, client.Requests);
        Assert.Equal(3, client.Retries);
    }

    [Fact]
    public async Task EmbedTextsAsync_RateLimited_WaitsTheRetryAfter()
    {
        int n = -1;
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Infinity,
            _ => Interlocked.Increment(ref n) == 0 ? FakeEmbeddingsReply.Error(429, "1") : FakeEmbeddingsReply.Vectors([V]));
        using var client = new EmbeddingsClient(Options(server.Endpoint, EmbeddingsProtocol.Infinity));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await client.EmbedTextsAsync(["x"]);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"waited {clock.Elapsed}");
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task EmbedTextsAsync_Hang_FailsAsTimeoutAfterTheRetries()
    {
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Vllm, _ => FakeEmbeddingsReply.Hang);
        using var client = new EmbeddingsClient(Options(server.Endpoint, retries: 1, timeout: TimeSpan.FromMilliseconds(300)));
        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.EmbedTextsAsync(["x"]));
        Assert.Equal(ModelFailureKind.Timeout, e.Kind);
        Assert.Equal(2, client.Requests);
    }

    [Fact]
    public async Task EmbedTextsAsync_ClientError_FailsAtOnce()
    {
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Vllm, _ => FakeEmbeddingsReply.Error(400));
        using var client = new EmbeddingsClient(Options(server.Endpoint));
        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.EmbedTextsAsync(["x"]));
        Assert.Equal(ModelFailureKind.Http, e.Kind);
        Assert.Equal(1, server.RequestCount);
    }

    [Theory]
    [InlineData("{\"object\": \"list\", \"data\": []}", ModelFailureKind.EmptyResponse)]
    [InlineData("{\"data\": [{\"index\": 0, \"embedding\": [0, 0]}]}", ModelFailureKind.MalformedResponse)]
    [InlineData("{\"data\": [{\"index\": 0, \"embedding\": \"AAAA\"}]}", ModelFailureKind.MalformedResponse)]
    [InlineData("{\"data\": [{\"index\": 0, \"embedding\": [1]}, {\"index\": 0, \"embedding\": [1]}]}", ModelFailureKind.MalformedResponse)]
    [InlineData("[1, 2]", ModelFailureKind.MalformedResponse)]
    public void Parse_WrongShape_IsTyped(string json, ModelFailureKind kind)
    {
        int expected = json.Contains("}, {", StringComparison.Ordinal) ? 2 : 1;
        var e = Assert.Throws<ModelRequestException>(() => EmbeddingsClient.Parse(System.Text.Encoding.UTF8.GetBytes(json), expected));
        Assert.Equal(kind, e.Kind);
    }
}
