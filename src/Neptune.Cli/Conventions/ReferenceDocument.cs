using System.CommandLine;
using System.Reflection;
using System.Text;
using Neptune.Configuration;

namespace Neptune.Cli.Conventions;

/// <summary>
/// The reference of every command, flag and config field, generated from the command tree and the config schemas
/// themselves: <c>docs/REFERENCE.md</c> is this text, and other documents embed sections of it between
/// <c>&lt;!-- generated:command:neptune eval --&gt;</c> or <c>&lt;!-- generated:config:eval --&gt;</c> markers.
/// A test fails when a document differs from the code, so adding a flag or a field requires regenerating the reference
/// (<c>./neptune docs</c>).
/// </summary>
public static class ReferenceDocument
{
    private const string CommandPrefix = "command:";
    private const string ConfigPrefix = "config:";

    /// <summary>
    /// Every top-level config schema: each public static <c>Schema</c> property of type <see cref="ConfigSchema"/>
    /// declared in a Neptune assembly the CLI uses, so a new config file is documented by declaring its schema.
    /// </summary>
    /// <returns>The schemas, ordered by name.</returns>
    public static IReadOnlyList<ConfigSchema> ConfigSchemas() => Discovered.Value;

    private static readonly Lazy<IReadOnlyList<ConfigSchema>> Discovered = new(Discover);

