using System.Text.Json;
using System.CommandLine;
using Neptune.Cli.Commands;
using Neptune.Cli.Conventions;
using Neptune.Clevr;
using Neptune.Clevr2D;
using Neptune.Imaging;
using Neptune.Testing;

namespace Neptune.Vision.Tests;

/// <summary>The <c>neptune ask</c> command, in process, against the fake LLM + VLM server and a rendered CLEVR-2D scene.</summary>
[Collection("console")]
public sealed class AskCommandTests(Xunit.Abstractions.ITestOutputHelper log) : IDisposable
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "neptune-ask-tests-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        TextWriter stdout = Console.Out;
        TextWriter stderr = Console.Error;
        using var o = new StringWriter();
        using var e = new StringWriter();
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            var root = new RootCommand("neptune") { AskCommand.Build() };
            CliConventions.Apply(root);
            int code = await CliRunner.RunAsync(root, args);
            return (code, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    private string WriteConfigs(Uri endpoint)
    {
        string programs = Path.Combine(_dir, "programs.json");
        File.WriteAllText(programs, JsonSerializer.Serialize(new
        {
            backend = new { endpoint = endpoint.ToString(), model = "fake-llm", maxRetries = 0 },
            programs = new { cache = Path.Combine(_dir, "programs.jsonl") },
        }));
        string ask = Path.Combine(_dir, "ask.json");
        File.WriteAllText(ask, JsonSerializer.Serialize(new
        {
            programs,
            vision = new
            {
                endpoints = new[] { new { endpoint = endpoint.ToString(), model = "fake-vlm", maxConcurrentRequests = 8 } },
                cache = Path.Combine(_dir, "scores.jsonl"),
            },
            detector = new { kind = "vlm", coordinates = "relative-1000" },
        }));
        return ask;
    }

    [Fact]
    public async Task Ask_RenderedSceneTwice_AnswersFromPixelsThenFromCaches()
    {
        ClevrScene scene = Clevr2DFakeVlm.Scene();
        await using FakeChatServer server = await FakeChatServer.StartAsync(r => Clevr2DFakeVlm.Script(r, scene));
        string image = Path.Combine(_dir, "scene.png");
        await File.WriteAllBytesAsync(image, ClevrRenderer.RenderPng(scene));
        string config = WriteConfigs(server.Endpoint);
        string[] args = ["ask", "--image", image, "--question", "What color is the object left of the red object?", "--config", config, "--json"];

        (int code, string output, string error) = await RunAsync(args);

        Assert.True(code == 0, error);
        using (JsonDocument doc = JsonDocument.Parse(output))
        {
            Assert.Equal("answer", doc.RootElement.GetProperty("outcome").GetString());
            Assert.Equal("blue", doc.RootElement.GetProperty("answer").GetString());
            Assert.Equal(11, doc.RootElement.GetProperty("vision").GetProperty("requests").GetInt32());
            Assert.False(doc.RootElement.GetProperty("program_from_cache").GetBoolean());
            JsonElement score = doc.RootElement.GetProperty("trace").EnumerateArray().First(e => e.GetProperty("function").GetString() == "score");
            Assert.Equal(3, score.GetProperty("values").GetArrayLength());
        }

        int before = server.RequestCount;
        (code, output, error) = await RunAsync(args);
        Assert.True(code == 0, error);
        using (JsonDocument doc = JsonDocument.Parse(output))
        {
            Assert.Equal("blue", doc.RootElement.GetProperty("answer").GetString());
            Assert.True(doc.RootElement.GetProperty("program_from_cache").GetBoolean());
            Assert.Equal(0, doc.RootElement.GetProperty("vision").GetProperty("requests").GetInt32());
        }

        Assert.Equal(before, server.RequestCount);
        Assert.Empty(server.Problems);
    }

    [Fact]
    public async Task Ask_ReferringExpressionWithHtml_PrintsTheBoxAndWritesTheReport()
    {
        ClevrScene scene = Clevr2DFakeVlm.Scene();
        await using FakeChatServer server = await FakeChatServer.StartAsync(r => Clevr2DFakeVlm.Script(r, scene));
        string image = Path.Combine(_dir, "scene.png");
        await File.WriteAllBytesAsync(image, ClevrRenderer.RenderPng(scene));
        string html = Path.Combine(_dir, "trace.html");

        (int code, string output, string error) = await RunAsync("ask", "--image", image, "--question", "the red object", "--config", WriteConfigs(server.Endpoint), "--html", html);

        log.WriteLine(output);
        Assert.True(code == 0, error);
        Assert.Contains("box: [", output, StringComparison.Ordinal);
        Assert.Contains("(object 1, uniqueness", output, StringComparison.Ordinal);
        Assert.Contains("(x=2) p=0.03", output, StringComparison.Ordinal);
        string report = await File.ReadAllTextAsync(html);
        Assert.Contains("<svg", report, StringComparison.Ordinal);
        Assert.Contains("the red object", report, StringComparison.Ordinal);
        Assert.Contains("<img src=\"trace_files/img1.jpg\"", report, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "trace_files", "img1.jpg")), "the picture is written beside the report");
    }

    [Fact]
    public async Task Ask_JpegPhotoWithGivenProgramAndBoxes_SendsThePhotoAndAnswers()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Neptune.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        string photo = Path.Combine(root, "tests", "Neptune.Imaging.Tests", "Fixtures", "jpeg", "progressive-444.jpg");
        RgbaImage decoded = Imaging.Codecs.ImageCodecs.Default.Decode(await File.ReadAllBytesAsync(photo));
        var sizes = new System.Collections.Concurrent.ConcurrentBag<(int, int)>();
        await using FakeChatServer server = await FakeChatServer.StartAsync(r =>
        {
            RgbaImage sent = TestImages.FirstImage(r);
            sizes.Add((sent.Width, sent.Height));
            return FakeVision.Probability(0.8);
        });
        string program = Path.Combine(_dir, "program.py");
        File.WriteAllText(program, "<objects>thing</objects>\n```python\nreturn score(\"Is the object in the red box bright?\").exists(\"x\")\n```\n");
        string boxes = Path.Combine(_dir, "boxes.json");
        File.WriteAllText(boxes, $"[[0, 0, {decoded.Width / 2}, {decoded.Height / 2}], {{\"box\": [{decoded.Width / 2}, 0, {decoded.Width}, {decoded.Height}], \"label\": \"right\"}}]");
        string config = Path.Combine(_dir, "ask-annotations.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            vision = new { endpoints = new[] { new { endpoint = server.Endpoint.ToString(), model = "fake-vlm" } }, crops = false },
            detector = new { kind = "annotations" },
        }));

        (int code, string output, string error) = await RunAsync("ask", "--image", photo, "--question", "Is anything bright?", "--config", config, "--program", program, "--boxes", boxes);

        Assert.True(code == 0, error);
        Assert.Contains("answer: yes", output, StringComparison.Ordinal);
        Assert.Contains("objects (2) for [thing]", output, StringComparison.Ordinal);
        Assert.Equal(2, server.RequestCount);
        Assert.All(sizes, s => Assert.Equal((decoded.Width, decoded.Height), s));
    }

    [Fact]
    public async Task Ask_ModelWritesNoProgram_ShowsItsReplyAndNoVisionOrObjects()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("Sorry, I only describe pictures.")));
        string image = Path.Combine(_dir, "scene.png");
        await File.WriteAllBytesAsync(image, ClevrRenderer.RenderPng(Clevr2DFakeVlm.Scene()));
        string config = WriteConfigs(server.Endpoint);

        (int code, string output, string error) = await RunAsync("ask", "--image", image, "--question", "Is there a cube?", "--config", config);

        Assert.True(code == 1, output + error);
        Assert.Contains("failed (generation): ", output, StringComparison.Ordinal);
        Assert.Matches(@"program: none after \d round\(s\), \d+\.\d\d s\n", output);
        Assert.Contains("model's last reply:\n  Sorry, I only describe pictures.\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("generated by", output, StringComparison.Ordinal);
        Assert.DoesNotContain("objects (0)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("vision:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_UnreadableImage_ExitsTwoWithMessage()
    {
        string image = Path.Combine(_dir, "broken.png");
        await File.WriteAllBytesAsync(image, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        string config = WriteConfigs(new Uri("http://127.0.0.1:9/v1"));
        (int code, _, string error) = await RunAsync("ask", "--image", image, "--question", "q?", "--config", config);
        Assert.Equal(2, code);
        Assert.StartsWith("neptune: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_ConfigWithUnknownField_ExitsTwoNamingIt()
    {
        string config = Path.Combine(_dir, "bad.json");
        File.WriteAllText(config, "{\"vision\": {\"endpoints\": [{\"endpoint\": \"http://127.0.0.1:9/v1\", \"model\": \"m\"}], \"crop\": true}}");
        string image = Path.Combine(_dir, "x.png");
        await File.WriteAllBytesAsync(image, new RgbaImage(4, 4).ToPng());
        (int code, _, string error) = await RunAsync("ask", "--image", image, "--question", "q?", "--config", config);
        Assert.Equal(2, code);
        Assert.Contains("`vision.crop` in ", error, StringComparison.Ordinal);
        Assert.Contains("unknown field (did you mean 'crops'?)", error, StringComparison.Ordinal);
    }
}

/// <summary>
/// Tests that swap <see cref="Console.Out"/> to read a command's output: they run alone, after the parallel tests, so
/// that nothing else in the assembly (a measurement printing its figures, say) writes into the captured text.
/// </summary>
[CollectionDefinition("console", DisableParallelization = true)]
public sealed class ConsoleCollection;
