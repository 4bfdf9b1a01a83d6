using System.Diagnostics;
using System.Text.Json;
using Neptune.Clevr;
using Neptune.Clevr.Translation;
using Neptune.Clevr.Vision.Prompting;
using Neptune.Programs.Caching;
using Neptune.Testing;

namespace Neptune.Programs.Tests;

/// <summary>The neptune CLI as users run it, in separate processes, against the fake server.</summary>
public sealed class EndToEndTests : IDisposable
{
    private const int Questions = 12;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"neptune-e2e-{Guid.NewGuid():N}");
    private static readonly string DataDirectory = ClevrDataFiles.LocateDataDirectory(AppContext.BaseDirectory);
    internal static readonly string QuestionsPath = Path.Combine(DataDirectory, ClevrDataFiles.TrainQuestions10000);

    /// <summary>
    /// The CLI from its own build output (built through the project reference): this test project's output folder
    /// lacks assemblies that the ASP.NET Core framework of the fake server supplies here but the CLI must carry itself.
    /// </summary>
    private static string CliPath
    {
        get
        {
            string bin = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            string framework = Path.GetFileName(bin);
            string configuration = Path.GetFileName(Path.GetDirectoryName(bin))!;
            string root = Path.GetFullPath(Path.Combine(bin, "..", "..", "..", "..", ".."));
            return Path.Combine(root, "src", "Neptune.Cli", "bin", configuration, framework, "neptune.dll");
        }
    }

    public EndToEndTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Answers every question with the translation of its official program, wrapped in chatter.</summary>
    internal static Func<FakeChatRequest, FakeReply> TranslatingScript()
    {
        var programs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ClevrQuestion q in ClevrQuestionReader.Read(QuestionsPath).Take(200))
        {
            programs.TryAdd(q.Question.Trim(), ClevrProgramTranslator.Translate(q.Program));
        }

        return request =>
        {
            string question = request.LastUserMessage["Question: ".Length..];
            return programs.TryGetValue(question, out string? program)
                ? FakeReply.Completion($"<think>Let me plan.</think>\nHere is the program:\n<objects>object</objects>\n```python\n{program}```\nDone.")
                : FakeReply.Completion("I do not know.");
        };
    }

    private string WriteConfig(FakeChatServer server, string cache)
    {
        string path = Path.Combine(_dir, $"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""
            {
              "backend": { "endpoint": "{{server.Endpoint}}", "model": "fake-coder", "temperature": 0, "seed": 0, "maxTokens": 800, "maxRetries": 1, "retryBaseDelaySeconds": 0 },
              "programs": { "cache": "{{cache.Replace("\\", "\\\\", StringComparison.Ordinal)}}", "repairRounds": 1, "concurrency": 4 }
            }
            """);
        return path;
    }

    internal static Task<(int Code, string Output)> RunCliAsync(params string[] args) => RunCliAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs the CLI with extra environment variables; the output is standard output followed by standard error.</summary>
    internal static async Task<(int Code, string Output)> RunCliAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        info.Environment.Remove("NEPTUNE_TELEMETRY");
        foreach ((string name, string value) in environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(CliPath);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    internal static JsonElement ReadJson(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();

    [Fact]
    public async Task EvalProgramsLlm_CleverQuestions_MatchesTheTranslatedProgramsAndHitsTheCacheOnTheSecondRun()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(TranslatingScript());
        string cache = Path.Combine(_dir, "cache.jsonl");
        string config = WriteConfig(server, cache);
        string gtOut = Path.Combine(_dir, "gt"), llmOut = Path.Combine(_dir, "llm"), againOut = Path.Combine(_dir, "again");
        string limit = Questions.ToString(System.Globalization.CultureInfo.InvariantCulture);

        (int gtCode, string gtText) = await RunCliAsync("eval", "--programs", "gt", "--perception", "scene", "--limit", limit, "--out", gtOut, "--quiet");
        (int llmCode, string llmText) = await RunCliAsync("eval", "--programs", "llm", "--llm-config", config, "--perception", "scene", "--limit", limit, "--out", llmOut, "--quiet");
        int afterFirst = server.RequestCount;
        (int againCode, string againText) = await RunCliAsync("eval", "--programs", "llm", "--llm-config", config, "--perception", "scene", "--limit", limit, "--out", againOut, "--quiet");

        Assert.True(gtCode == 0, gtText);
        Assert.True(llmCode == 0, llmText);
        Assert.True(againCode == 0, againText);
        JsonElement gt = ReadJson(Path.Combine(gtOut, "summary.json")), llm = ReadJson(Path.Combine(llmOut, "summary.json"));
        Assert.Equal(Questions, llm.GetProperty("total").GetInt32());
        Assert.Equal(gt.GetProperty("correct").GetInt32(), llm.GetProperty("correct").GetInt32());
        Assert.True(llm.GetProperty("correct").GetInt32() >= Questions - 1, $"correct {llm.GetProperty("correct")}");
        Assert.Equal(0, llm.GetProperty("failures").GetInt32());
        JsonElement first = ReadJson(Path.Combine(llmOut, "programs.json"));
        Assert.Equal(afterFirst, first.GetProperty("llm_calls").GetInt32());
        JsonElement inSummary = llm.GetProperty("program_generation");
        Assert.Equal(afterFirst, inSummary.GetProperty("llm_calls").GetInt32());
        Assert.Equal(0.0, inSummary.GetProperty("failure_rate").GetDouble());
        Assert.True(inSummary.GetProperty("failures").TryGetProperty("invalid_after_repairs", out _));
        Assert.Equal(first.GetProperty("questions").GetInt32(), first.GetProperty("generated").GetInt32());
        Assert.Equal(afterFirst, server.RequestCount);
        JsonElement second = ReadJson(Path.Combine(againOut, "programs.json"));
        Assert.Equal(0, second.GetProperty("llm_calls").GetInt32());
        Assert.Equal(second.GetProperty("questions").GetInt32(), second.GetProperty("from_cache").GetInt32());
        Assert.Equal(llm.GetProperty("correct").GetInt32(), ReadJson(Path.Combine(againOut, "summary.json")).GetProperty("correct").GetInt32());
        Assert.Empty(server.Problems);
    }

    [Fact]
    public async Task ProgramsGenerate_TwoProcessesOnOneCache_LoseNothing()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(TranslatingScript());
        string cache = Path.Combine(_dir, "shared.jsonl");
        List<string> questions = [.. ClevrQuestionReader.Read(QuestionsPath).Take(200).Select(q => q.Question.Trim()).Distinct().Take(40)];
        string a = Path.Combine(_dir, "a.txt"), b = Path.Combine(_dir, "b.txt");
        File.WriteAllLines(a, questions.Take(30));
        File.WriteAllLines(b, questions.Skip(10));

        (int, string)[] runs = await Task.WhenAll(
            RunCliAsync("programs", "generate", "--questions", a, "--config", WriteConfig(server, cache), "--quiet"),
            RunCliAsync("programs", "generate", "--questions", b, "--config", WriteConfig(server, cache), "--quiet"));

        Assert.All(runs, r => Assert.True(r.Item1 == 0, r.Item2));
        var keys = new Neptune.Programs.ProgramsConfig { Backend = GeneratorTests.Backend(server) with { Model = "fake-coder", MaxTokens = 800, MaxRetries = 1 }, RepairRounds = 1, Template = ClevrPromptExamples.Template }.CacheKey();
        ProgramCache read = ProgramCache.Open(cache);
        foreach (string q in questions)
        {
            Assert.True(read.TryGet(keys.For(q), out CachedProgram? e), q);
            Assert.Equal(q, e!.Question);
        }

        (int code, string output) = await RunCliAsync("programs", "generate", "--questions", a, "--config", WriteConfig(server, cache));
        Assert.True(code == 0, output);
        Assert.Contains("30 questions: 30 cached, 0 generated", output, StringComparison.Ordinal);
    }
}
