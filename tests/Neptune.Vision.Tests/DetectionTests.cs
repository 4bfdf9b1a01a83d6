using System.Text.Json;
using Neptune.Imaging;
using Neptune.Perception;
using Neptune.Testing;
using Neptune.Vision.Detection;
using Neptune.Vision.Grounding;

namespace Neptune.Vision.Tests;

public sealed class DetectionTests
{
    [Fact]
    public void Apply_OverlappingBoxes_KeepsTheMoreConfidentAndReindexes()
    {
        DetectedObject[] raw =
        [
            new(0, new BoundingBox(0, 0, 10, 10), "a", 0.6f),
            new(1, new BoundingBox(1, 0, 11, 10), "a", 0.9f),
            new(2, new BoundingBox(50, 50, 60, 60), "b", 0.5f),
            new(3, new BoundingBox(80, 80, 90, 90), "b", 0.1f),
        ];
        IReadOnlyList<DetectedObject> kept = DetectionFilter.Apply(raw, DetectionOptions.Default);
        Assert.Equal([new DetectedObject(0, new BoundingBox(1, 0, 11, 10), "a", 0.9f), new DetectedObject(1, new BoundingBox(50, 50, 60, 60), "b", 0.5f)], kept);
    }

    [Fact]
    public void Apply_PerClassDeduplication_KeepsOverlapsOfDifferentLabels()
    {
        DetectedObject[] raw = [new(0, new BoundingBox(0, 0, 10, 10), "cup", 0.9f), new(1, new BoundingBox(0, 0, 10, 10), "mug", 0.8f)];
        Assert.Single(DetectionFilter.Apply(raw, DetectionOptions.Default));
        Assert.Equal(2, DetectionFilter.Apply(raw, DetectionOptions.Default with { ClassAgnostic = false }).Count);
    }

    [Fact]
    public void Apply_MaxObjects_KeepsTheMostConfident()
    {
        DetectedObject[] raw = [.. Enumerable.Range(0, 5).Select(i => new DetectedObject(i, new BoundingBox(i * 20, 0, (i * 20) + 10, 10), null, 0.5f + (i * 0.1f)))];
        IReadOnlyList<DetectedObject> kept = DetectionFilter.Apply(raw, DetectionOptions.Default with { MaxObjects = 2 });
        Assert.Equal([60f, 80f], kept.Select(k => k.Box.Left));
        Assert.Equal([0, 1], kept.Select(k => k.Index));
    }

    [Fact]
    public async Task AnnotationDetector_BoxesOutsideImage_AreClippedAndKept()
    {
        var detector = new AnnotationDetector([new DetectedObject(7, new BoundingBox(-5, 10, 50, 500), "x"), new DetectedObject(9, new BoundingBox(10, 10, 20, 20))]);
        IReadOnlyList<DetectedObject> objects = await detector.DetectAsync(new RgbaImage(100, 100), ["anything"]);
        Assert.Equal([new DetectedObject(0, new BoundingBox(0, 10, 50, 100), "x"), new DetectedObject(1, new BoundingBox(10, 10, 20, 20))], objects);
    }

    [Fact]
    public async Task VlmGroundingDetector_Relative1000_OneRequestPerNameMappedToPixels()
    {
        await using VisionFixture f = await VisionFixture.StartAsync(r => r.LastUserMessage.Contains("every cube", StringComparison.Ordinal)
            ? FakeVision.Grounding(("cube", 100, 250, 300, 500))
            : FakeVision.Grounding(("sphere", 500, 500, 750, 1000), ("sphere", 505, 500, 755, 1000)));
        var detector = new VlmGroundingDetector(f.Model, new VlmGroundingOptions { Coordinates = GroundingCoordinates.Relative1000 });

        IReadOnlyList<DetectedObject> objects = await detector.DetectAsync(new RgbaImage(400, 200), ["cube", "sphere", "Cube"]);

        Assert.Equal(2, f.Server.RequestCount);
        Assert.Equal(
            [new DetectedObject(0, new BoundingBox(40, 50, 120, 100), "cube"), new DetectedObject(1, new BoundingBox(200, 100, 300, 200), "sphere")],
            objects);
        Assert.All(f.Server.Requests, r => Assert.Single(FakeVision.Images(r)));
    }

