using static Neptune.Language.Syntax.Tests.TestSupport;

namespace Neptune.Language.Syntax.Tests;

public class DiagnosticTests
{
    [Theory]
    [InlineData("if x\n    y = 1\n", "NPT1003", 1, 5, "expected ':' after 'if' condition")]
    [InlineData("for x in y\n    pass\n", "NPT1003", 1, 11, "expected ':' after 'for' loop header")]
    [InlineData("x = $ + 1\n", "NPT1001", 1, 5, "unexpected character '$'")]
    [InlineData("y = 'abc\n", "NPT1002", 1, 5, "unterminated string literal")]
    [InlineData("s = '''abc\n\n", "NPT1002", 1, 5, "unterminated string literal")]
    [InlineData("if x:\n        a = 1\n    b = 2\n", "NPT1004", 3, 1, "unindent does not match any outer indentation level")]
    [InlineData("  x = 1\n", "NPT1008", 1, 1, "unexpected indent")]
    [InlineData("if x:\ny = 1\n", "NPT1009", 2, 1, "expected an indented block after 'if' condition")]
    [InlineData("x = )\n", "NPT1011", 1, 5, "expected an expression, found ')'")]
    [InlineData("x = 1 +\n", "NPT1011", 1, 8, "expected an expression, found end of line")]
    [InlineData("f() = 3\n", "NPT1012", 1, 1, "cannot assign to function call")]
    [InlineData("for 1 in x: pass\n", "NPT1012", 1, 5, "cannot assign to literal")]
    [InlineData("a + 1 += 2\n", "NPT1012", 1, 1, "cannot assign to expression")]
    [InlineData("x = b'abc'\n", "NPT1013", 1, 5, "bytes literals are not supported")]
    [InlineData("x = 0123\n", "NPT1014", 1, 5, "invalid decimal literal '0123'")]
    [InlineData("x = 1__0\n", "NPT1014", 1, 5, "invalid decimal literal '1__0'")]
    [InlineData("x = 0x\n", "NPT1014", 1, 5, "invalid hexadecimal literal '0x'")]
    [InlineData("x = 0b12\n", "NPT1014", 1, 5, "invalid binary literal '0b12'")]
    [InlineData("x = 1abc\n", "NPT1014", 1, 5, "invalid decimal literal '1abc'")]
    [InlineData("x = 1_\n", "NPT1014", 1, 5, "invalid decimal literal '1_'")]
    [InlineData("x = '\\x4'\n", "NPT1015", 1, 6, "invalid escape sequence '\\x4'")]
    [InlineData("x = f'{}'\n", "NPT1017", 1, 7, "f-string: empty expression not allowed")]
    [InlineData("x = f'{a'\n", "NPT1017", 1, 7, "f-string: expecting '}'")]
    [InlineData("x = f'a}'\n", "NPT1017", 1, 8, "f-string: single '}' is not allowed")]
    [InlineData("x = f'{a!z}'\n", "NPT1017", 1, 9, "f-string: invalid conversion character: expected 's', 'r', or 'a'")]
    [InlineData("x = f'{a\\n}'\n", "NPT1017", 1, 9, "f-string: expression part cannot include a backslash")]
    [InlineData("if x:\n    a = 1\n\tb = 2\n", "NPT1018", 3, 1, "inconsistent use of tabs and spaces in indentation")]
    [InlineData("x = 1j\n", "NPT1019", 1, 5, "imaginary literal '1j' is not supported")]
    [InlineData("def f(a=1, b): pass\n", "NPT1020", 1, 12, "parameter 'b' without a default follows a parameter with a default")]
    [InlineData("f(a=1, 2)\n", "NPT1021", 1, 8, "positional argument follows keyword argument")]
    [InlineData("x = 1)\n", "NPT1023", 1, 6, "unmatched ')'")]
    [InlineData("def f(a, a): pass\n", "NPT1024", 1, 10, "duplicate parameter 'a'")]
    [InlineData("break\n", "NPT1025", 1, 1, "'break' outside loop")]
    [InlineData("def f():\n    continue\n", "NPT1025", 2, 5, "'continue' outside loop")]
    [InlineData("x = (1, 2\n", "NPT1003", 1, 10, "expected ')'")]
    [InlineData("x = [1, 2\ny = 3\n", "NPT1003", 1, 10, "expected ']'")]
    [InlineData("print(x\ndef f():\n    pass\n", "NPT1003", 1, 8, "expected ')'")]
    [InlineData("def (): pass\n", "NPT1003", 1, 5, "expected a function name after 'def', found '('")]
    [InlineData("def f(class): pass\n", "NPT1003", 1, 7, "expected a parameter name, found keyword 'class'")]
    [InlineData("try:\n    pass\nx = 1\n", "NPT1003", 3, 1, "expected 'except' or 'finally' block, found name 'x'")]
    [InlineData("x = a if b\n", "NPT1003", 1, 11, "expected 'else' in conditional expression")]
    [InlineData("x = {1: 2, 3}\n", "NPT1003", 1, 13, "expected ':' after dictionary key, found '}'")]
    [InlineData("x = 1 2\n", "NPT1010", 1, 7, "unexpected number '2'")]
    [InlineData("x := 1\n", "NPT1010", 1, 3, "unexpected ':='")]
    [InlineData("x = a <> b\n", "NPT1001", 1, 7, "unexpected character '<>'")]
    [InlineData("x = \0\n", "NPT1001", 1, 5, "unexpected character '\\u0000'")]
    [InlineData("y = f(a for a in b, c)\n", "NPT1026", 1, 7, "generator expression must be parenthesised when it is not the sole argument")]
    [InlineData("x = '\\N{DASH}'\n", "NPT1015", 1, 6, "invalid escape sequence '\\N{DASH}'")]
    [InlineData("x = 1 +* 2\n", "NPT1011", 1, 8, "expected an expression, found '*'")]
    [InlineData("y = f(a for a in b,)\n", "NPT1026", 1, 7, "generator expression must be parenthesised when it is not the sole argument")]
    [InlineData("def f(*a, *b): pass\n", "NPT1027", 1, 11, "'*' may appear only once in a parameter list")]
    [InlineData("def f(**kw, a): pass\n", "NPT1027", 1, 13, "parameters cannot follow the '**' parameter")]
    [InlineData("def f(a, *): pass\n", "NPT1027", 1, 10, "named parameters must follow bare '*'")]
    [InlineData("def f(*, a, /): pass\n", "NPT1027", 1, 13, "'/' may appear only once, before '*'")]
    [InlineData("x = *a\n", "NPT1027", 1, 5, "cannot use a starred expression here")]
    [InlineData("*a = b\n", "NPT1027", 1, 1, "cannot use a starred expression here")]
    [InlineData("x = [*a for a in b]\n", "NPT1027", 1, 6, "iterable unpacking cannot be used in a comprehension")]
    [InlineData("x = f'{*a}'\n", "NPT1027", 1, 8, "cannot use a starred expression here")]
    [InlineData("def f(/, a): pass\n", "NPT1027", 1, 7, "at least one parameter must precede '/'")]
    [InlineData("*a, *b = c\n", "NPT1027", 1, 5, "multiple starred expressions in assignment")]
    [InlineData("with f() as 1: pass\n", "NPT1012", 1, 13, "cannot assign to literal")]
    [InlineData("x = 0x1g\n", "NPT1014", 1, 5, "invalid hexadecimal literal '0x1g'")]
    [InlineData("x = 1.5.3\n", "NPT1010", 1, 8, "unexpected number '.3'")]
    [InlineData("x = a[1:2:3:4]\n", "NPT1003", 1, 12, "expected ']', found ':'")]
    public void Parse_InvalidProgram_ReportsExactDiagnostic(string source, string code, int line, int column, string message)
    {
        SyntaxTree tree = SyntaxTree.Parse(source);
        Diagnostic diagnostic = Assert.Single(tree.Diagnostics, d => d.IsError);
        Assert.Equal((code, line, column, message), (diagnostic.Code, diagnostic.Line, diagnostic.Column, diagnostic.Message));
        Assert.True(tree.HasErrors);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.Hint));
        AssertSpansNested(tree);
    }

    [Fact]
    public void Parse_MatchStatement_IsSyntaxErrorWithHint()
    {
        SyntaxTree tree = SyntaxTree.Parse("match x:\n    case 1:\n        pass\n");
        Diagnostic first = tree.Diagnostics[0];
        Assert.Equal(("NPT1010", 1, 7), (first.Code, first.Line, first.Column));
        Assert.Equal("'match' statements are not supported; use if/elif/else instead.", first.Hint);
    }

    [Fact]
    public void Parse_UnknownEscape_IsWarningAndKeepsBackslash()
    {
        SyntaxTree tree = SyntaxTree.Parse("x = '\\d'\n");
        Diagnostic diagnostic = Assert.Single(tree.Diagnostics);
        Assert.Equal(("NPT1016", DiagnosticSeverity.Warning, 1, 6), (diagnostic.Code, diagnostic.Severity, diagnostic.Line, diagnostic.Column));
        Assert.False(tree.HasErrors);
        var assignment = Assert.IsType<AssignmentStatementSyntax>(tree.Root.Statements[0]);
        Assert.Equal("\\d", Assert.IsType<StringLiteralExpressionSyntax>(assignment.Value).Value);
    }

    [Fact]
    public void Diagnostic_ToString_UsesCompilerFormat()
    {
        SyntaxTree tree = SyntaxTree.Parse("x = 1\n\nif y\n    pass\n", "prog.py");
        Assert.Equal(
            "prog.py(3,5): error NPT1003: expected ':' after 'if' condition (hint: End the if condition line with ':'.)",
            Assert.Single(tree.Diagnostics).ToString());
    }

    [Fact]
    public void Parse_UnclosedBracket_HintPointsAtOpeningBracket()
    {
        SyntaxTree tree = SyntaxTree.Parse("x = 1\ny = foo(a,\n  b\nz = 2\n");
        Diagnostic diagnostic = Assert.Single(tree.Diagnostics);
        Assert.Equal("NPT1003", diagnostic.Code);
        Assert.Equal("Close the parenthesis opened at line 2, column 8 with ')'.", diagnostic.Hint);
        Assert.Equal(3, tree.Root.Statements.Length);
    }

    [Fact]
    public void Parse_SeveralErrors_AllReportedAndRestOfProgramParsed()
    {
        const string source = """
            a = 1 +
            if b
                c = 2
            d = (3, 4
            e = f(x y)
            def g(:
                return 5
            h = 6
            """;
        SyntaxTree tree = SyntaxTree.Parse(source);
        Assert.Equal(
            "NPT1011@1:8 NPT1003@2:5 NPT1003@4:10 NPT1003@5:9 NPT1003@6:7",
            string.Join(" ", tree.Diagnostics.Select(d => $"{d.Code}@{d.Line}:{d.Column}")));
        Assert.Equal(
            "(= a (+ 1 <missing>))\n(if b (block (= c 2)))\n(= d (tuple 3 4))\n(= e (call f x))\n(def g () (block (return 5)))\n(= h 6)",
            string.Join("\n", tree.Root.Statements.Select(s => s.ToString())));
        AssertSpansNested(tree);
    }

    [Fact]
    public void Parse_ErrorInsideBlock_LaterStatementsInSameBlockParsed()
    {
        SyntaxTree tree = SyntaxTree.Parse("def f():\n    x = = 1\n    y = 2\n    return y\n");
        Assert.Equal("NPT1011", Codes(tree));
        Assert.Equal("(def f () (block (= x <missing> 1) (= y 2) (return y)))", tree.Root.Statements[0].ToString());
    }

    [Fact]
    public void Parse_ManyErrors_StopsAtDiagnosticLimit()
    {
        string source = string.Concat(Enumerable.Repeat("x = )\n", 500));
        SyntaxTree tree = SyntaxTree.Parse(source, options: new SyntaxOptions { MaxDiagnostics = 10 });
        Assert.Equal(11, tree.Diagnostics.Length);
        Assert.Equal("NPT1022", tree.Diagnostics[^1].Code);
        Assert.Equal(500, tree.Root.Statements.Length);
    }

    [Fact]
    public void SyntaxDiagnostics_Catalogue_HasUniqueWellFormedCodes()
    {
        var descriptors = typeof(SyntaxDiagnostics).GetFields()
            .Select(f => Assert.IsType<DiagnosticDescriptor>(f.GetValue(null)))
            .ToList();
        Assert.Equal(27, descriptors.Count);
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Code).Distinct().Count());
        Assert.All(descriptors, d =>
        {
            Assert.Matches("^NPT1[0-9]{3}$", d.Code);
            Assert.False(string.IsNullOrWhiteSpace(d.Title));
            Assert.False(string.IsNullOrWhiteSpace(d.DefaultHint));
        });
    }

    [Fact]
    public void SourceText_MapsPositionsAndFetchesLines()
    {
        var text = new SourceText("ab\r\ncd\nef");
        Assert.Equal(3, text.LineCount);
        Assert.Equal((1, 1), text.GetLineAndColumn(0));
        Assert.Equal((1, 3), text.GetLineAndColumn(2));
        Assert.Equal((2, 1), text.GetLineAndColumn(4));
        Assert.Equal((3, 2), text.GetLineAndColumn(8));
        Assert.Equal((3, 3), text.GetLineAndColumn(99));
        Assert.Equal("cd", text.GetLineText(2));
        Assert.Equal("ef", text.GetLineText(3));
        Assert.Equal(string.Empty, text.GetLineText(4));
    }
}
