using System.Globalization;
using System.Text.Json;

namespace Neptune.Configuration;

/// <summary>
/// Reads one JSON config object against its <see cref="ConfigSchema"/>: field names are snake_case; an old camelCase
/// spelling still works and adds one deprecation note; an unknown field is an error that suggests the nearest name; a
/// value of the wrong type or out of range is an error that gives the accepted values; paths resolve against the config
/// file's folder. Every message names the field and its source.
/// </summary>
public sealed class ConfigReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);
    private readonly string _prefix;

    private ConfigReader(JsonElement element, ConfigSchema schema, ConfigSource source, string prefix, ConfigNotes? notes)
    {
        Schema = schema;
        Source = source;
        Notes = notes;
        _prefix = prefix;
        if (element.ValueKind != JsonValueKind.Object)
        {
            string what = prefix.Length == 0 ? source.Name : source.Where(prefix.TrimEnd('.'));
            throw new ConfigException($"{what}: expected a JSON object, found {Describe(element)}");
        }

        foreach (JsonProperty p in element.EnumerateObject())
        {
            string name = p.Name;
            if (!schema.TryGetField(name, out ConfigField? field))
            {
                string snake = FieldNames.ToSnakeCase(name);
                if (snake != name && schema.TryGetField(snake, out field))
                {
                    if (element.TryGetProperty(snake, out _))
                    {
                        throw new ConfigException($"{Where(snake)}: set twice, as '{snake}' and as its old spelling '{name}'; keep '{snake}'");
                    }

                    notes?.Add($"{source.Name}: field '{prefix}{name}' is the old spelling of '{prefix}{snake}'; it still works, but rename it");
                    name = snake;
                }
                else
                {
                    string? near = FieldNames.Nearest(name, schema.Fields.Where(f => f.Refusal is null).Select(f => f.Name));
                    string hint = near is null ? string.Empty : $" (did you mean '{near}'?)";
                    throw new ConfigException(
                        $"{Where(name)}: unknown field{hint}; known fields: {string.Join(", ", schema.Fields.Where(f => f.Refusal is null).Select(f => f.Name))}");
                }
            }

            if (field.Refusal is { } refusal)
            {
                throw new ConfigException($"{Where(name)}: {refusal}");
            }

            _values[name] = p.Value;
        }

        foreach (ConfigField f in schema.Fields)
        {
            if (f.Required && !Has(f.Name))
            {
                throw new ConfigException($"{Where(f.Name)}: required ({f.Description.TrimEnd('.')})");
            }
        }
    }

    /// <summary>The schema this object is read against.</summary>
    public ConfigSchema Schema { get; }

    /// <summary>Where the values come from.</summary>
    public ConfigSource Source { get; }

    /// <summary>Where notes go; null drops them.</summary>
    public ConfigNotes? Notes { get; }

    /// <summary>The field names present (snake_case, old spellings mapped), in file order.</summary>
    public IEnumerable<string> Present => _values.Keys;

    /// <summary>Reads a config file: checks the path, decodes strict UTF-8, parses JSON (comments and trailing commas allowed).</summary>
    /// <param name="path">The file.</param>
    /// <param name="schema">The schema of its top-level object.</param>
    /// <param name="notes">Where deprecation notes go.</param>
    /// <returns>The reader of the top-level object; relative paths in it resolve against the file's folder.</returns>
    /// <exception cref="InputFileException">The file is missing, a directory, unreadable or not UTF-8 text.</exception>
    /// <exception cref="ConfigException">The file is not a JSON object or breaks the schema.</exception>
    public static ConfigReader ForFile(string path, ConfigSchema schema, ConfigNotes? notes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ConfigSource source = ConfigSource.File(path);
        string text = InputFiles.ReadText(path, "config file");
        return ForJson(text, schema, source, notes);
    }

    /// <summary>Parses config JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="schema">The schema of its top-level object.</param>
    /// <param name="source">Where it comes from.</param>
    /// <param name="notes">Where deprecation notes go.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="ConfigException">The text is not a JSON object or breaks the schema.</exception>
    public static ConfigReader ForJson(string json, ConfigSchema schema, ConfigSource source, ConfigNotes? notes = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json, DocumentOptions);
            return new ConfigReader(doc.RootElement.Clone(), schema, source, string.Empty, notes);
        }
        catch (JsonException e)
        {
            string at = e.LineNumber is long line ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}") : string.Empty;
            throw new ConfigException($"{source.Name}: not valid JSON{at}: {FirstSentence(e.Message)}", e);
        }
    }

    /// <summary>Reads a JSON object given as an element (for example a section handed over by another reader).</summary>
    /// <param name="element">The object.</param>
    /// <param name="schema">Its schema.</param>
    /// <param name="source">Where it comes from.</param>
    /// <param name="fieldPath">Its dotted path in the source, for messages (empty for a top-level object).</param>
    /// <param name="notes">Where deprecation notes go.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="ConfigException">The element is not an object or breaks the schema.</exception>
    public static ConfigReader ForElement(JsonElement element, ConfigSchema schema, ConfigSource source, string fieldPath = "", ConfigNotes? notes = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(fieldPath);
        return new ConfigReader(element, schema, source, fieldPath.Length == 0 ? string.Empty : fieldPath + ".", notes);
    }

    /// <summary>How messages name a field of this object.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>For example <c>`vision.max_image_side` in configs/ask/x.json</c>.</returns>
    public string Where(string field) => Source.Where(_prefix + field);

    /// <summary>An error about a field, located.</summary>
    /// <param name="field">The field name.</param>
    /// <param name="message">What is wrong with its value.</param>
    /// <returns>The exception to throw.</returns>
    public ConfigException Error(string field, string message) => new($"{Where(field)}: {message}");

    /// <summary>Whether a field is present with a non-null value.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>True when set.</returns>
    public bool Has(string field) => _values.TryGetValue(Declared(field).Name, out JsonElement v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>Whether a field is present with the value <c>null</c>.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>True when explicitly null.</returns>
    public bool IsNull(string field) => _values.TryGetValue(Declared(field).Name, out JsonElement v) && v.ValueKind == JsonValueKind.Null;

    /// <summary>A text field.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The string, or null when absent or null.</returns>
    public string? String(string field)
    {
        if (!TryGet(field, out JsonElement v, out _))
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Error(field, $"expected a string, found {Describe(v)}");
    }

    /// <summary>A whole-number field, checked against its range.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The value, or null when absent or null.</returns>
    public long? Integer(string field)
    {
        if (!TryGet(field, out JsonElement v, out ConfigField f))
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) && f.InRange(n))
        {
            return n;
        }

        throw Error(field, $"expected {f.DescribeValues()}, found {Describe(v)}");
    }

    /// <summary>A whole-number field that fits an <see cref="int"/> (its range must say so).</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The value, or null when absent or null.</returns>
    public int? Int32(string field) => Integer(field) is long n ? checked((int)n) : null;

    /// <summary>A number field, checked against its range.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The value, or null when absent or null.</returns>
    public double? Number(string field)
    {
        if (!TryGet(field, out JsonElement v, out ConfigField f))
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && f.InRange(d))
        {
            return d;
        }

        throw Error(field, $"expected {f.DescribeValues()}, found {Describe(v)}");
    }

    /// <summary>A true/false field.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The value, or null when absent or null.</returns>
    public bool? Boolean(string field)
    {
        if (!TryGet(field, out JsonElement v, out _))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(field, $"expected true or false, found {Describe(v)}"),
        };
    }

    /// <summary>A choice field: one of the field's choices (compared without regard to case).</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The choice as the schema spells it, or null when absent or null.</returns>
    public string? Choice(string field)
    {
        if (String(field) is not { } text)
        {
            return null;
        }

        ConfigField f = Declared(field);
        return MatchChoice(f, text.Trim()) ?? throw Error(field, ChoiceError(f, text));
    }

    /// <summary>A path field, resolved against the source's folder and checked by kind (existing file or directory, or a file or directory to create).</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The absolute path, or null when absent or null.</returns>
    public string? Path(string field)
    {
        if (String(field) is not { } text)
        {
            return null;
        }

        ConfigField f = Declared(field);
        if (text.Length == 0)
        {
            throw Error(field, "expected a path, found an empty string");
        }

        string full;
        try
        {
            full = Source.Resolve(text);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Error(field, $"'{text}' is not a valid path ({e.Message})");
        }

        try
        {
            return f.Kind switch
            {
                ConfigValueKind.ExistingFile => InputFiles.RequireFile(full, Where(field)),
                ConfigValueKind.ExistingDirectory => InputFiles.RequireDirectory(full, Where(field)),
                ConfigValueKind.ExistingPath => Directory.Exists(full) ? full : InputFiles.RequireFile(full, Where(field)),
                ConfigValueKind.File => InputFiles.RequireWritableFile(full, Where(field)),
                ConfigValueKind.Directory => InputFiles.RequireWritableDirectory(full, Where(field)),
                _ => throw new InvalidOperationException($"config field '{f.Name}' of '{Schema.Name}' is not a path"),
            };
        }
        catch (InputFileException e)
        {
            throw new ConfigException(e.Message, e);
        }
    }

    /// <summary>An absolute-URL field.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The URL, or null when absent or null.</returns>
    public Uri? Url(string field)
    {
        if (String(field) is not { } text)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw Error(field, $"'{text}' is not an absolute http(s) URL");
    }

    /// <summary>A nested object, read against the field's section schema.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>Its reader, or null when absent or null.</returns>
    public ConfigReader? Section(string field)
    {
        if (!TryGet(field, out JsonElement v, out ConfigField f))
        {
            return null;
        }

        return new ConfigReader(v, f.Section ?? throw new InvalidOperationException($"config field '{f.Name}' has no section schema"), Source, _prefix + field + ".", Notes);
    }

    /// <summary>A list of objects, each read against the field's section schema.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The readers (at least one), or null when absent or null.</returns>
    public IReadOnlyList<ConfigReader>? Sections(string field)
    {
        if (!TryGet(field, out JsonElement v, out ConfigField f))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0)
        {
            throw Error(field, $"expected a non-empty list of objects, found {Describe(v)}");
        }

        ConfigSchema section = f.Section ?? throw new InvalidOperationException($"config field '{f.Name}' has no section schema");
        return [.. v.EnumerateArray().Select((e, i) => new ConfigReader(e, section, Source, string.Create(CultureInfo.InvariantCulture, $"{_prefix}{field}[{i}]."), Notes))];
    }

    /// <summary>A field's raw JSON value.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>A copy of the value, or null when absent or null.</returns>
    public JsonElement? Json(string field) => TryGet(field, out JsonElement v, out _) ? v.Clone() : null;

    /// <summary>The schema's spelling of a choice, matched without regard to case; null when it is none of them.</summary>
    /// <param name="field">The field.</param>
    /// <param name="text">The value as written.</param>
    /// <returns>The choice or null.</returns>
    public static string? MatchChoice(ConfigField field, string text)
    {
        ArgumentNullException.ThrowIfNull(field);
        string plain = Plain(text);
        return field.Choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase))
            ?? field.Choices.FirstOrDefault(c => string.Equals(Plain(c), plain, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Letters without their accents (<c>Gödel</c> → <c>Godel</c>, <c>Łukasiewicz</c> → <c>Lukasiewicz</c>).</summary>
    private static string Plain(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        foreach (char c in text.Normalize(System.Text.NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c switch { 'ł' => 'l', 'Ł' => 'L', _ => c });
            }
        }

        return sb.ToString();
    }

    /// <summary>The message for a value that is none of a field's choices, with the nearest one suggested.</summary>
    /// <param name="field">The field.</param>
    /// <param name="text">The value as written.</param>
    /// <returns>For example <c>unknown value 'fuzy'; expected one of: godel, product (did you mean 'godel'?)</c>.</returns>
    public static string ChoiceError(ConfigField field, string text)
    {
        ArgumentNullException.ThrowIfNull(field);
        string? near = FieldNames.Nearest(text, field.Choices);
        return $"unknown value '{text}'; expected one of: {string.Join(", ", field.Choices)}{(near is null ? string.Empty : $" (did you mean '{near}'?)")}";
    }

    private bool TryGet(string field, out JsonElement value, out ConfigField declared)
    {
        declared = Declared(field);
        return _values.TryGetValue(declared.Name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    private ConfigField Declared(string field) =>
        Schema.TryGetField(field, out ConfigField? f) ? f : throw new InvalidOperationException($"config schema '{Schema.Name}' does not declare field '{field}'");

    private static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.String => $"\"{Shorten(v.GetString()!)}\"",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => v.ValueKind.ToString(),
    };

    private static string Shorten(string s) => s.Length <= 40 ? s : string.Concat(s.AsSpan(0, 37), "...");

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim().TrimEnd('.');
    }
}
