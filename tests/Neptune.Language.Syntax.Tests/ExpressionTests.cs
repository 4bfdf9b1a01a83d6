using static Neptune.Language.Syntax.Tests.TestSupport;

namespace Neptune.Language.Syntax.Tests;

public class ExpressionTests
{
    [Theory]
    [InlineData("-2**2", "(- (** 2 2))")]
    [InlineData("2**-1", "(** 2 (- 1))")]
    [InlineData("2**3**2", "(** 2 (** 3 2))")]
    [InlineData("not a == b", "(not (compare a == b))")]
    [InlineData("a if b else c if d else e", "(? b a (? d c e))")]
    [InlineData("lambda: x if y else z", "(lambda () (? y x z))")]
    [InlineData("a < b <= c", "(compare a < b <= c)")]
    [InlineData("a not in b is not c in d is e", "(compare a not-in b is-not c in d is e)")]
    [InlineData("a or b and not c", "(or a (and b (not c)))")]
    [InlineData("a or b or c", "(or a b c)")]
    [InlineData("a | b ^ c & d << e + f * g", "(| a (^ b (& c (<< d (+ e (* f g))))))")]
    [InlineData("a - b - c", "(- (- a b) c)")]
    [InlineData("a * b / c // d % e @ f", "(@ (% (// (/ (* a b) c) d) e) f)")]
    [InlineData("a >> b << c", "(<< (>> a b) c)")]
    [InlineData("-a * ~b + +c", "(+ (* (- a) (~ b)) (+ c))")]
    [InlineData("not not a", "(not (not a))")]
    [InlineData("a + b < c * d", "(compare (+ a b) < (* c d))")]
    [InlineData("(a + b) * c", "(* (+ a b) c)")]
    [InlineData("a.b.c(d)[e]", "(sub (call (. (. a b) c) d) e)")]
    [InlineData("-x.y ** 2", "(- (** (. x y) 2))")]
    [InlineData("await f() ** 2", "(** (await (call f)) 2)")]
    [InlineData("1if x else 2", "(? x 1 2)")]
    [InlineData("0x1F.bit_length()", "(call (. 31 bit_length))")]
    [InlineData("1 .real", "(. 1 real)")]
    public void Parse_OperatorPrecedence_MatchesPython(string source, string expected)
    {
        Assert.Equal(expected, Expr(source));
    }

    [Theory]
    [InlineData("f()", "(call f)")]
    [InlineData("f(a, b=1, *c, **d)", "(call f a (kw b 1) (* c) (** d))")]
    [InlineData("f(a,)", "(call f a)")]
    [InlineData("sum(x for x in y)", "(call sum (genexp x (for x y)))")]
    [InlineData("f(x := 1)", "(call f (:= x 1))")]
    [InlineData("a[1:2]", "(sub a (slice 1 2 _))")]
    [InlineData("a[::2]", "(sub a (slice _ _ 2))")]
    [InlineData("a[:]", "(sub a (slice _ _ _))")]
    [InlineData("a[1:]", "(sub a (slice 1 _ _))")]
    [InlineData("a[1:2, 3]", "(sub a (tuple (slice 1 2 _) 3))")]
    [InlineData("a[i, j]", "(sub a (tuple i j))")]
    [InlineData("a[-1]", "(sub a (- 1))")]
    public void Parse_CallsAndSubscripts_ProduceExpectedTree(string source, string expected)
    {
        Assert.Equal(expected, Expr(source));
    }

