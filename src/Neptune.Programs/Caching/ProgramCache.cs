using System.Globalization;
using System.Text;
using System.Text.Json;
using Neptune.Caching;
using Neptune.Programs.Generation;

namespace Neptune.Programs.Caching;

/// <summary>A program-cache entry is damaged. Nothing is discarded: fix or move the file, then run again.</summary>
public sealed class ProgramCacheCorruptException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The cache file.</param>
    /// <param name="line">The 1-based line of a JSON-lines file, or 0 for an entry of the database.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ProgramCacheCorruptException(string path, int line, string message, Exception? innerException = null)
        : base($"{(line > 0 ? $"{path}({line.ToString(CultureInfo.InvariantCulture)})" : path)}: corrupt program cache: {message}", innerException)
    {
        Path = path;
        Line = line;
    }

    /// <summary>The cache file.</summary>
    public string Path { get; }

    /// <summary>The 1-based line of a JSON-lines file, or 0 for an entry of the database.</summary>
    public int Line { get; }
}

/// <summary>
/// A persistent, content-addressed program cache in an SQLite database (<see cref="SqliteCacheStore"/>): safe for
/// several processes at once and for a process killed at any point. Each entry is stored as the JSON object
/// <see cref="Serialize"/> writes (<c>key</c>, <c>question</c>, <c>program</c>, ...); when a key is written twice, the
/// later write wins.
/// </summary>
/// <remarks>
/// A path ending in <c>.jsonl</c> names a JSON-lines cache of earlier versions (<see cref="CacheFiles"/>): the database
/// is the same path with <c>.db</c>, and the complete lines of the JSON-lines file are imported when the cache is
/// opened and the file is new or has grown. A line that is not a valid entry makes <see cref="Open"/> throw
/// <see cref="ProgramCacheCorruptException"/> naming the line, and nothing of that file is imported; the file is never
/// truncated or rewritten. The instance is thread-safe.
/// </remarks>
public sealed class ProgramCache : IDisposable
{
    private readonly ICacheStore _store;

    private ProgramCache(ICacheStore store, string? jsonLines)
    {
        _store = store;
        Path = store.Path;
        JsonLinesPath = jsonLines;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The JSON-lines file imported on open, if the configured path named one.</summary>
    public string? JsonLinesPath { get; }

    /// <summary>The number of distinct keys.</summary>
    public int Count => (int)_store.Stats().Entries;

    /// <summary>Opens (creating the folder and database if needed) a cache, importing a JSON-lines cache the path names.</summary>
    /// <param name="path">The database, or a JSON-lines cache file (see <see cref="CacheFiles"/>).</param>
    /// <returns>The cache.</returns>
    /// <exception cref="ProgramCacheCorruptException">A line of the JSON-lines file is not a valid entry.</exception>
    /// <exception cref="CacheException">The database cannot be used.</exception>
    public static ProgramCache Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return CacheFiles.Open(path, static (store, jsonLines) => new ProgramCache(store, jsonLines), static (cache, file) => cache.Import(file));
    }

    /// <summary>
    /// Imports the complete lines of a JSON-lines program cache in one transaction; a file imported before with the
    /// same length of complete lines is skipped.
    /// </summary>
    /// <param name="jsonLinesPath">The JSON-lines file.</param>
    /// <returns>The number of entries imported, or -1 when this content was imported before.</returns>
    /// <exception cref="ProgramCacheCorruptException">A line is not a valid entry (nothing is imported).</exception>
    public int Import(string jsonLinesPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(jsonLinesPath);
        string full = System.IO.Path.GetFullPath(jsonLinesPath);
        byte[] bytes;
        using (var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }

        int complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        var entries = new List<CacheEntry>();
        int consumed = 0;
        int number = 0;
        while (consumed < complete)
        {
            int newline = Array.IndexOf(bytes, (byte)'\n', consumed);
            number++;
            ReadOnlySpan<byte> line = bytes.AsSpan(consumed, newline - consumed);
            consumed = newline + 1;
            if (line.Trim((byte)'\r').Trim((byte)' ').IsEmpty)
            {
                continue;
            }

            CachedProgram entry = Parse(line, full, number);
            entries.Add(new CacheEntry(entry.Key, Serialize(entry), entry.CreatedUtc));
        }

        return _store.Import(full, complete, entries);
    }

