using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Neptune.Caching;

namespace Neptune.Vision.Caching;

/// <summary>
/// Remembers every VLM answer (a tuple's P(yes), an open answer, a grounding answer) under a key that hashes the image,
/// the boxes, the question, the model and the prompt settings, so no tuple is scored twice. In memory, and optionally
/// in an SQLite database (<see cref="SqliteCacheStore"/>) that later runs and other processes share. Thread-safe.
/// Failures are never stored.
/// </summary>
/// <remarks>
/// A path ending in <c>.jsonl</c> names a JSON-lines cache of earlier versions (<see cref="CacheFiles"/>), one
/// <c>{"k": key, "v": value}</c> object per line: its database is the same path with <c>.db</c>, into which the
/// file's readable lines are imported on open when the file is new or has grown (unreadable lines, from a run killed
/// mid-write, are skipped). Several processes may use one database at once; an answer another process stored is
/// found on the next lookup.
/// </remarks>
public sealed class ScoreCache : IDisposable
{
    private readonly ConcurrentDictionary<string, string> _entries = new(StringComparer.Ordinal);
    private readonly ICacheStore? _store;
    private readonly TimeProvider _time;
    private long _hits;
    private long _misses;

    private ScoreCache(ICacheStore? store, TimeProvider? timeProvider)
    {
        _store = store;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The database backing the cache, or null for a memory-only cache.</summary>
    public string? Path => _store?.Path;

    /// <summary>The number of stored answers (in the database, for a persistent cache).</summary>
    public int Count => _store is null ? _entries.Count : (int)_store.Stats().Entries;

    /// <summary>Lookups that found an answer.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that found none.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>A cache that lives as long as the process.</summary>
    /// <returns>The cache.</returns>
    public static ScoreCache InMemory() => new(null, null);

    /// <summary>Opens (or creates) a cache database, importing a JSON-lines cache the path names.</summary>
    /// <param name="path">The database, or a JSON-lines cache file (see <see cref="CacheFiles"/>); its directory is created when missing.</param>
    /// <param name="timeProvider">The clock for entry timestamps.</param>
    /// <returns>The cache.</returns>
    /// <exception cref="CacheException">The database cannot be used.</exception>
    /// <exception cref="IOException">The JSON-lines file cannot be read.</exception>
    public static ScoreCache Open(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return CacheFiles.Open(path, (store, _) => new ScoreCache(store, timeProvider), static (cache, file) => cache.Import(file));
    }

    /// <summary>Imports the readable lines of a JSON-lines score cache; a file imported before at the same length is skipped.</summary>
    /// <param name="jsonLinesPath">The file.</param>
    /// <returns>The number of answers imported, or -1 when this content was imported before.</returns>
    /// <exception cref="InvalidOperationException">The cache is memory-only.</exception>
    public int Import(string jsonLinesPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jsonLinesPath);
        ICacheStore store = _store ?? throw new InvalidOperationException("a memory-only score cache has no database to import into");
        string full = System.IO.Path.GetFullPath(jsonLinesPath);
        long length = new FileInfo(full).Length;
        DateTimeOffset now = _time.GetUtcNow();
        var entries = new List<CacheEntry>();
        foreach (string line in File.ReadLines(full))
        {
            if (TryReadLine(line, out string? key, out string? value))
            {
                entries.Add(new CacheEntry(key!, value!, now));
            }
        }

        return store.Import(full, length, entries);
    }

    /// <inheritdoc />
    public void Dispose() => _store?.Dispose();

    /// <summary>The key for a request: SHA-256 over the parts, separated unambiguously, as lower-case hex.</summary>
    internal static string Key(params ReadOnlySpan<string> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (string part in parts)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(part);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    internal bool TryGet(string key, out string value)
    {
        if (_entries.TryGetValue(key, out string? found) || (_store is not null && _store.TryGet(key, out found)))
        {
            _entries.TryAdd(key, found);
            Interlocked.Increment(ref _hits);
            value = found;
            return true;
        }

        Interlocked.Increment(ref _misses);
        value = string.Empty;
        return false;
    }

    internal void Set(string key, string value)
    {
        if (_entries.TryAdd(key, value))
        {
            _store?.Set(key, value, _time.GetUtcNow());
        }
    }

    private static bool TryReadLine(string line, out string? key, out string? value)
    {
        key = null;
        value = null;
        if (string.IsNullOrWhiteSpace(line))
        {
            return false;
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("k", out JsonElement k) && k.ValueKind == JsonValueKind.String
                && doc.RootElement.TryGetProperty("v", out JsonElement v) && v.ValueKind == JsonValueKind.String)
            {
                key = k.GetString();
                value = v.GetString();
                return key is not null && value is not null;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}
