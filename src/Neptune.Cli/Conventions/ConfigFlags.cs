using System.CommandLine;
using System.Text.Json.Nodes;
using Neptune.Configuration;

namespace Neptune.Cli.Conventions;

/// <summary>
/// The flags of a command that mirror a config schema, one per leaf field (<c>noise.seed</c> → <c>--noise-seed</c>),
/// each built from its field (type, range, choices, description). <see cref="Read"/> turns the flags given on a command
/// line into a config reader over the same schema, so flags and config files are checked by one code path and name the
/// flag in messages.
/// </summary>
public sealed class ConfigFlags
{
    private readonly List<(string Path, Option Option)> _options = [];

    /// <summary>Builds the flags of every leaf field of <paramref name="schema"/>.</summary>
    /// <param name="schema">The schema.</param>
    public ConfigFlags(ConfigSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        foreach ((string path, ConfigField field) in schema.Leaves())
        {
            if (field.Refusal is null && field.Kind is not (ConfigValueKind.Json or ConfigValueKind.ObjectList or ConfigValueKind.Object))
            {
                _options.Add((path, OptionRules.ForField(path, field, schema)));
            }
        }
    }

    /// <summary>The schema.</summary>
    public ConfigSchema Schema { get; }

    /// <summary>The flags, in the schema's order.</summary>
    public IEnumerable<Option> Options => _options.Select(o => o.Option);

    /// <summary>Adds every flag to a command.</summary>
    /// <param name="command">The command.</param>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach ((_, Option option) in _options)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The flags given on the command line as a config object (relative paths against the working directory).</summary>
    /// <param name="parse">The parse result.</param>
    /// <returns>A reader over <see cref="Schema"/> holding only the flags that were given.</returns>
    public ConfigReader Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var root = new JsonObject();
        foreach ((string path, Option option) in _options)
        {
            if (parse.GetResult(option) is not { Implicit: false } || Value(parse, option) is not { } value)
            {
                continue;
            }

            string[] parts = path.Split('.');
            JsonObject at = root;
            foreach (string part in parts[..^1])
            {
                if (at[part] is not JsonObject inner)
                {
                    inner = new JsonObject();
                    at[part] = inner;
                }

                at = inner;
            }

            at[parts[^1]] = value;
        }

        return ConfigReader.ForJson(root.ToJsonString(), Schema, ConfigSource.CommandLine());
    }

    private static JsonNode? Value(ParseResult parse, Option option) => option switch
    {
        Option<int?> o => parse.GetValue(o) is int v ? JsonValue.Create(v) : null,
        Option<long?> o => parse.GetValue(o) is long v ? JsonValue.Create(v) : null,
        Option<double?> o => parse.GetValue(o) is double v ? JsonValue.Create(v) : null,
        Option<bool?> o => parse.GetValue(o) is bool v ? JsonValue.Create(v) : null,
        Option<FileInfo?> o => parse.GetValue(o) is { } f ? JsonValue.Create(f.FullName) : null,
        Option<DirectoryInfo?> o => parse.GetValue(o) is { } d ? JsonValue.Create(d.FullName) : null,
        Option<FileSystemInfo?> o => parse.GetValue(o) is { } p ? JsonValue.Create(p.FullName) : null,
        Option<string?> o => parse.GetValue(o) is { } s ? JsonValue.Create(s) : null,
        _ => throw new InvalidOperationException($"flag {option.Name} has no config form"),
    };
}
