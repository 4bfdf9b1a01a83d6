using System.Text.Json;
using Neptune.Cli.Commands;
using Neptune.Clevr;
using Neptune.Evaluation;
using Neptune.Evaluation.Results;
using Neptune.Testing;

namespace Neptune.Vision.Tests;

/// <summary><c>eval --perception vlm</c>: CLEVR questions with official programs over rendered scenes and the fake VLM.</summary>
public sealed class EvalVlmTests : IDisposable
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "neptune-eval-vlm-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static object Node(string function, int[] inputs, params string[] values) => new { function, inputs, value_inputs = values };

    /// <summary>
    /// The fake CLEVR-2D scene (image 7) and three questions over it with their official programs: two existence
    /// questions (yes, no) and a relation query (blue).
    /// </summary>
    private (string Scenes, string Questions) WriteThreeQuestions()
    {
        string scenes = Path.Combine(_dir, "scenes.json");
        File.WriteAllText(scenes, Clevr2DFakeVlm.SceneJson);
        string questions = Path.Combine(_dir, "questions.json");
        object[] list =
        [
            new { question = "Is there a yellow thing?", image_index = 7, answer = "yes", program = new[] { Node("scene", []), Node("filter_color", [0], "yellow"), Node("exist", [1]) } },
            new { question = "Is there a green thing?", image_index = 7, answer = "no", program = new[] { Node("scene", []), Node("filter_color", [0], "green"), Node("exist", [1]) } },
            new
            {
                question = "What color is the thing left of the red thing?",
                image_index = 7,
                answer = "blue",
                program = new[] { Node("scene", []), Node("filter_color", [0], "red"), Node("unique", [1]), Node("relate", [2], "left"), Node("unique", [3]), Node("query_color", [4]) },
            },
        ];
        File.WriteAllText(questions, JsonSerializer.Serialize(new { info = new { }, questions = list }));
        return (scenes, questions);
    }

    /// <summary>A vision config (as `neptune ask` reads it) with the one fake endpoint, 8 requests at once.</summary>
    private string WriteVisionConfig(FakeChatServer server, string name)
    {
        string vision = Path.Combine(_dir, name);
        File.WriteAllText(vision, JsonSerializer.Serialize(new { vision = new { endpoints = new[] { new { endpoint = server.Endpoint.ToString(), model = "fake-vlm", maxConcurrentRequests = 8 } } } }));
        return vision;
    }

    [Fact]
    public async Task RunAsync_VlmPerception_AnswersFromRenderedPixels()
    {
        ClevrScene scene = Clevr2DFakeVlm.Scene();
        await using FakeChatServer server = await FakeChatServer.StartAsync(r => Clevr2DFakeVlm.Script(r, scene));
        (string scenes, string questions) = WriteThreeQuestions();
        string vision = WriteVisionConfig(server, "vision.json");

        EvaluationSettings settings = new EvaluationConfig { Questions = questions, Scenes = scenes, Perception = "vlm", Programs = "gt", Out = Path.Combine(_dir, "out"), Concurrency = 2 }.Resolve();
        using AskEvalPerception perception = AskEvalPerception.Create(vision, settings.ImagesDirectory);
        EvaluationSummary summary = await new EvaluationRunner(settings, perception: perception).RunAsync();

        string[] rows = File.ReadAllLines(settings.ResultsPath);
        Assert.True(summary.Correct == 3, string.Join("\n", rows));
        Assert.Empty(server.Problems);
        Assert.Equal(0, perception.Counters.FailedRequests);
        Assert.Equal(PerceptionKind.Vlm, settings.Perception);
    }

    [Fact]
    public async Task RunAsync_VlmPerceptionEveryEvaluationMode_SameAnswersAndLazySendsFewerRequests()
    {
        ClevrScene scene = Clevr2DFakeVlm.Scene();
        (string scenes, string questions) = WriteThreeQuestions();

        var requests = new Dictionary<string, int>();
        var answers = new Dictionary<string, string>();
        foreach (string mode in new[] { "eager", "prefetch", "lazy" })
        {
            // A server (and so a score cache) of its own per mode: the requests are the mode's.
            await using FakeChatServer server = await FakeChatServer.StartAsync(r => Clevr2DFakeVlm.Script(r, scene));
            string vision = WriteVisionConfig(server, $"vision-{mode}.json");
            EvaluationSettings settings = new EvaluationConfig { Questions = questions, Scenes = scenes, Perception = "vlm", Programs = "gt", Evaluation = mode, Out = Path.Combine(_dir, "out-" + mode), Concurrency = 1 }.Resolve();
            using AskEvalPerception perception = AskEvalPerception.Create(vision, settings.ImagesDirectory);
            EvaluationSummary summary = await new EvaluationRunner(settings, perception: perception).RunAsync();

            string[] rows = File.ReadAllLines(settings.ResultsPath);
            Assert.True(summary.Correct == 3, mode + ":\n" + string.Join("\n", rows));
            Assert.Empty(server.Problems);
            requests[mode] = server.RequestCount;
            answers[mode] = string.Join(",", rows.Select(r => JsonDocument.Parse(r).RootElement).OrderBy(r => r.GetProperty("id").GetInt32()).Select(r => r.GetProperty("predicted").GetString()));
        }

        Assert.Equal(answers["eager"], answers["prefetch"]);
        Assert.Equal(answers["eager"], answers["lazy"]);
        Assert.Equal(requests["eager"], requests["prefetch"]);
        Assert.True(requests["lazy"] < requests["eager"], $"lazy sent {requests["lazy"]} requests, eager {requests["eager"]}");
    }

    [Fact]
    public async Task RunAsync_TwentyPercentMixedFaults_ScoresThroughRetriesAndTypesTheItemsThatRanOut()
    {
        ClevrScene scene = Clevr2DFakeVlm.Scene();
        Func<FakeChatRequest, FakeReply> faulty = FakeScript.WithFaults(r => Clevr2DFakeVlm.Script(r, scene), 0.2, seed: 9, maxFaultsPerRequest: 4, [.. FakeFaults.All, FakeReply.Hang]);

        // Every scoring request about purple things fails for good: its question runs out of retries.
        await using FakeChatServer server = await FakeChatServer.StartAsync(r => r.LastUserMessage.Contains("purple", StringComparison.Ordinal) ? FakeReply.Error(503, "overloaded") : faulty(r));
        string scenes = Path.Combine(_dir, "scenes.json");
        File.WriteAllText(scenes, Clevr2DFakeVlm.SceneJson);
        string questions = Path.Combine(_dir, "questions.json");
        string[] colors = ["yellow", "green", "red", "blue", "purple", "cyan", "gray", "brown"];
        object[] list = [.. colors.Select(c => (object)new { question = $"Is there a {c} thing?", image_index = 7, answer = "x", program = new[] { Node("scene", []), Node("filter_color", [0], c), Node("exist", [1]) } })];
        File.WriteAllText(questions, JsonSerializer.Serialize(new { info = new { }, questions = list }));
        string vision = Path.Combine(_dir, "vision.json");
        File.WriteAllText(vision, JsonSerializer.Serialize(new
        {
            // The purple question's failures come in a row; a pool that cooled the only endpoint down would fail the others too.
            vision = new
            {
                endpoints = new[] { new { endpoint = server.Endpoint.ToString(), model = "fake-vlm", max_concurrent_requests = 8, max_retries = 4, retry_base_delay_seconds = 0.001, max_retry_delay_seconds = 0.01, timeout_seconds = 5 } },
                pool_failure_threshold = 1000,
            },
        }));

        EvaluationSettings settings = new EvaluationConfig { Questions = questions, Scenes = scenes, Perception = "vlm", Programs = "gt", Out = Path.Combine(_dir, "out"), Concurrency = 2 }.Resolve();
        using AskEvalPerception perception = AskEvalPerception.Create(vision, settings.ImagesDirectory);
        EvaluationSummary summary = await new EvaluationRunner(settings, perception: perception).RunAsync();

        var rows = File.ReadAllLines(settings.ResultsPath).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(colors.Length, rows.Count);
        JsonElement purple = Assert.Single(rows, r => r.GetProperty("question").GetString()!.Contains("purple", StringComparison.Ordinal));
        Assert.Equal(FailureKinds.Perception, purple.GetProperty("failure_kind").GetString());
        Assert.Contains("unavailable", purple.GetProperty("failure_message").GetString()!, StringComparison.Ordinal);
        Assert.All(rows.Where(r => r.GetProperty("id").GetInt64() != purple.GetProperty("id").GetInt64()), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("failure_kind").ValueKind));
        Assert.Equal(1, summary.Failures);
        Assert.True(server.RequestCount > perception.Counters.Requests, $"{server.RequestCount} server requests for {perception.Counters.Requests} scoring requests");
        Assert.Empty(server.Problems);
    }

    [Fact]
    public void Create_WithoutVisionConfig_ThrowsConfigError() =>
        Assert.Throws<EvaluationConfigException>(() => AskEvalPerception.Create(null, null));

    [Fact]
    public void Runner_VlmWithoutSource_Throws()
    {
        string scenes = Path.Combine(_dir, "scenes.json");
        File.WriteAllText(scenes, Clevr2DFakeVlm.SceneJson);
        string questions = Path.Combine(_dir, "questions.json");
        File.WriteAllText(questions, "{\"questions\": []}");
        EvaluationSettings settings = new EvaluationConfig { Questions = questions, Scenes = scenes, Perception = "vlm", Out = Path.Combine(_dir, "out") }.Resolve();
        Assert.Throws<ArgumentException>(() => new EvaluationRunner(settings));
    }
}
