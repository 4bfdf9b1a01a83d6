using BenchmarkDotNet.Attributes;
using Neptune.Caching;

namespace Neptune.Benchmarks;

/// <summary>The SQLite cache store: one committed write, a hit and a miss, on a database of 10,000 entries.</summary>
[MemoryDiagnoser]
public class CacheBenchmarks
{
    private string _dir = null!;
    private SqliteCacheStore _store = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("neptune-bench-cache").FullName;
        _store = SqliteCacheStore.Open(Path.Combine(_dir, "cache.db"));
        _store.Import("seed", 1, Enumerable.Range(0, 10_000).Select(i => new CacheEntry($"key-{i}", "0.75", DateTimeOffset.UnixEpoch)));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Description = "set (one committed transaction)")]
    public void Set() => _store.Set($"new-{_next++}", "0.75", DateTimeOffset.UnixEpoch);

    [Benchmark(Description = "get, hit")]
    public bool Hit() => _store.TryGet("key-5000", out _);

    [Benchmark(Description = "get, miss")]
    public bool Miss() => _store.TryGet("absent", out _);
}
