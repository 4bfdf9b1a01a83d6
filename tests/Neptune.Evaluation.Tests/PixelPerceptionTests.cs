using System.Text.Json;
using Neptune.Clevr;
using Neptune.Clevr2D;
using Neptune.Evaluation.Pixels;
using Neptune.Evaluation.Results;
using Neptune.Perception;

namespace Neptune.Evaluation.Tests;

public class PixelPerceptionTests
{
    private static readonly Lazy<ClevrSceneSet> Scenes = new(() => ClevrSceneReader.LoadAll(TestData.ScenesPath));

    /// <summary>The detection counts of each small-data image, computed directly from its rendering.</summary>
    private static readonly Lazy<Dictionary<int, DetectionMetrics>> Reference = new(() =>
    {
        var result = new Dictionary<int, DetectionMetrics>();
        foreach (ClevrScene scene in Scenes.Value)
        {
            var world = new PixelWorld(ClevrRenderer.Render(scene));
            result[scene.ImageIndex] = DetectionMetrics.Evaluate(
                world.Objects.Select(o => o.Box).ToList(), scene.Objects.Select(ClevrGeometry.BoxOf).ToList());
        }

        return result;
    });

    private static EvaluationSettings Pixels(string outDir) => TestData.Settings(outDir) with { Perception = PerceptionKind.Pixels };

    private static List<JsonElement> Rows(string outDir) =>
        File.ReadAllLines(Path.Combine(outDir, EvaluationFiles.Results))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();

    private static DetectionSummary ExpectedDetection(IEnumerable<int> images)
    {
        long n = 0, tp = 0, fp = 0, fn = 0;
        foreach (int image in images.Distinct())
        {
            DetectionMetrics d = Reference.Value[image];
            n++;
            tp += d.TruePositives;
            fp += d.FalsePositives;
            fn += d.FalseNegatives;
        }

        return new DetectionSummary(n, tp, fp, fn);
    }

    private static string WriteImages(IEnumerable<ClevrScene> scenes)
    {
        string dir = TestData.NewDirectory();
        foreach (ClevrScene scene in scenes)
        {
            File.WriteAllBytes(Path.Combine(dir, ClevrRenderer.FileNameOf(scene)), ClevrRenderer.RenderPng(scene));
        }

        return dir;
    }

