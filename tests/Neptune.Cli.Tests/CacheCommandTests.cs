using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Neptune.Cli.Tests;

public sealed class CacheCommandTests : IDisposable
{
    private readonly string _dir = Cli.NewDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteScores(string name, int count, int from = 0)
    {
        string path = Path.Combine(_dir, name);
        var text = new StringBuilder();
        for (int i = from; i < from + count; i++)
        {
            text.Append("{\"k\": \"key-").Append(i).Append("\", \"v\": \"0.").Append(i % 10).Append("\"}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static JsonElement Json(CliRun run)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Err}");
        using JsonDocument doc = JsonDocument.Parse(run.Out);
        return doc.RootElement.Clone();
    }

    [Fact]
    public void ImportStatsPrune_ScoreCache_ReportSnakeCaseJsonAndImportOnce()
    {
        string source = WriteScores("scores.jsonl", 3);
        File.AppendAllText(source, "{\"k\": \"torn\", \"v\": ");

        JsonElement first = Json(Cli.Process(_dir, "cache", "import", source, "--json"));
        JsonElement again = Json(Cli.Process(_dir, "cache", "import", source, "--json"));
        JsonElement stats = Json(Cli.Process(_dir, "cache", "stats", source, "--json"));
        JsonElement pruned = Json(Cli.Process(_dir, "cache", "prune", Path.Combine(_dir, "scores.db"), "--older-than", "0", "--json"));

        Assert.Equal("scores", first.GetProperty("kind").GetString());
        Assert.Equal(3, first.GetProperty("imported").GetInt32());
        Assert.Equal(Path.Combine(_dir, "scores.db"), first.GetProperty("database").GetString());
        Assert.True(again.GetProperty("already_imported").GetBoolean());
        Assert.Equal(3, stats.GetProperty("entries").GetInt64());
        Assert.True(stats.GetProperty("bytes").GetInt64() > 0);
        Assert.Equal([source], stats.GetProperty("imported_sources").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.String, stats.GetProperty("oldest_utc").ValueKind);
        Assert.Equal(3, pruned.GetProperty("deleted").GetInt32());
        Assert.Equal(0, pruned.GetProperty("entries").GetInt64());
    }

    [Fact]
    public void Import_ProgramCache_IsReadBackByStats()
    {
        string source = Path.Combine(_dir, "programs.jsonl");
        File.WriteAllText(source, """
            {"key": "k1", "question": "How many cubes?", "program": "return 3\n", "objects": ["cube"], "attempts": 1, "created": "2026-01-01T00:00:00.0000000Z"}
            {"key": "k2", "question": "Is it red?", "program": "return True\n", "objects": [], "attempts": 1, "created": "2026-01-02T00:00:00.0000000Z"}

            """);

        CliRun text = Cli.Process(_dir, "cache", "import", source, "--to", Path.Combine(_dir, "all.db"));
        JsonElement stats = Json(Cli.Process(_dir, "cache", "stats", Path.Combine(_dir, "all.db"), "--json"));

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("imported 2 programs entries", text.Out, StringComparison.Ordinal);
        Assert.Equal(2, stats.GetProperty("entries").GetInt64());
        Assert.StartsWith("2026-01-01T00:00:00", stats.GetProperty("oldest_utc").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("2026-01-02T00:00:00", stats.GetProperty("newest_utc").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_MissingCache_IsBadInput() =>
        Cli.Process(_dir, "cache", "stats", Path.Combine(_dir, "none.db")).FailsWithBadInput("none.db");

    [Fact]
    public void Stats_FileThatIsNotADatabase_IsBadInput()
    {
        string path = Path.Combine(_dir, "notes.db");
        File.WriteAllText(path, "hello, this is not a database file\n");
        Cli.Process(_dir, "cache", "stats", path).FailsWithBadInput("not a cache database");
    }

    [Fact]
    public void Import_FileOfNoKnownCache_IsBadInput()
    {
        string path = Path.Combine(_dir, "other.jsonl");
        File.WriteAllText(path, "{\"question\": \"q\"}\n");
        Cli.Process(_dir, "cache", "import", path).FailsWithBadInput("neither a program-cache entry");
    }

    [Fact]
    public void Prune_NegativeAge_IsBadInput()
    {
        string source = WriteScores("s.jsonl", 1);
        Assert.Equal(0, Cli.Process(_dir, "cache", "import", source).ExitCode);
        Cli.Process(_dir, "cache", "prune", source, "--older-than", "-1").FailsWithBadInput("--older-than");
    }

    [Fact]
    public async Task Import_SeveralProcessesIntoOneDatabaseAtOnce_LoseNothing()
    {
        string database = Path.Combine(_dir, "shared.db");
        string[] sources = [.. Enumerable.Range(0, 4).Select(i => WriteScores($"part{i}.jsonl", 2_000, from: i * 2_000))];

        CliRun[] runs = await Task.WhenAll(sources.Select(s => Task.Run(() => Cli.Process(_dir, "cache", "import", s, "--to", database))));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Err));
        JsonElement stats = Json(Cli.Process(_dir, "cache", "stats", database, "--json"));
        Assert.Equal(8_000, stats.GetProperty("entries").GetInt64());
        Assert.Equal(4, stats.GetProperty("imported_sources").GetArrayLength());
    }

    [Fact]
    public void Import_ProcessKilledMidWrite_LeavesAReadableCacheThatAFreshImportCompletes()
    {
        const int Count = 300_000;
        string source = WriteScores("big.jsonl", Count);
        string database = Path.Combine(_dir, "big.db");

        // Kill the importer at different points of its work: before, during and (when the machine is fast) after
        // the transaction. Each time the database must open, and hold all of the file or none of it.
        foreach (int delay in new[] { 300, 900, 1_800 })
        {
            using Process process = StartNeptune("cache", "import", source, "--to", database);
            Thread.Sleep(delay);
            process.Kill(entireProcessTree: true);
            process.WaitForExit();

            if (File.Exists(database))
            {
                long entries = Json(Cli.Process(_dir, "cache", "stats", database, "--json")).GetProperty("entries").GetInt64();
                Assert.True(entries is 0 or Count, $"after a kill at {delay} ms the cache holds {entries} entries");
            }
        }

        JsonElement done = Json(Cli.Process(_dir, "cache", "import", source, "--to", database, "--json"));
        JsonElement stats = Json(Cli.Process(_dir, "cache", "stats", database, "--json"));
        Assert.True(done.GetProperty("imported").GetInt32() == Count || done.GetProperty("already_imported").GetBoolean());
        Assert.Equal(Count, stats.GetProperty("entries").GetInt64());
    }

    private Process StartNeptune(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "neptune.dll"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        return Process.Start(start)!;
    }
}
