using static Neptune.Language.Syntax.Tests.TestSupport;

namespace Neptune.Language.Syntax.Tests;

public class LimitTests
{
    public static TheoryData<string, string> DeepInputs()
    {
        static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));
        return new TheoryData<string, string>
        {
            { "parentheses", "x = " + new string('(', 20_000) + "1" + new string(')', 20_000) },
            { "brackets", "x = " + new string('[', 20_000) + new string(']', 20_000) },
            { "braces", "x = " + new string('{', 20_000) + new string('}', 20_000) },
            { "unclosed", "x = " + Repeat("(-[{", 5_000) + "a" },
            { "unary minus", "x = " + new string('-', 20_000) + "1" },
            { "not", "x = " + Repeat("not ", 20_000) + "a" },
            { "lambda", "x = " + Repeat("lambda: ", 20_000) + "1" },
            { "conditional", "x = " + Repeat("a if b else ", 20_000) + "c" },
            { "power", "x = " + Repeat("2 ** ", 20_000) + "2" },
            { "addition chain", "x = " + Repeat("1 + ", 20_000) + "1" },
            { "attribute chain", "x = a" + Repeat(".b", 20_000) },
            { "call chain", "x = f" + Repeat("()", 20_000) },
            { "subscript", "x = a" + Repeat("[0", 20_000) + new string(']', 20_000) },
            { "comprehension", "x = " + Repeat("[a for a in ", 20_000) + "b" + new string(']', 20_000) },
            { "lambda defaults", "x = " + Repeat("lambda a=", 20_000) + "1" + Repeat(": a", 20_000) },
            { "starred displays", "x = " + Repeat("[*", 20_000) + "a" + new string(']', 20_000) },
            { "dict unpacking", "x = " + Repeat("{**", 20_000) + "a" + new string('}', 20_000) },
            { "call arguments", "x = " + Repeat("f(*", 20_000) + "a" + new string(')', 20_000) },
            { "f-string format spec", "x = f'{a:" + Repeat("{a:", 20_000) + new string('}', 20_001) + "'" },
            { "if blocks", string.Concat(Enumerable.Range(0, 1_000).Select(i => new string(' ', i) + "if x:\n")) + new string(' ', 1_000) + "pass" },
        };
    }

    [Theory]
    [MemberData(nameof(DeepInputs))]
    public void Parse_DeepNesting_ReportsNestingTooDeepWithoutOverflow(string name, string source)
    {
        SyntaxTree tree = SyntaxTree.Parse(source + "\ny = 2\n");
        Assert.True(tree.Diagnostics.Count(d => d.Code == "NPT1005") == 1, name + ": " + Codes(tree));
        Assert.Equal("(= y 2)", tree.Root.Statements[^1].ToString());
        AssertSpansNested(tree);
    }

    [Fact]
    public void Parse_NestingAtTheLimit_IsAccepted()
    {
        var options = new SyntaxOptions { MaxDepth = 20 };
        SyntaxTree ok = SyntaxTree.Parse("x = " + new string('(', 20) + "1" + new string(')', 20), options: options);
        Assert.Empty(ok.Diagnostics);
        SyntaxTree tooDeep = SyntaxTree.Parse("x = " + new string('(', 21) + "1" + new string(')', 21), options: options);
        Assert.Equal("NPT1005", Codes(tooDeep));
    }

    [Fact]
    public void Parse_LongFlatSequences_AreNotNesting()
    {
        string source = "x = [" + string.Join(", ", Enumerable.Range(0, 5_000)) + "]\ny = " + string.Concat(Enumerable.Repeat("a or ", 5_000)) + "b\n";
        SyntaxTree tree = ParseClean(source);
        Assert.Equal(5_000, Assert.IsType<ListExpressionSyntax>(Assert.IsType<AssignmentStatementSyntax>(tree.Root.Statements[0]).Value).Elements.Length);
    }

    [Fact]
    public void Parse_SourceTooLong_ReportsAndReturnsEmptyModule()
    {
        SyntaxTree tree = SyntaxTree.Parse(new string('x', 101), options: new SyntaxOptions { MaxSourceLength = 100 });
        Diagnostic diagnostic = Assert.Single(tree.Diagnostics);
        Assert.Equal(("NPT1006", "program is 101 characters long; the limit is 100"), (diagnostic.Code, diagnostic.Message));
        Assert.Empty(tree.Root.Statements);
    }

    [Fact]
    public void Parse_TooManyTokens_ReportsOnce()
    {
        SyntaxTree tree = SyntaxTree.Parse(string.Concat(Enumerable.Repeat("x = 1\n", 100)), options: new SyntaxOptions { MaxTokens = 50 });
        Assert.Equal("NPT1007", Codes(tree));
        Assert.Equal(13, tree.Root.Statements.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_001)]
    public void SyntaxOptions_MaxDepthOutOfRange_Throws(int depth)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntaxOptions { MaxDepth = depth });
    }

    [Fact]
    public void Parse_DeepNestingOnSmallStack_ReportsInsteadOfCrashing()
    {
        // A thread with a small stack: the parser must notice the stack running low before the depth limit.
        SyntaxTree? tree = null;
        var thread = new Thread(() => tree = SyntaxTree.Parse("x = " + new string('(', 900) + new string(')', 900), options: new SyntaxOptions { MaxDepth = 1_000 }), 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.NotNull(tree);
        Assert.Contains(tree.Diagnostics, d => d.Code == "NPT1005");
    }
}
