using System.Globalization;
using System.Text;
using System.Text.Json;
using Neptune.Programs.Generation;

namespace Neptune.Programs.Caching;

/// <summary>The program-cache file is damaged. Nothing is discarded: fix or move the file, then run again.</summary>
public sealed class ProgramCacheCorruptException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The cache file.</param>
    /// <param name="line">The 1-based line.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ProgramCacheCorruptException(string path, int line, string message, Exception? innerException = null)
        : base($"{path}({line.ToString(CultureInfo.InvariantCulture)}): corrupt program cache: {message}", innerException)
    {
        Path = path;
        Line = line;
    }

    /// <summary>The cache file.</summary>
    public string Path { get; }

    /// <summary>The 1-based line.</summary>
    public int Line { get; }
}

/// <summary>
/// A persistent, content-addressed program cache: an append-only JSON-lines log, one entry per line, safe for several
/// processes at once. Writers hold an exclusive lock file (<c>PATH.lock</c>) while they append one whole line; readers
/// consume complete lines only, so they never see half an entry. When a key appears twice, the later line wins.
/// </summary>
/// <remarks>
/// Each line also carries <c>question</c> and <c>program</c>, so the file is readable by the evaluation runner's
/// <c>--programs cache</c> source. A line that is not a valid entry makes <see cref="Open"/> (or a later read) throw
/// <see cref="ProgramCacheCorruptException"/> naming the line; the file is never truncated or rewritten. The instance
/// is thread-safe.
/// </remarks>
public sealed class ProgramCache
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CachedProgram> _entries = new(StringComparer.Ordinal);
    private long _offset;
    private int _lines;

    private ProgramCache(string path)
    {
        Path = path;
    }

    /// <summary>The cache file.</summary>
    public string Path { get; }

    /// <summary>The number of distinct keys read so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Opens (creating the folder if needed) and reads a cache file; a missing file is an empty cache.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The cache.</returns>
    /// <exception cref="ProgramCacheCorruptException">A line is not a valid entry.</exception>
    public static ProgramCache Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        string? dir = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var cache = new ProgramCache(full);
        lock (cache._gate)
        {
            cache.Refresh();
        }

        return cache;
    }

    /// <summary>Looks a key up, first reading entries other processes appended.</summary>
    /// <param name="key">The key.</param>
    /// <param name="entry">The entry, when found.</param>
    /// <returns>Whether the key is cached.</returns>
    /// <exception cref="ProgramCacheCorruptException">A new line is not a valid entry.</exception>
    public bool TryGet(string key, out CachedProgram? entry)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out entry))
            {
                return true;
            }

            Refresh();
            return _entries.TryGetValue(key, out entry);
        }
    }

    /// <summary>Appends an entry under the cross-process lock.</summary>
    /// <param name="entry">The entry.</param>
    /// <exception cref="ProgramCacheCorruptException">The file has a damaged line.</exception>
    /// <exception cref="TimeoutException">Another process held the lock for a minute.</exception>
    public void Add(CachedProgram entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        byte[] line = Encoding.UTF8.GetBytes(Serialize(entry) + "\n");
        lock (_gate)
        {
            using FileStream lockFile = AcquireLock();
            Refresh();
            using (var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
            {
                stream.Write(line);
                stream.Flush(flushToDisk: true);
            }

            Refresh();
        }
    }

    private FileStream AcquireLock()
    {
        string lockPath = Path + ".lock";
        DateTime deadline = DateTime.UtcNow + LockTimeout;
        int wait = 5;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(wait);
                wait = Math.Min(wait * 2, 100);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"could not lock {lockPath} within {LockTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", e);
            }
        }
    }

    /// <summary>Reads the complete lines appended since the last read. Caller holds <see cref="_gate"/>.</summary>
    private void Refresh()
    {
        if (!File.Exists(Path))
        {
            return;
        }

        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length < _offset)
        {
            throw new ProgramCacheCorruptException(Path, _lines + 1, $"the file shrank from {_offset} to {stream.Length} bytes while in use");
        }

        if (stream.Length == _offset)
        {
            return;
        }

        stream.Position = _offset;
        byte[] bytes = new byte[stream.Length - _offset];
        stream.ReadExactly(bytes);
        int consumed = 0;
        while (true)
        {
            int newline = Array.IndexOf(bytes, (byte)'\n', consumed);
            if (newline < 0)
            {
                break;
            }

            _lines++;
            ReadOnlySpan<byte> line = bytes.AsSpan(consumed, newline - consumed);
            consumed = newline + 1;
            if (line.Trim((byte)'\r').Trim((byte)' ').IsEmpty)
            {
                continue;
            }

            CachedProgram entry = Parse(line, _lines);
            _entries[entry.Key] = entry;
        }

        _offset += consumed;
    }

    private CachedProgram Parse(ReadOnlySpan<byte> line, int number)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using JsonDocument doc = JsonDocument.ParseValue(ref reader);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ProgramCacheCorruptException(Path, number, "expected a JSON object");
            }

            string Req(string name) => root.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()!
                : throw new ProgramCacheCorruptException(Path, number, $"missing string field '{name}'");
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
                    history.Add(ParseAttempt(a, number));
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
            throw new ProgramCacheCorruptException(Path, number, $"not valid JSON ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            throw new ProgramCacheCorruptException(Path, number, e.Message, e);
        }
    }

    private GenerationAttempt ParseAttempt(JsonElement a, int number)
    {
        if (a.ValueKind != JsonValueKind.Object || !a.TryGetProperty("outcome", out JsonElement o) || !Enum.TryParse(o.GetString(), out AttemptOutcome outcome))
        {
            throw new ProgramCacheCorruptException(Path, number, "a history entry needs a known 'outcome'");
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
