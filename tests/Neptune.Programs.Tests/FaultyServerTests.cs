using System.Globalization;
using System.Text.Json;
using Neptune.Clevr;
using Neptune.Testing;

namespace Neptune.Programs.Tests;

/// <summary>The neptune CLI against a server that fails in every way a real one does.</summary>
public sealed class FaultyServerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"neptune-faults-{Guid.NewGuid():N}");
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public FaultyServerTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_dir);
    }

    /// <summary>Prints what a run did: the figures the faulty-server measurement reports.</summary>
    private void Report(string run, TimeSpan wall, FakeChatServer server, JsonElement generation)
    {
        string Pairs(string name) => string.Join(", ", generation.GetProperty(name).EnumerateObject().Select(p => $"{p.Name} {p.Value}"));
        _output.WriteLine($"{run}: {generation.GetProperty("questions")} questions, failures [{Pairs("failures")}], model failures [{Pairs("model_failures")}], "
            + $"{generation.GetProperty("retries")} retries [{Pairs("retries_by_kind")}], {server.RequestCount} requests, wall {wall.TotalSeconds:0.0} s");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteConfig(FakeChatServer server, string cache, int maxRetries)
    {
        string path = Path.Combine(_dir, $"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""
            {
              "backend": { "endpoint": "{{server.Endpoint}}", "model": "fake-coder", "temperature": 0, "seed": 0, "max_tokens": 800,
                           "max_retries": {{maxRetries}}, "retry_base_delay_seconds": 0.001, "max_retry_delay_seconds": 0.01, "timeout_seconds": 3 },
              "programs": { "cache": "{{cache.Replace("\\", "\\\\", StringComparison.Ordinal)}}", "repair_rounds": 1, "concurrency": 4 }
            }
            """);
        return path;
    }

    private static List<string> Questions(int count) =>
        [.. ClevrQuestionReader.Read(EndToEndTests.QuestionsPath).Take(200).Select(q => q.Question.Trim()).Distinct(StringComparer.Ordinal).Take(count)];

    [Fact]
    public async Task ProgramsGenerate_BodiesCutOff_RetriesAndCachesEveryProgram()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.WithFaults(EndToEndTests.TranslatingScript(), 0.3, seed: 1, maxFaultsPerRequest: 4, FakeReply.Truncated()));
        string questions = Path.Combine(_dir, "q.txt");
        File.WriteAllLines(questions, Questions(20));
        string summary = Path.Combine(_dir, "summary.json");

        (int code, string output) = await EndToEndTests.RunCliAsync("programs", "generate", "--questions", questions, "--config", WriteConfig(server, Path.Combine(_dir, "cache.jsonl"), maxRetries: 4), "--quiet", "--summary", summary);

        Assert.True(code == 0, output);
        Assert.Contains("20 questions: 0 cached, 20 generated", output, StringComparison.Ordinal);
        Assert.Empty(server.Problems);
    }

    [Fact]
    public async Task ProgramsGenerate_EveryRequestFaultedTwice_ThirdAttemptsGetThrough()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.WithFaults(EndToEndTests.TranslatingScript(), 1.0, seed: 7, maxFaultsPerRequest: 2, FakeReply.Error(503)));
        string questions = Path.Combine(_dir, "q.txt");
        File.WriteAllLines(questions, Questions(3));

        (int code, string output) = await EndToEndTests.RunCliAsync("programs", "generate", "--questions", questions, "--config", WriteConfig(server, Path.Combine(_dir, "cache.jsonl"), maxRetries: 2), "--quiet");

        Assert.True(code == 0, output);
        Assert.Contains("3 questions: 0 cached, 3 generated", output, StringComparison.Ordinal);
        Assert.Equal(9, server.RequestCount);
    }

    [Fact]
    public async Task EvalProgramsLlm_BodiesCutOff_EveryQuestionGetsARow()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.WithFaults(EndToEndTests.TranslatingScript(), 0.3, seed: 2, maxFaultsPerRequest: 4, FakeReply.Truncated()));
        string config = WriteConfig(server, Path.Combine(_dir, "cache.jsonl"), maxRetries: 4);
        string output = Path.Combine(_dir, "out");

        (int code, string text) = await EndToEndTests.RunCliAsync("eval", "--programs", "llm", "--llm-config", config, "--perception", "scene", "--limit", "20", "--out", output, "--quiet");

        Assert.True(code == 0, text);
        JsonElement s = EndToEndTests.ReadJson(Path.Combine(output, "summary.json"));
        Assert.Equal(20, s.GetProperty("total").GetInt32());
        Assert.Equal(20, File.ReadAllLines(Path.Combine(output, "results.jsonl")).Length);
    }

    private static string? Asked(FakeChatRequest request)
    {
        FakeMessage? first = request.Messages.LastOrDefault(m => m.Role == "user" && m.Content.StartsWith("Question: ", StringComparison.Ordinal));
        return first?.Content["Question: ".Length..];
    }

    private static Func<FakeChatRequest, FakeReply> Faulty(HashSet<string> poisoned, int seed)
    {
        Func<FakeChatRequest, FakeReply> faulty = FakeScript.WithFaults(EndToEndTests.TranslatingScript(), 0.2, seed, [.. FakeFaults.All, FakeReply.Hang]);
        return request => Asked(request) is { } q && poisoned.Contains(q) ? FakeReply.Error(503, "overloaded") : faulty(request);
    }

    [Fact]
    public async Task ProgramsGenerate_TwentyPercentMixedFaults_FailsOnlyTheItemsThatRanOutOfRetriesAndResumes()
    {
        List<string> all = Questions(40);
        var poisoned = new HashSet<string>(all.Take(3), StringComparer.Ordinal);
        await using FakeChatServer server = await FakeChatServer.StartAsync(Faulty(poisoned, seed: 3));
        string questions = Path.Combine(_dir, "q.txt");
        File.WriteAllLines(questions, all);
        string cache = Path.Combine(_dir, "cache.jsonl");
        string config = WriteConfig(server, cache, maxRetries: 3);
        string summaryPath = Path.Combine(_dir, "summary.json");

        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        (int code, string output) = await EndToEndTests.RunCliAsync("programs", "generate", "--questions", questions, "--config", config, "--quiet", "--summary", summaryPath);

        Assert.True(code == 1, output);
        JsonElement s = EndToEndTests.ReadJson(summaryPath);
        Report("programs generate", System.Diagnostics.Stopwatch.GetElapsedTime(start), server, s);
        int failed = s.GetProperty("failures").GetProperty("model_error").GetInt32();
        Assert.Equal(40, s.GetProperty("questions").GetInt32());
        Assert.Equal(40, s.GetProperty("generated").GetInt32() + failed);
        Assert.InRange(failed, poisoned.Count, poisoned.Count + 2);
        Assert.Equal(failed, s.GetProperty("model_failures").EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.True(s.GetProperty("model_failures").GetProperty("http").GetInt32() >= poisoned.Count);
        Assert.True(s.GetProperty("retries").GetInt32() >= poisoned.Count * 3, output);
        Assert.Empty(server.Problems);

        (int again, string againOutput) = await EndToEndTests.RunCliAsync("programs", "generate", "--questions", questions, "--config", config, "--quiet", "--summary", summaryPath);

        Assert.True(again == 1, againOutput);
        JsonElement second = EndToEndTests.ReadJson(summaryPath);
        Assert.Equal(40 - failed, second.GetProperty("from_cache").GetInt32());
        Assert.Equal(poisoned.Count, second.GetProperty("failures").GetProperty("model_error").GetInt32());
    }

    [Fact]
    public async Task EvalProgramsLlm_TwentyPercentMixedFaults_EveryItemHasATypedRowAndARerunResumes()
    {
        List<string> all = Questions(60);
        var poisoned = new HashSet<string>(all.Take(4), StringComparer.Ordinal);
        await using FakeChatServer server = await FakeChatServer.StartAsync(Faulty(poisoned, seed: 4));
        string config = WriteConfig(server, Path.Combine(_dir, "cache.jsonl"), maxRetries: 3);
        string output = Path.Combine(_dir, "out");
        string results = Path.Combine(output, "results.jsonl");

        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        (int code, string text) = await EndToEndTests.RunCliAsync("eval", "--programs", "llm", "--llm-config", config, "--perception", "scene", "--limit", "30", "--out", output, "--quiet", "--concurrency", "4");

        Assert.True(code == 0, text);
        string[] firstRows = File.ReadAllLines(results);
        Assert.Equal(30, firstRows.Length);
        JsonElement s = EndToEndTests.ReadJson(Path.Combine(output, "summary.json"));
        Report($"eval --programs llm (30 rows, {s.GetProperty("failures")} failed rows)", System.Diagnostics.Stopwatch.GetElapsedTime(start), server, s.GetProperty("program_generation"));
        Assert.Equal(30, s.GetProperty("total").GetInt32());
        var rows = firstRows.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var failedRows = rows.Where(r => r.TryGetProperty("failure_kind", out JsonElement k) && k.ValueKind == JsonValueKind.String).ToList();
        Assert.Equal(s.GetProperty("failures").GetInt32(), failedRows.Count);
        Assert.All(failedRows, r => Assert.Equal("model_error", r.GetProperty("failure_kind").GetString()));
        Assert.All(failedRows, r => Assert.StartsWith("model_error:", r.GetProperty("error").GetString(), StringComparison.Ordinal));
        Assert.True(failedRows.Count >= rows.Count(r => poisoned.Contains(r.GetProperty("question").GetString()!)), text);
        JsonElement generation = s.GetProperty("program_generation");
        Assert.True(generation.GetProperty("retries").GetInt32() > 0);
        Assert.Equal(
            generation.GetProperty("failures").GetProperty("model_error").GetInt32(),
            generation.GetProperty("model_failures").EnumerateObject().Sum(p => p.Value.GetInt32()));

        (int again, string againText) = await EndToEndTests.RunCliAsync("eval", "--programs", "llm", "--llm-config", config, "--perception", "scene", "--limit", "60", "--out", output, "--quiet", "--concurrency", "4");

        Assert.True(again == 0, againText);
        string[] allRows = File.ReadAllLines(results);
        Assert.Equal(60, allRows.Length);
        Assert.Equal(firstRows, allRows.Take(30));
        Assert.Equal(60, allRows.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64()).Distinct().Count());
        Assert.Empty(server.Problems);
    }
}
