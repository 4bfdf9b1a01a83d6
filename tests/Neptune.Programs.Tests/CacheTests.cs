using System.Text.Json;
using Neptune.Language;
using Neptune.Models;
using Neptune.Programs.Caching;
using Neptune.Programs.Generation;
using Neptune.Programs.Prompting;
using Neptune.Testing;

namespace Neptune.Programs.Tests;

public sealed class CacheTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"neptune-cache-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private string CachePath => Path.Combine(_dir, "sub", "cache.jsonl");

    private static CachedProgram Entry(string key, string question = "q?", string program = "return 1\n") =>
        new() { Key = key, Question = question, Program = program, Objects = ["cube"], Attempts = 1, Model = "m", TemplateVersion = "t/1", CreatedUtc = DateTimeOffset.UnixEpoch };

    [Fact]
    public void Add_ThenReopen_FindsTheEntryWithEveryField()
    {
        ProgramCache cache = ProgramCache.Open(CachePath);
        var history = new GenerationAttempt { Number = 1, Outcome = AttemptOutcome.Invalid, Program = "return x\n", Diagnostics = ["program.py(1,8): error NPT2006: x"], InputTokens = 10, OutputTokens = 2, Latency = TimeSpan.FromMilliseconds(1500) };
        cache.Add(Entry("k1") with { Attempts = 2, History = [history] });

        ProgramCache reopened = ProgramCache.Open(CachePath);

        Assert.True(reopened.TryGet("k1", out CachedProgram? e));
        Assert.Equal("return 1\n", e!.Program);
        Assert.Equal(["cube"], e.Objects);
        Assert.Equal(2, e.Attempts);
        Assert.Equal("m", e.Model);
        Assert.Equal("t/1", e.TemplateVersion);
        GenerationAttempt h = Assert.Single(e.History);
        Assert.Equal(AttemptOutcome.Invalid, h.Outcome);
        Assert.Equal(["program.py(1,8): error NPT2006: x"], h.Diagnostics);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), h.Latency);
        Assert.False(reopened.TryGet("k2", out _));
    }

    private void WriteJsonLines(params string[] lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CachePath)!);
        File.WriteAllText(CachePath, string.Concat(lines));
    }

    private static string Line(CachedProgram entry) => ProgramCache.Serialize(entry) + "\n";

    [Fact]
    public void Open_JsonLinesCache_IsImportedIntoTheDatabaseBesideIt()
    {
        WriteJsonLines(Line(Entry("k1")), "\n", Line(Entry("k2", program: "return 2\n")), Line(Entry("k1", program: "return 3\n")));

        using ProgramCache cache = ProgramCache.Open(CachePath);

        Assert.Equal(Path.Combine(_dir, "sub", "cache.db"), cache.Path);
        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet("k1", out CachedProgram? k1));
        Assert.Equal("return 3\n", k1!.Program); // the later line wins, as it did in the file
        Assert.True(cache.TryGet("k2", out _));
    }

    [Fact]
    public void Open_JsonLinesCacheGrown_ImportsOnlyWhenItChangedAndKeepsNewerEntries()
    {
        WriteJsonLines(Line(Entry("k1")));
        using (ProgramCache first = ProgramCache.Open(CachePath))
        {
            first.Add(Entry("k1", program: "return 9\n")); // written after the import
        }

        using (ProgramCache same = ProgramCache.Open(CachePath))
        {
            Assert.True(same.TryGet("k1", out CachedProgram? kept));
            Assert.Equal("return 9\n", kept!.Program); // an unchanged file is not imported again
        }

        File.AppendAllText(CachePath, Line(Entry("k2")));
        using ProgramCache grown = ProgramCache.Open(CachePath);
        Assert.True(grown.TryGet("k2", out _));
        Assert.Equal(2, grown.Count);
    }

    [Fact]
    public void Open_CorruptLine_ThrowsNamingTheLineImportsNothingAndKeepsTheFile()
    {
        WriteJsonLines(Line(Entry("k1")), "{\"key\": \"k2\", \"question\": ");
        using (ProgramCache torn = ProgramCache.Open(CachePath)) // a torn last line is only an error once it is complete...
        {
            Assert.Equal(1, torn.Count);
        }

        File.AppendAllText(CachePath, "\n" + Line(Entry("k3")));
        string before = File.ReadAllText(CachePath);

        var e = Assert.Throws<ProgramCacheCorruptException>(() => ProgramCache.Open(CachePath));

        Assert.Equal(2, e.Line);
        Assert.Contains("cache.jsonl(2)", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(CachePath));
        File.WriteAllText(CachePath, Line(Entry("k1")) + Line(Entry("k4")));
        using ProgramCache fixedCache = ProgramCache.Open(CachePath);
        Assert.True(fixedCache.TryGet("k4", out _));
        Assert.False(fixedCache.TryGet("k3", out _)); // the failed import left nothing behind
    }

    [Fact]
    public void Open_FileThatIsNotADatabase_ThrowsTypedError()
    {
        string path = Path.Combine(_dir, "cache.db");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(path, "{\"key\": \"k\"}\n");

        var e = Assert.Throws<Neptune.Caching.CacheException>(() => ProgramCache.Open(path));

        Assert.Contains("not a cache database", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_EntryWithoutProgram_ThrowsCorrupt()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CachePath)!);
        File.WriteAllText(CachePath, "{\"key\": \"k\", \"question\": \"q\"}\n");

        var e = Assert.Throws<ProgramCacheCorruptException>(() => ProgramCache.Open(CachePath));

        Assert.Contains("'program'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryGet_EntryAppendedByAnotherWriter_IsSeenWithoutReopening()
    {
        ProgramCache reader = ProgramCache.Open(CachePath);
        ProgramCache writer = ProgramCache.Open(CachePath);

        writer.Add(Entry("late"));

        Assert.True(reader.TryGet("late", out _));
    }

    [Fact]
    public async Task Add_ManyWritersAtOnce_LosesNothing()
    {
        ProgramCache[] writers = [.. Enumerable.Range(0, 4).Select(_ => ProgramCache.Open(CachePath))];

        await Task.WhenAll(writers.Select((w, i) => Task.Run(() =>
        {
            for (int j = 0; j < 50; j++)
            {
                w.Add(Entry($"w{i}-{j}", question: $"question {i} {j} " + new string('x', 2000)));
            }
        })));

        using ProgramCache check = ProgramCache.Open(CachePath);
        Assert.Equal(200, check.Count);
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 50; j++)
            {
                Assert.True(check.TryGet($"w{i}-{j}", out CachedProgram? e));
                Assert.StartsWith($"question {i} {j} ", e!.Question, StringComparison.Ordinal);
            }
        }

        foreach (ProgramCache w in writers)
        {
            w.Dispose();
        }
    }

    [Fact]
    public void Database_Entries_AreReadableAsQuestionAndProgramJson()
    {
        using (ProgramCache cache = ProgramCache.Open(CachePath))
        {
            cache.Add(Entry("k", question: "How many cubes?", program: "return 3\n"));
        }

        using var store = Neptune.Caching.SqliteCacheStore.Open(Path.Combine(_dir, "sub", "cache.db"));
        using JsonDocument doc = JsonDocument.Parse(store.Entries().Single().Value);

        Assert.Equal("How many cubes?", doc.RootElement.GetProperty("question").GetString());
        Assert.Equal("return 3\n", doc.RootElement.GetProperty("program").GetString());
    }

    [Fact]
    public void For_AnyPartChanged_ChangesTheKey()
    {
        var backend = new ModelEndpointOptions { Endpoint = new Uri("http://a/v1"), Model = "m", Temperature = 0, Seed = 1, MaxTokens = 100 };
        string baseline = new ProgramCacheKey(PromptTemplate.Default, backend, 3, true).For("How many?");

        Assert.Equal(baseline, new ProgramCacheKey(PromptTemplate.Default, backend with { Endpoint = new Uri("http://b/v1"), ApiKeyVariable = "K" }, 3, true).For(" How many? "));
        Assert.NotEqual(baseline, new ProgramCacheKey(PromptTemplate.Default, backend with { Model = "n" }, 3, true).For("How many?"));
        Assert.NotEqual(baseline, new ProgramCacheKey(PromptTemplate.Default, backend with { Temperature = 0.5f }, 3, true).For("How many?"));
        Assert.NotEqual(baseline, new ProgramCacheKey(PromptTemplate.Default, backend with { Seed = 2 }, 3, true).For("How many?"));
        Assert.NotEqual(baseline, new ProgramCacheKey(PromptTemplate.Default with { Version = "x/2" }, backend, 3, true).For("How many?"));
        Assert.NotEqual(baseline, new ProgramCacheKey(PromptTemplate.Default with { SystemText = "other" }, backend, 3, true).For("How many?"));
        Assert.NotEqual(baseline, new ProgramCacheKey(PromptTemplate.Default, backend, 3, true).For("How many cubes?"));
        Assert.Equal(64, baseline.Length);
    }

    [Fact]
    public async Task CachingGenerator_SecondCall_MakesNoRequest()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion(GeneratorTests.Answer(GeneratorTests.CubeProgram))));
        var config = new ProgramsConfig { Backend = GeneratorTests.Backend(server), CachePath = CachePath };

        GenerationResult first = await config.CreateGenerator(new ProgramEngine()).GenerateAsync("How many cubes are there?");
        GenerationResult second = await config.CreateGenerator(new ProgramEngine()).GenerateAsync("How many cubes are there?");

        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(first.Program, second.Program);
        Assert.Equal(["cube"], second.Objects);
        Assert.Equal(0, second.Requests);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task CachingGenerator_RepairedProgram_IsCachedWithItsHistory()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Sequence(
            FakeReply.Completion(GeneratorTests.Answer("return cubes\n")),
            FakeReply.Completion(GeneratorTests.Answer(GeneratorTests.CubeProgram))));
        var config = new ProgramsConfig { Backend = GeneratorTests.Backend(server), CachePath = CachePath };

        await config.CreateGenerator(new ProgramEngine()).GenerateAsync("How many cubes are there?");

        Assert.True(ProgramCache.Open(CachePath).TryGet(config.CacheKey().For("How many cubes are there?"), out CachedProgram? e));
        Assert.Equal(2, e!.Attempts);
        Assert.Equal(AttemptOutcome.Invalid, Assert.Single(e.History).Outcome);
        Assert.Equal("return cubes\n", e.History[0].Program);
    }

    [Fact]
    public async Task CachingGenerator_Failure_IsNotCached()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("no idea")));
        var config = new ProgramsConfig { Backend = GeneratorTests.Backend(server), CachePath = CachePath, RepairRounds = 0 };

        GenerationResult result = await config.CreateGenerator(new ProgramEngine()).GenerateAsync("What?");

        Assert.False(result.Succeeded);
        using ProgramCache cache = ProgramCache.Open(CachePath);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Stage_DuplicateQuestions_GeneratesEachDistinctQuestionOnceAndResumesFromTheCache()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(request =>
            request.Messages.Any(m => m.Content == "Question: broken")
                ? FakeReply.Completion("nothing here")
                : FakeReply.Completion(GeneratorTests.Answer(GeneratorTests.CubeProgram), promptTokens: 100, completionTokens: 10));
        var config = new ProgramsConfig { Backend = GeneratorTests.Backend(server), CachePath = CachePath, RepairRounds = 1 };
        string[] questions = ["How many cubes?", "How many cubes?", "Is there a cube?", "broken", " Is there a cube? "];

        GenerationStageSummary first = await ProgramGenerationStage.RunAsync(questions, config.CreateGenerator(new ProgramEngine()), 3);
        int afterFirst = server.RequestCount;
        GenerationStageSummary second = await ProgramGenerationStage.RunAsync(questions, config.CreateGenerator(new ProgramEngine()), 3);

        Assert.Equal(3, first.Questions);
        Assert.Equal(2, first.Generated);
        Assert.Equal(1, first.Failures[GenerationFailureKind.NoProgram]);
        Assert.Equal(4, first.Requests);
        Assert.Equal(4, afterFirst);
        Assert.Equal(1.0 / 3, first.FailureRate, 9);
        Assert.Equal(2, second.FromCache);
        Assert.Equal(2, second.Requests);
        Assert.Equal(6, server.RequestCount);
    }
}