    [Fact]
    public async Task VlmGroundingDetector_ResizedPixels_MapsBackThroughQwenRule()
    {
        // 480×320 is seen as 476×308.
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeVision.Grounding(("cube", 119, 77, 238, 154)));
        var detector = new VlmGroundingDetector(f.Model, new VlmGroundingOptions { Coordinates = GroundingCoordinates.ResizedPixels });
        DetectedObject obj = Assert.Single(await detector.DetectAsync(new RgbaImage(480, 320), ["cube"]));
        Assert.Equal(120f, obj.Box.Left, 2);
        Assert.Equal(160f, obj.Box.Bottom, 2);
    }

    [Fact]
    public async Task VlmGroundingDetector_UnreadableAnswer_ThrowsMalformedResponse()
    {
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeReply.Completion("I see a cube near the middle."));
        var detector = new VlmGroundingDetector(f.Model);
        PerceptionException e = await Assert.ThrowsAsync<PerceptionException>(() => detector.DetectAsync(new RgbaImage(10, 10), ["cube"]));
        Assert.Equal(PerceptionErrorKind.MalformedResponse, e.Kind);
    }

    [Fact]
    public async Task Roboflow_Predictions_AreCentreBoxesScaledToTheImage()
    {
        await using FakeGroundingServer server = await FakeGroundingServer.StartAsync((_, _) =>
            FakeGroundingReply.Ok(200, 100, new FakePrediction(50, 25, 20, 10, 0.9, "dog"), new FakePrediction(150, 50, 40, 40, 0.2, "cat")));
        using var detector = new RoboflowGroundingDinoDetector(new RoboflowGroundingOptions { Endpoint = server.Endpoint, BoxThreshold = 0.3f, TextThreshold = 0.2f });

        IReadOnlyList<DetectedObject> objects = await detector.DetectAsync(new RgbaImage(400, 200), ["dog", "cat"]);

        Assert.Equal([new DetectedObject(0, new BoundingBox(80, 40, 120, 60), "dog", 0.9f), new DetectedObject(1, new BoundingBox(260, 60, 340, 140), "cat", 0.2f)], objects);
        JsonElement body = Assert.Single(server.Requests);
        Assert.Equal("base64", body.GetProperty("image").GetProperty("type").GetString());
        Assert.Equal(["dog", "cat"], body.GetProperty("text").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0.3, body.GetProperty("box_threshold").GetDouble(), 5);
        Assert.Equal(0.2, body.GetProperty("text_threshold").GetDouble(), 5);
    }

    [Fact]
    public async Task Roboflow_RateLimitedThenOk_RetriesHonouringRetryAfter()
    {
        await using FakeGroundingServer server = await FakeGroundingServer.StartAsync((_, i) =>
            i == 0 ? FakeGroundingReply.Error(429, "0") : FakeGroundingReply.Ok(10, 10, new FakePrediction(5, 5, 4, 4, 0.8, "dog")));
        using var detector = new RoboflowGroundingDinoDetector(new RoboflowGroundingOptions { Endpoint = server.Endpoint, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        Assert.Single(await detector.DetectAsync(new RgbaImage(10, 10), ["dog"]));
        Assert.Equal(2, detector.Requests);
    }

    [Fact]
    public async Task Roboflow_PersistentServerError_ThrowsEndpointUnavailable()
    {
        await using FakeGroundingServer server = await FakeGroundingServer.StartAsync((_, _) => FakeGroundingReply.Error(503));
        using var detector = new RoboflowGroundingDinoDetector(new RoboflowGroundingOptions { Endpoint = server.Endpoint, MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        PerceptionException e = await Assert.ThrowsAsync<PerceptionException>(() => detector.DetectAsync(new RgbaImage(10, 10), ["dog"]));
        Assert.Equal(PerceptionErrorKind.EndpointUnavailable, e.Kind);
        Assert.Equal(3, server.Requests.Count);
    }

    [Theory]
    [InlineData("{\"predictions\": [{\"x\": 1, \"y\": 2}]}")]
    [InlineData("{\"images\": []}")]
    [InlineData("not json")]
    public void ParseResponse_WrongShape_ThrowsMalformedResponse(string json)
    {
        PerceptionException e = Assert.Throws<PerceptionException>(() => RoboflowGroundingDinoDetector.ParseResponse(json, 10, 10));
        Assert.Equal(PerceptionErrorKind.MalformedResponse, e.Kind);
    }
}
