using Neptune.Caching;
using Neptune.Clevr;
using Neptune.Evaluation.Programs;

namespace Neptune.Evaluation.Tests;

public class ProgramSourceTests
{
    private static ClevrQuestion Q(string text) => new() { Question = text, ImageIndex = 0 };

    [Fact]
    public void Load_CacheFile_LastLineWinsAndBlankLinesSkipped()
    {
        string path = Path.Combine(TestData.NewDirectory(), "c.jsonl");
        File.WriteAllText(path, """
            {"question": "Is it red?", "program": "return 1"}

            {"question": "Is it blue?", "program": "return 2", "model": "x"}
            {"question": "Is it red?", "program": "return 3"}
            """);
        CacheProgramSource source = CacheProgramSource.Load(path);
        Assert.Equal(2, source.Count);
        Assert.Equal("cache", source.Name);
        Assert.Equal("return 3", source.GetProgram(Q("Is it red?")));
        Assert.Equal("return 2", source.GetProgram(Q("Is it blue?")));
    }

    [Fact]
    public void Load_Database_ReadsEveryEntryLaterWriteWinning()
    {
        string path = Path.Combine(TestData.NewDirectory(), "programs.db");
        using (SqliteCacheStore store = SqliteCacheStore.Open(path))
        {
            store.Set("k1", """{"key": "k1", "question": "Is it red?", "program": "return 1"}""", DateTimeOffset.UnixEpoch);
            store.Set("k2", """{"key": "k2", "question": "Is it blue?", "program": "return 2"}""", DateTimeOffset.UnixEpoch);
            store.Set("k3", """{"key": "k3", "question": "Is it red?", "program": "return 3"}""", DateTimeOffset.UnixEpoch);
        }

        CacheProgramSource source = CacheProgramSource.Load(path);

        Assert.Equal(2, source.Count);
        Assert.Equal("return 3", source.GetProgram(Q("Is it red?")));
        Assert.Equal("return 2", source.GetProgram(Q("Is it blue?")));
    }

    [Fact]
    public void Load_JsonLinesPath_ReadsTheFileThenTheDatabaseBesideIt()
    {
        string dir = TestData.NewDirectory();
        string path = Path.Combine(dir, "programs.jsonl");
        File.WriteAllText(path, "{\"question\": \"Is it red?\", \"program\": \"return 1\"}\n{\"question\": \"Is it big?\", \"program\": \"return 5\"}\n");
        using (SqliteCacheStore store = SqliteCacheStore.Open(Path.Combine(dir, "programs.db")))
        {
            store.Set("k", """{"key": "k", "question": "Is it red?", "program": "return 4"}""", DateTimeOffset.UnixEpoch);
        }

        CacheProgramSource source = CacheProgramSource.Load(path);

        Assert.Equal("return 4", source.GetProgram(Q("Is it red?")));
        Assert.Equal("return 5", source.GetProgram(Q("Is it big?")));
        File.Delete(path);
        Assert.Equal("return 4", CacheProgramSource.Load(path).GetProgram(Q("Is it red?")));
    }

    [Fact]
    public void GetProgram_MissingQuestion_ThrowsNoProgram()
    {
        string path = Path.Combine(TestData.NewDirectory(), "c.jsonl");
        File.WriteAllText(path, "{\"question\": \"Is it red?\", \"program\": \"return 1\"}\n");
        var e = Assert.Throws<ProgramSourceException>(() => CacheProgramSource.Load(path).GetProgram(Q("Is it red ?")));
        Assert.Equal(FailureKinds.NoProgram, e.Kind);
    }

    [Theory]
    [InlineData("{\"question\": \"a\"}", "'program'")]
    [InlineData("{\"program\": \"a\"}", "'question'")]
    [InlineData("{\"question\": 1, \"program\": \"a\"}", "'question'")]
    [InlineData("[1]", "JSON object")]
    [InlineData("{\"question\": ", "not valid JSON")]
    public void Load_MalformedLine_ThrowsWithLineNumber(string line, string mention)
    {
        string path = Path.Combine(TestData.NewDirectory(), "c.jsonl");
        File.WriteAllText(path, "{\"question\": \"ok\", \"program\": \"return 1\"}\n" + line + "\n");
        var e = Assert.Throws<ProgramCacheFormatException>(() => CacheProgramSource.Load(path));
        Assert.Contains("(2)", e.Message);
        Assert.Contains(mention, e.Message);
    }

    [Fact]
    public void GroundTruth_QuestionWithoutProgram_ThrowsNoProgram()
    {
        var e = Assert.Throws<ProgramSourceException>(() => GroundTruthProgramSource.Instance.GetProgram(Q("Is it red?")));
        Assert.Equal(FailureKinds.NoProgram, e.Kind);
    }

    [Fact]
    public void GroundTruth_OfficialProgram_TranslatesToBodyProgram()
    {
        ClevrQuestion q = TestData.Questions()[0];
        string program = GroundTruthProgramSource.Instance.GetProgram(q);
        Assert.Contains("return ", program);
        Assert.Equal(program, GroundTruthProgramSource.Instance.GetProgram(q));
    }
}
