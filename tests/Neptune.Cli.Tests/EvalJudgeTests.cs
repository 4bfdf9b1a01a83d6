using System.Text.Json;
using Neptune.Testing;

namespace Neptune.Cli.Tests;

/// <summary>
/// <c>neptune eval --judge-config</c> and <c>neptune eval judge</c>: free-form answers (CLEVR-Humans' kind) judged by
/// an OpenAI-compatible model through the real wire protocol — exact matches and failed programs never asked, one call
/// per distinct answer, verdicts cached and resumed, exact-match and judged accuracy side by side.
/// </summary>
public sealed class EvalJudgeTests : IAsyncLifetime
{
    private readonly string _dir = Cli.NewDirectory();
    private FakeChatServer _judge = null!;

    private static string Scenes => Path.Combine(Cli.DataDirectory, "CLEVR_train_scenes_1000.json");

    public async Task InitializeAsync() => _judge = await FakeChatServer.StartAsync(r =>
        r.LastUserMessage.Contains("Predicted answer: 2", StringComparison.Ordinal) ? FakeReply.Completion("Yes.")
        : r.LastUserMessage.Contains("Predicted answer: garbled", StringComparison.Ordinal) ? FakeReply.Completion("I cannot tell.")
        : FakeReply.Completion("no"));

    public async Task DisposeAsync() => await _judge.DisposeAsync();

    [Fact]
    public void Judge_FreeFormAnswers_AsksOnlyWhatIsNotAnExactMatchAndReportsBothAccuracies()
    {
        string outDir = Path.Combine(_dir, "out");
        string[] args = ["eval", "--questions", Questions(), "--scenes", Scenes, "--programs", "cache", "--program-cache", ProgramCache(), "--judge-config", JudgeConfig(), "--out", outDir];

        CliRun run = Cli.Process(_dir, args);

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("exact match 20.00% (1/5), judged 60.00% (3/5)", run.Out, StringComparison.Ordinal);
        JsonElement judge = Summary(outDir).GetProperty("judge");
        Assert.Equal(5, judge.GetProperty("rows").GetInt64());
        Assert.Equal(0.2, judge.GetProperty("exact_match_accuracy").GetDouble());
        Assert.Equal(0.6, judge.GetProperty("judged_accuracy").GetDouble());
        Assert.Equal(3, judge.GetProperty("asked").GetInt64());
        // "two" vs 2 appears on two images: one call; "crimson" vs red: one call.
        Assert.Equal(2, judge.GetProperty("calls").GetInt64());
        Assert.Equal(2, _judge.RequestCount);
        FakeChatRequest asked = _judge.Requests.First(r => r.LastUserMessage.Contains("Predicted answer: 2", StringComparison.Ordinal));
        Assert.Contains("Question: How many cubes are there?", asked.LastUserMessage, StringComparison.Ordinal);
        Assert.Contains("Reference answer: two", asked.LastUserMessage, StringComparison.Ordinal);
        Assert.Equal("judge-model", asked.Model);
        Assert.Equal(0.2, Summary(outDir).GetProperty("accuracy").GetDouble());  // the run's own accuracy stays the exact one
        string[] verdicts = [.. File.ReadAllLines(Path.Combine(outDir, "judgements.jsonl"))];
        Assert.Equal(5, verdicts.Length);

        // Judging the same run again keeps every verdict: no model call.
        CliRun again = Cli.InProcess("eval", "judge", "--out", outDir, "--judge-config", JudgeConfig());
        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Equal(2, _judge.RequestCount);
        Assert.Equal(0, Summary(outDir).GetProperty("judge").GetProperty("calls").GetInt64());
        Assert.Equal(3, Summary(outDir).GetProperty("judge").GetProperty("resumed").GetInt64());

        // Another run into a new directory finds the verdicts in the cache.
        string other = Path.Combine(_dir, "other");
        Assert.Equal(0, Cli.InProcess([.. args[..^1], other, "--quiet"]).ExitCode);
        Assert.Equal(2, _judge.RequestCount);
        Assert.Equal(2, Summary(other).GetProperty("judge").GetProperty("cache_hits").GetInt64());
        Assert.Equal(0.6, Summary(other).GetProperty("judge").GetProperty("judged_accuracy").GetDouble());
    }

