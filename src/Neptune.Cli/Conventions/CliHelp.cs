using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Globalization;
using System.Text;

namespace Neptune.Cli.Conventions;

/// <summary>One option or argument as help and the reference table show it.</summary>
/// <param name="Name">The flag (<c>--limit</c>) or the argument (<c>&lt;file&gt;</c>).</param>
/// <param name="Aliases">Other spellings of the flag.</param>
/// <param name="Value">The value placeholder (<c>n</c>, <c>file</c>, <c>godel|product</c>); empty for a switch.</param>
/// <param name="Description">What it does.</param>
/// <param name="Default">The default as text; empty when none.</param>
/// <param name="Accepts">The accepted values in words (range or choices); empty when the type says it all.</param>
/// <param name="Required">Whether it must be given.</param>
/// <param name="ConfigField">The config field it mirrors, when any.</param>
public sealed record HelpRow(string Name, IReadOnlyList<string> Aliases, string Value, string Description, string Default, string Accepts, bool Required, string? ConfigField);

/// <summary>
/// Help text of every command, from the command tree itself: usage, description, arguments, options with their value
/// spelling (enum values in lower case), default, range or choices, and sub-commands. Replaces the library's help so
/// every command is shown the same way; the reference documentation uses the same rows.
/// </summary>
public static class CliHelp
{
    /// <summary>Installs this help on the root's help option (which every command inherits).</summary>
    /// <param name="root">The root command.</param>
    public static void Install(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (HelpOption help in root.Options.OfType<HelpOption>())
        {
            help.Action = new Action(root);
        }
    }

    /// <summary>The rows of a command's arguments and options (help and version excluded), in declaration order.</summary>
    /// <param name="command">The command.</param>
    /// <returns>The rows.</returns>
    public static IReadOnlyList<HelpRow> Rows(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var rows = new List<HelpRow>();
        foreach (Argument a in command.Arguments)
        {
            rows.Add(new HelpRow($"<{a.Name}>", [], ValueLabel(a.ValueType, null, a.HelpName), a.Description ?? string.Empty, DefaultText(a), Accepts(a.ValueType, OptionRules.Of(a)), a.Arity.MinimumNumberOfValues > 0, null));
        }

        foreach (Option o in command.Options)
        {
            if (o is HelpOption or VersionOption)
            {
                continue;
            }

            OptionRule? rule = OptionRules.Of(o);
            rows.Add(new HelpRow(
                o.Name,
                [.. o.Aliases.Order(StringComparer.Ordinal)],
                o.Arity.MaximumNumberOfValues == 0 ? string.Empty : ValueLabel(o.ValueType, rule, o.HelpName),
                o.Description ?? string.Empty,
                DefaultText(o) is { Length: > 0 } d ? d : rule?.DefaultText ?? string.Empty,
                Accepts(o.ValueType, rule),
                o.Required,
                rule?.ConfigField));
        }

        return rows;
    }

    /// <summary>Writes a command's help.</summary>
    /// <param name="command">The command.</param>
    /// <param name="root">The tree's root.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="width">The line width.</param>
    public static void Write(Command command, RootCommand root, TextWriter writer, int width = 100)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(writer);
        string path = CliConventions.PathOf(command, root);
        var sb = new StringBuilder();
        sb.Append("Usage: ").Append(path);
        foreach (Argument a in command.Arguments)
        {
            sb.Append(a.Arity.MinimumNumberOfValues == 0 ? $" [<{a.Name}>]" : $" <{a.Name}>").Append(a.Arity.MaximumNumberOfValues > 1 ? "..." : string.Empty);
        }

        if (command.Subcommands.Count > 0)
        {
            sb.Append(command.Action is null ? " <command>" : " [command]");
        }

        sb.Append(" [options]\n\n");
        if (!string.IsNullOrWhiteSpace(command.Description))
        {
            foreach (string line in Wrap(command.Description, width))
            {
                sb.Append(line).Append('\n');
            }

            sb.Append('\n');
        }

        IReadOnlyList<HelpRow> rows = Rows(command);
        List<(string Left, string Right)> arguments = [.. rows.Where(r => r.Name.StartsWith('<')).Select(r => (r.Name, Right(r)))];
        List<(string Left, string Right)> options = [.. rows.Where(r => !r.Name.StartsWith('<')).Select(r => (Left(r), Right(r)))];
        options.Add(("-h, --help", "Show this help."));
        if (command is RootCommand)
        {
            options.Add(("--version", "Show the version."));
        }

        if (arguments.Count > 0)
        {
            Section(sb, "Arguments", arguments, width);
        }

        Section(sb, "Options", options, width);
        if (command.Subcommands.Count > 0)
        {
            Section(sb, "Commands", [.. command.Subcommands.Where(c => !c.Hidden).Select(c => (c.Name, c.Description ?? string.Empty))], width);
        }

