using System.Text.Json;

namespace Neptune.Language.Conformance.Tests.Support;

/// <summary>One row of Conformance/expected.jsonl: what CPython 3.11 did with a corpus program.</summary>
internal sealed record CPythonOutcome(string Name, bool Ok, string? Repr, string? Kind, string? Message, string Output);

/// <summary>One row of the runtime's expressions.jsonl: a standalone expression and CPython's result.</summary>
internal sealed record ExpressionOutcome(string Expression, string? Expect, string? Kind, string? Message);

/// <summary>Locates and parses the fixture files copied next to the test assembly.</summary>
internal static class Fixtures
{
    private static readonly Lazy<IReadOnlyDictionary<string, CPythonOutcome>> LazyConformance = new(LoadConformance);

    public static string Root => AppContext.BaseDirectory;

    public static string ConformanceFolder => Path.Combine(Root, "Conformance");

    public static string ProgramsFolder => Path.Combine(ConformanceFolder, "programs");

    public static string HostileFolder => Path.Combine(Root, "Hostile");

    public static string ExpressionsFile => Path.Combine(Root, "RuntimeConformance", "expressions.jsonl");

    public static IReadOnlyDictionary<string, CPythonOutcome> Conformance => LazyConformance.Value;

    public static string ReadProgram(string name) => File.ReadAllText(Path.Combine(ProgramsFolder, name + ".py"));

    public static string ReadHostile(string name) => File.ReadAllText(Path.Combine(HostileFolder, name + ".py"));

    public static IReadOnlyList<string> ProgramNames() =>
        Directory.EnumerateFiles(ProgramsFolder, "*.py")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static IReadOnlyList<ExpressionOutcome> Expressions()
    {
        if (!File.Exists(ExpressionsFile))
        {
            return [];
        }

        var rows = new List<ExpressionOutcome>();
        foreach (var line in File.ReadLines(ExpressionsFile))
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            rows.Add(new ExpressionOutcome(
                r.GetProperty("expr").GetString()!,
                r.TryGetProperty("expect", out var e) ? e.GetString() : null,
                r.TryGetProperty("error", out var k) ? k.GetString() : null,
                r.TryGetProperty("message", out var m) ? m.GetString() : null));
        }

        return rows;
    }

    private static IReadOnlyDictionary<string, CPythonOutcome> LoadConformance()
    {
        var rows = new Dictionary<string, CPythonOutcome>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(ConformanceFolder, "expected.jsonl")))
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            var name = r.GetProperty("name").GetString()!;
            bool ok = r.GetProperty("ok").GetBoolean();
            rows.Add(name, new CPythonOutcome(
                name,
                ok,
                ok ? r.GetProperty("repr").GetString() : null,
                ok ? null : r.GetProperty("kind").GetString(),
                ok ? null : r.GetProperty("message").GetString(),
                r.GetProperty("output").GetString() ?? string.Empty));
        }

        return rows;
    }
}
