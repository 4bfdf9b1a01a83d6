namespace Neptune.Cli.Tests;

/// <summary><c>neptune programs generate</c> through the real executable when the model server cannot be reached.</summary>
public sealed class ProgramsGenerateTests
{
    private readonly string _dir = Cli.NewDirectory();

    [Fact]
    public void Generate_UnreachableServer_SaysWhyAndWritesNoCache()
    {
        string config = Path.Combine(_dir, "programs.json");
        File.WriteAllText(config, """
            {
              "backend": { "endpoint": "http://127.0.0.1:9/v1", "model": "m", "max_retries": 0, "timeout_seconds": 20 },
              "programs": { "cache": "cache.jsonl" }
            }
            """);
        string questions = Path.Combine(_dir, "q.txt");
        File.WriteAllLines(questions, ["Is there a cube?", "Is there a sphere?"]);

        CliRun run = Cli.Process(_dir, "programs", "generate", "--questions", questions, "--config", config, "--quiet");

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Out}\n{run.Err}");
        run.AssertNoStackTrace();
        Assert.Contains("2 failed", run.Out, StringComparison.Ordinal);
        Assert.Contains("model_error: 2 (first: ", run.Out, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:9", run.Out, StringComparison.Ordinal);
        Assert.Contains("no program was cached", run.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "cache.jsonl")));
    }
}
