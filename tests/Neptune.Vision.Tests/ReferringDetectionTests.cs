using System.Text.Json;
using Neptune.Imaging;
using Neptune.Language;
using Neptune.Language.Library;
using Neptune.Perception;
using Neptune.Testing;
using Neptune.Vision.Caching;
using Neptune.Vision.Detection;
using Neptune.Vision.Verification;

namespace Neptune.Vision.Tests;

/// <summary>Detectors feeding FIND: VIRO's detector threshold 0.2 as their own cut, and detections kept in the score cache.</summary>
public sealed class ReferringDetectionTests
{
    private static VisionConfig Config(string detector)
    {
        using JsonDocument doc = JsonDocument.Parse($$"""
            { "vision": { "endpoints": [ { "endpoint": "http://127.0.0.1:9/v1", "model": "fake-vlm" } ] }, "detector": {{detector}} }
            """);
        return VisionConfig.Parse(doc.RootElement, "test");
    }

    [Fact]
    public async Task Roboflow_ForFind_AsksAtTheDetectorThresholdKeepsBoxesAboveItAndCachesThem()
    {
        await using FakeGroundingServer server = await FakeGroundingServer.StartAsync((_, _) => FakeGroundingReply.Ok(100, 50,
            new FakePrediction(25, 25, 50, 50, 0.25, "cup"), new FakePrediction(75, 25, 50, 50, 0.15, "cup")));
        VisionConfig config = Config($$"""{ "kind": "roboflow", "endpoint": "{{server.Endpoint}}" }""");
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeVision.Probability(0.5));
        ScoreCache cache = ScoreCache.InMemory();
        var image = new RgbaImage(100, 50);

        IObjectDetector detector = config.CreateReferringDetector(f.Model, cache);
        IReadOnlyList<DetectedObject> objects = await detector.DetectAsync(image, ["cup"]);

        // Grounding DINO is asked with box_threshold 0.2 (not the ask default 0.35); the 0.15 box is cut, the 0.25 one kept.
        Assert.Equal(0.2, server.Requests[0].GetProperty("box_threshold").GetDouble(), 5);
        DetectedObject cup = Assert.Single(objects);
        Assert.Equal(0.25f, cup.Confidence, 5);

        // The same picture and names again, through a new detector over the same cache: no request.
        IObjectDetector again = config.CreateReferringDetector(f.Model, cache);
        Assert.Equal(objects, await again.DetectAsync(image, ["cup", " Cup"]));
        Assert.Single(server.Requests);

        // Another threshold is another detector: asked again.
        await config.CreateReferringDetector(f.Model, cache, detectorThreshold: 0.1f).DetectAsync(image, ["cup"]);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(0.1, server.Requests[1].GetProperty("box_threshold").GetDouble(), 5);
    }

    [Fact]
    public async Task VlmGrounding_ForFind_KeepsScoredBoxesDownToTheDetectorThreshold()
    {
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeReply.Completion(
            "[{\"bbox_2d\": [0, 0, 500, 1000], \"label\": \"cup\", \"score\": 0.25}, {\"bbox_2d\": [500, 0, 1000, 1000], \"label\": \"cup\", \"score\": 0.1}]"));
        VisionConfig config = Config("""{ "kind": "vlm", "coordinates": "relative-1000" }""");
        var image = new RgbaImage(100, 50);

        // The ask default (min_confidence 0.3) drops both; for FIND the cut is 0.2.
        Assert.Empty(await config.CreateDetector(f.Model).DetectAsync(image, ["cup"]));
        IReadOnlyList<DetectedObject> objects = await config.CreateReferringDetector(f.Model, ScoreCache.InMemory()).DetectAsync(image, ["cup"]);
        Assert.Equal([new DetectedObject(0, new BoundingBox(0, 0, 50, 50), "cup", 0.25f)], objects);
    }

    [Fact]
    public async Task Find_OverRoboflowDetections_UsesOnlyBoxesAtOrAboveThreshold()
    {
        // Both halves of the photo are the same red, so the verifier accepts either; only the detector threshold decides.
        await using FakeGroundingServer server = await FakeGroundingServer.StartAsync((_, _) => FakeGroundingReply.Ok(100, 50,
            new FakePrediction(25, 25, 50, 50, 0.15, "cup"), new FakePrediction(75, 25, 50, 50, 0.3, "cup")));
        await using VisionFixture f = await VisionFixture.StartAsync(_ => FakeVision.Probability(0.9), cache: ScoreCache.InMemory());
        VisionConfig config = Config($$"""{ "kind": "roboflow", "endpoint": "{{server.Endpoint}}", "min_confidence": 0 }""");
        var image = new RgbaImage(100, 50, new Rgba32(255, 0, 0, 255));

        IReadOnlyList<DetectedObject> lenient = await config.CreateReferringDetector(f.Model, ScoreCache.InMemory(), detectorThreshold: 0.1f).DetectAsync(image, ["cup"]);
        Assert.Equal(2, lenient.Count);
        var scene = new PhotoScenePerception(image, lenient);
        var referring = new ReferringOptions { Verifier = new VlmRegionVerifier(f.Model) };
        PreparedProgram program = new ProgramEngine().Prepare("return FIND(object_name='cup')");

        // FIND's own detector threshold (0.2) keeps only the 0.3 box of the two the detector was allowed to return.
        RunResult run = await Task.Run(() => program.Run(new RunOptions { Perception = scene, Referring = referring }));
        Assert.True(run.Succeeded, run.Error?.FirstLine);
        ReferringResult result = ReferringResult.FromValue(run.Value, scene.Objects, 0.5f);
        Assert.Equal([lenient.Single(o => o.Confidence > 0.2f).Index], result.Objects);
    }
}
