using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Neptune.Programs.Prompting;

/// <summary>
/// The parts of the program-generation prompt a user can see and change: the system text describing the language, the
/// answer-format instruction, the few-shot examples and the repair instructions. The API reference is not a part: it is
/// always generated from the engine's primitive catalogue, so the prompt can never drift from what the validator accepts.
/// </summary>
/// <remarks>
/// <see cref="Version"/> names the template and is part of every program-cache key; <see cref="Fingerprint"/> hashes
/// the parts too, so an edited template never reuses programs cached for another text even if its version was not bumped.
/// </remarks>
public sealed record PromptTemplate
{
    /// <summary>The version of <see cref="Default"/>.</summary>
    public const string DefaultVersion = "neptune-programs/1";

    /// <summary>The built-in template.</summary>
    public static PromptTemplate Default { get; } = new()
    {
        Version = DefaultVersion,
        SystemText = DefaultTexts.System,
        FormatText = DefaultTexts.Format,
        RepairText = DefaultTexts.Repair,
        RuntimeRepairText = DefaultTexts.RuntimeRepair,
        NoProgramText = DefaultTexts.NoProgram,
        Examples = DefaultExamples.Create(),
    };

    /// <summary>The template's name and version, e.g. <c>neptune-programs/1</c>.</summary>
    public required string Version { get; init; }

    /// <summary>What the language is and how programs are written. Precedes the generated API reference.</summary>
    public required string SystemText { get; init; }

    /// <summary>How to answer: the <c>&lt;objects&gt;</c> list and the <c>```python</c> fence. Follows the API reference.</summary>
    public required string FormatText { get; init; }

    /// <summary>The repair turn after validation errors; <c>{program}</c> and <c>{diagnostics}</c> are replaced.</summary>
    public required string RepairText { get; init; }

    /// <summary>The repair turn after a runtime error; <c>{program}</c> and <c>{error}</c> are replaced.</summary>
    public required string RuntimeRepairText { get; init; }

    /// <summary>The repair turn when an answer contained no program.</summary>
    public required string NoProgramText { get; init; }

    /// <summary>The few-shot examples, shown as earlier turns of the conversation.</summary>
    public required IReadOnlyList<PromptExample> Examples { get; init; }

    /// <summary>SHA-256 (hex, first 16 characters) of every part, for cache keys.</summary>
    public string Fingerprint
    {
        get
        {
            var sb = new StringBuilder();
            sb.Append(Version).Append('\0').Append(SystemText).Append('\0').Append(FormatText).Append('\0')
                .Append(RepairText).Append('\0').Append(RuntimeRepairText).Append('\0').Append(NoProgramText).Append('\0');
            foreach (PromptExample e in Examples)
            {
                sb.Append(e.Question).Append('\0').Append(string.Join('\u0001', e.Objects)).Append('\0').Append(e.Program).Append('\0');
            }

            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..16];
        }
    }

    /// <summary>
    /// Loads a template from a JSON file: <c>version</c> (required), and any of <c>system</c>, <c>format</c>,
    /// <c>repair</c>, <c>runtimeRepair</c>, <c>noProgram</c>, <c>examples</c> (<c>[{question, objects, program}]</c>);
    /// a missing part keeps the default.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The template.</returns>
    /// <exception cref="PromptTemplateException">The file is not a valid template.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static PromptTemplate Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new PromptTemplateException($"{path}: not valid JSON: {e.Message}", e);
        }

        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new PromptTemplateException($"{path}: expected a JSON object");
            }

            PromptTemplate t = Default;
            string? version = null;
            foreach (JsonProperty p in root.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "version": version = Text(p, path); break;
                    case "system": t = t with { SystemText = Text(p, path) }; break;
                    case "format": t = t with { FormatText = Text(p, path) }; break;
                    case "repair": t = t with { RepairText = Text(p, path) }; break;
                    case "runtimeRepair": t = t with { RuntimeRepairText = Text(p, path) }; break;
                    case "noProgram": t = t with { NoProgramText = Text(p, path) }; break;
                    case "examples": t = t with { Examples = ReadExamples(p.Value, path) }; break;
                    default: throw new PromptTemplateException($"{path}: unknown field '{p.Name}'");
                }
            }

            if (string.IsNullOrWhiteSpace(version))
            {
                throw new PromptTemplateException($"{path}: 'version' is required (it is part of every program-cache key)");
            }

            return t with { Version = version };
        }
    }

    /// <summary>Writes the template as JSON in the format <see cref="Load"/> reads.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("version", Version);
            w.WriteString("system", SystemText);
            w.WriteString("format", FormatText);
            w.WriteString("repair", RepairText);
            w.WriteString("runtimeRepair", RuntimeRepairText);
            w.WriteString("noProgram", NoProgramText);
            w.WriteStartArray("examples");
            foreach (PromptExample e in Examples)
            {
                w.WriteStartObject();
                w.WriteString("question", e.Question);
                w.WriteStartArray("objects");
                foreach (string o in e.Objects)
                {
                    w.WriteStringValue(o);
                }

                w.WriteEndArray();
                w.WriteString("program", e.Program);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string Text(JsonProperty p, string path) =>
        p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw new PromptTemplateException($"{path}: '{p.Name}' must be a string");

    private static List<PromptExample> ReadExamples(JsonElement array, string path)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new PromptTemplateException($"{path}: 'examples' must be an array");
        }

        var list = new List<PromptExample>();
        int i = 0;
        foreach (JsonElement e in array.EnumerateArray())
        {
            i++;
            if (e.ValueKind != JsonValueKind.Object
                || !e.TryGetProperty("question", out JsonElement q) || q.ValueKind != JsonValueKind.String
                || !e.TryGetProperty("program", out JsonElement prog) || prog.ValueKind != JsonValueKind.String)
            {
                throw new PromptTemplateException($"{path}: example {i} needs string fields 'question' and 'program'");
            }

            var objects = new List<string>();
            if (e.TryGetProperty("objects", out JsonElement objs))
            {
                if (objs.ValueKind != JsonValueKind.Array || objs.EnumerateArray().Any(o => o.ValueKind != JsonValueKind.String))
                {
                    throw new PromptTemplateException($"{path}: example {i}: 'objects' must be an array of strings");
                }

                objects.AddRange(objs.EnumerateArray().Select(o => o.GetString()!));
            }

            list.Add(new PromptExample(q.GetString()!, objects, prog.GetString()!.Replace("\r\n", "\n", StringComparison.Ordinal)));
        }

        return list;
    }
}

/// <summary>A prompt-template file is invalid.</summary>
public sealed class PromptTemplateException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, with the file.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PromptTemplateException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
