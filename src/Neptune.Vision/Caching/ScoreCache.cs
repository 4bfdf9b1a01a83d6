using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Neptune.Vision.Caching;

/// <summary>
/// Remembers every VLM answer (a tuple's P(yes), an open answer, a grounding answer) under a key that hashes the image,
/// the boxes, the question, the model and the prompt settings, so no tuple is scored twice. In memory, and optionally
/// in an append-only file that later runs reload. Thread-safe. Failures are never stored.
/// </summary>
/// <remarks>
/// The file holds one JSON object per line, <c>{"k": key, "v": value}</c>. Lines that cannot be read (a run killed
/// mid-write) are skipped when loading. Several processes must not append to one file at once.
/// </remarks>
public sealed class ScoreCache : IDisposable
{
    private readonly ConcurrentDictionary<string, string> _entries = new(StringComparer.Ordinal);
    private readonly StreamWriter? _writer;
    private readonly Lock _writeLock = new();
    private long _hits;
    private long _misses;

    private ScoreCache(StreamWriter? writer)
    {
        _writer = writer;
    }

    /// <summary>The file backing the cache, or null for a memory-only cache.</summary>
    public string? Path { get; private init; }

    /// <summary>The number of stored answers.</summary>
    public int Count => _entries.Count;

    /// <summary>Lookups that found an answer.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that found none.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>A cache that lives as long as the process.</summary>
    /// <returns>The cache.</returns>
    public static ScoreCache InMemory() => new(null);

    /// <summary>Opens (or creates) a cache file and loads its answers.</summary>
    /// <param name="path">The file; its directory is created when missing.</param>
    /// <returns>The cache.</returns>
    /// <exception cref="IOException">The file cannot be read or opened for appending.</exception>
    public static ScoreCache Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = System.IO.Path.GetFullPath(path);
        string? directory = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var loaded = new List<KeyValuePair<string, string>>();
        if (File.Exists(full))
        {
            foreach (string line in File.ReadLines(full))
            {
                if (TryReadLine(line, out string? key, out string? value))
                {
                    loaded.Add(new(key!, value!));
                }
            }
        }

        var stream = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.Read);
        var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
        var cache = new ScoreCache(writer) { Path = full };
        foreach (KeyValuePair<string, string> entry in loaded)
        {
            cache._entries[entry.Key] = entry.Value;
        }

        return cache;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_writeLock)
        {
            _writer?.Dispose();
        }
    }

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
        if (_entries.TryGetValue(key, out string? found))
        {
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
        if (!_entries.TryAdd(key, value) || _writer is null)
        {
            return;
        }

        string line = JsonSerializer.Serialize(new Dictionary<string, string>(2) { ["k"] = key, ["v"] = value });
        lock (_writeLock)
        {
            _writer.WriteLine(line);
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
