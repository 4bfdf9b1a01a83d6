using System.CommandLine;
using System.Runtime.CompilerServices;
using Neptune.Configuration;

namespace Neptune.Cli.Conventions;

/// <summary>
/// What a command declares about a flag's values beyond its type: the range of a number, the choices of a text value,
/// the config field it mirrors. <see cref="CliConventions.Apply"/> turns these into parsers, validators and help text;
/// the reference generator reads them too.
/// </summary>
public sealed record OptionRule
{
    /// <summary>The smallest accepted number.</summary>
    public double? Minimum { get; init; }

    /// <summary>The largest accepted number.</summary>
    public double? Maximum { get; init; }

    /// <summary>Whether <see cref="Minimum"/> itself is excluded.</summary>
    public bool MinimumExclusive { get; init; }

    /// <summary>The accepted values of a text flag (matched without regard to case).</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>The config field whose value the flag sets, when it mirrors one (<c>eval --limit</c> ↔ <c>limit</c>).</summary>
    public string? ConfigField { get; init; }

    /// <summary>The default as help shows it, for a flag whose default is applied later (a config field's default).</summary>
    public string? DefaultText { get; init; }

    /// <summary>The top-level schema <see cref="ConfigField"/> belongs to.</summary>
    public ConfigSchema? Schema { get; init; }

    /// <summary>The accepted values as a config field would describe them (used for messages).</summary>
    internal ConfigField AsField(string name, bool integer) => Choices.Count > 0
        ? Configuration.ConfigField.Choice(name, Choices, string.Empty)
        : integer
            ? Configuration.ConfigField.Integer(name, (long)(Minimum ?? long.MinValue), (long)(Maximum ?? long.MaxValue), string.Empty)
            : Configuration.ConfigField.Number(name, Minimum ?? double.MinValue, Maximum ?? double.MaxValue, string.Empty, minimumExclusive: MinimumExclusive);
}

/// <summary>Declares <see cref="OptionRule"/>s on options: <c>new Option&lt;int?&gt;("--limit").Range(1, int.MaxValue)</c>.</summary>
public static class OptionRules
{
    private static readonly ConditionalWeakTable<Symbol, OptionRule> Rules = [];

    /// <summary>The rule declared on a symbol.</summary>
    /// <param name="symbol">An option or argument.</param>
    /// <returns>The rule, or null.</returns>
    public static OptionRule? Of(Symbol symbol) => Rules.TryGetValue(symbol, out OptionRule? rule) ? rule : null;

    /// <summary>Declares the accepted range of a numeric option.</summary>
    /// <typeparam name="T">The option's value type (an integer or floating-point type, or its nullable form).</typeparam>
    /// <param name="option">The option.</param>
    /// <param name="minimum">The smallest value.</param>
    /// <param name="maximum">The largest value.</param>
    /// <param name="minimumExclusive">Whether <paramref name="minimum"/> itself is excluded.</param>
    /// <returns>The option.</returns>
    public static Option<T> Range<T>(this Option<T> option, double minimum, double maximum, bool minimumExclusive = false)
    {
        ArgumentNullException.ThrowIfNull(option);
        Set(option, r => r with { Minimum = minimum, Maximum = maximum, MinimumExclusive = minimumExclusive });
        return option;
    }

    /// <summary>Declares the accepted values of a text option.</summary>
    /// <param name="option">The option.</param>
    /// <param name="choices">The values, spelt as help shows them.</param>
    /// <returns>The option.</returns>
    public static Option<string?> Choices(this Option<string?> option, IReadOnlyList<string> choices)
    {
        ArgumentNullException.ThrowIfNull(option);
        Set(option, r => r with { Choices = choices });
        return option;
    }

    /// <summary>
    /// Builds the flag that mirrors a config field: its name (<c>noise.seed</c> → <c>--noise-seed</c>), value type,
    /// range or choices and description come from the field.
    /// </summary>
    /// <param name="path">The field's dotted path.</param>
    /// <param name="field">The field.</param>
    /// <param name="schema">The top-level schema the path starts from.</param>
    /// <returns>The option (value null when the flag is not given).</returns>
    /// <exception cref="ArgumentException">The field's kind has no flag form.</exception>
    public static Option ForField(string path, ConfigField field, ConfigSchema schema)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(field);
        string flag = FieldNames.ToFlag(path);
        string description = field.Description;
        Option option = field.Kind switch
        {
            ConfigValueKind.Integer when field.Maximum <= int.MaxValue && field.Minimum >= int.MinValue => new Option<int?>(flag).Range(field.Minimum!.Value, field.Maximum!.Value),
            ConfigValueKind.Integer => new Option<long?>(flag).Range(field.Minimum ?? long.MinValue, field.Maximum ?? long.MaxValue),
            ConfigValueKind.Number => new Option<double?>(flag).Range(field.Minimum ?? double.MinValue, field.Maximum ?? double.MaxValue, field.MinimumExclusive),
            ConfigValueKind.Choice => new Option<string?>(flag).Choices(field.Choices),
            ConfigValueKind.Boolean => new Option<bool?>(flag),
            ConfigValueKind.ExistingFile or ConfigValueKind.File => new Option<FileInfo?>(flag),
            ConfigValueKind.ExistingDirectory or ConfigValueKind.Directory => new Option<DirectoryInfo?>(flag),
            ConfigValueKind.ExistingPath => new Option<FileSystemInfo?>(flag),
            ConfigValueKind.Text or ConfigValueKind.Url => new Option<string?>(flag),
            _ => throw new ArgumentException($"config field '{path}' ({field.Kind}) has no flag form", nameof(field)),
        };
        option.Description = description;
        option.HelpName = field.Placeholder ?? field.Kind switch
        {
            ConfigValueKind.ExistingFile or ConfigValueKind.File => "file",
            ConfigValueKind.ExistingDirectory or ConfigValueKind.Directory => "dir",
            ConfigValueKind.ExistingPath => "path",
            ConfigValueKind.Integer => "n",
            ConfigValueKind.Number => "x",
            _ => option.HelpName,
        };
        Set(option, r => r with { ConfigField = path, Schema = schema, DefaultText = field.Default });
        return option;
    }

    private static void Set(Symbol symbol, Func<OptionRule, OptionRule> change)
    {
        OptionRule current = Of(symbol) ?? new OptionRule();
        Rules.AddOrUpdate(symbol, change(current));
    }
}
