using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Neptune.Cli.Tests;

public sealed class ExportCommandTests
{
    private static string EvalRun()
    {
        string dir = Cli.NewDirectory();
        CliRun run = Cli.InProcess("eval", "--limit", "5", "--noise-flip", "0.3", "--quiet", "--out", dir);
        Assert.True(run.ExitCode == 0, run.Err);
        return dir;
    }

    [Fact]
    public void Export_Sft_CorrectRunsOnly_AsThePromptMessagesWithTheProgramAsAnswer()
    {
        string dir = EvalRun();
        string output = Path.Combine(dir, "sft.jsonl");

        CliRun run = Cli.InProcess("export", "--from", dir, "--format", "sft", "--out", output, "--quiet");

        Assert.True(run.ExitCode == 0, run.Err);
        var results = File.ReadAllLines(Path.Combine(dir, "results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var rows = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(results.Count(r => r.GetProperty("correct").GetBoolean()), rows.Count);
        foreach (JsonElement row in rows)
        {
            JsonElement source = results.Single(r => r.GetProperty("id").GetInt64() == row.GetProperty("id").GetInt64());
            JsonElement[] messages = [.. row.GetProperty("messages").EnumerateArray()];
            Assert.Equal("system", messages[0].GetProperty("role").GetString());
            Assert.Equal("Question: " + source.GetProperty("question").GetString(), messages[^2].GetProperty("content").GetString());
            Assert.Equal("assistant", messages[^1].GetProperty("role").GetString());
            string answer = messages[^1].GetProperty("content").GetString()!;
            string program = answer[(answer.IndexOf("```python\n", StringComparison.Ordinal) + 10)..answer.LastIndexOf("\n```", StringComparison.Ordinal)];
            Assert.Equal(source.GetProperty("program_hash").GetString(), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(program + "\n"))));
        }
    }

    [Fact]
    public void Export_Rl_EveryRunWithAProgram_RewardIsCorrectness()
    {
        string dir = EvalRun();
        string output = Path.Combine(dir, "rl.jsonl");

        CliRun run = Cli.InProcess("export", "--from", dir, "--format", "rl", "--out", output, "--quiet");

        Assert.True(run.ExitCode == 0, run.Err);
        var results = File.ReadAllLines(Path.Combine(dir, "results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var rows = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(results.Count, rows.Count);
        foreach (JsonElement row in rows)
        {
            JsonElement source = results.Single(r => r.GetProperty("id").GetInt64() == row.GetProperty("id").GetInt64());
            Assert.Equal(source.GetProperty("correct").GetBoolean() ? 1 : 0, row.GetProperty("reward").GetInt32());
            Assert.Equal(source.GetProperty("expected").GetString(), row.GetProperty("expected").GetString());
            Assert.Equal("user", row.GetProperty("prompt").EnumerateArray().Last().GetProperty("role").GetString());
            Assert.False(string.IsNullOrEmpty(row.GetProperty("program").GetString()));
            Assert.Equal(source.GetProperty("category").GetString(), row.GetProperty("trace").GetProperty("category").GetString());
        }
    }

    [Fact]
    public void Export_NotARunDirectory_IsBadInput()
    {
        string dir = Cli.NewDirectory();

        Cli.InProcess("export", "--from", dir, "--format", "rl", "--out", Path.Combine(dir, "x.jsonl")).FailsWithBadInput("is not an evaluation run");
    }
}