    [Theory]
    [InlineData("[]", "(list)")]
    [InlineData("[1, 2,]", "(list 1 2)")]
    [InlineData("()", "(tuple)")]
    [InlineData("(1,)", "(tuple 1)")]
    [InlineData("(1, 2)", "(tuple 1 2)")]
    [InlineData("(1)", "1")]
    [InlineData("{}", "(dict)")]
    [InlineData("{'a': 1, **b,}", "(dict (\"a\" 1) (** b))")]
    [InlineData("{1, 2}", "(set 1 2)")]
    [InlineData("{*a, b}", "(set (* a) b)")]
    [InlineData("[*a, *b]", "(list (* a) (* b))")]
    [InlineData("[x for x in y]", "(listcomp x (for x y))")]
    [InlineData("[x * y for x in a if x for y in b if y if x > y]", "(listcomp (* x y) (for x a (if x)) (for y b (if y) (if (compare x > y))))")]
    [InlineData("{k: v for k, v in d.items()}", "(dictcomp k v (for (tuple k v) (call (. d items))))")]
    [InlineData("{x for x in s}", "(setcomp x (for x s))")]
    [InlineData("(x for (a, b) in c)", "(genexp x (for (tuple a b) c))")]
    [InlineData("[a if c else b for a in d]", "(listcomp (? c a b) (for a d))")]
    [InlineData("(x := 5)", "(:= x 5)")]
    [InlineData("lambda x, y=1, *a, k, **kw: x", "(lambda (x (y = 1) *a k **kw) x)")]
    [InlineData("lambda *, k: k", "(lambda (* k) k)")]
    [InlineData("lambda: lambda: 1", "(lambda () (lambda () 1))")]
    [InlineData("True, False, None, ...", "(tuple True False None ...)")]
    [InlineData("(yield x)", "(yield x)")]
    [InlineData("(yield from x)", "(yield-from x)")]
    public void Parse_DisplaysAndComprehensions_ProduceExpectedTree(string source, string expected)
    {
        Assert.Equal(expected, Expr(source));
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1_000", 1000L)]
    [InlineData("0x1F", 31L)]
    [InlineData("0X_ff", 255L)]
    [InlineData("0o17", 15L)]
    [InlineData("0b1010", 10L)]
    [InlineData("00", 0L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Parse_IntegerLiterals_DecodeValue(string source, long expected)
    {
        var literal = Assert.IsType<IntegerLiteralExpressionSyntax>(ParseSingleExpression(source));
        Assert.Equal(expected, literal.Value);
        Assert.False(literal.IsOverflow);
        Assert.Equal(source, literal.Text);
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("0xFFFFFFFFFFFFFFFFFF")]
    public void Parse_IntegerBeyondLong_MarksOverflowAndKeepsText(string source)
    {
        var literal = Assert.IsType<IntegerLiteralExpressionSyntax>(ParseSingleExpression(source));
        Assert.True(literal.IsOverflow);
        Assert.Equal(source, literal.Text);
    }

    [Theory]
    [InlineData("9223372036854775808", true)]
    [InlineData("0x8000000000000000", true)]
    [InlineData("0o1_000_000_000_000_000_000_000", true)]
    [InlineData("9223372036854775809", false)]
    [InlineData("18446744073709551616", false)]
    [InlineData("9223372036854775807", false)]
    public void Parse_IntegerLiteral_MarksExactlyTwoToTheSixtyThree(string source, bool expected)
    {
        var literal = Assert.IsType<IntegerLiteralExpressionSyntax>(ParseSingleExpression(source));
        Assert.Equal(expected, literal.IsMinValueMagnitude);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1e10", 1e10)]
    [InlineData("1.5E-3", 1.5e-3)]
    [InlineData("1_000.000_1", 1000.0001)]
    [InlineData("1.e2", 100.0)]
    [InlineData("0.0", 0.0)]
    [InlineData("1e400", double.PositiveInfinity)]
    [InlineData("007.5", 7.5)]
    public void Parse_FloatLiterals_DecodeValue(string source, double expected)
    {
        var literal = Assert.IsType<FloatLiteralExpressionSyntax>(ParseSingleExpression(source));
        Assert.Equal(expected, literal.Value);
    }

    [Theory]
    [InlineData("'a\\nb'", "a\nb")]
    [InlineData("\"tab\\there\"", "tab\there")]
    [InlineData("'q\\'s\\\"\\\\'", "q's\"\\")]
    [InlineData("'\\x41\\u00e9\\101\\0'", "A\u00e9A\0")]
    [InlineData("'\\U0001F600'", "\U0001F600")]
    [InlineData("r'\\n\\d'", "\\n\\d")]
    [InlineData("R\"raw\\\"\"", "raw\\\"")]
    [InlineData("u'plain'", "plain")]
    [InlineData("'''a\nb'''", "a\nb")]
    [InlineData("\"\"\"x\"y\"\"\"", "x\"y")]
    [InlineData("'a' \"b\" '''c'''", "abc")]
    [InlineData("'line\\\ncontinued'", "linecontinued")]
    [InlineData("''", "")]
    public void Parse_StringLiterals_AreUnescapedAndConcatenated(string source, string expected)
    {
        var literal = Assert.IsType<StringLiteralExpressionSyntax>(ParseSingleExpression(source));
        Assert.Equal(expected, literal.Value);
    }

    [Fact]
    public void Parse_AdjacentStrings_SpanCoversAllParts()
    {
        SyntaxNode literal = ParseSingleExpression("'a'  'b'");
        Assert.Equal(new TextSpan(0, 8), literal.Span);
    }

    [Theory]
    [InlineData("f'x'", "(f \"x\")")]
    [InlineData("f''", "(f)")]
    [InlineData("f'{x}'", "(f (fv x))")]
    [InlineData("f\"{x!r:>10} {y:.2f} {{lit}} {d['k']}\"", "(f (fv x !r (f \">10\")) \" \" (fv y (f \".2f\")) \" {lit} \" (fv (sub d \"k\")))")]
    [InlineData("f'{x:{width}.{precision}}'", "(f (fv x (f (fv width) \".\" (fv precision))))")]
    [InlineData("f'{a!s}{b!a}'", "(f (fv a !s) (fv b !a))")]
    [InlineData("f'{a + b * 2}'", "(f (fv (+ a (* b 2))))")]
    [InlineData("f'{a != b}'", "(f (fv (compare a != b)))")]
    [InlineData("f'{x}' 'tail' F'{y}'", "(f (fv x) \"tail\" (fv y))")]
    [InlineData("'head' f'{y}'", "(f \"head\" (fv y))")]
    [InlineData("rf'\\d{x}'", "(f \"\\\\d\" (fv x))")]
    [InlineData("fR'{x}\\n'", "(f (fv x) \"\\\\n\")")]
    [InlineData("f'a\\n{x}'", "(f \"a\\n\" (fv x))")]
    [InlineData("f'{ {1: 2}[1] }'", "(f (fv (sub (dict (1 2)) 1)))")]
    [InlineData("f'{a, b}'", "(f (fv (tuple a b)))")]
    [InlineData("f'''{\nx\n}'''", "(f (fv x))")]
    [InlineData("f'{x=}'", "(f \"x=\" (fv x !r))")]
    [InlineData("f'{x = :>4}'", "(f \"x = \" (fv x (f \">4\")))")]
    [InlineData("f'{x=!s}'", "(f \"x=\" (fv x !s))")]
    [InlineData("f'{a==b}{a<=b}{a!=b}'", "(f (fv (compare a == b)) (fv (compare a <= b)) (fv (compare a != b)))")]
    public void Parse_FStrings_ParseNestedExpressions(string source, string expected)
    {
        Assert.Equal(expected, Expr(source));
    }

    [Fact]
    public void Parse_FStringFields_HaveSourceSpans()
    {
        const string source = "f\"{x!r:>10} {d['k']}\"";
        var fstring = Assert.IsType<FStringExpressionSyntax>(ParseSingleExpression(source));
        Assert.Equal(new TextSpan(0, source.Length), fstring.Span);
        var first = Assert.IsType<FormattedValueSyntax>(fstring.Parts[0]);
        Assert.Equal("{x!r:>10}", source.Substring(first.Span.Start, first.Span.Length));
        Assert.Equal("x", source.Substring(first.Expression.Span.Start, first.Expression.Span.Length));
        Assert.Equal(FStringConversion.Repr, first.Conversion);
        Assert.Equal(">10", source.Substring(first.FormatSpec!.Span.Start, first.FormatSpec.Span.Length));
        var text = Assert.IsType<FStringTextSyntax>(fstring.Parts[1]);
        Assert.Equal(new TextSpan(11, 1), text.Span);
        var third = Assert.IsType<FormattedValueSyntax>(fstring.Parts[2]);
        var subscript = Assert.IsType<SubscriptExpressionSyntax>(third.Expression);
        Assert.Equal("d['k']", source.Substring(subscript.Span.Start, subscript.Span.Length));
        Assert.Equal("'k'", source.Substring(subscript.Index.Span.Start, subscript.Index.Span.Length));
    }

    [Fact]
    public void Parse_Expression_SpansCoverOperands()
    {
        const string source = "x = (a + b) * foo.bar(1, k=2)";
        SyntaxTree tree = ParseClean(source);
        var assignment = Assert.IsType<AssignmentStatementSyntax>(tree.Root.Statements[0]);
        Assert.Equal(new TextSpan(0, source.Length), assignment.Span);
        var product = Assert.IsType<BinaryExpressionSyntax>(assignment.Value);
        Assert.Equal(TextSpan.FromBounds(4, source.Length), product.Span);
        Assert.Equal(new TextSpan(5, 5), product.Left.Span);
        var call = Assert.IsType<CallExpressionSyntax>(product.Right);
        Assert.Equal("foo.bar", source.Substring(call.Function.Span.Start, call.Function.Span.Length));
        Assert.Equal("k=2", source.Substring(call.Arguments[1].Span.Start, call.Arguments[1].Span.Length));
        var attribute = Assert.IsType<AttributeExpressionSyntax>(call.Function);
        Assert.Equal(new TextSpan(18, 3), attribute.Name.Span);
    }

    private static SyntaxNode ParseSingleExpression(string source)
    {
        SyntaxTree tree = ParseClean(source);
        return Assert.IsType<ExpressionStatementSyntax>(Assert.Single(tree.Root.Statements)).Expression;
    }
}
