using System.Globalization;
using System.Text;
using Neptune.Language.Runtime;

namespace Neptune.Language.Library;

/// <summary>
/// Keeps the generated sections of <c>docs/LANGUAGE.md</c> in step with the code. A section sits between
/// <c>&lt;!-- generated:NAME --&gt;</c> and <c>&lt;!-- /generated:NAME --&gt;</c>; <see cref="Update"/> rewrites every
/// such section and leaves the hand-written text around them alone.
/// </summary>
public static class LanguageDocument
{
    /// <summary>The names of the generated sections.</summary>
    public static IReadOnlyList<string> Sections { get; } = ["library", "builtins", "limits"];

    /// <summary>Renders one generated section.</summary>
    /// <param name="section">A name from <see cref="Sections"/>.</param>
    /// <param name="catalogue">The primitive catalogue.</param>
    /// <returns>Markdown ending in a newline.</returns>
    /// <exception cref="ArgumentException">Unknown section.</exception>
    public static string Render(string section, PrimitiveCatalogue catalogue) => section switch
    {
        "library" => LibraryReference.ToMarkdown(catalogue),
        "builtins" => Builtins(),
        "limits" => Limits(ExecutionLimits.Default),
        _ => throw new ArgumentException($"unknown generated section '{section}'", nameof(section)),
    };

    /// <summary>Rewrites every generated section of a document.</summary>
    /// <param name="document">The current document text.</param>
    /// <param name="catalogue">The primitive catalogue.</param>
    /// <returns>The updated text.</returns>
    /// <exception cref="FormatException">A section's markers are missing or out of order.</exception>
    public static string Update(string document, PrimitiveCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(document);
        string text = document.Replace("\r\n", "\n", StringComparison.Ordinal);
        foreach (string section in Sections)
        {
            string begin = $"<!-- generated:{section} -->\n";
            string end = $"<!-- /generated:{section} -->";
            int start = text.IndexOf(begin, StringComparison.Ordinal);
            int stop = text.IndexOf(end, StringComparison.Ordinal);
            if (start < 0 || stop < start)
            {
                throw new FormatException($"the document lacks the markers of generated section '{section}' ({begin.TrimEnd()} ... {end})");
            }

            int bodyStart = start + begin.Length;
            text = string.Concat(text.AsSpan(0, bodyStart), Render(section, catalogue), text.AsSpan(stop));
        }

        return text;
    }

    private static string Builtins()
    {
        var sb = new StringBuilder();
        sb.Append("| builtin | positional arguments | keywords |\n|---|---|---|\n");
        foreach (string name in PyBuiltins.Names.Order(StringComparer.Ordinal))
        {
            if (PyBuiltins.TryGetSignature(name, out PyFunctionSignature? sig))
            {
                sb.Append("| `").Append(name).Append("` | ").Append(Arity(sig)).Append(" | ").Append(Keywords(sig)).Append(" |\n");
            }
        }

        sb.Append("\n| type | methods |\n|---|---|\n");
        foreach (string type in PyMethods.TypeNames.Order(StringComparer.Ordinal))
        {
            sb.Append("| `").Append(type).Append("` | ")
                .Append(string.Join(", ", PyMethods.GetMethodNames(type).Order(StringComparer.Ordinal).Select(m => $"`{m}`")))
                .Append(" |\n");
        }

        sb.Append("\nModule `math`: ")
            .Append(string.Join(", ", PyMath.Module.AttributeNames.Order(StringComparer.Ordinal).Select(a => $"`{a}`")))
            .Append(".\n");
        return sb.ToString();
    }

    private static string Arity(PyFunctionSignature sig) =>
        sig.MaxArgs < 0 ? string.Create(CultureInfo.InvariantCulture, $"{sig.MinArgs} or more")
        : sig.MinArgs == sig.MaxArgs ? sig.MinArgs.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{sig.MinArgs} to {sig.MaxArgs}");

    private static string Keywords(PyFunctionSignature sig)
    {
        if (sig.AcceptsAnyKeywords)
        {
            return "any";
        }

        return sig.Keywords.Count == 0 ? string.Empty : string.Join(", ", sig.Keywords.Select(k => $"`{k}`"));
    }

    private static string Limits(ExecutionLimits l)
    {
        var sb = new StringBuilder();
        sb.Append("| budget | default | exceeded when |\n|---|---|---|\n");
        Row(sb, "steps", l.MaxSteps.ToString("N0", CultureInfo.InvariantCulture), "statements, loop iterations and elements visited by builtins exceed it");
        Row(sb, "time", string.Create(CultureInfo.InvariantCulture, $"{l.Timeout.TotalSeconds:0.###} s"), "the run's wall-clock deadline passes, or the run is cancelled");
        Row(sb, "call depth", l.MaxCallDepth.ToString(CultureInfo.InvariantCulture), "nested calls of program functions exceed it");
        Row(sb, "elements", l.MaxElements.ToString("N0", CultureInfo.InvariantCulture), "container elements and tensor cells allocated over the run exceed it");
        Row(sb, "memory", FormattableString.Invariant($"{l.MaxMemoryBytes / (1024 * 1024):N0} MB"), FormattableString.Invariant($"bytes allocated over the run exceed it: {ExecutionMeter.StringOverheadBytes} + 2 per character for each new string, {ExecutionMeter.ElementBytes} for each list or tuple element or tensor cell, {ExecutionMeter.EntryBytes} for each dict or set entry, {ExecutionMeter.BigIntOverheadBytes} + 4 per 32-bit word for each int beyond 64 bits"));
        Row(sb, "int size", FormattableString.Invariant($"{l.MaxIntDigits:N0} digits"), "an int result would have more decimal digits (products, powers and shifts are refused from their operands' sizes, before the work); CPython's limit for int/str conversion");
        Row(sb, "string length", l.MaxStringLength.ToString("N0", CultureInfo.InvariantCulture), "any single string would be longer");
        Row(sb, "host calls", l.MaxHostCalls.ToString("N0", CultureInfo.InvariantCulture), "calls to perception (`score`, `query`) exceed it");
        Row(sb, "output", l.MaxOutputChars.ToString("N0", CultureInfo.InvariantCulture), "`print` writes more characters");
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string name, string value, string when) =>
        sb.Append("| ").Append(name).Append(" | ").Append(value).Append(" | ").Append(when).Append(" |\n");
}
