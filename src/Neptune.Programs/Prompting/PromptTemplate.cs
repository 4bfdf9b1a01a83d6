using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Neptune.Configuration;

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

    /// <summary>
    /// The built-in template: the texts and the generic few-shot examples. A dataset plugin extends it with its own
    /// examples (<c>Default with { Examples = [.. mine, .. Default.Examples] }</c>).
    /// </summary>
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

    /// <summary>The fields of a prompt-template file.</summary>
    public static ConfigSchema Schema { get; } = new("template", "A prompt template (`neptune programs template` prints the built-in one)", [
        new ConfigField { Name = "version", Kind = ConfigValueKind.Text, Required = true, Description = "The template's name and version; part of every program-cache key." },
        ConfigField.Text("system", "What the language is and how programs are written; precedes the generated API reference.", "built in"),
        ConfigField.Text("format", "How to answer (the <objects> list and the ```python fence); follows the API reference.", "built in"),
        ConfigField.Text("repair", "The repair turn after validation errors; {program} and {diagnostics} are replaced.", "built in"),
        ConfigField.Text("runtime_repair", "The repair turn after a runtime error; {program} and {error} are replaced.", "built in"),
        ConfigField.Text("no_program", "The repair turn when an answer contained no program.", "built in"),
        ConfigField.Json("examples", "The few-shot examples: a list of {\"question\", \"objects\", \"program\"}.", "built in"),
    ]);

    /// <summary>
    /// Loads a template from a JSON file with the fields of <see cref="Schema"/> (snake_case; the old camelCase
    /// spellings still work with a deprecation note); a missing part keeps the one of <paramref name="basis"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="notes">Receives deprecation notes; null drops them.</param>
    /// <param name="basis">The template whose parts the file's missing parts keep; <see cref="Default"/> when null.</param>
    /// <returns>The template.</returns>
    /// <exception cref="PromptTemplateException">The file is not a valid template.</exception>
    /// <exception cref="InputFileException">The file is missing, a directory or not UTF-8 text.</exception>
    public static PromptTemplate Load(string path, ConfigNotes? notes = null, PromptTemplate? basis = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            ConfigReader r = ConfigReader.ForFile(path, Schema, notes);
            PromptTemplate t = (basis ?? Default) with { Version = r.String("version")! };
            if (string.IsNullOrWhiteSpace(t.Version))
            {
                throw r.Error("version", "must not be empty (it is part of every program-cache key)");
            }

            t = t with
            {
                SystemText = r.String("system") ?? t.SystemText,
                FormatText = r.String("format") ?? t.FormatText,
                RepairText = r.String("repair") ?? t.RepairText,
                RuntimeRepairText = r.String("runtime_repair") ?? t.RuntimeRepairText,
                NoProgramText = r.String("no_program") ?? t.NoProgramText,
            };
            return r.Json("examples") is { } examples ? t with { Examples = ReadExamples(examples, r.Where("examples")) } : t;
        }
        catch (ConfigException e)
        {
            throw new PromptTemplateException(e.Message, e);
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
            w.WriteString("runtime_repair", RuntimeRepairText);
            w.WriteString("no_program", NoProgramText);
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

    private static List<PromptExample> ReadExamples(JsonElement array, string path)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new PromptTemplateException($"{path}: must be a list of examples");
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