    [Fact]
    public async Task RunAsync_PixelPerception_AnswersFromPixelsAndSumsDetectionOverDistinctImages()
    {
        string outDir = TestData.NewDirectory();
        EvaluationSummary summary = await new EvaluationRunner(Pixels(outDir) with { Limit = 30 }).RunAsync();

        Assert.Equal(30, summary.Total);
        Assert.Equal(0, summary.Failures);
        Assert.True(summary.Accuracy >= 0.8, $"pixel accuracy {summary.Accuracy}");
        List<JsonElement> rows = Rows(outDir);
        List<int> images = rows.Select(r => r.GetProperty("image_index").GetInt32()).ToList();
        Assert.Equal(ExpectedDetection(images), summary.Detection);
        Assert.Equal(3, summary.Detection!.Images);
        Assert.InRange(summary.Detection.Precision, 0.8, 1.0);
        Assert.InRange(summary.Detection.Recall, 0.8, 1.0);
        foreach (JsonElement row in rows)
        {
            DetectionMetrics expected = Reference.Value[row.GetProperty("image_index").GetInt32()];
            JsonElement d = row.GetProperty("detection");
            Assert.Equal(expected.TruePositives, d.GetProperty("tp").GetInt32());
            Assert.Equal(expected.FalsePositives, d.GetProperty("fp").GetInt32());
            Assert.Equal(expected.FalseNegatives, d.GetProperty("fn").GetInt32());
            Assert.True(row.GetProperty("scored_tuples").GetInt64() > 0);
        }

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, EvaluationFiles.Summary)));
        JsonElement detection = doc.RootElement.GetProperty("detection");
        Assert.Equal(0.5, detection.GetProperty("iou").GetDouble());
        Assert.Equal(3, detection.GetProperty("images").GetInt64());
        Assert.Equal(summary.Detection.TruePositives, detection.GetProperty("tp").GetInt64());
        Assert.Equal(summary.Detection.FalsePositives, detection.GetProperty("fp").GetInt64());
        Assert.Equal(summary.Detection.FalseNegatives, detection.GetProperty("fn").GetInt64());
        Assert.Equal(Math.Round(summary.Detection.Precision, 6), detection.GetProperty("precision").GetDouble());
        Assert.Equal(Math.Round(summary.Detection.Recall, 6), detection.GetProperty("recall").GetDouble());
        Assert.Equal(Math.Round(summary.Detection.F1, 6), detection.GetProperty("f1").GetDouble());
        JsonElement settings = doc.RootElement.GetProperty("settings");
        Assert.Equal("pixels", settings.GetProperty("perception").GetString());
        Assert.Equal("rendered", settings.GetProperty("images").GetString());
    }

    [Fact]
    public async Task RunAsync_ScenePerception_HasNoDetectionAndKeepsItsStoredSettings()
    {
        string outDir = TestData.NewDirectory();
        EvaluationSummary summary = await new EvaluationRunner(TestData.Settings(outDir) with { Limit = 5 }).RunAsync();

        Assert.Null(summary.Detection);
        using JsonDocument summaryJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, EvaluationFiles.Summary)));
        Assert.False(summaryJson.RootElement.TryGetProperty("detection", out _));
        Assert.All(Rows(outDir), r => Assert.False(r.TryGetProperty("detection", out _)));
        using JsonDocument run = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, EvaluationFiles.Run)));
        Assert.False(run.RootElement.TryGetProperty("images", out _));
    }

    [Fact]
    public async Task RunAsync_ImagesDirectory_ReadsPicturesLikeTheRendering()
    {
        string images = WriteImages(Scenes.Value);
        string rendered = TestData.NewDirectory();
        string read = TestData.NewDirectory();
        EvaluationSummary a = await new EvaluationRunner(Pixels(rendered)).RunAsync();
        EvaluationSummary b = await new EvaluationRunner(Pixels(read) with { ImagesDirectory = images }).RunAsync();

        Assert.Equal(60, b.Total);
        Assert.Equal(0, b.Failures);
        Assert.Equal(a.Correct, b.Correct);
        Assert.Equal(a.Detection, b.Detection);
        Assert.Equal(ExpectedDetection(Reference.Value.Keys), b.Detection);
        Assert.Equal(
            Rows(rendered).OrderBy(r => r.GetProperty("id").GetInt64()).Select(r => r.GetProperty("predicted").GetString()),
            Rows(read).OrderBy(r => r.GetProperty("id").GetInt64()).Select(r => r.GetProperty("predicted").GetString()));
        using JsonDocument run = JsonDocument.Parse(File.ReadAllText(Path.Combine(read, EvaluationFiles.Run)));
        Assert.Equal(images, run.RootElement.GetProperty("images").GetString());
    }

    [Fact]
    public async Task RunAsync_MissingOrCorruptImage_IsAnImageFailureRowForItsQuestionsOnly()
    {
        List<ClevrScene> scenes = Scenes.Value.ToList();
        string images = WriteImages(scenes);
        string missing = ClevrRenderer.FileNameOf(scenes[1]);
        File.Delete(Path.Combine(images, missing));
        File.WriteAllBytes(Path.Combine(images, ClevrRenderer.FileNameOf(scenes[2])), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        File.Move(Path.Combine(images, ClevrRenderer.FileNameOf(scenes[3])), Path.Combine(images, Path.ChangeExtension(ClevrRenderer.FileNameOf(scenes[3]), ".jpg")));

        string outDir = TestData.NewDirectory();
        EvaluationSummary summary = await new EvaluationRunner(Pixels(outDir) with { ImagesDirectory = images }).RunAsync();

        Assert.Equal(60, summary.Total);
        List<JsonElement> rows = Rows(outDir);
        foreach (JsonElement row in rows)
        {
            int image = row.GetProperty("image_index").GetInt32();
            if (image == scenes[1].ImageIndex || image == scenes[2].ImageIndex)
            {
                Assert.Equal(FailureKinds.Image, row.GetProperty("failure_kind").GetString());
                Assert.Equal(image == scenes[1].ImageIndex ? ImageErrors.Missing : ImageErrors.Undecodable, row.GetProperty("error").GetString());
                Assert.Contains(image == scenes[1].ImageIndex ? missing : ClevrRenderer.FileNameOf(scenes[2]), row.GetProperty("failure_message").GetString());
                Assert.False(row.GetProperty("correct").GetBoolean());
                Assert.Equal(JsonValueKind.Null, row.GetProperty("predicted").ValueKind);
                Assert.False(row.TryGetProperty("detection", out _));
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, row.GetProperty("failure_kind").ValueKind);
                Assert.True(row.TryGetProperty("detection", out _));
            }
        }

        int failed = rows.Count(r => r.GetProperty("image_index").GetInt32() is var i && (i == scenes[1].ImageIndex || i == scenes[2].ImageIndex));
        Assert.True(failed > 0);
        Assert.Equal(failed, summary.FailuresByKind[FailureKinds.Image]);
        Assert.Equal(failed, summary.Failures);
        Assert.Equal(ExpectedDetection(Reference.Value.Keys.Where(i => i != scenes[1].ImageIndex && i != scenes[2].ImageIndex)), summary.Detection);
    }

    [Fact]
    public async Task RunAsync_ResumedPixelRun_CountsEachImageOnce()
    {
        string full = TestData.NewDirectory();
        EvaluationSummary expected = await new EvaluationRunner(Pixels(full)).RunAsync();

        // Stop inside an image's questions (25 is not a multiple of 10), then cut a row and tear the last line.
        string outDir = TestData.NewDirectory();
        await new EvaluationRunner(Pixels(outDir) with { Limit = 25 }).RunAsync();
        string results = Path.Combine(outDir, EvaluationFiles.Results);
        string[] lines = File.ReadAllLines(results);
        File.WriteAllText(results, string.Join("\n", lines.Take(23)) + "\n" + lines[23][..40]);
        EvaluationSummary resumed = await new EvaluationRunner(Pixels(outDir)).RunAsync();

        Assert.Equal(23, resumed.Resumed);
        Assert.Equal(60, resumed.Total);
        Assert.Equal(expected.Correct, resumed.Correct);
        Assert.Equal(expected.Detection, resumed.Detection);
        Assert.Equal(ExpectedDetection(Reference.Value.Keys), resumed.Detection);
        Assert.Equal(6, resumed.Detection!.Images);
    }

    [Fact]
    public async Task Merge_PixelShards_CountsImagesSharedByShardsOnce()
    {
        string full = TestData.NewDirectory();
        EvaluationSummary expected = await new EvaluationRunner(Pixels(full)).RunAsync();
        var dirs = new List<string>();
        long shardImages = 0;
        for (int k = 1; k <= 3; k++)
        {
            string dir = TestData.NewDirectory();
            dirs.Add(dir);
            EvaluationSummary s = await new EvaluationRunner(Pixels(dir) with { Shard = new ShardSpec(k, 3) }).RunAsync();
            shardImages += s.Detection!.Images;
        }

        EvaluationSummary merged = EvaluationMerger.Merge(dirs, Path.Combine(TestData.NewDirectory(), "merged"));

        Assert.Equal(18, shardImages); // every shard sees all six images
        Assert.Equal(expected.Detection, merged.Detection);
        Assert.Equal(6, merged.Detection!.Images);
        Assert.Equal(expected.Correct, merged.Correct);
    }

    [Fact]
    public void Get_SameImage_BuildsItOnceAcrossThreads()
    {
        var cache = new PixelPerceptionCache(null, 4);
        ClevrScene scene = Scenes.Value[0];
        var worlds = new PixelWorld?[8];
        Parallel.For(0, worlds.Length, i => worlds[i] = cache.Get(scene).World);

        Assert.Equal(1, cache.Built);
        Assert.All(worlds, w => Assert.Same(worlds[0], w));
        Assert.Equal(Reference.Value[scene.ImageIndex], cache.Get(scene).Detection);
    }

    [Fact]
    public void Get_MoreImagesThanCapacity_DropsLeastRecentlyUsed()
    {
        var cache = new PixelPerceptionCache(null, 2);
        IReadOnlyList<ClevrScene> scenes = Scenes.Value;
        cache.Get(scenes[0]);
        cache.Get(scenes[1]);
        cache.Get(scenes[0]); // 0 is now the most recent
        cache.Get(scenes[2]); // drops 1

        Assert.Equal(2, cache.Count);
        Assert.Equal(3, cache.Built);
        cache.Get(scenes[0]);
        Assert.Equal(3, cache.Built);
        cache.Get(scenes[1]);
        Assert.Equal(4, cache.Built);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Get_WrongSizedPicture_IsAnInvalidImageFailure()
    {
        string dir = TestData.NewDirectory();
        ClevrScene scene = Scenes.Value[0];
        File.WriteAllBytes(Path.Combine(dir, ClevrRenderer.FileNameOf(scene)), Neptune.Imaging.Codecs.ImageCodecs.Default.Encode(new Neptune.Imaging.RgbaImage(32, 16)));

        PerceivedImage image = new PixelPerceptionCache(dir, 2).Get(scene);

        Assert.Null(image.World);
        Assert.Equal(ImageErrors.Invalid, image.Error);
        Assert.Contains("480", image.FailureMessage);
    }

    [Fact]
    public void FindImageFile_DirectoryPartsInFileName_AreIgnored()
    {
        string dir = TestData.NewDirectory();
        ClevrScene scene = Scenes.Value[0] with { ImageFilename = "../../etc/CLEVR_x.png" };
        File.WriteAllBytes(Path.Combine(dir, "CLEVR_x.png"), [1]);

        Assert.Equal(Path.Combine(dir, "CLEVR_x.png"), PixelPerceptionCache.FindImageFile(dir, scene));
        Assert.Null(PixelPerceptionCache.FindImageFile(dir, scene with { ImageFilename = "other.png" }));
    }

    [Fact]
    public async Task ScoreAsync_QuestionView_CountsTheTuplesItsWorldScores()
    {
        var world = new PixelWorld(ClevrRenderer.Render(Scenes.Value[0]));
        var view = new QuestionPerception(world);

        await view.ScoreAsync(ClevrQuestions.Attribute("red"), ["x"], CancellationToken.None);
        await view.ScoreAsync(ClevrQuestions.Relation("left"), ["x", "y"], CancellationToken.None);
        await Assert.ThrowsAsync<PerceptionException>(async () => await view.ScoreAsync(ClevrQuestions.Relation("left"), ["x"], CancellationToken.None));

        Assert.Equal(world.ScoredTuples, view.ScoredTuples);
        int n = world.Objects.Count;
        Assert.Equal(n + (n * (n - 1)), view.ScoredTuples);
    }

    [Fact]
    public async Task Calls_QuestionView_CountOneRequestPerTupleAndQueryAndOneRoundTripPerCall()
    {
        var world = new PixelWorld(ClevrRenderer.Render(Scenes.Value[0]));
        var view = new QuestionPerception(world);
        int n = world.Objects.Count;

        await view.ScoreAsync(ClevrQuestions.Attribute("red"), ["x"], CancellationToken.None);
        await view.ScoreAsync(ClevrQuestions.Relation("left"), ["x", "y"], CancellationToken.None);
        await view.QueryAsync("What color is the object in the red box?", 0, CancellationToken.None);

        PerceptionCalls calls = view.Calls;
        Assert.Equal(n + (n * (n - 1)), calls.ScoredTuples);
        Assert.Equal(calls.ScoredTuples + 1, calls.VlmRequests);
        Assert.Equal(3, calls.RoundTrips);
        Assert.Equal(0, calls.CacheHits);
        Assert.Equal(0, calls.SpeculativeCalls);
    }

    [Fact]
    public void QuestionView_OfAWorldWithGeometry_KeepsItsDepthAndImageSize()
    {
        var world = new PixelWorld(ClevrRenderer.Render(Scenes.Value[0]));

        QuestionPerception view = QuestionPerception.For(world);

        // Verified depth operators and geometric primitives read the depth and image size through this capability.
        ISceneGeometry geometry = Assert.IsAssignableFrom<ISceneGeometry>(view);
        Assert.Equal(((ISceneGeometry)world).ImageWidth, geometry.ImageWidth);
        for (int i = 0; i < world.Objects.Count; i++)
        {
            Assert.Equal(((ISceneGeometry)world).PlacementOf(i), geometry.PlacementOf(i));
        }

        Assert.False(QuestionPerception.For(new QuestionPerception(world)) is ISceneGeometry, "a perception without geometry gets none");
    }
}
