namespace Neptune.Configuration;

/// <summary>
/// The fields of one JSON config object (a whole file, or a section of one). A schema is the single description a
/// config's reader, its command-line flags and its reference table are built from.
/// </summary>
public sealed class ConfigSchema
{
    private readonly Dictionary<string, ConfigField> _byName;

    /// <summary>Creates a schema.</summary>
    /// <param name="name">A stable name (<c>eval</c>, <c>programs.backend</c>), used for the reference's headings.</param>
    /// <param name="title">What the object is, in words.</param>
    /// <param name="fields">The fields, in documentation order; names must be snake_case and distinct.</param>
    /// <exception cref="ArgumentException">A name is not snake_case or repeats.</exception>
    public ConfigSchema(string name, string title, IReadOnlyList<ConfigField> fields)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(title);
        ArgumentNullException.ThrowIfNull(fields);
        _byName = new Dictionary<string, ConfigField>(StringComparer.Ordinal);
        foreach (ConfigField f in fields)
        {
            if (!FieldNames.IsSnakeCase(f.Name) && !f.Name.StartsWith('$'))
            {
                throw new ArgumentException($"config field '{f.Name}' of '{name}' is not snake_case", nameof(fields));
            }

            if (!_byName.TryAdd(f.Name, f))
            {
                throw new ArgumentException($"config field '{f.Name}' of '{name}' is declared twice", nameof(fields));
            }
        }

        Name = name;
        Title = title;
        Fields = fields;
    }

    /// <summary>The stable name.</summary>
    public string Name { get; }

    /// <summary>What the object is.</summary>
    public string Title { get; }

    /// <summary>The fields in documentation order.</summary>
    public IReadOnlyList<ConfigField> Fields { get; }

    /// <summary>The field of a name.</summary>
    /// <param name="name">The snake_case name.</param>
    /// <returns>The field.</returns>
    /// <exception cref="KeyNotFoundException">The schema has no such field.</exception>
    public ConfigField this[string name] =>
        _byName.TryGetValue(name, out ConfigField? f) ? f : throw new KeyNotFoundException($"config schema '{Name}' has no field '{name}'");

    /// <summary>Looks a field up.</summary>
    /// <param name="name">The snake_case name.</param>
    /// <param name="field">The field.</param>
    /// <returns>True when found.</returns>
    public bool TryGetField(string name, out ConfigField field) => _byName.TryGetValue(name, out field!);

    /// <summary>Every leaf field with its dotted path (<c>noise.seed</c>), nested objects expanded (lists are leaves).</summary>
    /// <returns>The paths and fields, in documentation order.</returns>
    public IEnumerable<(string Path, ConfigField Field)> Leaves()
    {
        foreach (ConfigField f in Fields)
        {
            if (f.Kind == ConfigValueKind.Object && f.Section is { } section)
            {
                foreach ((string path, ConfigField inner) in section.Leaves())
                {
                    yield return ($"{f.Name}.{path}", inner);
                }
            }
            else
            {
                yield return (f.Name, f);
            }
        }
    }
}
