using System.Text.Json;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Programs.Prompting;
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
    private double _vlmAnswer = 0.5;
    private FakeChatServer _llm = null!;
    private FakeChatServer _vlm = null!;
    private FakeGroundingServer _detector = null!;
    private FakeEmbeddingsServer _clip = null!;

    public async Task InitializeAsync()
    {
        _llm = await FakeChatServer.StartAsync(r => _programs.TryGetValue(r.LastUserMessage["Question: ".Length..], out string? program)
            ? FakeReply.Completion($"<objects>cup</objects>\n```python\n{program}```")
            : FakeReply.Completion("I do not know."));
        _vlm = await FakeChatServer.StartAsync(_ => FakeVision.Probability(_vlmAnswer));
        // Cups on the red-and-blue photo (one per half, at confidence 0.9); none on the green one.
        _detector = await FakeGroundingServer.StartAsync((body, _) =>
        {
            RgbaImage image = ImageCodecs.Default.Decode(Convert.FromBase64String(body.GetProperty("image").GetProperty("value").GetString()!));
            return image.GetPixel(50, 50).R > 200
                ? FakeGroundingReply.Ok(200, 100, new FakePrediction(50, 50, 100, 100, 0.9, "cup"), new FakePrediction(150, 50, 100, 100, 0.9, "cup"))
                : FakeGroundingReply.Ok(200, 100);
        });
        _clip = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Vllm, r => FakeEmbeddingsReply.Vectors(
            r.IsImage ? [.. r.Images.Select(FakeClip.MeanColour)] : [.. r.Texts.Select(t => Texts.TryGetValue(t, out float[]? v) ? v : [0f, 0f, 0f])]));
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

    // The two cups of the red-and-blue photo in each of the other layouts `--annotations` reads: an MDETR file, a
    // parquet export and RefAdv's annotation file. Every layout gives the same two expressions and boxes, so the same
    // servers give the same judgement: both found, one program per text, one detection for the photo, one embedding per crop.
    [Theory]
    [InlineData("mdetr", "refcoco")]
    [InlineData("parquet", "refcoco+")]
    [InlineData("refadv", "refadv")]
    public async Task EvalRec_OtherLayouts_ReadTheirExpressionsAndBoxesAndJudgeThem(string layout, string dataset)
    {
        string annotations = await WriteLayoutAsync(layout, malformed: false);
        string outDir = Path.Combine(_dir, "out-" + layout);

        CliRun run = Cli.Process(_dir, [
            "eval", "--task", "rec", "--dataset", dataset, "--annotations", annotations,
            "--images", Path.Combine(_dir, "images"), "--vision", VisionConfig(), "--verifier", VerifierConfig(),
            "--programs", "llm", "--llm-config", LlmConfig(), "--style", "viro", "--out", outDir]);

        Assert.True(run.ExitCode == 0, run.Err + run.Out);
        JsonElement s = Summary(outDir);
        Assert.Equal(2, s.GetProperty("total").GetInt64());
        Assert.Equal(2, s.GetProperty("correct").GetInt64());
        Assert.Equal(1.0, s.GetProperty("mean_iou").GetDouble(), 6);
        Assert.Equal(2, _llm.RequestCount);
        Assert.Single(_detector.Requests);
        Assert.Equal(2, s.GetProperty("requests").GetProperty("embeddings").GetProperty("crop_requests").GetInt64());
        JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "run.json")));
        Assert.Equal(dataset, manifest.RootElement.GetProperty("dataset").GetString());
        Assert.Equal(layout == "refadv" ? "test" : "val", manifest.RootElement.GetProperty("split").GetString());
        Assert.Equal(JsonValueKind.Null, manifest.RootElement.GetProperty("split_by").ValueKind);
    }

    [Theory]
    [InlineData("mdetr", "refcoco", "finetune_refcoco_val.json: annotations[1] (id 1): 'bbox' must be [x, y, w, h] with w, h >= 0")]
    [InlineData("parquet", "refcoco", "refcoco_val.parquet: row 1 (ref_id 2): 'bbox' is missing")]
    [InlineData("refadv", "refadv", "refcocog_adv_annotations.json: record '1': 'GT_bbox_number' 3 is not a box of 'bbox_candidates_map' (1, 2)")]
    public async Task EvalRec_MalformedLayout_FailsWithBadInputNamingFileAndRecord(string layout, string dataset, string expected)
    {
        string annotations = await WriteLayoutAsync(layout, malformed: true);
        string outDir = Path.Combine(_dir, "bad-" + layout);

        Cli.InProcess(
            "eval", "--task", "rec", "--dataset", dataset, "--annotations", annotations, "--images", Path.Combine(_dir, "images"),
            "--vision", VisionConfig(), "--programs", "llm", "--llm-config", LlmConfig(), "--out", outDir, "--quiet")
            .FailsWithBadInput(expected);
        Assert.False(Directory.Exists(outDir), "nothing is written for bad input");
        Assert.Equal(0, _llm.RequestCount);
    }

    [Fact]
    public async Task EvalRec_LayoutOptions_SplitAndSplitByAreCheckedAgainstTheLayout()
    {
        string mdetr = await WriteLayoutAsync("mdetr", malformed: false);
        string refadv = await WriteLayoutAsync("refadv", malformed: false);
        string[] common = ["--images", Path.Combine(_dir, "images"), "--vision", VisionConfig(), "--programs", "llm", "--llm-config", LlmConfig(), "--quiet"];

        Cli.InProcess(["eval", "--task", "rec", "--dataset", "refcoco", "--annotations", mdetr, "--split", "testA", "--out", Path.Combine(_dir, "a"), .. common])
            .FailsWithBadInput("finetune_refcoco_val.json: no ref is in split 'testA'; the splits there are: val");
        Cli.InProcess(["eval", "--task", "rec", "--dataset", "refcoco", "--annotations", mdetr, "--split-by", "unc", "--out", Path.Combine(_dir, "b"), .. common])
            .FailsWithBadInput("split_by: applies to the refer toolkit's folder only, not to an MDETR file");
        Cli.InProcess(["eval", "--task", "rec", "--dataset", "refadv", "--annotations", Path.GetDirectoryName(refadv)!, "--out", Path.Combine(_dir, "c"), .. common])
            .FailsWithBadInput("is a folder; refadv reads the file refcocog_adv_annotations.json");
        Cli.InProcess(["eval", "--task", "rec", "--dataset", "refcoco", "--annotations", Path.Combine(_dir, "missing.json"), "--out", Path.Combine(_dir, "d"), .. common])
            .FailsWithBadInput("missing.json");
    }

    // The photo template's examples, run as the programs model's answers: the programs config names the template file
    // shipped in configs/programs/templates (as configs/programs/vllm-photos.json does), the model is asked with its
    // prompt, and every example program runs over a detected photo to a result — a target or an abstention, never a failure.
    [Fact]
    public async Task EvalRec_PhotoTemplateExamples_EveryProgramRunsOnTheFakeServers()
    {
        IReadOnlyList<PromptExample> examples = PhotoTemplate.Default.Examples;
        _programs = examples.ToDictionary(e => e.Question, e => e.Program, StringComparer.Ordinal);
        string template = Path.Combine(Cli.RepositoryRoot, "configs", "programs", "templates", "photos.json");
        string llm = Write("llm-photos.json", $$"""
            {
              "backend": { "endpoint": "{{_llm.Endpoint}}", "model": "fake-coder", "temperature": 0, "max_retries": 0 },
              "programs": { "cache": null, "repair_rounds": 0, "template": {{JsonSerializer.Serialize(template)}} }
            }
            """);
        string images = Directory.CreateDirectory(Path.Combine(_dir, "template-images")).FullName;
        File.WriteAllBytes(Path.Combine(images, "COCO_train2014_000000000007.png"), new RgbaImage(200, 100, new Rgba32(255, 0, 0, 255)).ToPng());
        string entries = string.Join(",\n", examples.Select((e, i) => $$"""{"file_name": "COCO_train2014_000000000007.png", "height": 100, "width": 200, "id": {{i}}, "original_id": 7, "caption": {{JsonSerializer.Serialize(e.Question)}}}"""));
        string targets = string.Join(",\n", examples.Select((_, i) => $$"""{"image_id": {{i}}, "id": {{i}}, "bbox": [0, 0, 90, 90], "original_id": {{100 + i}}, "category_id": 1}"""));
        string mdetr = Write("finetune_refcocog_val.json", $$"""{"images": [{{entries}}], "annotations": [{{targets}}]}""");
        // Every name the detector is asked for is found twice, left and right, the left one larger; every yes/no question is answered yes.
        await using FakeGroundingServer detector = await FakeGroundingServer.StartAsync((body, _) => FakeGroundingReply.Ok(200, 100,
            [.. body.GetProperty("text").EnumerateArray().SelectMany(t => new[] { new FakePrediction(5, 5, 80, 80, 0.9, t.GetString()!), new FakePrediction(120, 30, 40, 40, 0.8, t.GetString()!) })]));
        string vision = Write("vision-template.json", $$"""
            {
              "vision": { "endpoints": [ { "endpoint": "{{_vlm.Endpoint}}", "model": "fake-vlm", "max_retries": 0 } ] },
              "detector": { "kind": "roboflow", "endpoint": "{{detector.Endpoint}}" }
            }
            """);
        _vlmAnswer = 0.9;
        string outDir = Path.Combine(_dir, "template");

        CliRun run = Cli.Process(_dir, [
            "eval", "--task", "rec", "--dataset", "refcocog", "--annotations", mdetr, "--images", images, "--vision", vision,
            "--programs", "llm", "--llm-config", llm, "--out", outDir]);

        Assert.True(run.ExitCode == 0, run.Err + run.Out);
        Assert.Equal(examples.Count, _llm.RequestCount);
        Assert.All(_llm.Requests, r => Assert.StartsWith("You write short programs that find the object or objects a referring expression describes in a photograph.", r.Messages[0].Content, StringComparison.Ordinal));
        JsonElement[] rows = [.. File.ReadAllLines(Path.Combine(outDir, "results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
        Assert.Equal(examples.Count, rows.Length);
        Assert.All(rows, r => Assert.True(r.GetProperty("failure_kind").ValueKind == JsonValueKind.Null, r.ToString()));
        Assert.Equal(0, Summary(outDir).GetProperty("failures").GetInt64());
        // "the only purple car": both detected cars are purple, so the program itself says there is no single one.
        JsonElement only = rows.Single(r => r.GetProperty("question").GetString() == "the only purple car");
        Assert.Equal("no target", only.GetProperty("predicted").GetString());
    }

    [Fact]
    public void ProgramsTemplate_Photos_IsTheShippedTemplateFile()
    {
        CliRun run = Cli.Process(_dir, ["programs", "template", "--name", "photos"]);

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(Cli.RepositoryRoot, "configs", "programs", "templates", "photos.json")), run.Out);
        Assert.Equal(PhotoTemplate.Default.ToJson(), run.Out);
    }

    /// <summary>The red cup (box 0..100) and the blue cup (box 100..200) of photo 1 in one layout; malformed: the second record is broken.</summary>
    private async Task<string> WriteLayoutAsync(string layout, bool malformed)
    {
        string folder = Directory.CreateDirectory(Path.Combine(_dir, "layout-" + layout)).FullName;
        const string File1 = "COCO_train2014_000000000001.png";
        switch (layout)
        {
            case "mdetr":
                string path = Path.Combine(folder, "finetune_refcoco_val.json");
                File.WriteAllText(path, $$"""
                    {"images": [
                      {"file_name": "{{File1}}", "height": 100, "width": 200, "id": 0, "original_id": 1, "caption": "the red cup", "dataset_name": "refcoco", "tokens_negative": [[0, 3]]},
                      {"file_name": "{{File1}}", "height": 100, "width": 200, "id": 1, "original_id": 1, "caption": "the blue cup", "dataset_name": "refcoco", "tokens_negative": [[0, 3]]}],
                     "annotations": [
                      {"area": 10000, "iscrowd": 0, "image_id": 0, "category_id": 47, "id": 0, "bbox": [0, 0, 100, 100], "original_id": 11, "tokens_positive": [[4, 11]]},
                      {"area": 10000, "iscrowd": 0, "image_id": 1, "category_id": 47, "id": 1, "bbox": [100, 0, {{(malformed ? "-100" : "100")}}, 100], "original_id": 12, "tokens_positive": [[4, 12]]}],
                     "categories": [{"supercategory": "kitchen", "id": 47, "name": "cup"}]}
                    """);
                return path;
            case "parquet":
                string parquet = Path.Combine(folder, "refcoco_val.parquet");
                await Parquet.Serialization.ParquetSerializer.SerializeAsync(
                    new[] { ExportRow(1, 11, "the red cup", [0, 0, 100, 100]), ExportRow(2, 12, "the blue cup", malformed ? [] : [100, 0, 200, 100]) }, parquet);
                return parquet;
            default:
                string refadv = Path.Combine(folder, "refcocog_adv_annotations.json");
                const string Candidates = """{\"1\": [0, 0, 100, 100], \"2\": [100, 0, 100, 100]}""";
                File.WriteAllText(refadv, $$"""
                    {"0": {"GT_bbox_number": "1", "most_confused_bbox_GT_desc": "the red cup", "raw_str": "a cup", "bbox_candidates_map": "{{Candidates}}",
                           "refID": "1", "imgID": "1", "annID": "11", "img_file_name": "{{File1}}"},
                     "1": {"GT_bbox_number": "{{(malformed ? "3" : "2")}}", "most_confused_bbox_GT_desc": "the blue cup", "raw_str": "a cup", "bbox_candidates_map": "{{Candidates}}",
                           "refID": "2", "imgID": "1", "annID": "12", "img_file_name": "{{File1}}"}
                    }
                    """);
                return refadv;
        }
    }

    private static ParquetExportRow ExportRow(long refId, long annId, string text, double[] box) => new()
    {
        SentIds = [refId * 100],
        FileName = $"COCO_train2014_000000000001_{refId}.png",
        AnnId = annId,
        RefId = refId,
        ImageId = 1,
        Split = "val",
        Sentences = [new ParquetSentence { Raw = text, Sent = text, SentId = refId * 100, Tokens = [.. text.Split(' ')] }],
        CategoryId = 47,
        Bbox = [.. box.Select(v => (double?)v)],
    };

    /// <summary>A <c>jxu124/refcoco</c>-style row (nullable columns, as pyarrow writes them); <c>bbox</c> is [x0, y0, x1, y1].</summary>
    public sealed class ParquetExportRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("sent_ids")] public List<long?> SentIds { get; set; } = [];
        [System.Text.Json.Serialization.JsonPropertyName("file_name")] public string? FileName { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("ann_id")] public long? AnnId { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("ref_id")] public long? RefId { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("image_id")] public long? ImageId { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("split")] public string? Split { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("sentences")] public List<ParquetSentence> Sentences { get; set; } = [];
        [System.Text.Json.Serialization.JsonPropertyName("category_id")] public long? CategoryId { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("bbox")] public List<double?> Bbox { get; set; } = [];
    }

    /// <summary>One sentence struct of a parquet row.</summary>
    public sealed class ParquetSentence
    {
        [System.Text.Json.Serialization.JsonPropertyName("raw")] public string? Raw { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("sent")] public string? Sent { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("sent_id")] public long? SentId { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("tokens")] public List<string> Tokens { get; set; } = [];
    }

    private static JsonElement Row(string[] rows, long id) =>
        rows.Select(l => JsonDocument.Parse(l).RootElement.Clone()).Single(r => r.GetProperty("id").GetInt64() == id);

    private static JsonElement Summary(string outDir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json"))).RootElement.Clone();

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
