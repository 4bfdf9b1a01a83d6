using System.Text.Json;
using Neptune.Clevr;
using Neptune.Clevr2D;
using Neptune.Evaluation.Referring;
using Neptune.Perception;
using Neptune.Testing;
using Neptune.Vision.Tests;

namespace Neptune.Cli.Tests;

/// <summary>
/// <c>neptune find --perception vlm</c> against the fake CLEVR-2D vision model (<see cref="Clevr2DFakeVlm"/>: colour
/// questions answered from the pixels inside the red box, grounding from the scene's geometry), through the real
/// command in process.
/// </summary>
public sealed class FindVlmTests : IDisposable
{
    // "The red object(s)", in VIRO's shape: every detection, then the verifier's "Is the object in the red box red?".
    private const string RedProgram = """
        OBJECTS = FIND(object_name='object')
        RED = PROPERTY(object=OBJECTS, value='red')
        FINAL_RESULT = RESULT(object=RED)
        """;

    private readonly string _dir = Cli.NewDirectory();

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>The fake scene (blue cube, red sphere, yellow cylinder) and the same scene with the sphere green: no red object.</summary>
    private static (ClevrScene Red, ClevrScene NoRed) Scenes()
    {
        ClevrScene red = Clevr2DFakeVlm.Scene();
        ClevrScene noRed = red with
        {
            ImageIndex = 8,
            ImageFilename = "fake-green.png",
            Objects = [red.Objects[0], red.Objects[1] with { Color = "green" }, red.Objects[2]],
        };
        return (red, noRed);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text + "\n");
        return path;
    }

    private string ScenesFile()
    {
        (ClevrScene red, ClevrScene noRed) = Scenes();
        using JsonDocument fake = JsonDocument.Parse(Clevr2DFakeVlm.SceneJson);
        JsonElement first = fake.RootElement.GetProperty("scenes")[0];
        string second = first.GetRawText()
            .Replace("\"image_index\": 7", "\"image_index\": 8", StringComparison.Ordinal)
            .Replace("fake.png", noRed.ImageFilename, StringComparison.Ordinal)
            .Replace("\"color\": \"red\"", "\"color\": \"green\"", StringComparison.Ordinal);
        Assert.Equal(red.ImageFilename, first.GetProperty("image_filename").GetString());
        return Write("scenes.json", $"{{\"info\": {{\"split\": \"test\"}}, \"scenes\": [{first.GetRawText()}, {second}]}}");
    }

    private string VisionConfig(Uri endpoint, int retries = 0, string? cache = null, string detector = "vlm")
    {
        object vision = cache is null
            ? new { endpoints = new[] { Endpoint(endpoint, retries) }, pool_failure_threshold = 1000 }
            : new { endpoints = new[] { Endpoint(endpoint, retries) }, pool_failure_threshold = 1000, cache };
        return Write("vision.json", JsonSerializer.Serialize(new { vision, detector = new { kind = detector, coordinates = "relative-1000" } }));
    }

    private static object Endpoint(Uri endpoint, int retries) => new
    {
        endpoint = endpoint.ToString(),
        model = "fake-vlm",
        max_concurrent_requests = 4,
        max_retries = retries,
        retry_base_delay_seconds = 0.001,
        max_retry_delay_seconds = 0.01,
        timeout_seconds = 5,
    };

    private static List<JsonElement> Rows(string outDir) =>
        [.. File.ReadAllLines(Path.Combine(outDir, FindFiles.Results)).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    private static JsonElement Summary(string outDir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, FindFiles.Summary))).RootElement.Clone();

    private static double[] Box(JsonElement box) => [.. box.EnumerateArray().Select(e => e.GetDouble())];

    private static double[] Coordinates(BoundingBox b) => [b.Left, b.Top, b.Right, b.Bottom];

    private static void AssertRedSphereFound(JsonElement row, double tolerance)
    {
        Assert.True(row.GetProperty("outcome").GetString() == "target", row.ToString());
        Assert.Equal([1], row.GetProperty("objects").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(1, row.GetProperty("boxes").GetArrayLength());
        double[] expected = Coordinates(ClevrGeometry.BoxOf(Clevr2DFakeVlm.Scene().Objects[1]));
        Assert.Equal(expected, Box(row.GetProperty("boxes")[0]), (a, b) => Math.Abs(a - b) <= tolerance);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("abstained_by").ValueKind);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("error").ValueKind);
    }

    private static void AssertNoTargetByProperty(JsonElement row)
    {
        Assert.True(row.GetProperty("outcome").GetString() == "no_target", row.ToString());
        Assert.Equal(0, row.GetProperty("boxes").GetArrayLength());
        Assert.Equal("PROPERTY", row.GetProperty("abstained_by").GetString());
    }

    [Fact]
    public async Task Scenes_Vlm_ScoresTheAnnotatedBoxes_FindsTheReferent_AbstainsWithoutOne_AndCountsItsRequests()
    {
        (ClevrScene red, _) = Scenes();
        await using FakeChatServer server = await FakeChatServer.StartAsync(r => Clevr2DFakeVlm.Script(r, red));
        string scenes = ScenesFile();
        string vision = VisionConfig(server.Endpoint, cache: Path.Combine(_dir, "scores.db"));
        string program = Write("red.py", RedProgram);
        string outDir = Path.Combine(_dir, "out");

        CliRun run = Cli.InProcess("find", "--query", "the red object", "--scenes", scenes, "--perception", "vlm", "--vision", vision, "--program", program, "--out", outDir, "--concurrency", "2");

        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        List<JsonElement> rows = Rows(outDir);
        Assert.Equal(["fake.png", "fake-green.png"], rows.Select(r => r.GetProperty("image").GetString()));
        AssertRedSphereFound(rows[0], tolerance: 0.01);
        AssertNoTargetByProperty(rows[1]);

        // FIND('object') takes the three annotated boxes without a verifier call; PROPERTY asks "red?" of each: 3 per image.
        JsonElement summary = Summary(outDir);
        Assert.Equal("vlm", summary.GetProperty("perception").GetString());
        JsonElement counters = summary.GetProperty("vision");
        Assert.Equal("fake-vlm", counters.GetProperty("model").GetString());
        Assert.Equal(6, server.RequestCount);
        Assert.Equal(6, counters.GetProperty("requests").GetInt64());
        Assert.Equal(0, counters.GetProperty("cache_hits").GetInt64());
        Assert.Equal(0, counters.GetProperty("failed_requests").GetInt64());
        Assert.Empty(server.Problems);
        Assert.Contains("vision: 6 requests, 0 cache hits, 0 failed", run.Out, StringComparison.Ordinal);

        // A second run over the same pictures is answered by the score cache: no request reaches the server.
        string again = Path.Combine(_dir, "again");
        CliRun second = Cli.InProcess("find", "--query", "the red object", "--scenes", scenes, "--perception", "vlm", "--vision", vision, "--program", program, "--out", again, "--quiet");

        Assert.True(second.ExitCode == 0, second.Out + second.Err);
        Assert.Equal(6, server.RequestCount);
        Assert.Equal(0, Summary(again).GetProperty("vision").GetProperty("requests").GetInt64());
        Assert.Equal(6, Summary(again).GetProperty("vision").GetProperty("cache_hits").GetInt64());
        Assert.Equal(File.ReadAllLines(Path.Combine(outDir, FindFiles.Results)).Select(WithoutTimes), File.ReadAllLines(Path.Combine(again, FindFiles.Results)).Select(WithoutTimes));
    }

    [Fact]
    public async Task Images_Vlm_TheDetectorProposesTheBoxes_TheModelVerifies_AndABadFileIsATypedRow()
    {
        (ClevrScene red, ClevrScene noRed) = Scenes();
        await using FakeChatServer server = await FakeChatServer.StartAsync(r => Clevr2DFakeVlm.Script(r, red));
        string images = Directory.CreateDirectory(Path.Combine(_dir, "images")).FullName;
        File.WriteAllBytes(Path.Combine(images, "a.png"), ClevrRenderer.RenderPng(red));
        File.WriteAllBytes(Path.Combine(images, "b.png"), ClevrRenderer.RenderPng(noRed));
        File.WriteAllText(Path.Combine(images, "c.png"), "not a picture");
        string vision = VisionConfig(server.Endpoint);
        string program = Write("red.py", RedProgram);
        string outDir = Path.Combine(_dir, "out");

        CliRun run = Cli.InProcess("find", "--query", "the red object", "--images", images, "--perception", "vlm", "--vision", vision, "--program", program, "--out", outDir, "--concurrency", "1");

        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        List<JsonElement> rows = Rows(outDir);
        Assert.Equal(["a.png", "b.png", "c.png"], rows.Select(r => r.GetProperty("image").GetString()));

        // The grounding answer is in 0–1000 coordinates: boxes come back within a pixel of the scene's.
        AssertRedSphereFound(rows[0], tolerance: 1.0);
        AssertNoTargetByProperty(rows[1]);
        Assert.Equal("failed", rows[2].GetProperty("outcome").GetString());
        Assert.Equal("image", rows[2].GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal("image_undecodable", rows[2].GetProperty("error").GetProperty("code").GetString());

        // Per decoded picture: one grounding request ("Locate every object", the default name) and three "red?" scores.
        Assert.Equal(2, server.Requests.Count(r => r.LastUserMessage.Contains("Locate every object", StringComparison.Ordinal)));
        Assert.Equal(8, server.RequestCount);
        JsonElement summary = Summary(outDir);
        Assert.Equal(8, summary.GetProperty("vision").GetProperty("requests").GetInt64());
        Assert.Equal(1, summary.GetProperty("failures_by_kind").GetProperty("image").GetInt32());
        Assert.Equal(1, summary.GetProperty("abstained_by").GetProperty("PROPERTY").GetInt32());
        Assert.Empty(server.Problems);

        // --objects names what the detector looks for: nothing purple is found, so FIND abstains on every picture.
        string purple = Path.Combine(_dir, "purple");
        CliRun none = Cli.InProcess("find", "--query", "the red object", "--images", images, "--perception", "vlm", "--vision", vision, "--objects", "purple thing", "--program", program, "--out", purple, "--quiet");

        Assert.True(none.ExitCode == 0, none.Out + none.Err);
        Assert.Equal(["FIND", "FIND"], Rows(purple).Take(2).Select(r => r.GetProperty("abstained_by").GetString()));
        Assert.Equal(2, server.Requests.Count(r => r.LastUserMessage.Contains("Locate every purple thing", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Images_Vlm_TransientFaults_AreRetried_AndGiveTheCleanRunsRows()
    {
        (ClevrScene red, ClevrScene noRed) = Scenes();
        Func<FakeChatRequest, FakeReply> faulty = FakeScript.WithFaults(r => Clevr2DFakeVlm.Script(r, red), 0.3, seed: 5, maxFaultsPerRequest: 3, [.. FakeFaults.All]);
        await using FakeChatServer server = await FakeChatServer.StartAsync(faulty);
        string images = Directory.CreateDirectory(Path.Combine(_dir, "images")).FullName;
        File.WriteAllBytes(Path.Combine(images, "a.png"), ClevrRenderer.RenderPng(red));
        File.WriteAllBytes(Path.Combine(images, "b.png"), ClevrRenderer.RenderPng(noRed));
        string outDir = Path.Combine(_dir, "out");

        CliRun run = Cli.InProcess("find", "--query", "the red object", "--images", images, "--perception", "vlm", "--vision", VisionConfig(server.Endpoint, retries: 4), "--program", Write("red.py", RedProgram), "--out", outDir, "--concurrency", "2");

        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        List<JsonElement> rows = Rows(outDir);
        AssertRedSphereFound(rows[0], tolerance: 1.0);
        AssertNoTargetByProperty(rows[1]);
        Assert.True(server.RequestCount > 8, $"{server.RequestCount} requests: the faults should have cost retries");
        Assert.Equal(0, Summary(outDir).GetProperty("vision").GetProperty("failed_requests").GetInt64());
    }

    [Fact]
    public async Task Images_Vlm_AServerThatFails_GivesTypedPerceptionRows_NotACrash()
    {
        (ClevrScene red, ClevrScene noRed) = Scenes();
        string images = Directory.CreateDirectory(Path.Combine(_dir, "images")).FullName;
        File.WriteAllBytes(Path.Combine(images, "a.png"), ClevrRenderer.RenderPng(red));
        File.WriteAllBytes(Path.Combine(images, "b.png"), ClevrRenderer.RenderPng(noRed));
        string program = Write("red.py", RedProgram);

        // Detection fails for good: every image is a perception failure before its run, and the run exits 1.
        await using (FakeChatServer down = await FakeChatServer.StartAsync(_ => FakeReply.Error(503, "overloaded")))
        {
            string outDir = Path.Combine(_dir, "down");
            CliRun run = Cli.InProcess("find", "--query", "the red object", "--images", images, "--perception", "vlm", "--vision", VisionConfig(down.Endpoint), "--program", program, "--out", outDir);

            Assert.True(run.ExitCode == 1, run.Out + run.Err);
            Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
            Assert.All(Rows(outDir), row =>
            {
                Assert.Equal("failed", row.GetProperty("outcome").GetString());
                Assert.Equal("perception", row.GetProperty("error").GetProperty("kind").GetString());
                Assert.Equal("endpoint_unavailable", row.GetProperty("error").GetProperty("code").GetString());
                Assert.Contains("Locate every object", row.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
            });
            JsonElement summary = Summary(outDir);
            Assert.Equal(2, summary.GetProperty("failures_by_kind").GetProperty("perception").GetInt32());
            Assert.Equal(2, summary.GetProperty("vision").GetProperty("failed_requests").GetInt64());
            Assert.Equal(0, summary.GetProperty("program").GetProperty("runs").GetInt32());
        }

        // Detection works but scoring fails on the picture without a red object: that row fails in the run, the other is found.
        await using FakeChatServer half = await FakeChatServer.StartAsync(r =>
            !r.LastUserMessage.Contains("Locate every", StringComparison.Ordinal) && FakeVision.Images(r).Count > 0 && AsksAboutGreen(r)
                ? FakeReply.Error(500, "internal error")
                : Clevr2DFakeVlm.Script(r, red));
        string halfOut = Path.Combine(_dir, "half");
        CliRun partly = Cli.InProcess("find", "--query", "the red object", "--images", images, "--perception", "vlm", "--vision", VisionConfig(half.Endpoint), "--program", program, "--out", halfOut);

        Assert.True(partly.ExitCode == 0, partly.Out + partly.Err);
        List<JsonElement> rows = Rows(halfOut);
        AssertRedSphereFound(rows[0], tolerance: 1.0);
        Assert.Equal("failed", rows[1].GetProperty("outcome").GetString());
        Assert.Equal("perception", rows[1].GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal("PerceptionError", rows[1].GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("red box red", rows[1].GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_VlmWithoutVision_VisionWithoutVlm_AndObjectsWithoutImages_AreBadInput()
    {
        string program = Write("red.py", RedProgram);
        string scenes = ScenesFile();
        string vision = Write("vision.json", """{"vision": {"endpoints": [{"endpoint": "http://127.0.0.1:9/v1", "model": "m"}]}}""");

        Cli.InProcess("find", "--query", "q", "--scenes", scenes, "--perception", "vlm", "--program", program, "--out", Path.Combine(_dir, "a"))
            .FailsWithBadInput("--perception vlm needs --vision FILE");
        Cli.InProcess("find", "--query", "q", "--scenes", scenes, "--vision", vision, "--program", program, "--out", Path.Combine(_dir, "b"))
            .FailsWithBadInput("--vision is for --perception vlm");
        Cli.InProcess("find", "--query", "q", "--scenes", scenes, "--perception", "vlm", "--vision", vision, "--objects", "cube", "--program", program, "--out", Path.Combine(_dir, "c"))
            .FailsWithBadInput("--objects");
        Cli.InProcess("find", "--query", "q", "--scenes", scenes, "--perception", "vlm", "--vision", Write("bad.json", """{"vision": {"endpoints": []}, "unknown": 1}"""), "--program", program, "--out", Path.Combine(_dir, "d"))
            .FailsWithBadInput("bad.json");
        Assert.False(Directory.Exists(Path.Combine(_dir, "d")));
    }

    private static string WithoutTimes(string line)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
        node.Remove("exec_ms");
        node.Remove("perceive_ms");
        node.Remove("run_ms");
        return node.ToJsonString();
    }

    /// <summary>Whether a score request asks about the green sphere (the one object of picture b that picture a lacks).</summary>
    private static bool AsksAboutGreen(FakeChatRequest request) =>
        Clevr2DFakeVlm.ColorInRedBox(Imaging.Codecs.ImageCodecs.Default.Decode(FakeVision.Images(request)[0])) == "green";
}