    /// <summary>Looks a key up; entries other processes wrote are seen at once.</summary>
    /// <param name="key">The key.</param>
    /// <param name="entry">The entry, when found.</param>
    /// <returns>Whether the key is cached.</returns>
    /// <exception cref="ProgramCacheCorruptException">The stored entry is not valid.</exception>
    public bool TryGet(string key, out CachedProgram? entry)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_store.TryGet(key, out string json))
        {
            entry = null;
            return false;
        }

        entry = Parse(System.Text.Encoding.UTF8.GetBytes(json), Path, 0);
        return true;
    }

    /// <summary>Stores an entry (committed before this returns).</summary>
    /// <param name="entry">The entry.</param>
    /// <exception cref="CacheException">The database cannot be written.</exception>
    public void Add(CachedProgram entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _store.Set(entry.Key, Serialize(entry), entry.CreatedUtc);
    }

    /// <summary>Every entry, oldest write first.</summary>
    /// <returns>The entries.</returns>
    public IReadOnlyList<CachedProgram> Entries() =>
        [.. _store.Entries().Select(e => Parse(System.Text.Encoding.UTF8.GetBytes(e.Value), Path, 0))];

    /// <inheritdoc />
    public void Dispose() => _store.Dispose();

    private static CachedProgram Parse(ReadOnlySpan<byte> line, string file, int number)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using JsonDocument doc = JsonDocument.ParseValue(ref reader);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ProgramCacheCorruptException(file, number, "expected a JSON object");
            }

            string Req(string name) => root.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()!
                : throw new ProgramCacheCorruptException(file, number, $"missing string field '{name}'");
            string? Opt(string name) => root.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

            var objects = new List<string>();
            if (root.TryGetProperty("objects", out JsonElement objs) && objs.ValueKind == JsonValueKind.Array)
            {
                objects.AddRange(objs.EnumerateArray().Where(o => o.ValueKind == JsonValueKind.String).Select(o => o.GetString()!));
            }

            var history = new List<GenerationAttempt>();
            if (root.TryGetProperty("history", out JsonElement h) && h.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement a in h.EnumerateArray())
                {
                    history.Add(ParseAttempt(a, file, number));
                }
            }

            return new CachedProgram
            {
                Key = Req("key"),
                Question = Req("question"),
                Program = Req("program"),
                Objects = objects,
                Attempts = root.TryGetProperty("attempts", out JsonElement n) && n.TryGetInt32(out int count) ? count : 1,
                Model = Opt("model"),
                TemplateVersion = Opt("template"),
                History = history,
                CreatedUtc = Opt("created") is { } created && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at) ? at : default,
            };
        }
        catch (JsonException e)
        {
            throw new ProgramCacheCorruptException(file, number, $"not valid JSON ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            throw new ProgramCacheCorruptException(file, number, e.Message, e);
        }
    }

    private static GenerationAttempt ParseAttempt(JsonElement a, string file, int number)
    {
        if (a.ValueKind != JsonValueKind.Object || !a.TryGetProperty("outcome", out JsonElement o) || !Enum.TryParse(o.GetString(), out AttemptOutcome outcome))
        {
            throw new ProgramCacheCorruptException(file, number, "a history entry needs a known 'outcome'");
        }

        string? S(string name) => a.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        long L(string name) => a.TryGetProperty(name, out JsonElement v) && v.TryGetInt64(out long x) ? x : 0;
        return new GenerationAttempt
        {
            Number = (int)L("number"),
            Outcome = outcome,
            ResponseText = S("response"),
            Program = S("program"),
            Diagnostics = a.TryGetProperty("diagnostics", out JsonElement d) && d.ValueKind == JsonValueKind.Array
                ? [.. d.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
                : [],
            Error = S("error"),
            InputTokens = L("inputTokens"),
            OutputTokens = L("outputTokens"),
            Latency = TimeSpan.FromMilliseconds(L("latencyMs")),
        };
    }

    internal static string Serialize(CachedProgram e)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("key", e.Key);
            w.WriteString("question", e.Question);
            w.WriteString("program", e.Program);
            w.WriteStartArray("objects");
            foreach (string o in e.Objects)
            {
                w.WriteStringValue(o);
            }

            w.WriteEndArray();
            w.WriteNumber("attempts", e.Attempts);
            if (e.Model is not null)
            {
                w.WriteString("model", e.Model);
            }

            if (e.TemplateVersion is not null)
            {
                w.WriteString("template", e.TemplateVersion);
            }

            w.WriteString("created", e.CreatedUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            if (e.History.Count > 0)
            {
                w.WriteStartArray("history");
                foreach (GenerationAttempt a in e.History)
                {
                    w.WriteStartObject();
                    w.WriteNumber("number", a.Number);
                    w.WriteString("outcome", a.Outcome.ToString());
                    if (a.ResponseText is not null)
                    {
                        w.WriteString("response", a.ResponseText);
                    }

                    if (a.Program is not null)
                    {
                        w.WriteString("program", a.Program);
                    }

                    w.WriteStartArray("diagnostics");
                    foreach (string d in a.Diagnostics)
                    {
                        w.WriteStringValue(d);
                    }

                    w.WriteEndArray();
                    if (a.Error is not null)
                    {
                        w.WriteString("error", a.Error);
                    }

                    w.WriteNumber("inputTokens", a.InputTokens);
                    w.WriteNumber("outputTokens", a.OutputTokens);
                    w.WriteNumber("latencyMs", (long)a.Latency.TotalMilliseconds);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
