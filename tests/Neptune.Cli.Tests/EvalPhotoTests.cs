using System.Text.Json;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Testing;

namespace Neptune.Cli.Tests;

/// <summary>
/// <c>neptune eval --task rec --dataset grefcoco</c>: the documented photo-benchmark command shape, end to end against
/// fakes of every server it talks to — a programs LLM (OpenAI chat), Grounding DINO (Roboflow Inference), a CLIP-style
/// embeddings server (vLLM <c>/v1/embeddings</c>) and the vision model — over a gRefCOCO folder in the real format
/// (one-target, multi-target and no-target expressions) and generated photos.
/// </summary>
public sealed class EvalPhotoTests : IAsyncLifetime
{
    private const string Find = "CUPS = FIND(object_name=\"cup\")\n";

    // Expression → program (VIRO's shape), as the programs LLM writes them.
    private static readonly Dictionary<string, string> Programs = new(StringComparer.Ordinal)
    {
        ["the red cup"] = Find + "RED = PROPERTY(object=CUPS, value=\"red\")\nFINAL_RESULT = RESULT(object=RED)\n",
        ["the blue cup"] = Find + "BLUE = PROPERTY(object=CUPS, value=\"blue\")\nFINAL_RESULT = RESULT(object=BLUE)\n",
        ["the green cup"] = Find + "GREEN = PROPERTY(object=CUPS, value=\"green\")\nFINAL_RESULT = RESULT(object=GREEN)\n",
        ["both cups"] = Find + "FINAL_RESULT = RESULT(object=CUPS)\n",
    };

    // The fake CLIP model: an image's embedding is its mean colour; these are the texts'.
    private static readonly Dictionary<string, float[]> Texts = new(StringComparer.Ordinal)
    {
        ["a photo of a cup."] = [1, 1, 1],
        ["a photo of a dog."] = [-1, -1, -1],
        ["a photo of a car."] = [-1, -1, 0],
        ["a photo of a red object."] = [1, 0, 0],
        ["a photo of a green object."] = [0, 1, 0],
        ["a photo of a blue object."] = [0, 0, 1],
    };

    // The same expressions in NePTune's soft-logic style: every concept a score() the vision model answers per box.
    private static readonly Dictionary<string, string> SoftPrograms = new(StringComparer.Ordinal)
    {
        ["the red cup"] = "return score(\"Is the object in the red box red?\") & score(\"Is the object in the red box a cup?\")\n",
        ["the blue cup"] = "return score(\"Is the object in the red box blue?\") & score(\"Is the object in the red box a cup?\")\n",
        ["the green cup"] = "return score(\"Is the object in the red box green?\") & score(\"Is the object in the red box a cup?\")\n",
        ["both cups"] = "return score(\"Is the object in the red box a cup?\")\n",
    };

    private readonly string _dir = Cli.NewDirectory();
    private Dictionary<string, string> _programs = Programs;
    private FakeChatServer _llm = null!;
    private FakeChatServer _vlm = null!;
    private FakeGroundingServer _detector = null!;
    private FakeEmbeddingsServer _clip = null!;

