using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Neptune.Photos.Formats;

/// <summary>One CLEVR-Humans question: a question people wrote about a CLEVR image, with a free-form answer.</summary>
/// <param name="Index">The question's position in the file.</param>
/// <param name="ImageFileName">The CLEVR image (<c>image_filename</c>, e.g. <c>CLEVR_val_000017.png</c>).</param>
/// <param name="ImageIndex">The CLEVR image index (<c>image_index</c>), or -1 when the file gives none.</param>
/// <param name="Question">The question.</param>
/// <param name="Answer">The expected answer.</param>
/// <param name="Split">The split: the question's <c>split</c>, else the one the file name gives.</param>
public sealed record ClevrHumansQuestion(int Index, string ImageFileName, int ImageIndex, string Question, string Answer, string Split);

/// <summary>
/// Reads CLEVR-Humans' question files (<c>CLEVR-Humans-train.json</c>, <c>-val.json</c>, <c>-test.json</c>): the
/// CLEVR v1.0 question format without programs, a JSON object whose <c>questions</c> list holds <c>question</c>,
/// <c>answer</c>, <c>image_filename</c>, <c>image_index</c> and optionally <c>split</c>. A question without
/// <c>split</c> takes the file name's (<c>CLEVR-Humans-val.json</c> → <c>val</c>).
/// </summary>
/// <remarks>
/// The file is parsed into typed records in buffered chunks; other fields are skipped. Errors name the file and the
/// question (<c>questions[12]</c>).
/// </remarks>
public static partial class ClevrHumansReader
{
    /// <summary>The split a file name gives: <c>CLEVR-Humans-val.json</c> → <c>val</c>; null when it gives none.</summary>
    /// <param name="path">The file's path or name.</param>
    /// <returns>The split, or null.</returns>
    public static string? SplitOf(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Match m = SplitPattern().Match(Path.GetFileName(path));
        return m.Success ? m.Groups[1].Value.ToLowerInvariant() : null;
    }

    /// <summary>Reads a file.</summary>
    /// <param name="path">The question file.</param>
    /// <returns>The questions in file order.</returns>
    /// <exception cref="PhotoDataException">The file is missing or malformed.</exception>
    public static IReadOnlyList<ClevrHumansQuestion> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return PhotoFiles.Read(path, stream => Read(stream, path, SplitOf(path)));
    }

    /// <summary>Reads the questions of a stream (not disposed).</summary>
    /// <param name="stream">The JSON data.</param>
    /// <param name="sourceName">A name for the data in error messages.</param>
    /// <param name="defaultSplit">The split of a question without <c>split</c>; null: such a question is an error.</param>
    /// <returns>The questions in order.</returns>
    /// <exception cref="PhotoDataException">The data is malformed.</exception>
    public static IReadOnlyList<ClevrHumansQuestion> Read(Stream stream, string sourceName, string? defaultSplit)
    {
        ArgumentNullException.ThrowIfNull(stream);
        HumansFile? file;
        try
        {
            file = JsonSerializer.Deserialize(stream, HumansJsonContext.Default.HumansFile);
        }
        catch (JsonException e)
        {
            string at = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path[2..]}";
            string line = e.LineNumber is { } l ? $" (line {l + 1})" : "";
            int cut = e.Message.IndexOf(" Path:", StringComparison.Ordinal);
            throw new PhotoDataException($"{sourceName}: not a CLEVR-Humans question file{at}{line}: {(cut > 0 ? e.Message[..cut] : e.Message)}", e);
        }

        List<HumansQuestion> entries = file?.Questions ?? throw new PhotoDataException($"{sourceName}: expected a JSON object with a 'questions' list");
        var questions = new List<ClevrHumansQuestion>(entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            string where = $"{sourceName}: questions[{i}]";
            HumansQuestion q = entries[i] ?? throw new PhotoDataException($"{where}: expected an object");
            string question = string.IsNullOrWhiteSpace(q.Question) ? throw new PhotoDataException($"{where}: 'question' is missing") : q.Question;
            string answer = q.Answer ?? throw new PhotoDataException($"{where}: 'answer' is missing");
            string image = string.IsNullOrEmpty(q.ImageFilename) ? throw new PhotoDataException($"{where}: 'image_filename' is missing") : q.ImageFilename;
            string split = q.Split ?? defaultSplit ?? throw new PhotoDataException($"{where}: 'split' is missing and the file name gives none (CLEVR-Humans-val.json)");
            questions.Add(new ClevrHumansQuestion(i, image, q.ImageIndex ?? -1, question, answer, split));
        }

        return questions;
    }

    [GeneratedRegex(@"[-_](train|val|test)\.json$", RegexOptions.IgnoreCase)]
    private static partial Regex SplitPattern();
}

internal sealed class HumansFile
{
    public List<HumansQuestion>? Questions { get; set; }
}

internal sealed class HumansQuestion
{
    public string? Question { get; set; }

    public string? Answer { get; set; }

    public string? ImageFilename { get; set; }

    public int? ImageIndex { get; set; }

    public string? Split { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(HumansFile))]
internal sealed partial class HumansJsonContext : JsonSerializerContext;