    private static IReadOnlyList<ConfigSchema> Discover()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([typeof(ReferenceDocument).Assembly]);
        var schemas = new List<ConfigSchema>();
        while (pending.TryDequeue(out Assembly? assembly))
        {
            foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is { } name && name.StartsWith("Neptune.", StringComparison.Ordinal) && seen.Add(name))
                {
                    pending.Enqueue(Assembly.Load(reference));
                }
            }

            foreach (Type type in assembly.GetExportedTypes())
            {
                if (type.GetProperty("Schema", BindingFlags.Public | BindingFlags.Static) is { PropertyType: var t } p && t == typeof(ConfigSchema))
                {
                    schemas.Add((ConfigSchema)p.GetValue(null)!);
                }
            }
        }

        return [.. schemas.DistinctBy(s => s.Name).OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <summary>The whole reference document.</summary>
    /// <param name="root">The command tree.</param>
    /// <returns>Markdown.</returns>
    public static string Full(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var sb = new StringBuilder();
        sb.Append("# Reference: commands, flags and config fields\n\n");
        sb.Append("<!-- Generated from the code by `./neptune docs`; a test fails when this file is stale. Do not edit. -->\n\n");
        sb.Append("## Conventions\n\n");
        sb.Append("- **Exit codes**: `0` success; `1` the command's subject failed (an invalid or failing program, an unanswered question, a stale document with `docs --check`) or an internal error; `2` bad input: every usage error, invalid value, missing or unreadable file, invalid config; `130` interrupted (Ctrl+C, SIGTERM).\n");
        sb.Append("- **Errors** print as one line on stderr, `neptune: error: COMMAND: MESSAGE`, naming the command and the flag, config field or file; never a stack trace. An internal error (a bug) prints `neptune: internal error: …` with the path of a log file holding the stack trace (directory: `$NEPTUNE_LOG_DIR`, default the system temp folder's `neptune/`).\n");
        sb.Append("- **Flags** are kebab-case. Enum values are lower case (any case is accepted); numbers are checked against the range shown. An unknown flag is refused with the nearest valid one.\n");
        sb.Append("- **Config files and JSON output** use snake_case field names. Configs still accept the old camelCase spelling of a field and print one `neptune: note:` line naming the new one. Relative paths in a config file resolve against the file's folder; flags resolve against the working directory. Every config field of `neptune eval` is also a flag, and flags override the file.\n\n");
        sb.Append("## Commands\n\n");
        foreach (Command command in CliConventions.Commands(root))
        {
            string path = CliConventions.PathOf(command, root);
            sb.Append("### `").Append(path).Append("`\n\n");
            sb.Append(RenderCommand(command, root));
            sb.Append('\n');
        }

        sb.Append("## Config files\n\n");
        foreach (ConfigSchema schema in ConfigSchemas())
        {
            foreach ((string path, ConfigSchema section) in Sections(schema, string.Empty))
            {
                sb.Append("### ").Append(path.Length == 0 ? $"`{schema.Name}`" : $"`{schema.Name}` › `{path}`").Append(": ").Append(section.Title).Append("\n\n");
                sb.Append(RenderConfig(section, root));
                sb.Append('\n');
            }
        }

        return sb.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>Rewrites every <c>generated:command:…</c> and <c>generated:config:…</c> section of a document.</summary>
    /// <param name="document">The document.</param>
    /// <param name="root">The command tree.</param>
    /// <returns>The updated text.</returns>
    /// <exception cref="FormatException">A section names an unknown command or schema, or lacks its end marker.</exception>
    public static string Update(string document, RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(root);
        string text = document.Replace("\r\n", "\n", StringComparison.Ordinal);
        int at = 0;
        while ((at = text.IndexOf("<!-- generated:", at, StringComparison.Ordinal)) >= 0)
        {
            int close = text.IndexOf(" -->\n", at, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException("an unterminated generated-section marker");
            }

            string name = text[(at + "<!-- generated:".Length)..close];
            int bodyStart = close + " -->\n".Length;
            if (!name.StartsWith(CommandPrefix, StringComparison.Ordinal) && !name.StartsWith(ConfigPrefix, StringComparison.Ordinal))
            {
                at = bodyStart;
                continue; // another generator's section
            }

            string end = $"<!-- /generated:{name} -->";
            int stop = text.IndexOf(end, bodyStart, StringComparison.Ordinal);
            if (stop < 0)
            {
                throw new FormatException($"generated section '{name}' lacks its end marker ({end})");
            }

            string body = Render(name, root);
            text = string.Concat(text.AsSpan(0, bodyStart), body, text.AsSpan(stop));
            at = bodyStart + body.Length + end.Length;
        }

        return text;
    }

    /// <summary>Renders one section: <c>command:neptune eval</c> or <c>config:eval</c> (nested: <c>config:ask.vision</c>).</summary>
    /// <param name="name">The section name.</param>
    /// <param name="root">The command tree.</param>
    /// <returns>Markdown ending in a newline.</returns>
    /// <exception cref="FormatException">Unknown command or schema.</exception>
    public static string Render(string name, RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(root);
        if (name.StartsWith(CommandPrefix, StringComparison.Ordinal))
        {
            string path = name[CommandPrefix.Length..];
            Command command = CliConventions.Commands(root).FirstOrDefault(c => CliConventions.PathOf(c, root) == path)
                ?? throw new FormatException($"generated section '{name}': no command '{path}'");
            return RenderCommand(command, root);
        }

        string schemaName = name[ConfigPrefix.Length..];
        foreach (ConfigSchema schema in ConfigSchemas())
        {
            foreach ((_, ConfigSchema section) in Sections(schema, string.Empty))
            {
                if (section.Name == schemaName)
                {
                    return RenderConfig(section, root);
                }
            }
        }

        throw new FormatException($"generated section '{name}': no config schema '{schemaName}'");
    }

    private static IEnumerable<(string Path, ConfigSchema Schema)> Sections(ConfigSchema schema, string path)
    {
        yield return (path, schema);
        foreach (ConfigField f in schema.Fields)
        {
            if (f.Section is { } inner && inner != ModelEndpointSchemaOf(schema, f))
            {
                foreach ((string p, ConfigSchema s) in Sections(inner, path.Length == 0 ? f.Name : $"{path}.{f.Name}"))
                {
                    yield return (p, s);
                }
            }
        }
    }

    // A section shared by several configs (the endpoint object) is documented once, as its own schema.
    private static ConfigSchema? ModelEndpointSchemaOf(ConfigSchema parent, ConfigField field) =>
        field.Section is { } s && ConfigSchemas().Any(top => top.Name == s.Name && !ReferenceEquals(top, parent)) ? s : null;

    private static string RenderCommand(Command command, RootCommand root)
    {
        var sb = new StringBuilder();
        sb.Append(Escape(command.Description ?? string.Empty)).Append("\n\n");
        string path = CliConventions.PathOf(command, root);
        sb.Append("Usage: `").Append(path);
        foreach (Argument a in command.Arguments)
        {
            sb.Append(a.Arity.MinimumNumberOfValues == 0 ? $" [<{a.Name}>]" : $" <{a.Name}>").Append(a.Arity.MaximumNumberOfValues > 1 ? "..." : string.Empty);
        }

        if (command.Subcommands.Count > 0)
        {
            sb.Append(command.Action is null ? " <command>" : " [command]");
        }

        sb.Append(" [options]`");
        if (command.Subcommands.Count > 0)
        {
            sb.Append("; commands: ").Append(string.Join(", ", command.Subcommands.Select(c => $"`{c.Name}`")));
        }

        sb.Append("\n\n");
        IReadOnlyList<HelpRow> rows = CliHelp.Rows(command);
        if (rows.Count == 0)
        {
            return sb.ToString();
        }

        sb.Append("| flag | value | default | config field | meaning |\n|---|---|---|---|---|\n");
        foreach (HelpRow r in rows)
        {
            string names = string.Join(", ", r.Aliases.Append(r.Name).Distinct().Select(n => $"`{n}`"));
            string value = r.Value.Length == 0 ? "switch" : $"`{r.Value.Replace("|", "\\|", StringComparison.Ordinal)}`";
            if (r.Accepts.Length > 0)
            {
                value += " " + r.Accepts;
            }

            string @default = r.Required ? "required" : r.Default.Length > 0 ? $"`{r.Default}`" : "—";
            string field = r.ConfigField is { } f ? $"`{f}`" : "—";
            sb.Append(CultureRow(names, value, @default, field, Escape(r.Description)));
        }

        return sb.ToString();
    }

    private static string RenderConfig(ConfigSchema schema, RootCommand root)
    {
        var flags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (Command c in CliConventions.Commands(root))
        {
            foreach (Option o in c.Options)
            {
                if (OptionRules.Of(o) is { ConfigField: { } field, Schema: { } flagSchema })
                {
                    string key = $"{flagSchema.Name}:{field}";
                    if (!flags.TryGetValue(key, out List<string>? list))
                    {
                        flags[key] = list = [];
                    }

                    list.Add($"`{CliConventions.PathOf(c, root)[("neptune ".Length)..]} {o.Name}`");
                }
            }
        }

        (string Path, ConfigSchema Top)? owner = ConfigSchemas()
            .SelectMany(top => Sections(top, string.Empty).Where(s => ReferenceEquals(s.Schema, schema)).Select(s => ((string Path, ConfigSchema Top)?)(s.Path, top)))
            .FirstOrDefault();
        string? topName = owner?.Top.Name;
        string prefix = owner?.Path ?? string.Empty;
        var sb = new StringBuilder();
        sb.Append("| field | type | default | flag | meaning |\n|---|---|---|---|---|\n");
        foreach (ConfigField f in schema.Fields)
        {
            string type = f.Kind == ConfigValueKind.Object && f.Section is { } s ? $"object ({Escape(s.Name)})"
                : f.Kind == ConfigValueKind.ObjectList && f.Section is { } l ? $"list of `{l.Name}` objects"
                : Escape(f.ShortType());
            string @default = f.Refusal is not null ? "refused" : f.Required ? "required" : f.Default is { } d ? Escape(d) : "—";
            string path = prefix.Length == 0 ? f.Name : $"{prefix}.{f.Name}";
            string flag = topName is not null && flags.TryGetValue($"{topName}:{path}", out List<string>? list) ? string.Join(", ", list)
                : f.Flag is { } manual ? $"`{manual}`"
                : "—";
            sb.Append(CultureRow($"`{f.Name}`", type, @default, flag, Escape(f.Description)));
        }

        return sb.ToString();
    }

    private static string CultureRow(string a, string b, string c, string d, string e) => $"| {a} | {b} | {c} | {d} | {e} |\n";

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
