namespace Neptune.Language.Tests;

public class ValidatorTests
{
    [Theory]
    [InlineData("class A:\n    pass\nreturn 1", "NPT2001", 1, 1)]
    [InlineData("with x:\n    pass\nreturn 1", "NPT2001", 1, 1)]
    [InlineData("def f():\n    yield 1\nreturn 1", "NPT2001", 2, 5)]
    [InlineData("x = [1]\ndel x\nreturn 1", "NPT2001", 2, 1)]
    [InlineData("def f(*a):\n    return a\nreturn 1", "NPT2001", 1, 7)]
    [InlineData("return (y := 3)", "NPT2001", 1, 9)]
    [InlineData("x = [1]\nx.attr = 2\nreturn x", "NPT2001", 2, 1)]
    [InlineData("x = 1\nreturn x.__class__", "NPT2002", 2, 10)]
    [InlineData("return __builtins__", "NPT2002", 1, 8)]
    [InlineData("import os\nreturn 1", "NPT2003", 1, 8)]
    [InlineData("from os import path\nreturn 1", "NPT2003", 1, 1)]
    [InlineData("return eval('1')", "NPT2004", 1, 8)]
    [InlineData("return open", "NPT2004", 1, 8)]
    [InlineData("return y", "NPT2005", 1, 8)]
    [InlineData("z = q + 1\nq = 2\nreturn z", "NPT2006", 1, 5)]
    [InlineData("def f():\n    a = b\n    b = 1\n    return a\nreturn f()", "NPT2006", 2, 9)]
    [InlineData("return detect('x')", "NPT2007", 1, 8)]
    [InlineData("s = 'abc'\nreturn s.frobnicate()", "NPT2008", 2, 10)]
    [InlineData("return score('Is it red?').bogus()", "NPT2008", 1, 28)]
    [InlineData("def f(t):\n    return t.no_such_method()\nreturn 1", "NPT2008", 2, 14)]
    [InlineData("import math\nreturn math.tau2", "NPT2009", 2, 13)]
    [InlineData("return score('Is it red?', 1, 2)", "NPT2010", 1, 8)]
    [InlineData("return len([1], [2])", "NPT2010", 1, 8)]
    [InlineData("def f(a):\n    return a\nreturn f(1, 2)", "NPT2010", 3, 8)]
    [InlineData("return score('Is it red?', objects=2)", "NPT2011", 1, 28)]
    [InlineData("return sorted([1], keys=None)", "NPT2011", 1, 20)]
    [InlineData("return query('What color?')", "NPT2012", 1, 8)]
    [InlineData("def f(a, b):\n    return a\nreturn f(1)", "NPT2012", 3, 8)]
    [InlineData("return score('Is it red?', 4)", "NPT2013", 1, 28)]
    [InlineData("return score('')", "NPT2013", 1, 14)]
    [InlineData("x = 1", "NPT2014", 1, 1)]
    [InlineData("def execute(a):\n    return a", "NPT2015", 1, 5)]
    [InlineData("score = 3\nreturn score", "NPT2016", 1, 1)]
    [InlineData("def f(len):\n    return len\nreturn 1", "NPT2016", 1, 7)]
    public void Check_InvalidProgram_ReportsExactDiagnostic(string source, string code, int line, int column)
    {
        Support.AssertDiagnostic(source, code, line, column);
    }

    [Fact]
    public void Check_LiteralOfMoreThan4300Digits_ReportsNPT2017AtTheLiteral()
    {
        Support.AssertDiagnostic("x = 1\nreturn " + new string('9', 4301), "NPT2017", 2, 8);
    }

    [Theory]
    [InlineData("return ｅｖａｌ('1')", "NPT2004")]
    [InlineData("x = 1\nreturn x.__ｃｌａｓｓ__", "NPT2002")]
    [InlineData("return ℯval('1')", "NPT2004")]
    public void Check_LookAlikeIdentifier_IsNormalisedBeforeChecks(string source, string code)
    {
        Assert.Equal(code, Support.Single(source).Code);
    }

    [Fact]
    public void Check_FullwidthEval_MessageNamesNormalisedBuiltin()
    {
        Assert.Equal("'eval' is not available in Neptune programs", Support.Single("return ｅｖａｌ('1')").Message);
    }

    [Theory]
    [InlineData("def outer():\n    n = 1\n    def inner():\n        return n + 1\n    return inner()\nreturn outer()")]
    [InlineData("if 1:\n    x = 1\nreturn x")]
    [InlineData("for i in range(3):\n    if i > 0:\n        print(prev)\n    prev = i\nreturn 1")]
    [InlineData("def f():\n    return g()\ndef g():\n    return 1\nreturn f()")]
    [InlineData("xs = [i for i in range(3)]\nreturn xs")]
    [InlineData("try:\n    v = 1\nexcept ValueError as e:\n    v = str(e)\nreturn v")]
    [InlineData("ｘ = 2\nreturn x")]
    [InlineData("t = score('Is it red?')\nu = t & score('Is it a cube?')\nreturn u.exists().value")]
    public void Check_ValidScoping_HasNoDiagnostics(string source)
    {
        Support.AssertValid(source);
    }

    [Fact]
    public void Check_ComprehensionVariable_IsNotVisibleAfterwards()
    {
        Support.AssertDiagnostic("xs = [i for i in range(3)]\nreturn i", "NPT2005", 2, 8);
    }

    [Fact]
    public void Check_DiagnosticHasHint()
    {
        Assert.Contains("num_objects", Support.Single("return score('Is it red?', 4)").Message);
        Assert.False(string.IsNullOrEmpty(Support.Single("return y").Hint));
    }

    [Fact]
    public void Prepare_InvalidProgram_ThrowsWithDiagnostics()
    {
        var e = Assert.Throws<ProgramValidationException>(() => Support.Engine.Prepare("return y"));
        Assert.Equal("NPT2005", Assert.Single(e.Diagnostics).Code);
    }

    [Fact]
    public void Check_SyntaxError_ReportsSyntaxCode()
    {
        ProgramCheck check = Support.Engine.Check("return (1");
        Assert.False(check.IsValid);
        Assert.StartsWith("NPT1", check.Diagnostics[0].Code, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_ValidProgram_ExposesShapeAndHash()
    {
        PreparedProgram p = Support.Engine.Prepare("def execute():\n    return 1");
        Assert.Equal(ProgramShape.ExecuteFunction, p.Shape);
        Assert.Equal("ae1c5a1bba5f9d6fc52a1e39c5c1d7296e8b6fd85bc1e1e1c4a5a6c2f3fb7e94".Length, p.Hash.Length);
        Assert.Equal(ProgramShape.Body, Support.Engine.Prepare("return 1").Shape);
    }
}
