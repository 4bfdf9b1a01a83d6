using System.Text;
using System.Text.Json;
using Neptune.Language.Runtime;

namespace Neptune.Language.Conformance.Tests.Support;

/// <summary>What must happen to a hostile program: rejected with a code, stopped with a typed error, or (rarely) run fine.</summary>
internal sealed record HostileExpectation(
    string Stage,
    string? Code,
    ProgramErrorCategory? Category,
    IReadOnlyList<BudgetKind> Budgets,
    string? Kind,
    string? Repr,
    bool NeedsPerception)
{
    public static HostileExpectation Parse(JsonElement e)
    {
        var budgets = new List<BudgetKind>();
        if (e.TryGetProperty("budget", out var b))
        {
            if (b.ValueKind == JsonValueKind.Array)
            {
                budgets.AddRange(b.EnumerateArray().Select(x => Enum.Parse<BudgetKind>(x.GetString()!)));
            }
            else
            {
                budgets.Add(Enum.Parse<BudgetKind>(b.GetString()!));
            }
        }

        return new HostileExpectation(
            e.GetProperty("stage").GetString()!,
            e.TryGetProperty("code", out var c) ? c.GetString() : null,
            e.TryGetProperty("category", out var cat) ? Enum.Parse<ProgramErrorCategory>(cat.GetString()!) : null,
            budgets,
            e.TryGetProperty("kind", out var k) ? k.GetString() : null,
            e.TryGetProperty("repr", out var r) ? r.GetString() : null,
            e.TryGetProperty("perception", out var p) && p.GetBoolean());
    }

    public static HostileExpectation Validation(string code) => new("validation", code, null, [], null, null, false);
}

/// <summary>The hostile corpus: the files in Hostile/ with their expectations, plus inputs too large to commit.</summary>
internal static class HostileCorpus
{
    private static readonly Lazy<IReadOnlyDictionary<string, HostileExpectation>> LazyTable = new(LoadTable);

    public static IReadOnlyDictionary<string, HostileExpectation> Table => LazyTable.Value;

    /// <summary>Programs built in memory because committing them would add megabytes to the repository.</summary>
    public static IReadOnlyDictionary<string, (Func<string> Source, HostileExpectation Expected)> Generated { get; } =
        new Dictionary<string, (Func<string>, HostileExpectation)>(StringComparer.Ordinal)
        {
            // A 2 MB string literal: the source itself is over the length limit.
            ["generated_2mb_string_literal"] = (() => "return \"" + new string('a', 2_000_000) + "\"\n", HostileExpectation.Validation("NPT1006")),
            // 500,000 tokens in 1 MB of source: over the token limit.
            ["generated_too_many_tokens"] = (() => "return [" + Repeat("1,", 250_000) + "]\n", HostileExpectation.Validation("NPT1007")),
            ["generated_20000_parentheses"] = (() => "return " + Repeat("(", 20_000) + "1" + Repeat(")", 20_000) + "\n", HostileExpectation.Validation("NPT1005")),
            ["generated_20000_brackets"] = (() => "return " + Repeat("[", 20_000) + Repeat("]", 20_000) + "\n", HostileExpectation.Validation("NPT1005")),
            ["generated_20000_braces"] = (() => "return " + Repeat("{1: ", 20_000) + "1" + Repeat("}", 20_000) + "\n", HostileExpectation.Validation("NPT1005")),
            ["generated_20000_nested_lambdas"] = (() => "f = " + Repeat("lambda: ", 20_000) + "0\nreturn 1\n", HostileExpectation.Validation("NPT1005")),
            ["generated_20000_unary_minus"] = (() => "return " + Repeat("-", 20_000) + "1\n", HostileExpectation.Validation("NPT1005")),
            ["generated_20000_chained_additions"] = (() => "return 1" + Repeat(" + 1", 20_000) + "\n", HostileExpectation.Validation("NPT1005")),
            ["generated_20000_attribute_chain"] = (() => "x = 's'\nreturn x" + Repeat(".upper()", 20_000) + "\n", HostileExpectation.Validation("NPT1005")),
            ["generated_1000_nested_ifs"] = (() => NestedIfs(1_000), HostileExpectation.Validation("NPT1005")),
            ["generated_200k_digit_int_literal"] = (() => "return " + new string('9', 200_000) + "\n", HostileExpectation.Validation("NPT2017")),
        };

    private static string Repeat(string s, int count) => new StringBuilder(s.Length * count).Insert(0, s, count).ToString();

    private static string NestedIfs(int depth)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            sb.Append(' ', i).Append("if True:\n");
        }

        sb.Append(' ', depth).Append("pass\n");
        sb.Append("return 1\n");
        return sb.ToString();
    }

    private static IReadOnlyDictionary<string, HostileExpectation> LoadTable()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures.HostileFolder, "expected.json")));
        var table = new Dictionary<string, HostileExpectation>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            table.Add(p.Name, HostileExpectation.Parse(p.Value));
        }

        return table;
    }
}
