using System.Text.Json;
using Neptune.Clevr;
using Neptune.Clevr2D;
using Neptune.Evaluation.Referring;
using Neptune.Perception;
using Neptune.Testing;

namespace Neptune.Cli.Tests;

/// <summary><c>neptune find</c>: one referring expression over many CLEVR images, run through the real command in process.</summary>
public sealed class FindCommandTests
{
    private const string OperatorProgram = """
        CUBES = FIND(object_name='cube')
        SMALL = PROPERTY(object=CUBES, value='small')
        FINAL_RESULT = RESULT(object=SMALL)
        """;

    private const string SoftLogicProgram = """
        return score("Is the object in the red box a cube?") & score("Is the object in the red box small?")
        """;

    private readonly string _dir = Cli.NewDirectory();

    private static string Scenes => Path.Combine(Cli.DataDirectory, "CLEVR_train_scenes_1000.json");

    private static List<ClevrScene> FirstScenes(int count) => [.. ClevrSceneReader.Read(Scenes).Take(count)];

    /// <summary>The small cubes of a scene, from its annotations: the oracle the runs are checked against.</summary>
    private static int[] SmallCubes(ClevrScene scene) =>
        [.. Enumerable.Range(0, scene.Objects.Count).Where(i => scene.Objects[i].Shape == "cube" && scene.Objects[i].Size == "small")];

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text + "\n");
        return path;
    }

    private static List<JsonElement> Rows(string outDir) =>
        [.. File.ReadAllLines(Path.Combine(outDir, FindFiles.Results)).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    private static JsonElement Summary(string outDir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, FindFiles.Summary))).RootElement.Clone();

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    [Theory]
    [InlineData("operators", "godel")]
    [InlineData("operators", "crisp")]
    [InlineData("soft", "godel")]
    [InlineData("soft", "product")]
    public void Scenes_SceneWorld_GivesTheAnnotatedObjectSets_AndNoTargetWhereThereIsNone(string style, string logic)
    {
        string program = Write("small-cubes.py", style == "operators" ? OperatorProgram : SoftLogicProgram);
        string outDir = Path.Combine(_dir, "out");

        CliRun run = Cli.InProcess("find", "--query", "the small cubes", "--scenes", Scenes, "--perception", "scene", "--program", program, "--logic", logic, "--limit", "8", "--out", outDir, "--concurrency", "3");

        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        List<ClevrScene> scenes = FirstScenes(8);
        List<JsonElement> rows = Rows(outDir);
        Assert.Equal(8, rows.Count);
        int noTarget = 0;
        for (int i = 0; i < scenes.Count; i++)
        {
            JsonElement row = rows[i];
            int[] expected = SmallCubes(scenes[i]);
            Assert.Equal(scenes[i].ImageFilename, row.GetProperty("image").GetString());
            Assert.Equal(expected, Ints(row.GetProperty("objects")));
            Assert.Equal(expected.Length, row.GetProperty("boxes").GetArrayLength());
            Assert.Equal(JsonValueKind.Null, row.GetProperty("error").ValueKind);
            Assert.True(row.GetProperty("exec_ms").GetDouble() >= 0);
            if (expected.Length == 0)
            {
                noTarget++;
                Assert.Equal("no_target", row.GetProperty("outcome").GetString());
                // The operator style abstains in PROPERTY; soft logic ends with an empty final set (no operator).
                Assert.Equal(style == "operators" ? "PROPERTY" : null, row.GetProperty("abstained_by").GetString());
            }
            else
            {
                Assert.Equal("target", row.GetProperty("outcome").GetString());
                for (int k = 0; k < expected.Length; k++)
                {
                    BoundingBox box = ClevrGeometry.BoxOf(scenes[i].Objects[expected[k]]);
                    double[] written = [.. row.GetProperty("boxes")[k].EnumerateArray().Select(e => e.GetDouble())];
                    Assert.Equal([box.Left, box.Top, box.Right, box.Bottom], written, (a, b) => Math.Abs(a - b) < 0.01);
                }
            }
        }

        Assert.True(noTarget > 0, "the first scenes should hold an image without a small cube");
        JsonElement summary = Summary(outDir);
        Assert.Equal(8, summary.GetProperty("images").GetInt32());
        Assert.Equal(8 - noTarget, summary.GetProperty("targets").GetInt32());
        Assert.Equal(noTarget, summary.GetProperty("no_target").GetInt32());
        Assert.Equal(0, summary.GetProperty("failures").GetInt32());
        Assert.Equal(logic, summary.GetProperty("logic").GetString());
        Assert.Equal("file", summary.GetProperty("program").GetProperty("source").GetString());
        Assert.Equal(8, summary.GetProperty("program").GetProperty("runs").GetInt32());
        Assert.True(summary.GetProperty("t_pre_ms").GetDouble() > 0);
        Assert.True(summary.GetProperty("t_exec_ms_per_image").GetDouble() > 0);
        Assert.True(summary.GetProperty("images_per_second").GetDouble() > 0);
        JsonElement check = summary.GetProperty("check");
        double model = summary.GetProperty("t_pre_ms").GetDouble() + (8 * summary.GetProperty("t_exec_ms_per_image").GetDouble());
        Assert.Equal(model, check.GetProperty("t_pre_plus_n_t_exec_ms").GetDouble(), 0.01);
        Assert.Contains("find: 8 images: ", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenes_FromPixels_GivesBoxesThatMatchTheReferents()
    {
        // The example of docs/REC.md's "One query, N images".
        string program = Path.Combine(Cli.RepositoryRoot, "examples", "programs", "small_cubes.py");
        string outDir = Path.Combine(_dir, "out");

        CliRun run = Cli.InProcess("find", "--query", "the small cubes", "--scenes", Scenes, "--perception", "pixels", "--program", program, "--limit", "6", "--out", outDir);

        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        List<ClevrScene> scenes = FirstScenes(6);
        List<JsonElement> rows = Rows(outDir);
        Assert.Equal(6, rows.Count);
        for (int i = 0; i < scenes.Count; i++)
        {
            IReadOnlyList<BoundingBox> expected = [.. SmallCubes(scenes[i]).Select(o => ClevrGeometry.BoxOf(scenes[i].Objects[o]))];
            BoundingBox[] predicted = [.. rows[i].GetProperty("boxes").EnumerateArray().Select(b => new BoundingBox(
                b[0].GetSingle(), b[1].GetSingle(), b[2].GetSingle(), b[3].GetSingle()))];
            bool noTarget = rows[i].GetProperty("outcome").GetString() == "no_target";
            Assert.Equal(noTarget, predicted.Length == 0);
            (bool correct, _) = ReferringMetrics.BoxesCorrect(noTarget, predicted, expected);
            Assert.True(correct, $"{scenes[i].ImageFilename}: predicted {rows[i]} but the small cubes are at {string.Join(", ", expected)}");
        }

        Assert.Equal("pixels", Summary(outDir).GetProperty("perception").GetString());
    }

    [Fact]
    public void ImagesDirectory_PerceivesEachFile_AndABadFileIsAFailedRowNotAFailedRun()
    {
        string images = Directory.CreateDirectory(Path.Combine(_dir, "images")).FullName;
        List<ClevrScene> scenes = FirstScenes(3);
        foreach (ClevrScene scene in scenes)
        {
            File.WriteAllBytes(Path.Combine(images, ClevrRenderer.FileNameOf(scene)), ClevrRenderer.RenderPng(scene));
        }

        File.WriteAllText(Path.Combine(images, "zz-broken.png"), "not a picture");
        File.WriteAllText(Path.Combine(images, "notes.txt"), "ignored: not an image file name");
        string program = Write("small-cubes.py", OperatorProgram);
        string outDir = Path.Combine(_dir, "out");

        CliRun run = Cli.InProcess("find", "--query", "the small cubes", "--images", images, "--program", program, "--out", outDir, "--concurrency", "2");

        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        List<JsonElement> rows = Rows(outDir);
        Assert.Equal([.. scenes.Select(ClevrRenderer.FileNameOf), "zz-broken.png"], rows.Select(r => r.GetProperty("image").GetString()));
        for (int i = 0; i < scenes.Count; i++)
        {
            Assert.Equal(SmallCubes(scenes[i]).Length, rows[i].GetProperty("boxes").GetArrayLength());
        }

        JsonElement broken = rows[3];
        Assert.Equal("failed", broken.GetProperty("outcome").GetString());
        Assert.Equal("image", broken.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal("image_undecodable", broken.GetProperty("error").GetProperty("code").GetString());
        JsonElement summary = Summary(outDir);
        Assert.Equal(4, summary.GetProperty("images").GetInt32());
        Assert.Equal(1, summary.GetProperty("failures").GetInt32());
        Assert.Equal(1, summary.GetProperty("failures_by_kind").GetProperty("image").GetInt32());
        Assert.Equal("images", summary.GetProperty("input").GetString());
    }

    [Fact]
    public void ProgramErrors_AreCountedRows_AndTheRunFailsOnlyWhenEveryImageFailed()
    {
        // Object 5 exists only in scenes with six objects or more: the others are bad results, counted as failures.
        string some = Write("fifth.py", "return 5");
        string outDir = Path.Combine(_dir, "some");
        CliRun run = Cli.InProcess("find", "--query", "object five", "--scenes", Scenes, "--perception", "scene", "--program", some, "--limit", "6", "--out", outDir);

        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        List<ClevrScene> scenes = FirstScenes(6);
        List<JsonElement> rows = Rows(outDir);
        for (int i = 0; i < scenes.Count; i++)
        {
            bool fits = scenes[i].Objects.Count > 5;
            Assert.Equal(fits ? "target" : "failed", rows[i].GetProperty("outcome").GetString());
            if (!fits)
            {
                Assert.Equal("bad_result", rows[i].GetProperty("error").GetProperty("kind").GetString());
            }
        }

        Assert.Equal(scenes.Count(s => s.Objects.Count <= 5), Summary(outDir).GetProperty("failures").GetInt32());

        string all = Write("divide.py", "return 1 // 0");
        string allOut = Path.Combine(_dir, "all");
        CliRun failing = Cli.InProcess("find", "--query", "nothing", "--scenes", Scenes, "--perception", "scene", "--program", all, "--limit", "4", "--out", allOut);

        Assert.True(failing.ExitCode == 1, failing.Out + failing.Err);
        failing.AssertNoStackTrace();
        List<JsonElement> failed = Rows(allOut);
        Assert.Equal(4, failed.Count);
        Assert.All(failed, r => Assert.Equal("ZeroDivisionError", r.GetProperty("error").GetProperty("code").GetString()));
        Assert.Equal(4, Summary(allOut).GetProperty("failures_by_kind").GetProperty("runtime").GetInt32());
    }

    [Fact]
    public void GroundTruth_FrameSequence_ReportsMStIoUAccWithNoTargetAndTpr()
    {
        // Five rendered frames in three clips, plus one image without ground truth.
        string images = Directory.CreateDirectory(Path.Combine(_dir, "frames")).FullName;
        List<ClevrScene> scenes = FirstScenes(6);
        ClevrScene none = scenes[2], one = scenes[4], other = scenes[5];
        Assert.Empty(SmallCubes(none));
        Assert.Single(SmallCubes(one));
        Assert.Single(SmallCubes(other));
        void Render(string name, ClevrScene scene) => File.WriteAllBytes(Path.Combine(images, name), ClevrRenderer.RenderPng(scene));
        Render("a-0.png", one);
        Render("a-1.png", none);
        Render("b-0.png", other);
        Render("b-1.png", none);
        Render("c-0.png", none);
        Render("z-unlabelled.png", scenes[0]);
        BoundingBox t = ClevrGeometry.BoxOf(one.Objects[SmallCubes(one)[0]]);
        string truth = Write("truth.jsonl", string.Join("\n",
            $$"""{"image": "a-0.png", "clip": "a", "frame": 0, "box": [{{t.Left}}, {{t.Top}}, {{t.Right}}, {{t.Bottom}}]}""",
            """{"image": "a-1.png", "clip": "a", "frame": 1, "box": null}""",
            """{"image": "b-0.png", "clip": "b", "frame": 0, "box": null}""",
            """{"image": "b-1.png", "clip": "b", "frame": 1, "box": [0, 0, 40, 40]}""",
            """{"image": "c-0.png", "clip": "c", "frame": 0, "box": null}"""));
        string program = Write("small-cubes.py", OperatorProgram);
        string outDir = Path.Combine(_dir, "out");

        CliRun run = Cli.InProcess("find", "--query", "the small cubes", "--images", images, "--program", program, "--ground-truth", truth, "--out", outDir);

        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        JsonElement summary = Summary(outDir);
        // Clip a: the small cube found from pixels against its annotated box, plus a correct abstention (adds 0 to both
        // sums): STIoU = the frame's IoU, > 0.9. Clip b: a box where there is no target and a missed target:
        // Σ∩ = 0, STIoU 0 exactly. Clip c: no region anywhere: left out. mSTIoU = (STIoU_a + 0) / 2.
        double a = summary.GetProperty("clip_stiou").GetProperty("a").GetDouble();
        Assert.InRange(a, 0.9, 1.0);
        Assert.Equal(0.0, summary.GetProperty("clip_stiou").GetProperty("b").GetDouble());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("clip_stiou").GetProperty("c").ValueKind);
        Assert.Equal(a / 2, summary.GetProperty("mstiou").GetDouble(), 5);
        // Hits: a-0 (IoU > 0.5), a-1 and c-0 (correct no target) of 5 frames; TPR: a-0 of the two target frames.
        Assert.Equal(0.6, summary.GetProperty("acc_05_n").GetDouble(), 6);
        Assert.Equal(0.5, summary.GetProperty("tpr").GetDouble(), 6);
        Assert.Equal(3, summary.GetProperty("clips").GetInt32());
        Assert.Equal(2, summary.GetProperty("clips_scored").GetInt32());
        Assert.Equal(5, summary.GetProperty("frames").GetInt32());
        Assert.Equal(2, summary.GetProperty("target_frames").GetInt32());
        Assert.Equal(3, summary.GetProperty("no_target_frames").GetInt32());
        Assert.Equal(1, summary.GetProperty("unlabelled_images").GetInt32());
        Assert.Contains("Acc@0.5+n 60.0%, TPR 50.0% over 5 frames in 3 clips", run.Out, StringComparison.Ordinal);

        string unknown = Write("unknown.jsonl", """{"image": "missing.png", "clip": "a", "frame": 0, "box": null}""");
        string badBox = Write("bad-box.jsonl", "\n" + """{"image": "a-0.png", "clip": "a", "frame": 0, "box": [3, 2, 1]}""");
        string again = Path.Combine(_dir, "again");
        string[] common = ["find", "--query", "the small cubes", "--images", images, "--program", program, "--out", again];
        Cli.InProcess([.. common, "--ground-truth", unknown]).FailsWithBadInput("unknown.jsonl:1: unknown image 'missing.png'");
        Cli.InProcess([.. common, "--ground-truth", badBox]).FailsWithBadInput("bad-box.jsonl:2: 'box' must be null or [x1, y1, x2, y2]");
        Cli.InProcess([.. common, "--ground-truth", Path.Combine(_dir, "absent.jsonl")]).FailsWithBadInput("--ground-truth: file not found");
        Assert.False(Directory.Exists(again), "no output is written for bad ground truth");
    }

    [Fact]
    public void BadInputs_ExitTwoWithOneLine_AndWriteNothing()
    {
        string program = Write("small-cubes.py", OperatorProgram);
        string outDir = Path.Combine(_dir, "out");
        string empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        string truncated = Write("truncated.json", File.ReadAllText(Scenes)[..5000]);
        string syntax = Write("syntax.py", "return score(\"Is the object in the red box a cube?\"");
        string invalid = Write("invalid.py", "X = FIND(object_name='cube')\nFINAL_RESULT = RESULT(object=Y)");
        string[] common = ["--query", "the small cubes", "--out", outDir];

        Cli.InProcess(["find", .. common, "--scenes", Path.Combine(_dir, "missing.json"), "--program", program]).FailsWithBadInput("find: --scenes: file not found");
        Cli.InProcess(["find", .. common, "--images", Path.Combine(_dir, "nowhere"), "--program", program]).FailsWithBadInput("directory not found");
        Cli.InProcess(["find", .. common, "--images", empty, "--program", program]).FailsWithBadInput("no PNG or JPEG files");
        Cli.InProcess(["find", .. common, "--scenes", truncated, "--program", program]).FailsWithBadInput("truncated.json");
        Cli.InProcess(["find", .. common, "--scenes", Scenes, "--program", syntax]).FailsWithBadInput("find: --program: syntax.py(1,");
        Cli.InProcess(["find", .. common, "--scenes", Scenes, "--program", invalid]).FailsWithBadInput("'Y'");
        Cli.InProcess(["find", .. common, "--scenes", Scenes, "--program", Path.Combine(_dir, "missing.py")]).FailsWithBadInput("--program: file not found");
        Cli.InProcess(["find", .. common, "--scenes", Scenes, "--images", empty, "--program", program]).FailsWithBadInput("exactly one of --images DIR and --scenes FILE");
        Cli.InProcess(["find", .. common, "--scenes", Scenes]).FailsWithBadInput("exactly one of --program FILE and --llm-config FILE");
        Cli.InProcess(["find", .. common, "--images", empty, "--perception", "scene", "--program", program]).FailsWithBadInput("--perception scene");
        Cli.InProcess(["find", "--query", " ", "--out", outDir, "--scenes", Scenes, "--program", program]).FailsWithBadInput("--query: the referring expression is empty");
        Cli.InProcess(["find", .. common, "--scenes", Scenes, "--program", program, "--concurrency", "0"]).FailsWithBadInput("--concurrency");
        Cli.InProcess(["find", .. common, "--scenes", Scenes, "--program", program, "--evaluation", "sometimes"]).FailsWithBadInput("--evaluation: unknown value 'sometimes'");
        Cli.InProcess(["find", .. common, "--scenes", Scenes, "--llm-config", Write("bad-config.json", "{ \"backend\": ")]).FailsWithBadInput("bad-config.json");

        Assert.False(Directory.Exists(outDir), "no output is written for bad input");
    }

    [Fact]
    public async Task LlmConfig_GeneratesTheProgramOnce_ForEveryImage_ThenTakesItFromTheCache()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion(
            "<objects>cube</objects>\n```python\n" + OperatorProgram + "\n```\n")));
        string config = Path.Combine(_dir, "programs.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            backend = new { endpoint = server.Endpoint.ToString(), model = "fake-llm", max_retries = 0 },
            programs = new { cache = Path.Combine(_dir, "programs.db") },
        }));
        string first = Path.Combine(_dir, "first");

        CliRun run = await Task.Run(() => Cli.InProcess("find", "--query", "the small cubes", "--scenes", Scenes, "--perception", "scene", "--llm-config", config, "--limit", "10", "--out", first, "--concurrency", "4"));

        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        Assert.Empty(server.Problems);
        Assert.Equal(1, server.RequestCount);
        List<ClevrScene> scenes = FirstScenes(10);
        List<JsonElement> rows = Rows(first);
        Assert.Equal(scenes.Select(s => SmallCubes(s)), rows.Select(r => Ints(r.GetProperty("objects"))));
        JsonElement summary = Summary(first);
        Assert.Equal("llm", summary.GetProperty("program").GetProperty("source").GetString());
        Assert.Equal(10, summary.GetProperty("program").GetProperty("runs").GetInt32());
        Assert.Equal(1, summary.GetProperty("program_generation").GetProperty("questions").GetInt32());
        Assert.Equal(1, summary.GetProperty("program_generation").GetProperty("generated").GetInt32());
        Assert.Equal(1, summary.GetProperty("program_generation").GetProperty("llm_calls").GetInt32());

        string second = Path.Combine(_dir, "second");
        CliRun again = await Task.Run(() => Cli.InProcess("find", "--query", "the small cubes", "--scenes", Scenes, "--perception", "scene", "--llm-config", config, "--limit", "10", "--out", second));

        Assert.True(again.ExitCode == 0, again.Out + again.Err);
        Assert.Equal(1, server.RequestCount);
        Assert.Equal("cache", Summary(second).GetProperty("program").GetProperty("source").GetString());
        Assert.Equal(File.ReadAllLines(Path.Combine(first, FindFiles.Results)).Select(StripTimes), File.ReadAllLines(Path.Combine(second, FindFiles.Results)).Select(StripTimes));
    }

    [Fact]
    public async Task LlmConfig_NoProgram_ExitsOneAndSaysWhy()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("I cannot see images.")));
        string config = Path.Combine(_dir, "programs.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            backend = new { endpoint = server.Endpoint.ToString(), model = "fake-llm", max_retries = 0 },
            programs = new { cache = (string?)null, repair_rounds = 0 },
        }));
        string outDir = Path.Combine(_dir, "out");

        CliRun run = await Task.Run(() => Cli.InProcess("find", "--query", "the small cubes", "--scenes", Scenes, "--llm-config", config, "--limit", "3", "--out", outDir));

        Assert.True(run.ExitCode == 1, run.Out + run.Err);
        run.AssertNoStackTrace();
        Assert.Contains("neptune: error: find: no program for the query: ", run.Err, StringComparison.Ordinal);
        Assert.Contains("(no_program)", run.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outDir, FindFiles.Results)));
    }

    [Fact]
    public async Task Interrupted_KeepsTheRowsDone_AndTheSummarySaysSo()
    {
        string program = Write("small-cubes.py", OperatorProgram);
        string outDir = Path.Combine(_dir, "out");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        using var o = new StringWriter();
        using var e = new StringWriter();

        int code = await Neptune.Cli.Conventions.CliRunner.RunAsync(
            CommandLineApp.Build(),
            ["find", "--query", "the small cubes", "--scenes", Scenes, "--perception", "pixels", "--program", program, "--out", outDir, "--concurrency", "1"],
            o,
            e,
            cancel.Token);

        Assert.True(code == 130, $"exit {code}\n{o}\n{e}");
        Assert.Contains("neptune: interrupted after ", e.ToString(), StringComparison.Ordinal);
        List<JsonElement> rows = Rows(outDir);
        Assert.InRange(rows.Count, 0, 999);
        List<ClevrScene> scenes = FirstScenes(rows.Count);
        Assert.Equal(scenes.Select(s => s.ImageFilename), rows.Select(r => r.GetProperty("image").GetString()));
        JsonElement summary = Summary(outDir);
        Assert.True(summary.GetProperty("interrupted").GetBoolean());
        Assert.False(summary.GetProperty("complete").GetBoolean());
        Assert.Equal(1000, summary.GetProperty("selected").GetInt32());
        Assert.Equal(rows.Count, summary.GetProperty("images").GetInt32());
    }

    private static string StripTimes(string line)
    {
        JsonElement row = JsonDocument.Parse(line).RootElement;
        return string.Join(";", row.EnumerateObject().Where(p => !p.Name.EndsWith("_ms", StringComparison.Ordinal)).Select(p => $"{p.Name}={p.Value.GetRawText()}"));
    }
}