    [Fact]
    public void Judge_ReplyNeitherYesNorNo_IsCountedWithoutAVerdictAndAskedAgain()
    {
        string outDir = Path.Combine(_dir, "out");
        string questions = WriteQuestions("garbled.json", Question(0, "What shape is the red thing?", "cube"));
        string cache = WriteText("garbled.jsonl", "{\"question\": \"What shape is the red thing?\", \"program\": \"return 'garbled'\"}\n");

        CliRun run = Cli.InProcess("eval", "--questions", questions, "--scenes", Scenes, "--programs", "cache", "--program-cache", cache, "--judge-config", JudgeConfig(cache: null), "--out", outDir);

        Assert.True(run.ExitCode == 0, run.Err);
        JsonElement judge = Summary(outDir).GetProperty("judge");
        Assert.Equal(1, judge.GetProperty("errors").GetInt64());
        Assert.Equal(0.0, judge.GetProperty("judged_accuracy").GetDouble());
        Assert.Contains("not yes or no", File.ReadAllText(Path.Combine(outDir, "judgements.jsonl")), StringComparison.Ordinal);
        int before = _judge.RequestCount;
        Assert.Equal(0, Cli.InProcess("eval", "judge", "--out", outDir, "--judge-config", JudgeConfig(cache: null), "--quiet").ExitCode);
        Assert.Equal(before + 1, _judge.RequestCount);
    }

    [Fact]
    public void Judge_BadInput_IsATypedError()
    {
        string outDir = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(outDir);
        Cli.InProcess("eval", "judge", "--out", outDir, "--judge-config", JudgeConfig()).FailsWithBadInput("has no results.jsonl");
        string bad = WriteText("bad-judge.json", "{\"backend\": {\"endpoint\": \"http://127.0.0.1:1/v1\"}}");
        Cli.InProcess("eval", "judge", "--out", outDir, "--judge-config", bad).FailsWithBadInput("model");
        Cli.InProcess("eval", "--task", "rec", "--judge-config", JudgeConfig(), "--out", outDir).FailsWithBadInput("judge_config: judges answers to questions");
    }

    [Fact]
    public void Judge_ShippedConfig_Loads()
    {
        var config = Neptune.Evaluation.Judging.JudgeConfig.Load(Path.Combine(Cli.RepositoryRoot, "configs", "judge", "deepseek.json"));
        Assert.Equal("deepseek-chat", config.Backend.Model);
        Assert.EndsWith(Path.Combine("artifacts", "judge", "deepseek-chat.db"), config.CachePath, StringComparison.Ordinal);
    }

    private string Questions() => WriteQuestions("humans.json",
        Question(0, "How many cubes are there?", "two"),
        Question(1, "How many cubes are there?", "two"),
        Question(2, "Is there a ball?", "yes"),
        Question(3, "What color is the big thing?", "crimson"),
        Question(4, "What is the ratio of cubes?", "one half"));

    private string ProgramCache() => WriteText("programs.jsonl",
        "{\"question\": \"How many cubes are there?\", \"program\": \"return 2\"}\n"
        + "{\"question\": \"Is there a ball?\", \"program\": \"return True\"}\n"
        + "{\"question\": \"What color is the big thing?\", \"program\": \"return 'red'\"}\n"
        + "{\"question\": \"What is the ratio of cubes?\", \"program\": \"return 1 / 0\"}\n");

    private string JudgeConfig(string? cache = "verdicts.db") => WriteText(
        cache is null ? "judge-nocache.json" : "judge.json",
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["backend"] = new Dictionary<string, object?> { ["endpoint"] = _judge.Endpoint.ToString(), ["model"] = "judge-model", ["max_retries"] = 0 },
            ["judge"] = new Dictionary<string, object?> { ["cache"] = cache, ["concurrency"] = 4 },
        }));

    private static string Question(int image, string question, string answer) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["split"] = "val", ["image_filename"] = $"CLEVR_train_{image:000000}.png", ["image_index"] = image, ["question"] = question, ["answer"] = answer });

    private string WriteQuestions(string name, params string[] questions) =>
        WriteText(name, "{\"info\": {\"split\": \"val\"}, \"questions\": [" + string.Join(", ", questions) + "]}");

    private string WriteText(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static JsonElement Summary(string outDir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json"))).RootElement.Clone();
}
