namespace Neptune.Language.Syntax.Tests;

/// <summary>
/// A thread reuses its parsing state (token buffer, scratch lists, the table of names and string values seen) from
/// parse to parse; no parse may see anything of the ones before it.
/// </summary>
public class ReuseTests
{
    private static readonly string[] Programs =
    [
        "small = score(\"Is the object in the red box small?\")\nreturn small.count()\n",
        "x = 'a\\tb' 'c'\ny = r'\\n'\nz = '''line\r\nbreak'''\nreturn f\"{x}{y!r:>{10}}\"\n",
        "def f(a, *b, c=1, **d):\n    return [i for i in b if i > c]\nreturn f(1, 2, 3)\n",
        "if (x := 3) > 2:\n    y = {k: v for k, v in [(1, 2)]}\nelse:\n    y = None\nreturn y\n",
        "return (\n",
        "x = 'unterminated\nreturn x\n",
        "é = 1\nreturn é + 2\n",
        "return " + string.Join(" + ", Enumerable.Range(0, 3000).Select(i => "v" + i)) + "\n",
        "return \"" + new string('q', 1000) + "\"\n",
    ];

    [Fact]
    public void Parse_AfterOtherParsesOnTheSameThread_GivesTheTreeAndDiagnosticsOfAFreshParse()
    {
        // Fresh: each program parsed first on its own new thread.
        var fresh = new string[Programs.Length];
        for (int i = 0; i < Programs.Length; i++)
        {
            int k = i;
            var thread = new Thread(() => fresh[k] = Describe(SyntaxTree.Parse(Programs[k])));
            thread.Start();
            thread.Join();
        }

        // Reused: all of them, in several orders, on this thread.
        for (int round = 0; round < 3; round++)
        {
            for (int j = 0; j < Programs.Length; j++)
            {
                int i = round == 1 ? Programs.Length - 1 - j : (j * 5 + round) % Programs.Length;
                Assert.Equal(fresh[i], Describe(SyntaxTree.Parse(Programs[i])));
            }
        }
    }

    [Fact]
    public void Parse_MoreDistinctNamesThanTheTableHolds_KeepsEveryName()
    {
        for (int i = 0; i < 10_000; i++)
        {
            string name = "name_" + i;
            SyntaxTree tree = SyntaxTree.Parse($"{name} = '{name}'\nreturn {name}\n");
            Assert.Empty(tree.Diagnostics);
            var assignment = Assert.IsType<AssignmentStatementSyntax>(tree.Root.Statements[0]);
            Assert.Equal(name, Assert.IsType<NameExpressionSyntax>(Assert.Single(assignment.Targets)).Name);
            Assert.Equal(name, Assert.IsType<StringLiteralExpressionSyntax>(assignment.Value).Value);
        }
    }

    [Fact]
    public void Parse_SameLiteralInTwoPrograms_DecodesEscapesOnlyWhereWritten()
    {
        SyntaxTree plain = SyntaxTree.Parse("x = 'a\\\\nb'\n");
        SyntaxTree raw = SyntaxTree.Parse("x = r'a\\\\nb'\n");
        SyntaxTree escaped = SyntaxTree.Parse("x = 'a\\nb'\n");
        Assert.Equal("a\\nb", Value(plain));
        Assert.Equal("a\\\\nb", Value(raw));
        Assert.Equal("a\nb", Value(escaped));

        static string Value(SyntaxTree tree) =>
            Assert.IsType<StringLiteralExpressionSyntax>(Assert.IsType<AssignmentStatementSyntax>(tree.Root.Statements[0]).Value).Value;
    }

    private static string Describe(SyntaxTree tree) =>
        tree.Root + "\n" + string.Join("\n", tree.Diagnostics.Select(d => d.ToString()));
}
