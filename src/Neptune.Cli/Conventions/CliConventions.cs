using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Reflection;
using Neptune.Configuration;

namespace Neptune.Cli.Conventions;

/// <summary>
/// The one convention of every <c>neptune</c> command, applied to the whole command tree after every command is
/// registered, so a new command follows it by being registered: enum values are spelt in lower case (kebab-case) in
/// help, messages and input (any case accepted); numbers are parsed with messages that give the accepted range; text
/// choices are checked; a directory given where a file is expected, or a file where a directory is expected, is a usage
/// error before the command runs.
/// </summary>
public static class CliConventions
{
    /// <summary>Applies the convention to every command, option and argument under <paramref name="root"/>.</summary>
    /// <param name="root">The root command, with every sub-command registered.</param>
    public static void Apply(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        CliHelp.Install(root);
        foreach (Command command in Commands(root))
        {
            foreach (Option option in command.Options)
            {
                if (option is HelpOption || option is VersionOption)
                {
                    continue;
                }

                ApplyTo(option);
            }

            foreach (Argument argument in command.Arguments)
            {
                ApplyTo(argument);
            }
        }
    }

    /// <summary>Every command of the tree, root first, depth first.</summary>
    /// <param name="root">The root.</param>
    /// <returns>The commands.</returns>
    public static IEnumerable<Command> Commands(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        yield return root;
        foreach (Command sub in root.Subcommands)
        {
            foreach (Command c in Commands(sub))
            {
                yield return c;
            }
        }
    }

    /// <summary>The command's path as typed (<c>neptune eval merge</c>).</summary>
    /// <param name="command">A command of the tree.</param>
    /// <param name="root">The tree's root.</param>
    /// <returns>The path.</returns>
    public static string PathOf(Command command, Command root)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(root);
        var names = new Stack<string>();
        if (!Find(root, command, names))
        {
            return command.Name;
        }

