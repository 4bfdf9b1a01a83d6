using Neptune.Language.Syntax;

namespace Neptune.Language.Syntax.Tests;

internal static class TestSupport
{
    /// <summary>Parses and asserts there are no diagnostics at all.</summary>
    public static SyntaxTree ParseClean(string text)
    {
        SyntaxTree tree = SyntaxTree.Parse(text);
        Assert.True(tree.Diagnostics.IsEmpty, "unexpected diagnostics:\n" + string.Join("\n", tree.Diagnostics));
        AssertSpansNested(tree);
        return tree;
    }

    /// <summary>S-expression of each top-level statement, one per line.</summary>
    public static string Dump(string text) =>
        string.Join("\n", ParseClean(text).Root.Statements.Select(s => s.ToString()));

    /// <summary>S-expression of a single expression statement.</summary>
    public static string Expr(string text)
    {
        SyntaxTree tree = ParseClean(text);
        StatementSyntax statement = Assert.Single(tree.Root.Statements);
        return Assert.IsType<ExpressionStatementSyntax>(statement).Expression.ToString();
    }

    public static string Codes(SyntaxTree tree) => string.Join(" ", tree.Diagnostics.Select(d => d.Code));

    /// <summary>Every node's span lies within its parent's and within the text.</summary>
    public static void AssertSpansNested(SyntaxTree tree)
    {
        var stack = new Stack<SyntaxNode>();
        stack.Push(tree.Root);
        while (stack.Count > 0)
        {
            SyntaxNode node = stack.Pop();
            if (node.Span.Start < 0 || node.Span.End > tree.Source.Length)
            {
                Assert.Fail($"{node.Kind} {node.Span} outside text");
            }

            foreach (SyntaxNode child in node.ChildNodes())
            {
                if (!node.Span.Contains(child.Span))
                {
                    Assert.Fail($"{child.Kind} {child.Span} not within {node.Kind} {node.Span} in:\n{tree.Source.Text}");
                }

                stack.Push(child);
            }
        }
    }
}
