using System.Text.Json;
using Neptune.Caching;
using Neptune.Clevr;

namespace Neptune.Evaluation.Programs;

/// <summary>A program-cache file is malformed. The message names the file and the line.</summary>
public sealed class ProgramCacheFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, with the file and line.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ProgramCacheFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Programs read from a program cache (<c>cache</c>), keyed by the exact question text: the SQLite database
/// <c>programs generate</c> writes, or a JSON-lines file, one object per line,
/// <c>{"question": "...", "program": "..."}</c>. For a JSON-lines path the database beside it (<c>.db</c>, see
/// <see cref="CacheFiles"/>) is read too, after the file.
/// </summary>
/// <remarks>
/// Blank lines are skipped; other fields of a line are ignored (later formats add them); when a question appears on
/// several lines the last one wins, so a cache can be extended by appending. A question missing from the cache fails
/// with kind <see cref="FailureKinds.NoProgram"/>.
/// </remarks>
public sealed class CacheProgramSource : IProgramSource, Referring.IPhotoProgramSource
{
    private readonly Dictionary<string, string> _programs;

    private CacheProgramSource(Dictionary<string, string> programs, string path)
    {
        _programs = programs;
        Path = path;
    }

    /// <inheritdoc />
    public string Name => "cache";

    /// <summary>The cache file.</summary>
    public string Path { get; }

    /// <summary>The number of distinct questions in the cache.</summary>
    public int Count => _programs.Count;

    /// <summary>Loads a cache file.</summary>
    /// <param name="path">The JSON-lines file.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ProgramCacheFormatException">A line is not an object with string fields <c>question</c> and <c>program</c>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static CacheProgramSource Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var programs = new Dictionary<string, string>(StringComparer.Ordinal);
        string database = CacheFiles.DatabasePath(path);
        if (!SqliteCacheStore.IsDatabase(path) && File.Exists(path))
        {
            ReadJsonLines(path, programs);
        }

        if (SqliteCacheStore.IsDatabase(database))
        {
            using SqliteCacheStore store = SqliteCacheStore.Open(database);
            foreach (CacheEntry entry in store.Entries())
            {
                (string question, string program) = ReadEntry(entry.Value, $"{database}[{entry.Key}]");
                programs[question] = program;
            }
        }
        else if (!File.Exists(path))
        {
            throw new FileNotFoundException($"program cache not found: '{path}'", path);
        }

        return new CacheProgramSource(programs, path);
    }

    private static void ReadJsonLines(string path, Dictionary<string, string> programs)
    {
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string? question = null, program = null;
            try
            {
                using JsonDocument doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new ProgramCacheFormatException($"{path}({lineNumber}): expected a JSON object, found {doc.RootElement.ValueKind}.");
                }

                foreach (JsonProperty p in doc.RootElement.EnumerateObject())
                {
                    if (p.NameEquals("question"))
                    {
                        question = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : throw Field(path, lineNumber, "question");
                    }
                    else if (p.NameEquals("program"))
                    {
                        program = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : throw Field(path, lineNumber, "program");
                    }
                }
            }
            catch (JsonException e)
            {
                throw new ProgramCacheFormatException($"{path}({lineNumber}): not valid JSON: {e.Message}", e);
            }

            if (question is null || program is null)
            {
                throw new ProgramCacheFormatException($"{path}({lineNumber}): missing required field '{(question is null ? "question" : "program")}'.");
            }

            programs[question] = program;
        }
    }

    private static (string Question, string Program) ReadEntry(string json, string where)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            JsonElement root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("question", out JsonElement q) && q.ValueKind == JsonValueKind.String
                && root.TryGetProperty("program", out JsonElement p) && p.ValueKind == JsonValueKind.String)
            {
                return (q.GetString()!, p.GetString()!);
            }
        }
        catch (JsonException e)
        {
            throw new ProgramCacheFormatException($"{where}: not valid JSON: {e.Message}", e);
        }

        throw new ProgramCacheFormatException($"{where}: an entry needs string fields 'question' and 'program'.");
    }

    /// <summary>Returns the program text for a question.</summary>
    /// <param name="question">The question.</param>
    /// <returns>The program source text.</returns>
    /// <exception cref="ProgramSourceException">The cache has no program for the question text.</exception>
    public string GetProgram(ClevrQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return GetProgram(question.Question);
    }

    /// <summary>The program of a question or referring expression, by its exact text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The program.</returns>
    /// <exception cref="ProgramSourceException">The cache has no program for the text.</exception>
    public string GetProgram(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _programs.TryGetValue(text, out string? program)
            ? program
            : throw new ProgramSourceException(FailureKinds.NoProgram, "the program cache has no program for this text");
    }

    /// <inheritdoc />
    /// <remarks>A cache entry names no objects: the detector is asked for the FIND labels of the program.</remarks>
    public ValueTask<Referring.PhotoProgram> GetAsync(string expression, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new Referring.PhotoProgram(GetProgram(expression), []));

    private static ProgramCacheFormatException Field(string path, int line, string name) =>
        new($"{path}({line}): field '{name}' must be a string.");

    /// <inheritdoc />
    public ValueTask<string> GetProgramAsync(ClevrQuestion question, CancellationToken cancellationToken) => new(GetProgram(question));
}
