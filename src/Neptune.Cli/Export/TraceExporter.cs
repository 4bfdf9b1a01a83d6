using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Neptune.Clevr;
using Neptune.Evaluation;
using Neptune.Evaluation.Programs;
using Neptune.Programs.Prompting;

namespace Neptune.Cli.Export;

/// <summary>An evaluation run directory cannot be exported: a file is missing or malformed. Exit code 2.</summary>
public sealed class TraceExportException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The two row formats of <c>neptune export</c>.</summary>
public enum TraceFormat
{
    /// <summary>Supervised fine-tuning: the program prompt's chat messages plus the program as the assistant turn, correct runs only.</summary>
    Sft = 0,

    /// <summary>Reinforcement learning (GRPO-style): prompt, program, answer, expected, reward, trace summary; every run with a program.</summary>
    Rl = 1,
}

/// <summary>What an export wrote and skipped.</summary>
/// <param name="Rows">Rows read from <c>results.jsonl</c>.</param>
/// <param name="Written">Rows written.</param>
/// <param name="Incorrect">Rows left out of an SFT export because the answer was wrong or the run failed.</param>
/// <param name="NoProgram">Rows left out because their program text could not be found.</param>
public sealed record TraceExportCounts(long Rows, long Written, long Incorrect, long NoProgram);

/// <summary>
/// Turns an evaluation run (<c>run.json</c> and <c>results.jsonl</c>) into JSON lines for fine-tuning or RL trainers,
/// streaming row by row. Program texts come from the row itself (failed rows), the run's program cache (matched by the
/// SHA-256 of the program) or, for official programs, their translation from the run's question file.
/// </summary>
public static class TraceExporter
{
    /// <summary>Exports a run.</summary>
    /// <param name="runDirectory">The output directory of <c>neptune eval</c>.</param>
    /// <param name="format">The row format.</param>
    /// <param name="output">The JSON-lines file to write.</param>
    /// <param name="prompt">The prompt the programs answer (the template of the run).</param>
    /// <param name="cancellationToken">Stops between rows.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="TraceExportException">The run directory is incomplete or malformed.</exception>
    public static TraceExportCounts Export(string runDirectory, TraceFormat format, string output, PromptBuilder prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        string runPath = Path.Combine(runDirectory, EvaluationFiles.Run);
        string resultsPath = Path.Combine(runDirectory, EvaluationFiles.Results);
        if (!File.Exists(runPath) || !File.Exists(resultsPath))
        {
            throw new TraceExportException($"'{runDirectory}' is not an evaluation run: it needs {EvaluationFiles.Run} and {EvaluationFiles.Results}");
        }

        Dictionary<string, (string Program, IReadOnlyList<string> Objects)> programs = Programs(runPath);
        long rows = 0;
        long written = 0;
        long incorrect = 0;
        long noProgram = 0;
        string? directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using var results = new StreamReader(resultsPath);
        using FileStream file = File.Create(output);
        using var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        int lineNumber = 0;
        while (results.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            rows++;
            JsonElement row;
            try
            {
                using JsonDocument doc = JsonDocument.Parse(line);
                row = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new TraceExportException($"{resultsPath}({lineNumber}): not a JSON row: {e.Message}", e);
            }

            string question = Text(row, "question") ?? throw new TraceExportException($"{resultsPath}({lineNumber}): the row has no question");
            bool correct = row.TryGetProperty("correct", out JsonElement c) && c.ValueKind == JsonValueKind.True;
            if (format == TraceFormat.Sft && !correct)
            {
                incorrect++;
                continue;
            }

            (string Program, IReadOnlyList<string> Objects)? found = Text(row, "program") is { } own
                ? (own, [])
                : Text(row, "program_hash") is { } hash && programs.TryGetValue(hash, out var known) ? known : null;
            if (found is not { } p)
            {
                noProgram++;
                continue;
            }

            writer.WriteStartObject();
            if (row.TryGetProperty("id", out JsonElement id) && id.ValueKind == JsonValueKind.Number)
            {
                writer.WriteNumber("id", id.GetInt64());
            }

            if (format == TraceFormat.Sft)
            {
                writer.WritePropertyName("messages");
                WriteMessages(writer, [.. prompt.Build(question), PromptBuilder.AnswerMessage(p.Objects, p.Program)]);
            }
            else
            {
                writer.WriteString("question", question);
                writer.WritePropertyName("prompt");
                WriteMessages(writer, prompt.Build(question));
                writer.WriteString("program", p.Program);
                Copy(writer, row, "predicted", "answer");
                Copy(writer, row, "expected", "expected");
                writer.WriteNumber("reward", correct ? 1 : 0);
                writer.WriteStartObject("trace");
                Copy(writer, row, "category", "category");
                Copy(writer, row, "failure_kind", "failure_kind");
                Copy(writer, row, "error", "error");
                Copy(writer, row, "failure_message", "failure_message");
                Copy(writer, row, "scored_tuples", "scored_tuples");
                Copy(writer, row, "run_us", "run_us");
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.Flush();
            file.WriteByte((byte)'\n');
            writer.Reset();
            written++;
        }

        return new TraceExportCounts(rows, written, incorrect, noProgram);
    }

    private static void WriteMessages(Utf8JsonWriter writer, IEnumerable<ChatMessage> messages)
    {
        writer.WriteStartArray();
        foreach (ChatMessage m in messages)
        {
            writer.WriteStartObject();
            writer.WriteString("role", m.Role.Value);
            writer.WriteString("content", m.Text);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void Copy(Utf8JsonWriter writer, JsonElement row, string from, string to)
    {
        if (row.TryGetProperty(from, out JsonElement v))
        {
            writer.WritePropertyName(to);
            v.WriteTo(writer);
        }
        else
        {
            writer.WriteNull(to);
        }
    }

    private static string? Text(JsonElement row, string name) =>
        row.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static Dictionary<string, (string, IReadOnlyList<string>)> Programs(string runPath)
    {
        JsonElement run;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(runPath));
            run = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new TraceExportException($"{runPath}: not JSON: {e.Message}", e);
        }

        var map = new Dictionary<string, (string, IReadOnlyList<string>)>(StringComparer.Ordinal);
        if (Text(run, "program_cache") is { } cache && File.Exists(cache))
        {
            int n = 0;
            foreach (string line in File.ReadLines(cache))
            {
                n++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                try
                {
                    using JsonDocument doc = JsonDocument.Parse(line);
                    if (Text(doc.RootElement, "program") is { } program)
                    {
                        IReadOnlyList<string> objects = doc.RootElement.TryGetProperty("objects", out JsonElement o) && o.ValueKind == JsonValueKind.Array
                            ? [.. o.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
                            : [];
                        map[Hash(program)] = (program, objects);
                    }
                }
                catch (JsonException e)
                {
                    throw new TraceExportException($"{cache}({n}): not a JSON line: {e.Message}", e);
                }
            }
        }

        if (Text(run, "programs") == "gt" && Text(run, "questions") is { } questions && File.Exists(questions))
        {
            foreach (ClevrQuestion q in ClevrQuestionReader.Read(questions))
            {
                try
                {
                    string program = GroundTruthProgramSource.Instance.GetProgram(q);
                    map.TryAdd(Hash(program), (program, []));
                }
                catch (ProgramSourceException)
                {
                    // An official program outside the translation: its rows have no program to export.
                }
            }
        }

        return map;
    }

    private static string Hash(string program) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(program)));
}