    public async Task InitializeAsync()
    {
        _llm = await FakeChatServer.StartAsync(r => _programs.TryGetValue(r.LastUserMessage["Question: ".Length..], out string? program)
            ? FakeReply.Completion($"<objects>cup</objects>\n```python\n{program}```")
            : FakeReply.Completion("I do not know."));
        _vlm = await FakeChatServer.StartAsync(_ => FakeVision.Probability(0.5));
        // Cups on the red-and-blue photo (one per half, at confidence 0.9); none on the green one.
        _detector = await FakeGroundingServer.StartAsync((body, _) =>
        {
            RgbaImage image = ImageCodecs.Default.Decode(Convert.FromBase64String(body.GetProperty("image").GetProperty("value").GetString()!));
            return image.GetPixel(50, 50).R > 200
                ? FakeGroundingReply.Ok(200, 100, new FakePrediction(50, 50, 100, 100, 0.9, "cup"), new FakePrediction(150, 50, 100, 100, 0.9, "cup"))
                : FakeGroundingReply.Ok(200, 100);
        });
        _clip = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Vllm, r => FakeEmbeddingsReply.Vectors(
            r.IsImage ? [.. r.Images.Select(MeanColour)] : [.. r.Texts.Select(t => Texts.TryGetValue(t, out float[]? v) ? v : [0f, 0f, 0f])]));
        WriteDataset();
    }

    public async Task DisposeAsync()
    {
        await _llm.DisposeAsync();
        await _vlm.DisposeAsync();
        await _detector.DisposeAsync();
        await _clip.DisposeAsync();
    }

    [Fact]
    public void EvalRec_GRefCocoThroughEveryServer_JudgesBoxesAndCountsRequestsPerService()
    {
        string outDir = Path.Combine(_dir, "out");
        string[] args = [
            "eval", "--task", "rec", "--dataset", "grefcoco", "--annotations", Path.Combine(_dir, "grefcoco"), "--split", "val",
            "--images", Path.Combine(_dir, "images"), "--vision", VisionConfig(), "--verifier", VerifierConfig(),
            "--programs", "llm", "--llm-config", LlmConfig(), "--style", "viro", "--out", outDir];

        CliRun run = Cli.Process(_dir, args);

        Assert.True(run.ExitCode == 0, run.Err + run.Out);
        JsonElement s = Summary(outDir);
        // The red, blue and both-cups expressions find their boxes; the red cup on the green photo abstains at FIND;
        // the green cup (nothing green on the photo) is a false positive: PROPERTY's softmax over two candidates gives each 0.5.
        Assert.Equal(5, s.GetProperty("total").GetInt64());
        Assert.Equal(4, s.GetProperty("correct").GetInt64());
        Assert.Equal(1.0, s.GetProperty("tpr").GetDouble());
        Assert.Equal(0.5, s.GetProperty("tnr").GetDouble());
        Assert.Equal(1.0, s.GetProperty("mean_iou").GetDouble(), 6);
        Assert.Equal(1, s.GetProperty("early_exits").GetProperty("FIND").GetInt64());
        Assert.Equal(0, s.GetProperty("failures").GetInt64());

        string[] rows = [.. File.ReadAllLines(Path.Combine(outDir, "results.jsonl"))];
        Assert.Equal(5, rows.Length);
        JsonElement both = Row(rows, 104);
        Assert.True(both.GetProperty("correct").GetBoolean());
        Assert.Equal(2, both.GetProperty("rec").GetProperty("predicted_boxes").GetArrayLength());

        // One program per distinct expression ("the red cup" is asked about two photos), one detection per photo and
        // label, each crop embedded once, and no vision-model call: VIRO's operators verify with CLIP.
        Assert.Equal(4, _llm.RequestCount);
        Assert.Equal(2, _detector.Requests.Count);
        Assert.Equal(0, _vlm.RequestCount);
        JsonElement requests = s.GetProperty("requests");
        Assert.Equal(2, requests.GetProperty("detector").GetProperty("requests").GetInt64());
        Assert.Equal(3, requests.GetProperty("detector").GetProperty("cache_hits").GetInt64());
        Assert.Equal(2, requests.GetProperty("embeddings").GetProperty("crop_requests").GetInt64());
        Assert.Equal(4, s.GetProperty("program_generation").GetProperty("questions").GetInt64());
        Assert.Contains("photos: detector 2 requests (3 cached)", run.Out, StringComparison.Ordinal);

        // The same command again resumes: every row is kept and no server is asked anything.
        int llm = _llm.RequestCount, clip = _clip.RequestCount;
        CliRun again = Cli.Process(_dir, args);
        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(outDir, "results.jsonl")).Length);
        Assert.Equal(5, Summary(outDir).GetProperty("resumed").GetInt64());
        Assert.Equal(2, _detector.Requests.Count);
        Assert.Equal(clip, _clip.RequestCount);
        Assert.True(_llm.RequestCount == llm, "a resumed run generates no program");
    }

    [Fact]
    public void EvalRec_SoftLogicPrograms_AskTheVisionModelOncePerBoxAndQuestionInsteadOfEmbeddings()
    {
        _programs = SoftPrograms;
        string outDir = Path.Combine(_dir, "soft");

        CliRun run = Cli.Process(_dir, [
            "eval", "--task", "rec", "--dataset", "grefcoco", "--annotations", Path.Combine(_dir, "grefcoco"), "--split", "val",
            "--images", Path.Combine(_dir, "images"), "--vision", VisionConfig(), "--programs", "llm", "--llm-config", LlmConfig(),
            "--concurrency", "1", "--out", outDir]);

        Assert.True(run.ExitCode == 0, run.Err + run.Out);
        JsonElement s = Summary(outDir);
        Assert.Equal(5, s.GetProperty("total").GetInt64());
        // The red-and-blue photo has two cups: four distinct questions about two boxes are eight requests, whichever
        // expression asks first (the score cache answers the repeats); the green photo has no cup, so nothing to ask.
        Assert.Equal(8, _vlm.RequestCount);
        Assert.Equal(8, s.GetProperty("requests").GetProperty("vision_model").GetProperty("requests").GetInt64());
        Assert.Equal(0, _clip.RequestCount);
        Assert.Equal(2, _detector.Requests.Count);
        Assert.Equal(8, s.GetProperty("vlm_requests").GetInt64());
    }

    [Fact]
    public void EvalRec_PhotoDatasetWithoutImagesOrVision_FailsWithBadInput()
    {
        string folder = Path.Combine(_dir, "grefcoco");
        Cli.InProcess("eval", "--task", "rec", "--dataset", "grefcoco", "--annotations", folder, "--vision", VisionConfig(), "--programs", "llm", "--llm-config", LlmConfig(), "--out", Path.Combine(_dir, "a"))
            .FailsWithBadInput("images: a photo dataset needs its pictures");
        Cli.InProcess("eval", "--task", "rec", "--dataset", "grefcoco", "--annotations", folder, "--images", Path.Combine(_dir, "images"), "--programs", "llm", "--llm-config", LlmConfig(), "--out", Path.Combine(_dir, "b"))
            .FailsWithBadInput("vision: a photo dataset needs a vision config");
        Cli.InProcess("eval", "--task", "rec", "--dataset", "grefcoco", "--annotations", folder, "--images", Path.Combine(_dir, "images"), "--vision", VisionConfig(), "--programs", "gt", "--out", Path.Combine(_dir, "c"))
            .FailsWithBadInput("programs: a photo dataset has no ground-truth programs");
        Cli.InProcess("eval", "--task", "rec", "--dataset", "refcoco", "--annotations", folder, "--images", Path.Combine(_dir, "images"), "--vision", VisionConfig(), "--programs", "llm", "--llm-config", LlmConfig(), "--out", Path.Combine(_dir, "d"))
            .FailsWithBadInput("refs(unc).p' does not exist");
        Cli.InProcess("eval", "--annotations", folder, "--out", Path.Combine(_dir, "e"))
            .FailsWithBadInput("annotations: applies to photo datasets only");
        Cli.InProcess("eval", "--dataset", "grefcoco", "--annotations", folder, "--out", Path.Combine(_dir, "f"))
            .FailsWithBadInput("dataset: 'grefcoco' holds referring expressions; pass --task rec");
    }

    [Fact]
    public void EvalRec_SplitWithoutRefs_NamesTheSplitsThereAre()
    {
        CliRun run = Cli.InProcess(
            "eval", "--task", "rec", "--dataset", "grefcoco", "--annotations", Path.Combine(_dir, "grefcoco"), "--split", "testA",
            "--images", Path.Combine(_dir, "images"), "--vision", VisionConfig(), "--programs", "llm", "--llm-config", LlmConfig(), "--out", Path.Combine(_dir, "out"), "--quiet");

        run.FailsWithBadInput("no ref is in split 'testA'; the splits there are: val");
    }

    private static JsonElement Row(string[] rows, long id) =>
        rows.Select(l => JsonDocument.Parse(l).RootElement.Clone()).Single(r => r.GetProperty("id").GetInt64() == id);

    private static JsonElement Summary(string outDir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json"))).RootElement.Clone();

    private static float[] MeanColour(byte[] png)
    {
        RgbaImage image = ImageCodecs.Default.Decode(png);
        double r = 0, g = 0, b = 0;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                Rgba32 p = image.GetPixel(x, y);
                r += p.R;
                g += p.G;
                b += p.B;
            }
        }

        double n = 255.0 * image.Width * image.Height;
        return [(float)(r / n), (float)(g / n), (float)(b / n)];
    }

    /// <summary>Two 200×100 photos — red left half and blue right half; all green — and a gRefCOCO folder about them.</summary>
    private void WriteDataset()
    {
        string images = Directory.CreateDirectory(Path.Combine(_dir, "images")).FullName;
        var two = new RgbaImage(200, 100, new Rgba32(0, 0, 255, 255));
        for (int y = 0; y < 100; y++)
        {
            for (int x = 0; x < 100; x++)
            {
                two.SetPixel(x, y, new Rgba32(255, 0, 0, 255));
            }
        }

        File.WriteAllBytes(Path.Combine(images, "COCO_train2014_000000000001.png"), two.ToPng());
        File.WriteAllBytes(Path.Combine(images, "COCO_train2014_000000000002.png"), new RgbaImage(200, 100, new Rgba32(0, 255, 0, 255)).ToPng());

        string folder = Directory.CreateDirectory(Path.Combine(_dir, "grefcoco")).FullName;
        File.WriteAllText(Path.Combine(folder, "instances.json"), """
            {
              "images": [
                { "id": 1, "file_name": "COCO_train2014_000000000001.png", "width": 200, "height": 100 },
                { "id": 2, "file_name": "COCO_train2014_000000000002.png", "width": 200, "height": 100 }
              ],
              "annotations": [
                { "id": 11, "image_id": 1, "category_id": 47, "bbox": [0, 0, 100, 100], "area": 10000, "iscrowd": 0 },
                { "id": 12, "image_id": 1, "category_id": 47, "bbox": [100, 0, 100, 100], "area": 10000, "iscrowd": 0 }
              ],
              "categories": [ { "id": 47, "name": "cup", "supercategory": "kitchen" } ]
            }
            """);
        File.WriteAllText(Path.Combine(folder, "grefs(unc).json"), """
            [
              { "ref_id": 1, "image_id": 1, "split": "val", "ann_id": [11], "category_id": [47], "no_target": false, "file_name": "COCO_train2014_000000000001_1.jpg",
                "sentences": [ { "sent_id": 101, "sent": "the red cup", "raw": "the red cup", "tokens": ["the", "red", "cup"] } ] },
              { "ref_id": 2, "image_id": 1, "split": "val", "ann_id": [12], "category_id": [47], "no_target": false,
                "sentences": [ { "sent_id": 102, "sent": "the blue cup", "raw": "the blue cup", "tokens": ["the", "blue", "cup"] } ] },
              { "ref_id": 3, "image_id": 2, "split": "val", "ann_id": [-1], "category_id": [-1], "no_target": true,
                "sentences": [ { "sent_id": 103, "sent": "the red cup", "raw": "the red cup", "tokens": ["the", "red", "cup"] } ] },
              { "ref_id": 4, "image_id": 1, "split": "val", "ann_id": [11, 12], "category_id": [47, 47], "no_target": false,
                "sentences": [ { "sent_id": 104, "sent": "both cups", "raw": "both cups", "tokens": ["both", "cups"] } ] },
              { "ref_id": 5, "image_id": 1, "split": "val", "ann_id": [-1], "category_id": [-1], "no_target": true,
                "sentences": [ { "sent_id": 105, "sent": "the green cup", "raw": "the green cup", "tokens": ["the", "green", "cup"] } ] }
            ]
            """);
    }

    private string VisionConfig() => Write("vision.json", $$"""
        {
          "vision": { "endpoints": [ { "endpoint": "{{_vlm.Endpoint}}", "model": "fake-vlm", "max_retries": 0 } ] },
          "detector": { "kind": "roboflow", "endpoint": "{{_detector.Endpoint}}" }
        }
        """);

    private string VerifierConfig() => Write("verifier.json", $$"""
        {
          "kind": "clip",
          "embeddings": { "endpoint": "{{_clip.Endpoint}}", "model": "openai/clip-vit-base-patch32", "protocol": "vllm" },
          "temperature": 0.1,
          "bank": ["dog", "car"]
        }
        """);

    private string LlmConfig() => Write("llm.json", $$"""
        {
          "backend": { "endpoint": "{{_llm.Endpoint}}", "model": "fake-coder", "temperature": 0, "max_retries": 0 },
          "programs": { "cache": null, "repair_rounds": 1 }
        }
        """);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
