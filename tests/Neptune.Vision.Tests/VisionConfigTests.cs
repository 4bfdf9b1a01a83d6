using Neptune.Configuration;
using System.Text.Json;
using Neptune.Models;
using Neptune.Vision.Detection;
using Neptune.Vision.Endpoints;
using Neptune.Vision.Grounding;
using Neptune.Vision.Scoring;

namespace Neptune.Vision.Tests;

public sealed class VisionConfigTests
{
    private static VisionConfig Parse(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        return VisionConfig.Parse(doc.RootElement, "ask.json");
    }

    [Fact]
    public void Load_FullConfig_ReadsEverySectionWithPathsRelativeToTheFile()
    {
        string dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "neptune-vision-config-" + Guid.NewGuid().ToString("N"))).FullName;
        Directory.CreateDirectory(Path.Combine(dir, "programs"));
        File.WriteAllText(Path.Combine(dir, "programs", "p.json"), "{}");
        string file = Path.Combine(dir, "ask.json");
        File.WriteAllText(file, """
            {"programs": "programs/p.json",
             "vision": {"endpoints": [{"endpoint": "http://a:8000/v1", "model": "m", "max_concurrent_requests": 32}, {"endpoint": "http://b:8000/v1", "model": "m"}],
                        "pool": "round-robin", "pool_failure_threshold": 7, "pool_cool_down_seconds": 2.5, "cache": "s.jsonl", "crops": false, "max_image_side": 640, "aggregation": "max",
                        "missing_bucket_logprob": null, "when_both_missing": "fail", "when_no_logprobs": "answer-text", "top_logprobs": 5, "max_tuples_per_score": 100},
             "detector": {"kind": "vlm", "coordinates": "resized-pixels", "min_confidence": 0.5, "iou_threshold": 0.5, "max_pixels": 1000000}}
            """);
        var notes = new ConfigNotes();
        VisionConfig c;
        try
        {
            c = VisionConfig.Load(file, notes);
        }
        finally
        {
            Directory.Delete(dir, true);
        }

        Assert.Empty(notes.Lines);
        Assert.Equal(Path.Combine(dir, "s.jsonl"), c.CachePath);
        Assert.Equal(Path.Combine(dir, "programs", "p.json"), c.ProgramsConfigPath);
        Assert.Equal(2, c.Endpoints.Count);
        Assert.Equal(32, c.Endpoints[0].MaxConcurrentRequests);
        Assert.Equal(PoolStrategy.RoundRobin, c.Pool);
        Assert.Equal(7, c.PoolFailureThreshold);
        Assert.Equal(TimeSpan.FromSeconds(2.5), c.PoolCoolDown);
        Assert.False(c.Vlm.Prompt.AttachCrops);
        Assert.Equal(640, c.Vlm.Prompt.MaxImageSide);
        Assert.Equal(BucketAggregation.Max, c.Vlm.Scoring.Aggregation);
        Assert.Null(c.Vlm.Scoring.MissingBucketLogprob);
        Assert.Equal(MissingLogprobsAction.Fail, c.Vlm.Scoring.WhenBothMissing);
        Assert.Equal(MissingLogprobsAction.AnswerText, c.Vlm.Scoring.WhenNoLogprobs);
        Assert.Equal(5, c.Vlm.Scoring.TopLogprobs);
        Assert.Equal(100, c.Vlm.MaxTuplesPerScore);
        Assert.Equal(DetectorKind.Vlm, c.Detector);
        Assert.Equal(GroundingCoordinates.ResizedPixels, c.Grounding.Coordinates);
        Assert.Equal(1_000_000, c.Grounding.ResizeRule.MaxPixels);
        Assert.Equal(0.5f, c.Grounding.Filter.MinConfidence);
    }

    [Fact]
    public void Load_OldCamelCaseSpelling_StillWorksWithOneNotePerField()
    {
        string file = Path.Combine(Path.GetTempPath(), "neptune-vision-legacy-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, """{"vision": {"endpoints": [{"endpoint": "http://a/v1", "model": "m", "maxConcurrentRequests": 3}, {"endpoint": "http://b/v1", "model": "m", "maxConcurrentRequests": 3}], "maxImageSide": 512}}""");
        var notes = new ConfigNotes();
        VisionConfig c;
        try
        {
            c = VisionConfig.Load(file, notes);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Equal(3, c.Endpoints[1].MaxConcurrentRequests);
        Assert.Equal(512, c.Vlm.Prompt.MaxImageSide);
        Assert.Contains(notes.Lines, n => n.Contains("'vision.maxImageSide' is the old spelling of 'vision.max_image_side'", StringComparison.Ordinal));
        Assert.Equal(2, notes.Lines.Count(n => n.Contains("max_concurrent_requests", StringComparison.Ordinal)));
    }

    [Fact]
    public void Parse_ThinkingOff_AddsTemplateKwargsUnlessTheEndpointSetsThem()
    {
        VisionConfig c = Parse("""
            {"vision": {"thinking": "off", "endpoints": [
              {"endpoint": "http://a/v1", "model": "m"},
              {"endpoint": "http://b/v1", "model": "m", "extraBody": {"chat_template_kwargs": {"custom": 1}}}]}}
            """);
        Assert.Equal("""{"enable_thinking":false}""", JsonSerializer.Serialize(c.Endpoints[0].ExtraBody["chat_template_kwargs"]));
        Assert.Equal("""{"custom":1}""", JsonSerializer.Serialize(c.Endpoints[1].ExtraBody["chat_template_kwargs"]));
    }

    [Fact]
    public async Task ThinkingOff_RequestBody_CarriesEnableThinkingFalse()
    {
        await using Testing.FakeChatServer server = await Testing.FakeChatServer.StartAsync(_ => Testing.FakeVision.Probability(0.6));
        VisionConfig c = Parse("{\"vision\": {\"thinking\": \"off\", \"crops\": false, \"endpoints\": [{\"endpoint\": \"" + server.Endpoint + "\", \"model\": \"m\"}]}}");
        using Microsoft.Extensions.AI.IChatClient client = c.CreateClient();
        VisionLanguageModel model = c.CreateModel(client, null);
        await model.CreatePerception(new Imaging.RgbaImage(8, 8), [new Perception.DetectedObject(0, new Perception.BoundingBox(1, 1, 5, 5))]).ScoreAsync("q?", ["x"], default);
        Testing.FakeChatRequest r = Assert.Single(server.Requests);
        Assert.False(r.Field("chat_template_kwargs")!.Value.GetProperty("enable_thinking").GetBoolean());
    }

    [Fact]
    public void Parse_Roboflow_ReadsEndpointAndThresholds()
    {
        VisionConfig c = Parse("""
            {"vision": {"endpoints": [{"endpoint": "http://a/v1", "model": "m"}]},
             "detector": {"kind": "roboflow", "endpoint": "http://dino:9001", "boxThreshold": 0.4, "textThreshold": 0.3, "maxRetries": 1}}
            """);
        Assert.Equal(DetectorKind.Roboflow, c.Detector);
        Assert.Equal(new Uri("http://dino:9001"), c.Roboflow!.Endpoint);
        Assert.Equal(0.4f, c.Roboflow.BoxThreshold);
        Assert.Equal(1, c.Roboflow.MaxRetries);
    }

    [Theory]
    [InlineData("""{"vision": {"endpoints": []}}""", "`vision.endpoints` in ask.json: expected a non-empty list")]
    [InlineData("""{"vision": {}}""", "`vision.endpoints` in ask.json: required")]
    [InlineData("""{"vision": {"endpoints": [{"endpoint": "http://a/v1", "model": "m"}, {"endpoint": "http://b/v1", "model": "n"}]}}""", "same model")]
    [InlineData("""{"vision": {"endpoints": [{"endpoint": "http://a/v1", "model": "m"}], "pool": "random"}}""", "`vision.pool` in ask.json: unknown value 'random'")]
    [InlineData("""{"vision": {"endpoints": [{"endpoint": "http://a/v1", "model": "m"}], "pool_failure_threshold": 0}}""", "`vision.pool_failure_threshold` in ask.json")]
    [InlineData("""{"vision": {"endpoints": [{"endpoint": "http://a/v1", "model": "m"}], "topLogprobs": 50}}""", "`vision.top_logprobs` in ask.json: expected a whole number from 1 to 20, found 50")]
    [InlineData("""{"vision": {"endpoints": [{"endpoint": "http://a/v1", "model": "m"}]}, "detector": {"kind": "yolo"}}""", "`detector.kind` in ask.json")]
    [InlineData("""{"vision": {"endpoints": [{"endpoint": "http://a/v1", "model": "m"}]}, "detector": {"kind": "roboflow"}}""", "`detector.endpoint` in ask.json: required")]
    [InlineData("""{"vision": {"endpoints": [{"endpoint": "http://a/v1", "model": "m"}]}, "detector": {"kind": "vlm", "boxThreshold": 0.3}}""", "`detector.box_threshold` in ask.json: not a field of the 'vlm' detector")]
    [InlineData("""{"vision": {"endpoints": [{"endpoint": "http://a/v1", "model": "m"}]}, "extra": 1}""", "`extra` in ask.json: unknown field")]
    public void Parse_InvalidConfig_ThrowsNamingTheField(string json, string expected)
    {
        ModelConfigurationException e = Assert.Throws<ModelConfigurationException>(() => Parse(json));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateDetector_AnnotationsWithoutBoxes_Throws()
    {
        VisionConfig c = Parse("""{"vision": {"endpoints": [{"endpoint": "http://a/v1", "model": "m"}]}, "detector": {"kind": "annotations"}}""");
        using Microsoft.Extensions.AI.IChatClient client = c.CreateClient();
        VisionLanguageModel model = c.CreateModel(client, null);
        Assert.Throws<ModelConfigurationException>(() => c.CreateDetector(model));
        Assert.IsType<AnnotationDetector>(c.CreateDetector(model, []));
    }
}

public sealed class ShippedVisionConfigTests
{
    [Fact]
    public void Load_EveryShippedAskConfig_Parses()
    {
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Neptune.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        string[] files = Directory.GetFiles(Path.Combine(dir.FullName, "configs", "ask"), "*.json");
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            VisionConfig config = VisionConfig.Load(file);
            Assert.NotEmpty(config.Endpoints);
        }
    }

    [Fact]
    public void Load_EveryShippedVerifierConfig_Parses()
    {
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Neptune.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        string[] files = Directory.GetFiles(Path.Combine(dir.FullName, "configs", "verifier"), "*.json");
        Assert.Equal(2, files.Length);
        foreach (string file in files)
        {
            Verification.VerifierConfig config = Verification.VerifierConfig.Load(file);
            Assert.Equal("openai/clip-vit-base-patch32", config.Embeddings.Model);
            Assert.Equal(0.01f, config.Clip.Temperature);
            Assert.Equal(80, config.Clip.Bank.Count);
            Assert.EndsWith(Path.Combine("artifacts", "verifier", "clip-vit-b32.db"), config.CachePath, StringComparison.Ordinal);
        }
    }
}
