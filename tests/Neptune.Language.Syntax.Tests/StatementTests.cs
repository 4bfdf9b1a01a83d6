using static Neptune.Language.Syntax.Tests.TestSupport;

namespace Neptune.Language.Syntax.Tests;

public class StatementTests
{
    [Theory]
    [InlineData("x = 1", "(= x 1)")]
    [InlineData("a = b = 1", "(= a b 1)")]
    [InlineData("a, b = b, a", "(= (tuple a b) (tuple b a))")]
    [InlineData("(a, b), c = x", "(= (tuple (tuple a b) c) x)")]
    [InlineData("[a, *rest] = x", "(= (list a (* rest)) x)")]
    [InlineData("first, *rest = x", "(= (tuple first (* rest)) x)")]
    [InlineData("x.y[0] = 1", "(= (sub (. x y) 0) 1)")]
    [InlineData("x: int = 1", "(ann x int 1)")]
    [InlineData("x: list[int]", "(ann x (sub list int))")]
    [InlineData("x = yield y", "(= x (yield y))")]
    [InlineData("x = *a, b", "(= x (tuple (* a) b))")]
    [InlineData("f(x)", "(expr (call f x))")]
    [InlineData("x = 1; y = 2;", "(= x 1)\n(= y 2)")]
    public void Parse_Assignments_ProduceExpectedTree(string source, string expected)
    {
        Assert.Equal(expected, Dump(source));
    }

    [Theory]
    [InlineData("+=", "+=")]
    [InlineData("-=", "-=")]
    [InlineData("*=", "*=")]
    [InlineData("/=", "/=")]
    [InlineData("//=", "//=")]
    [InlineData("%=", "%=")]
    [InlineData("@=", "@=")]
    [InlineData("**=", "**=")]
    [InlineData("<<=", "<<=")]
    [InlineData(">>=", ">>=")]
    [InlineData("&=", "&=")]
    [InlineData("|=", "|=")]
    [InlineData("^=", "^=")]
    public void Parse_AugmentedAssignment_AllOperators(string op, string dumped)
    {
        Assert.Equal($"({dumped} (sub x i) (+ y 1))", Dump($"x[i] {op} y + 1"));
    }

    [Fact]
    public void Parse_IfElifElse_ProducesClauses()
    {
        const string source = """
            if a:
                x = 1
            elif b:
                pass
            elif c: y = 2; z = 3
            else:
                return
            """;
        Assert.Equal(
            "(if a (block (= x 1)) (elif b (block pass)) (elif c (block (= y 2) (= z 3))) (else (block (return))))",
            Dump(source));
    }

    [Fact]
    public void Parse_LoopsWithElseBreakContinue_ProduceExpectedTree()
    {
        const string source = """
            for i, (a, b) in enumerate(pairs):
                if a:
                    continue
                break
            else:
                done()
            while n > 0:
                n -= 1
            else:
                pass
            """;
        Assert.Equal(
            "(for (tuple i (tuple a b)) (call enumerate pairs) (block (if a (block continue)) break) (else (block (expr (call done)))))\n" +
            "(while (compare n > 0) (block (-= n 1)) (else (block pass)))",
            Dump(source));
    }

    [Fact]
    public void Parse_FunctionDefinitions_ProduceExpectedTree()
    {
        const string source = """
            def f(a, b: int = 2, *args, c, d=4, **kw) -> float:
                def g():
                    return a
                return g() * b
            def h(x, /, y, *, z): return x, y
            """;
        Assert.Equal(
            "(def f (a (b : int = 2) *args c (d = 4) **kw) -> float (block (def g () (block (return a))) (return (* (call g) b))))\n" +
            "(def h (x / y * z) (block (return (tuple x y))))",
            Dump(source));
    }

    [Fact]
    public void Parse_TryStatement_AllClauseForms()
    {
        const string source = """
            try:
                risky()
            except ValueError:
                pass
            except (KeyError, IndexError) as e:
                raise RuntimeError("bad") from e
            except:
                raise
            else:
                ok()
            finally:
                cleanup()
            """;
        Assert.Equal(
            "(try (block (expr (call risky))) (except ValueError (block pass)) " +
            "(except (tuple KeyError IndexError) as e (block (raise (call RuntimeError \"bad\") from e))) " +
            "(except (block (raise))) (else (block (expr (call ok)))) (finally (block (expr (call cleanup)))))",
            Dump(source));
    }

    [Theory]
    [InlineData("import a", "(import a)")]
    [InlineData("import a.b as c, d", "(import (as a.b c) d)")]
    [InlineData("from a import b, c as d", "(from a b (as c d))")]
    [InlineData("from a.b import (c, d,)", "(from a.b c d)")]
    [InlineData("from . import x", "(from . x)")]
    [InlineData("from ..pkg import *", "(from ..pkg *)")]
    [InlineData("assert x, 'msg'", "(assert x \"msg\")")]
    [InlineData("assert x", "(assert x)")]
    [InlineData("raise X(1)", "(raise (call X 1))")]
    [InlineData("del a, b[0]", "(del a (sub b 0))")]
    [InlineData("global a, b", "(global a b)")]
    [InlineData("return", "(return)")]
    [InlineData("return 1, 2", "(return (tuple 1 2))")]
    public void Parse_SimpleStatements_ProduceExpectedTree(string source, string expected)
    {
        Assert.Equal(expected, Dump(source));
    }

