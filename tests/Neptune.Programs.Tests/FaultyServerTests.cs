using System.Globalization;
using System.Text.Json;
using Neptune.Clevr;
using Neptune.Testing;

namespace Neptune.Programs.Tests;

/// <summary>The neptune CLI against a server that fails in every way a real one does.</summary>
public sealed class FaultyServerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"neptune-faults-{Guid.NewGuid():N}");

    public FaultyServerTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteConfig(FakeChatServer server, string cache, int maxRetries)
    {
        string path = Path.Combine(_dir, $"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""
            {
              "backend": { "endpoint": "{{server.Endpoint}}", "model": "fake-coder", "temperature": 0, "seed": 0, "maxTokens": 800,
                           "maxRetries": {{maxRetries}}, "retryBaseDelaySeconds": 0.001, "maxRetryDelaySeconds": 0.01, "timeoutSeconds": 2 },
              "programs": { "cache": "{{cache.Replace("\\", "\\\\", StringComparison.Ordinal)}}", "repairRounds": 1, "concurrency": 4 }
            }
            """);
        return path;
    }

    private static List<string> Questions(int count) =>
        [.. ClevrQuestionReader.Read(EndToEndTests.QuestionsPath).Take(200).Select(q => q.Question.Trim()).Distinct(StringComparer.Ordinal).Take(count)];

    [Fact]
    public async Task ProgramsGenerate_BodiesCutOff_RetriesAndCachesEveryProgram()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.WithFaults(EndToEndTests.TranslatingScript(), 0.3, seed: 1, FakeReply.Truncated()));
        string questions = Path.Combine(_dir, "q.txt");
        File.WriteAllLines(questions, Questions(20));
        string summary = Path.Combine(_dir, "summary.json");

        (int code, string output) = await EndToEndTests.RunCliAsync("programs", "generate", "--questions", questions, "--config", WriteConfig(server, Path.Combine(_dir, "cache.jsonl"), maxRetries: 4), "--quiet", "--summary", summary);

        Assert.True(code == 0, output);
        Assert.Contains("20 questions: 0 cached, 20 generated", output, StringComparison.Ordinal);
        Assert.Empty(server.Problems);
    }

    [Fact]
    public async Task EvalProgramsLlm_BodiesCutOff_EveryQuestionGetsARow()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.WithFaults(EndToEndTests.TranslatingScript(), 0.3, seed: 2, FakeReply.Truncated()));
        string config = WriteConfig(server, Path.Combine(_dir, "cache.jsonl"), maxRetries: 4);
        string output = Path.Combine(_dir, "out");

        (int code, string text) = await EndToEndTests.RunCliAsync("eval", "--programs", "llm", "--llm-config", config, "--perception", "scene", "--limit", "20", "--out", output, "--quiet");

        Assert.True(code == 0, text);
        JsonElement s = EndToEndTests.ReadJson(Path.Combine(output, "summary.json"));
        Assert.Equal(20, s.GetProperty("total").GetInt32());
        Assert.Equal(20, File.ReadAllLines(Path.Combine(output, "results.jsonl")).Length);
    }
}