        writer.Write(sb.ToString());
    }

    /// <summary>The placeholder of a value type: a choice list for enums, <c>n</c> for whole numbers, <c>file</c> for files.</summary>
    internal static string ValueLabel(Type valueType, OptionRule? rule, string? helpName)
    {
        if (!string.IsNullOrEmpty(helpName))
        {
            return helpName;
        }

        Type t = Nullable.GetUnderlyingType(valueType) ?? valueType;
        if (t.IsEnum)
        {
            return string.Join('|', CliConventions.EnumNames(t));
        }

        if (rule is { Choices.Count: > 0 })
        {
            return string.Join('|', rule.Choices);
        }

        return t == typeof(int) || t == typeof(long) ? "n"
            : t == typeof(double) || t == typeof(float) ? "x"
            : t == typeof(FileInfo) || t == typeof(FileInfo[]) ? "file"
            : t == typeof(DirectoryInfo) || t == typeof(DirectoryInfo[]) ? "dir"
            : t == typeof(bool) ? string.Empty
            : "text";
    }

    private static string Accepts(Type valueType, OptionRule? rule)
    {
        Type t = Nullable.GetUnderlyingType(valueType) ?? valueType;
        bool integer = t == typeof(int) || t == typeof(long);
        bool real = t == typeof(double) || t == typeof(float);
        if (!(integer || real) || rule is null || (rule.Minimum is null && rule.Maximum is null))
        {
            return string.Empty;
        }

        double typeMax = t == typeof(int) ? int.MaxValue : t == typeof(long) ? long.MaxValue : t == typeof(float) ? float.MaxValue : double.MaxValue;
        double typeMin = t == typeof(int) ? int.MinValue : t == typeof(long) ? long.MinValue : t == typeof(float) ? float.MinValue : double.MinValue;
        string min = Format(rule.Minimum);
        string max = Format(rule.Maximum);
        bool noMax = rule.Maximum is null || rule.Maximum >= typeMax;
        bool noMin = rule.Minimum is null || rule.Minimum <= typeMin;
        return (noMin, noMax) switch
        {
            (true, true) => string.Empty,
            (false, true) => rule.MinimumExclusive ? $"> {min}" : $"≥ {min}",
            (true, false) => $"≤ {max}",
            _ when integer => $"{min}–{max}",
            _ => $"{(rule.MinimumExclusive ? "(" : "[")}{min}, {max}]",
        };
    }

    private static string DefaultText(Symbol symbol)
    {
        object? value = symbol switch
        {
            Option { HasDefaultValue: true } o => o.GetDefaultValue(),
            Argument { HasDefaultValue: true } a => a.GetDefaultValue(),
            _ => null,
        };
        return value switch
        {
            null => string.Empty,
            bool b => b ? "on" : string.Empty,
            Enum e => CliConventions.EnumName(e),
            FileSystemInfo f => f.ToString(),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
    }

    private static string Format(double? value) => value switch
    {
        null => string.Empty,
        double v => v.ToString("0.##########", CultureInfo.InvariantCulture),
    };

    private static string Left(HelpRow r)
    {
        string names = string.Join(", ", r.Aliases.Where(a => a.Length == 2).Append(r.Name).Concat(r.Aliases.Where(a => a.Length > 2)));
        return r.Value.Length == 0 ? names : $"{names} <{r.Value}>";
    }

    private static string Right(HelpRow r)
    {
        var sb = new StringBuilder(r.Description.TrimEnd());
        if (r.Required)
        {
            sb.Append(" (required)");
        }

        if (r.Accepts.Length > 0)
        {
            sb.Append(" [").Append(r.Accepts).Append(']');
        }

        if (r.Default.Length > 0)
        {
            sb.Append(" [default: ").Append(r.Default).Append(']');
        }

        return sb.ToString();
    }

    private static void Section(StringBuilder sb, string title, List<(string Left, string Right)> rows, int width)
    {
        sb.Append(title).Append(":\n");
        int left = Math.Min(34, rows.Max(r => r.Left.Length) + 2);
        int right = Math.Max(30, width - left - 2);
        foreach ((string l, string r) in rows)
        {
            List<string> lines = Wrap(r, right);
            if (l.Length + 2 > left)
            {
                sb.Append("  ").Append(l).Append('\n');
                foreach (string line in lines)
                {
                    sb.Append(' ', left + 2).Append(line).Append('\n');
                }

                continue;
            }

            for (int i = 0; i < Math.Max(1, lines.Count); i++)
            {
                sb.Append("  ").Append((i == 0 ? l : string.Empty).PadRight(left)).Append(i < lines.Count ? lines[i] : string.Empty).Append('\n');
            }
        }

        sb.Append('\n');
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        foreach (string paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            foreach (string word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }

                line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
            }

            lines.Add(line.ToString());
        }

        return lines;
    }

    private sealed class Action(RootCommand root) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            int width = Console.IsOutputRedirected ? 100 : Math.Clamp(SafeWidth(), 60, 160);
            Write(parseResult.CommandResult.Command, root, output, width);
            return 0;
        }

        private static int SafeWidth()
        {
            try
            {
                return Console.WindowWidth;
            }
            catch (IOException)
            {
                return 100;
            }
        }
    }
}