        return "neptune" + string.Concat(names.Reverse().Skip(1).Select(n => " " + n));
    }

    /// <summary>The lower-case (kebab-case) spelling of an enum value: <c>NoTarget</c> → <c>no-target</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The spelling.</returns>
    public static string EnumName(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return FieldNames.ToSnakeCase(value.ToString()).Replace('_', '-');
    }

    /// <summary>The spellings of every value of an enum type, in declaration order.</summary>
    /// <param name="type">The enum type.</param>
    /// <returns>The spellings.</returns>
    public static IReadOnlyList<string> EnumNames(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return [.. Enum.GetValues(type).Cast<Enum>().Select(EnumName)];
    }

    private static bool Find(Command at, Command target, Stack<string> names)
    {
        names.Push(at.Name);
        if (ReferenceEquals(at, target))
        {
            return true;
        }

        foreach (Command sub in at.Subcommands)
        {
            if (Find(sub, target, names))
            {
                return true;
            }
        }

        names.Pop();
        return false;
    }

    private static void ApplyTo(Option option)
    {
        Type type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        OptionRule? rule = OptionRules.Of(option);
        string name = option.Name;
        if (type.IsEnum)
        {
            typeof(CliConventions).GetMethod(nameof(InstallEnum), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(option.ValueType, type).Invoke(null, [option]);
            return;
        }

        switch (option)
        {
            case Option<int> o: o.CustomParser = r => (int)Integer(r, name, rule, int.MinValue, int.MaxValue); break;
            case Option<int?> o: o.CustomParser = r => (int?)Integer(r, name, rule, int.MinValue, int.MaxValue); break;
            case Option<long> o: o.CustomParser = r => Integer(r, name, rule, long.MinValue, long.MaxValue); break;
            case Option<long?> o: o.CustomParser = r => Integer(r, name, rule, long.MinValue, long.MaxValue); break;
            case Option<double> o: o.CustomParser = r => Real(r, name, rule, double.MinValue, double.MaxValue); break;
            case Option<double?> o: o.CustomParser = r => Real(r, name, rule, double.MinValue, double.MaxValue); break;
            case Option<float> o: o.CustomParser = r => (float)Real(r, name, rule, float.MinValue, float.MaxValue); break;
            case Option<float?> o: o.CustomParser = r => (float?)Real(r, name, rule, float.MinValue, float.MaxValue); break;
            case Option<string?> o when rule is { Choices.Count: > 0 }:
                o.HelpName ??= string.Join('|', rule.Choices);
                ConfigField field = rule.AsField(name, false);
                o.CustomParser = r =>
                {
                    string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : string.Empty;
                    string? match = ConfigReader.MatchChoice(field, text.Trim());
                    if (match is null)
                    {
                        r.AddError($"{name}: {ConfigReader.ChoiceError(field, text)}");
                    }

                    return match;
                };
                break;
            case Option<FileInfo> o:
                o.Validators.Add(r => CheckFile(r, name, Value<FileInfo?>(r)));
                break;
            case Option<DirectoryInfo> o:
                o.Validators.Add(r => CheckDirectory(r, name, Value<DirectoryInfo?>(r)));
                break;
        }
    }

    private static void ApplyTo(Argument argument)
    {
        string name = $"<{argument.Name}>";

        // A token that looks like a flag is never a value: report it as the unknown option it is.
        argument.Validators.Add(r =>
        {
            foreach (Token t in r.Tokens)
            {
                if (t.Value.Length > 1 && t.Value.StartsWith('-') && r.Parent is CommandResult command)
                {
                    r.AddError($"{CliRunner.UnknownOption(t.Value, command)}; see '{CliConventions.PathOf(command.Command, Root(command))} --help'");
                }
            }
        });
        switch (argument)
        {
            case Argument<FileInfo> a:
                a.Validators.Add(r => CheckFile(r, name, Value<FileInfo?>(r)));
                break;
            case Argument<DirectoryInfo> a:
                a.Validators.Add(r => CheckDirectory(r, name, Value<DirectoryInfo?>(r)));
                break;
            case Argument<DirectoryInfo[]> a:
                a.Validators.Add(r =>
                {
                    foreach (DirectoryInfo d in Value<DirectoryInfo[]?>(r) ?? [])
                    {
                        CheckDirectory(r, name, d);
                    }
                });
                break;
            case Argument<FileInfo[]> a:
                a.Validators.Add(r =>
                {
                    foreach (FileInfo f in Value<FileInfo[]?>(r) ?? [])
                    {
                        CheckFile(r, name, f);
                    }
                });
                break;
        }
    }

    /// <summary>The converted value, or default when the symbol already has errors (conversion or an earlier validator).</summary>
    private static T? Value<T>(SymbolResult result)
    {
        if (result.Errors.Any())
        {
            return default;
        }

        try
        {
            return result switch
            {
                ArgumentResult a => a.GetValueOrDefault<T>(),
                OptionResult o => o.GetValueOrDefault<T>(),
                _ => default,
            };
        }
        catch (InvalidOperationException)
        {
            return default; // the conversion failed; its error is reported already
        }
    }

    private static Command Root(SymbolResult result)
    {
        SymbolResult at = result;
        while (at.Parent is not null)
        {
            at = at.Parent;
        }

        return at is CommandResult c ? c.Command : throw new InvalidOperationException("no root command");
    }

    private static void CheckFile(SymbolResult result, string name, FileInfo? file)
    {
        if (file is not null && Directory.Exists(file.FullName))
        {
            result.AddError($"{name}: '{ConfigSource.Display(file.FullName)}' is a directory, expected a file");
        }
    }

    private static void CheckDirectory(SymbolResult result, string name, DirectoryInfo? directory)
    {
        if (directory is not null && File.Exists(directory.FullName))
        {
            result.AddError($"{name}: '{ConfigSource.Display(directory.FullName)}' is a file, expected a directory");
        }
    }

    private static long Integer(ArgumentResult result, string name, OptionRule? rule, long typeMin, long typeMax)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        decimal min = Math.Max(typeMin, (decimal)(rule?.Minimum ?? typeMin));
        decimal max = Math.Min(typeMax, (decimal)(rule?.Maximum ?? typeMax));
        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal value) && value >= min && value <= max)
        {
            return (long)value;
        }

        ConfigField field = ConfigField.Integer(name, (long)min, (long)max, string.Empty);
        result.AddError($"{name}: expected {field.DescribeValues()}, got '{text}'");
        return 0;
    }

    private static double Real(ArgumentResult result, string name, OptionRule? rule, double typeMin, double typeMax)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        ConfigField field = ConfigField.Number(name, rule?.Minimum ?? typeMin, rule?.Maximum ?? typeMax, string.Empty, minimumExclusive: rule?.MinimumExclusive ?? false);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && field.InRange(value))
        {
            return value;
        }

        result.AddError($"{name}: expected {field.DescribeValues()}, got '{text}'");
        return 0;
    }

    private static void InstallEnum<TValue, TEnum>(Option<TValue> option)
        where TEnum : struct, Enum
    {
        TEnum[] values = Enum.GetValues<TEnum>();
        string[] names = [.. values.Select(v => EnumName(v))];
        string name = option.Name;
        ConfigField field = ConfigField.Choice(name, names, string.Empty);
        option.HelpName = string.Join('|', names);
        option.CustomParser = r =>
        {
            string text = r.Tokens.Count > 0 ? r.Tokens[0].Value.Trim() : string.Empty;
            int i = Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)
                || string.Equals(n.Replace("-", string.Empty, StringComparison.Ordinal), text, StringComparison.OrdinalIgnoreCase));
            if (i < 0)
            {
                r.AddError($"{name}: {ConfigReader.ChoiceError(field, text)}");
                return default!;
            }

            return (TValue)(object)values[i];
        };
    }
}
