using System.Text;

namespace Neptune.Language.Library;

/// <summary>
/// Writes the library reference from the catalogue, in Markdown (for docs/LANGUAGE.md) and as compact text (for the
/// LLM prompt). Both come from the same descriptors, so neither can drift from what the validator accepts.
/// </summary>
public static class LibraryReference
{
    /// <summary>The Markdown reference: functions, then each host type with its operators, attributes and methods.</summary>
    /// <param name="catalogue">The catalogue.</param>
    /// <returns>Markdown text ending in a newline.</returns>
    public static string ToMarkdown(PrimitiveCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var sb = new StringBuilder();
        sb.Append("### Functions\n\n");
        sb.Append("| signature | what it does | example |\n|---|---|---|\n");
        foreach (PrimitiveDescriptor p in catalogue.Primitives)
        {
            if (p.Owner is null)
            {
                AppendRow(sb, p);
            }
        }

        foreach (HostTypeDescriptor type in catalogue.Types)
        {
            sb.Append("\n### ").Append(type.Name).Append("\n\n").Append(type.Summary).Append('\n');
            if (type.Operators.Count > 0)
            {
                sb.Append('\n');
                foreach (string op in type.Operators)
                {
                    sb.Append("- ").Append(op).Append('\n');
                }
            }

            bool any = false;
            foreach (AttributeDescriptor a in catalogue.AttributesOf(type.Name))
            {
                if (!any)
                {
                    sb.Append("\n| attribute | type | meaning |\n|---|---|---|\n");
                    any = true;
                }

                sb.Append("| `.").Append(a.Name).Append("` | `").Append(ParameterDescriptor.TypeName(a.Kind)).Append("` | ").Append(Escape(a.Summary)).Append(" |\n");
            }

            any = false;
            foreach (PrimitiveDescriptor m in catalogue.MethodsOf(type.Name))
            {
                if (!any)
                {
                    sb.Append("\n| method | what it does | example |\n|---|---|---|\n");
                    any = true;
                }

                AppendRow(sb, m);
            }
        }

        sb.Append("\n### Parameters and constraints\n\n");
        sb.Append("| primitive | parameter | type | required | constraint | meaning |\n|---|---|---|---|---|---|\n");
        foreach (PrimitiveDescriptor p in catalogue.Primitives)
        {
            foreach (ParameterDescriptor param in p.Parameters)
            {
                string constraint = param.Minimum is not null || param.Maximum is not null
                    ? param.RangeText()
                    : param.AllowedValues is { } allowed ? "one of " + string.Join(", ", allowed.Select(v => $"'{v}'"))
                    : param.MinimumLength > 0 ? "non-empty" : param.AllowsNone ? "or None" : string.Empty;
                sb.Append("| `").Append(p.QualifiedName).Append("` | `").Append(param.Name).Append("` | `")
                    .Append(ParameterDescriptor.TypeName(param.Kind)).Append("` | ")
                    .Append(param.Required ? "yes" : $"no (default `{param.Signature[(param.Name.Length + 1)..]}`)").Append(" | ")
                    .Append(constraint).Append(" | ").Append(Escape(param.Summary)).Append(" |\n");
            }
        }

        return sb.ToString();
    }

    /// <summary>The compact reference for a model prompt: one signature and one line per primitive.</summary>
    /// <param name="catalogue">The catalogue.</param>
    /// <returns>Plain text ending in a newline.</returns>
    public static string ToPromptText(PrimitiveCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var sb = new StringBuilder();
        foreach (PrimitiveDescriptor p in catalogue.Primitives)
        {
            if (p.Owner is null)
            {
                sb.Append(p.Signature).Append("  # ").Append(p.Summary).Append('\n');
            }
        }

        foreach (HostTypeDescriptor type in catalogue.Types)
        {
            sb.Append('\n').Append(type.Name).Append(": ").Append(type.Summary).Append('\n');
            foreach (string op in type.Operators)
            {
                sb.Append("  ").Append(op).Append('\n');
            }

            foreach (AttributeDescriptor a in catalogue.AttributesOf(type.Name))
            {
                sb.Append("  .").Append(a.Name).Append(": ").Append(ParameterDescriptor.TypeName(a.Kind)).Append("  # ").Append(a.Summary).Append('\n');
            }

            foreach (PrimitiveDescriptor m in catalogue.MethodsOf(type.Name))
            {
                sb.Append("  ").Append(m.Signature).Append("  # ").Append(m.Summary).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, PrimitiveDescriptor p) =>
        sb.Append("| `").Append(Escape(p.Signature)).Append("` | ").Append(Escape(p.Summary)).Append(" | `")
            .Append(Escape(p.Example)).Append("` |\n");

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
