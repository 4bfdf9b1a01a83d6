namespace Neptune.Caching.Tests;

public sealed class SqliteCacheStoreTests : IDisposable
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("neptune-caching-tests-").FullName;

    private string DbPath => Path.Combine(_dir, "sub", "cache.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SetThenReopen_FindsTheValueAndTheLaterWriteWins()
    {
        using (SqliteCacheStore store = SqliteCacheStore.Open(DbPath))
        {
            store.Set("k", "first", Day0);
            store.Set("other", "x", Day0);
            store.Set("k", "second", Day0.AddDays(1));
        }

        using SqliteCacheStore reopened = SqliteCacheStore.Open(DbPath);
        Assert.True(reopened.TryGet("k", out string value));
        Assert.Equal("second", value);
        Assert.False(reopened.TryGet("missing", out _));
        Assert.Equal(["other", "k"], reopened.Entries().Select(e => e.Key)); // oldest write first
        Assert.True(SqliteCacheStore.IsDatabase(DbPath));
    }

    [Fact]
    public void Open_UsesWriteAheadLogMode()
    {
        using SqliteCacheStore store = SqliteCacheStore.Open(DbPath);
        store.Set("k", "v", Day0);
        Assert.True(File.Exists(DbPath + "-wal"));
    }

    [Fact]
    public async Task SeveralConnectionsWritingAtOnce_LoseNothingAndSeeEachOther()
    {
        SqliteCacheStore[] stores = [.. Enumerable.Range(0, 4).Select(_ => SqliteCacheStore.Open(DbPath))];
        try
        {
            await Task.WhenAll(stores.Select((s, i) => Task.Run(() =>
            {
                for (int j = 0; j < 250; j++)
                {
                    s.Set($"{i}-{j}", new string((char)('a' + i), 500), Day0);
                    Assert.True(s.TryGet($"{i}-{j}", out _));
                }
            })));

            Assert.Equal(1000, stores[0].Stats().Entries);
            Assert.True(stores[3].TryGet("0-249", out string v));
            Assert.Equal(new string('a', 500), v);
        }
        finally
        {
            foreach (SqliteCacheStore s in stores)
            {
                s.Dispose();
            }
        }
    }

    [Fact]
    public void Import_SameVersionTwice_ImportsOnceAndANewVersionAgain()
    {
        using SqliteCacheStore store = SqliteCacheStore.Open(DbPath);
        CacheEntry[] entries = [new("a", "1", Day0), new("b", "2", Day0), new("a", "3", Day0)];

        Assert.Equal(3, store.Import("old.jsonl", 10, entries));
        Assert.Equal(-1, store.Import("old.jsonl", 10, entries));
        store.Set("a", "newer", Day0);
        Assert.Equal(-1, store.Import("old.jsonl", 10, entries));
        Assert.True(store.TryGet("a", out string kept));
        Assert.Equal("newer", kept);
        Assert.Equal(1, store.Import("old.jsonl", 20, [new("c", "4", Day0)]));
        Assert.Equal([Path.GetFullPath("old.jsonl")], store.Stats().ImportedSources);
    }

    [Fact]
    public void Import_SourceFailingHalfWay_LeavesTheStoreAsItWas()
    {
        using SqliteCacheStore store = SqliteCacheStore.Open(DbPath);
        store.Set("kept", "1", Day0);

        Assert.Throws<InvalidDataException>(() => store.Import("broken.jsonl", 5, Failing()));

        Assert.Equal(["kept"], store.Entries().Select(e => e.Key));
        Assert.Empty(store.Stats().ImportedSources);
        Assert.Equal(1, store.Import("broken.jsonl", 5, [new("x", "y", Day0)])); // not marked as imported

        static IEnumerable<CacheEntry> Failing()
        {
            yield return new CacheEntry("half", "1", Day0);
            throw new InvalidDataException("cut off");
        }
    }

    [Fact]
    public void Prune_DeletesOnlyOlderEntriesAndStatsFollow()
    {
        using SqliteCacheStore store = SqliteCacheStore.Open(DbPath);
        store.Set("old", "1", Day0);
        store.Set("new", "2", Day0.AddDays(10));

        Assert.Equal(1, store.Prune(Day0.AddDays(5)));

        CacheStats stats = store.Stats();
        Assert.Equal(1, stats.Entries);
        Assert.Equal(Day0.AddDays(10), stats.OldestUtc);
        Assert.Equal(Day0.AddDays(10), stats.NewestUtc);
        Assert.True(stats.Bytes > 0);
        Assert.False(store.TryGet("old", out _));
    }

    [Fact]
    public void Open_FileThatIsNotADatabase_ThrowsCacheExceptionAndKeepsTheFile()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        File.WriteAllText(DbPath, "{\"k\": \"a\", \"v\": \"b\"}\n");

        var e = Assert.Throws<CacheException>(() => SqliteCacheStore.Open(DbPath));

        Assert.Contains("not a cache database", e.Message, StringComparison.Ordinal);
        Assert.Equal("{\"k\": \"a\", \"v\": \"b\"}\n", File.ReadAllText(DbPath));
    }

    [Fact]
    public void Open_Directory_ThrowsCacheException()
    {
        Directory.CreateDirectory(DbPath);
        Assert.Throws<CacheException>(() => SqliteCacheStore.Open(DbPath));
    }

    [Theory]
    [InlineData("a/cache.jsonl", "a/cache.db", "a/cache.jsonl")]
    [InlineData("a/cache.JSONL", "a/cache.db", "a/cache.JSONL")]
    [InlineData("a/cache.db", "a/cache.db", null)]
    [InlineData("a/cache", "a/cache", null)]
    public void CacheFiles_JsonLinesPath_NamesTheDatabaseBesideIt(string configured, string database, string? jsonLines)
    {
        Assert.Equal(Path.GetFullPath(database), CacheFiles.DatabasePath(configured));
        Assert.Equal(jsonLines is null ? null : Path.GetFullPath(jsonLines), CacheFiles.JsonLinesPath(configured));
    }

    [Fact]
    public void Dispose_ThenUse_ThrowsObjectDisposed()
    {
        SqliteCacheStore store = SqliteCacheStore.Open(DbPath);
        store.Dispose();
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.TryGet("k", out _));
    }
}
