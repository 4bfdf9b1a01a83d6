using System.Globalization;
using System.Text;
using System.Text.Json;
using Neptune.Evaluation;

namespace Neptune.Service.Viewer;

/// <summary>
/// The evaluation runs under the <c>runs</c> folder: each direct subfolder holding a <c>results.jsonl</c> is a run,
/// named by the folder. Rows are read as <c>neptune eval</c> wrote them and handed on unchanged; reading stops at the
/// first line that is not a complete JSON object (a line torn by a crash), as resuming a run would. A run is found by
/// listing the folder and matching the name exactly, so a name can never reach outside it.
/// </summary>
internal sealed class RunCatalog(string root)
{
    /// <summary>The most rows one page of items holds.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>The folder of runs.</summary>
    public string Root { get; } = root;

    /// <summary>The runs, by name.</summary>
    public IReadOnlyList<RunEntry> List()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        return [.. Directory.EnumerateDirectories(Root)
            .Where(d => File.Exists(Path.Combine(d, EvaluationFiles.Results)))
            .Select(d => new RunEntry(Path.GetFileName(d), d))
            .OrderBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>The run of that name.</summary>
    /// <exception cref="ServiceProblemException">404: no run of that name.</exception>
    public RunEntry Find(string name) =>
        List().FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal))
        ?? throw ServiceProblemException.NotFound($"no evaluation run named '{name}' in the runs folder");

    /// <summary>Reads a JSON file of the run (<c>summary.json</c>, <c>run.json</c>); null when missing or not JSON.</summary>
    public static JsonElement? ReadJson(RunEntry run, string file)
    {
        string path = Path.Combine(run.Directory, file);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Reads every row of the run's <c>results.jsonl</c> in file order, handing each to <paramref name="onRow"/>.</summary>
    /// <returns>True when a malformed line ended the reading early.</returns>
    public static bool ReadRows(RunEntry run, Action<JsonElement> onRow, CancellationToken cancellationToken)
    {
        string path = Path.Combine(run.Directory, EvaluationFiles.Results);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, FileOptions.SequentialScan);
        bool complete = EndsWithNewline(stream);
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        while (reader.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (line.Length == 0)
            {
                continue;
            }

            if (!complete && reader.EndOfStream)
            {
                // The last line has no newline: a row still being written, or torn.
                return true;
            }

            try
            {
                using JsonDocument doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return true;
                }

                onRow(doc.RootElement.Clone());
            }
            catch (JsonException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The filters of an items page.</summary>
    /// <param name="Family">Rows of this family (<c>template#index</c>), or null for all.</param>
    /// <param name="Correct">Only correct (true) or wrong (false) rows, or null for both.</param>
    /// <param name="FailureKind">Rows with this failure kind; <c>none</c> for rows that produced an answer; null for all.</param>
    internal sealed record ItemFilter(string? Family, bool? Correct, string? FailureKind)
    {
        public bool Matches(JsonElement row)
        {
            if (Family is not null && !string.Equals(Text(row, "family"), Family, StringComparison.Ordinal))
            {
                return false;
            }

            if (Correct is bool correct && (row.TryGetProperty("correct", out JsonElement c) && c.ValueKind == JsonValueKind.True) != correct)
            {
                return false;
            }

            return FailureKind is null || string.Equals(Text(row, "failure_kind") ?? "none", FailureKind, StringComparison.Ordinal);
        }

        public static ItemFilter Parse(string? family, string? correct, string? failureKind)
        {
            bool? c = correct switch
            {
                null or "" => null,
                "true" => true,
                "false" => false,
                _ => throw ServiceProblemException.BadInput($"`correct`: '{correct}' is not true or false"),
            };
            return new ItemFilter(string.IsNullOrEmpty(family) ? null : family, c, string.IsNullOrEmpty(failureKind) ? null : failureKind);
        }
    }

    /// <summary>Reads a paging parameter.</summary>
    public static int PageNumber(string? value, string name, int fallback, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n <= max
            ? n
            : throw ServiceProblemException.BadInput(string.Create(CultureInfo.InvariantCulture, $"`{name}`: '{value}' is not a whole number from 0 to {max}"));
    }

    /// <summary>A string field of a row, or null.</summary>
    public static string? Text(JsonElement row, string name) =>
        row.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool EndsWithNewline(FileStream stream)
    {
        if (stream.Length == 0)
        {
            return true;
        }

        stream.Seek(-1, SeekOrigin.End);
        bool newline = stream.ReadByte() == '\n';
        stream.Position = 0;
        return newline;
    }

    /// <summary>A run: its folder name and path.</summary>
    internal sealed record RunEntry(string Name, string Directory);
}
