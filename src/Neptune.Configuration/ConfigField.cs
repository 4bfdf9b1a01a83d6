using System.Globalization;

namespace Neptune.Configuration;

/// <summary>The type of a config field's value.</summary>
public enum ConfigValueKind
{
    /// <summary>A string.</summary>
    Text = 0,

    /// <summary>A whole number within the field's range.</summary>
    Integer = 1,

    /// <summary>A finite number within the field's range.</summary>
    Number = 2,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean = 3,

    /// <summary>One of the field's <see cref="ConfigField.Choices"/>.</summary>
    Choice = 4,

    /// <summary>A path to a file that must exist; relative paths resolve against the config file's folder.</summary>
    ExistingFile = 5,

    /// <summary>A path to a directory that must exist; relative paths resolve against the config file's folder.</summary>
    ExistingDirectory = 6,

    /// <summary>A path to a file that is created when missing (a cache, a report).</summary>
    File = 7,

    /// <summary>A path to a directory that is created when missing (an output directory).</summary>
    Directory = 8,

    /// <summary>An absolute URL.</summary>
    Url = 9,

    /// <summary>A nested object read against <see cref="ConfigField.Section"/>.</summary>
    Object = 10,

    /// <summary>A non-empty list of objects, each read against <see cref="ConfigField.Section"/>.</summary>
    ObjectList = 11,

    /// <summary>Any JSON value, passed through unchanged (for example extra request-body fields).</summary>
    Json = 12,

    /// <summary>A path to a file or a directory that must exist; relative paths resolve against the config file's folder.</summary>
    ExistingPath = 13,
}

/// <summary>
/// One field of a config object: its snake_case name, value type, range or choices, default and meaning. The
/// <see cref="ConfigReader"/> accepts exactly the fields of a schema; the reference documentation is generated from the
/// same descriptions, so neither can drift from the other.
/// </summary>
public sealed record ConfigField
{
    /// <summary>The snake_case name.</summary>
    public required string Name { get; init; }

    /// <summary>The value type.</summary>
    public required ConfigValueKind Kind { get; init; }

    /// <summary>What the field means (one sentence or two, for the reference table).</summary>
    public required string Description { get; init; }

    /// <summary>The default as shown in the reference; null when the field has none.</summary>
    public string? Default { get; init; }

    /// <summary>Whether the field must be present.</summary>
    public bool Required { get; init; }

    /// <summary>The smallest value (numbers).</summary>
    public double? Minimum { get; init; }

    /// <summary>The largest value (numbers).</summary>
    public double? Maximum { get; init; }

    /// <summary>Whether <see cref="Minimum"/> itself is excluded.</summary>
    public bool MinimumExclusive { get; init; }

    /// <summary>The accepted values of a <see cref="ConfigValueKind.Choice"/> field.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>The fields of an <see cref="ConfigValueKind.Object"/> or <see cref="ConfigValueKind.ObjectList"/> field.</summary>
    public ConfigSchema? Section { get; init; }

    /// <summary>When set, the name is recognised only to be refused with this message (for example an API key).</summary>
    public string? Refusal { get; init; }

    /// <summary>How the value is written in help, when its type does not say (<c>K/N</c>).</summary>
    public string? Placeholder { get; init; }

    /// <summary>The command-line flag that sets the same value, when one does (shown in the reference).</summary>
    public string? Flag { get; init; }

    /// <summary>A text field.</summary>
    public static ConfigField Text(string name, string description, string? @default = null) =>
        new() { Name = name, Kind = ConfigValueKind.Text, Description = description, Default = @default };

    /// <summary>A whole-number field from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public static ConfigField Integer(string name, long minimum, long maximum, string description, string? @default = null) =>
        new() { Name = name, Kind = ConfigValueKind.Integer, Description = description, Default = @default, Minimum = minimum, Maximum = maximum };

    /// <summary>A number field from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public static ConfigField Number(string name, double minimum, double maximum, string description, string? @default = null, bool minimumExclusive = false) =>
        new() { Name = name, Kind = ConfigValueKind.Number, Description = description, Default = @default, Minimum = minimum, Maximum = maximum, MinimumExclusive = minimumExclusive };

    /// <summary>A true/false field.</summary>
    public static ConfigField Boolean(string name, string description, string? @default = null) =>
        new() { Name = name, Kind = ConfigValueKind.Boolean, Description = description, Default = @default };

    /// <summary>A field taking one of <paramref name="choices"/>.</summary>
    public static ConfigField Choice(string name, IReadOnlyList<string> choices, string description, string? @default = null) =>
        new() { Name = name, Kind = ConfigValueKind.Choice, Choices = choices, Description = description, Default = @default };

    /// <summary>A path field of one of the path kinds.</summary>
    public static ConfigField Path(string name, ConfigValueKind kind, string description, string? @default = null) =>
        kind is ConfigValueKind.ExistingFile or ConfigValueKind.ExistingDirectory or ConfigValueKind.ExistingPath or ConfigValueKind.File or ConfigValueKind.Directory
            ? new() { Name = name, Kind = kind, Description = description, Default = @default }
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a path kind");