    [Fact]
    public void Parse_ConstructsLeftToTheValidator_AreParsed()
    {
        const string source = """
            @decorator(1)
            @other
            class C(Base, metaclass=M):
                x = 1
            with open(p) as f, lock:
                pass
            async def run():
                async for x in y:
                    await x
                async with a as (b, c):
                    pass
            def outer():
                nonlocal q
                yield 1
            """;
        Assert.Equal(
            "(class (@ (call decorator 1)) (@ other) C (Base (kw metaclass M)) (block (= x 1)))\n" +
            "(with (item (call open p) f) (item lock) (block pass))\n" +
            "(async-def run () (block (async-for x y (block (expr (await x)))) (async-with (item a (tuple b c)) (block pass))))\n" +
            "(def outer () (block (nonlocal q) (expr (yield 1))))",
            Dump(source));
    }

    [Fact]
    public void Parse_ImplicitLineJoiningAndContinuation_JoinLines()
    {
        const string source = "x = f(1,\n      2,\n\n   # comment\n  3)\ny = 1 + \\\n    2\n";
        Assert.Equal("(= x (call f 1 2 3))\n(= y (+ 1 2))", Dump(source));
    }

    [Fact]
    public void Parse_UnindentedKeywordArgumentsInsideBrackets_AreValid()
    {
        Assert.Equal("(= x (call dict (kw a 1) (kw b (list 2))))", Dump("x = dict(\na=1,\nb=[\n2]\n)\n"));
    }

    [Fact]
    public void Parse_BlankLinesCommentsAndTabs_AreIgnored()
    {
        const string source = "# header\n\nif x:\n\t# inner comment\n\n\ty = 1\n\tif z:\n\t\tw = 2\n  \n# trailing\n";
        Assert.Equal("(if x (block (= y 1) (if z (block (= w 2)))))", Dump(source));
    }

    [Fact]
    public void Parse_LeadingByteOrderMark_IsIgnored()
    {
        Assert.Equal("(= x 1)", Dump("\uFEFFx = 1\n"));
    }

    [Fact]
    public void Parse_EmptyAndWhitespaceOnlySources_YieldEmptyModule()
    {
        foreach (string text in new[] { "", "\n", "   ", "# only a comment", "\n\n  \n\t\n" })
        {
            SyntaxTree tree = ParseClean(text);
            Assert.Empty(tree.Root.Statements);
            Assert.Equal(new TextSpan(0, text.Length), tree.Root.Span);
        }
    }

    [Fact]
    public void Parse_WindowsLineEndingsAndNoTrailingNewline_Parse()
    {
        Assert.Equal("(if a (block (= b 1)))\n(= c 2)", Dump("if a:\r\n    b = 1\r\nc = 2"));
    }

    [Fact]
    public void Parse_DedentToOuterLevels_ClosesSeveralBlocks()
    {
        const string source = "def f():\n    for x in y:\n        if x:\n            g()\n    return 1\nz = 0\n";
        Assert.Equal("(def f () (block (for x y (block (if x (block (expr (call g)))))) (return 1)))\n(= z 0)", Dump(source));
    }

    [Fact]
    public void Parse_TypicalProgram_IsCleanAndSpansNest()
    {
        const string source = """
            def execute_command(image):
                objects = detect(image, ["cube", "sphere"])
                scores = score("Is {0} red?", 1)
                best = None
                for i, obj in enumerate(objects):
                    if scores[i] > 0.5 and obj.area >= 10:
                        best = obj if best is None else best
                count = sum(1 for s in scores if s >= 0.5)
                label = f"{count:d} objects, top={best!r}"
                return {"count": count, "label": label, "ok": not best is None}
            """;
        SyntaxTree tree = ParseClean(source);
        AssertSpansNested(tree);
        var def = Assert.IsType<FunctionDefinitionSyntax>(Assert.Single(tree.Root.Statements));
        Assert.Equal("execute_command", def.Name.Text);
        Assert.Equal(7, def.Body.Statements.Length);
        Assert.Equal(new TextSpan(0, source.Length), def.Span);
    }

    [Fact]
    public void DescendantNodesAndSelf_EnumeratesInSourceOrder()
    {
        SyntaxTree tree = ParseClean("x = a + b * c");
        string kinds = string.Join(",", tree.Root.DescendantNodesAndSelf().Select(n => n is NameExpressionSyntax name ? name.Name : n.Kind.ToString()));
        Assert.Equal("Module,AssignmentStatement,x,BinaryExpression,a,BinaryExpression,b,c", kinds);
    }
}