    /// <summary>An absolute-URL field.</summary>
    public static ConfigField Url(string name, string description, string? @default = null) =>
        new() { Name = name, Kind = ConfigValueKind.Url, Description = description, Default = @default };

    /// <summary>A nested-object field.</summary>
    public static ConfigField Object(string name, ConfigSchema section, string description) =>
        new() { Name = name, Kind = ConfigValueKind.Object, Section = section, Description = description };

    /// <summary>A list-of-objects field.</summary>
    public static ConfigField ObjectList(string name, ConfigSchema section, string description) =>
        new() { Name = name, Kind = ConfigValueKind.ObjectList, Section = section, Description = description };

    /// <summary>A field holding any JSON value.</summary>
    public static ConfigField Json(string name, string description, string? @default = null) =>
        new() { Name = name, Kind = ConfigValueKind.Json, Description = description, Default = @default };

    /// <summary>A name that is refused with <paramref name="refusal"/>.</summary>
    public static ConfigField Refused(string name, string refusal) =>
        new() { Name = name, Kind = ConfigValueKind.Text, Description = "refused: " + refusal, Refusal = refusal };

    /// <summary>The accepted values in words: the range, the choices or the type.</summary>
    /// <returns>For example <c>a whole number from 1 to 1024</c>.</returns>
    public string DescribeValues() => Kind switch
    {
        ConfigValueKind.Integer => $"a whole number {Range()}",
        ConfigValueKind.Number => $"a number {Range()}",
        ConfigValueKind.Boolean => "true or false",
        ConfigValueKind.Choice => "one of " + string.Join(", ", Choices),
        ConfigValueKind.ExistingFile => "the path of an existing file",
        ConfigValueKind.ExistingDirectory => "the path of an existing directory",
        ConfigValueKind.ExistingPath => "the path of an existing file or directory",
        ConfigValueKind.File => "a file path",
        ConfigValueKind.Directory => "a directory path",
        ConfigValueKind.Url => "an absolute URL",
        ConfigValueKind.Object => "an object",
        ConfigValueKind.ObjectList => "a list of objects",
        ConfigValueKind.Json => "any JSON value",
        _ => "a string",
    };

    /// <summary>The short type shown in the reference table (<c>int 1–1024</c>, <c>file</c>, <c>godel|crisp</c>).</summary>
    /// <returns>The text.</returns>
    public string ShortType() => Kind switch
    {
        ConfigValueKind.Integer => $"int {Bounds()}".TrimEnd(),
        ConfigValueKind.Number => $"number {Bounds()}".TrimEnd(),
        ConfigValueKind.Boolean => "bool",
        ConfigValueKind.Choice => string.Join(" | ", Choices),
        ConfigValueKind.ExistingFile => "file",
        ConfigValueKind.ExistingDirectory => "directory",
        ConfigValueKind.ExistingPath => "file or directory",
        ConfigValueKind.File => "file (created)",
        ConfigValueKind.Directory => "directory (created)",
        ConfigValueKind.Url => "URL",
        ConfigValueKind.Object => "object",
        ConfigValueKind.ObjectList => "list of objects",
        ConfigValueKind.Json => "JSON",
        _ => "string",
    };

    /// <summary>Whether a number lies in the field's range.</summary>
    /// <param name="value">The value.</param>
    /// <returns>True when accepted.</returns>
    public bool InRange(double value) =>
        double.IsFinite(value)
        && (Minimum is not double min || (MinimumExclusive ? value > min : value >= min))
        && (Maximum is not double max || value <= max);

    private string Range()
    {
        string min = Format(Minimum);
        string max = Format(Maximum);
        return (Minimum, Maximum) switch
        {
            (null, null) => string.Empty,
            (not null, null) => MinimumExclusive ? $"greater than {min}" : $"of at least {min}",
            (null, not null) => $"of at most {max}",
            _ when Kind == ConfigValueKind.Integer => $"from {min} to {max}",
            _ => $"in {(MinimumExclusive ? "(" : "[")}{min}, {max}]",
        };
    }

    private string Bounds()
    {
        if (Minimum is null && Maximum is null)
        {
            return string.Empty;
        }

        if (Kind == ConfigValueKind.Integer)
        {
            bool noMin = Minimum is null || Minimum <= long.MinValue;
            bool noMax = Maximum is null || Maximum >= int.MaxValue;
            return (noMin, noMax) switch
            {
                (true, true) => string.Empty,
                (false, true) => $"≥ {Format(Minimum)}",
                (true, false) => $"≤ {Format(Maximum)}",
                _ => $"{Format(Minimum)}–{Format(Maximum)}",
            };
        }

        return $"{(MinimumExclusive ? "(" : "[")}{Format(Minimum)}, {Format(Maximum)}]";
    }

    private static string Format(double? value) => value switch
    {
        null => string.Empty,
        double v when v == long.MaxValue => "2^63−1",
        double v when v == int.MaxValue => "2147483647",
        double v when v == double.MaxValue => "max",
        double v when v == double.MinValue => "−max",
        double v => v.ToString("0.##########", CultureInfo.InvariantCulture),
    };
}
