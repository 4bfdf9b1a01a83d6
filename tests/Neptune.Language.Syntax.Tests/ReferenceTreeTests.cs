using static Neptune.Language.Syntax.Tests.TestSupport;

namespace Neptune.Language.Syntax.Tests;

public class ReferenceTreeTests
{
    /// <summary>
    /// Expressions drawn at random from the grammar. The expected trees are CPython's own <c>ast</c> (3.11) for the
    /// same text, rendered in the same S-expression form, so they pin precedence and associativity to Python's.
    /// </summary>
    [Theory]
    [InlineData("({[xs] if (a,) else lambda q, r=1: f: ((f,)) for i in b.real.y}).real(k=(((b).x(k=a)), 90(c) / {b}, {},))", "(call (. (dictcomp (? (tuple a) (list xs) (lambda (q (r = 1)) f)) (tuple f) (for i (. (. b real) y))) real) (kw k (tuple (call (. b x) (kw k a)) (/ (call 90 c) (set b)) (dict))))")]
    [InlineData("not (f).real and a if c | f ** a << g else lambda q: None >> None / f", "(? (| c (<< (** f a) g)) (and (not (. f real)) a) (lambda (q) (>> None (/ None f))))")]
    [InlineData("{} if (xs := 'k' >> b) else c & g ** 54 << b", "(? (:= xs (>> \"k\" b)) (dict) (& c (<< (** g 54) b)))")]
    [InlineData("((a := xs) >> 'ab' and f if c ^ 0.5 >> -xs else lambda q, r=1: g - g.y[xs]).real.real", "(. (. (? (^ c (>> 0.5 (- xs))) (and (>> (:= a xs) \"ab\") f) (lambda (q (r = 1)) (- g (sub (. g y) xs)))) real) real)")]
    [InlineData("{(a := a) if g < a not in g else a ^ b: g * xs @ xs if a else b}", "(dict ((? (compare g < a not-in g) (:= a a) (^ a b)) (? a (@ (* g xs) xs) b)))")]
    [InlineData("not {g if g else b for i in 's'(28, g, k=xs, k=f)(**f) if f}", "(not (setcomp (? g g b) (for i (call (call \"s\" 28 g (kw k xs) (kw k f)) (** f)) (if f))))")]
    [InlineData("(not xs if c else c)(lambda q, r=1: c - (xs := xs), *c.x.y, k=+(xs)[:c].y, k=f[g and xs::[g]])", "(call (? c (not xs) c) (lambda (q (r = 1)) (- c (:= xs xs))) (* (. (. c x) y)) (kw k (+ (. (sub xs (slice _ c _)) y))) (kw k (sub f (slice (and g xs) _ (list g)))))")]
    [InlineData("[{1.5: xs for (i, j) in True if 10 for i in a if xs} for (i, j) in (b)[False, c].x if (g).x]", "(listcomp (dictcomp 1.5 xs (for (tuple i j) True (if 10)) (for i a (if xs))) (for (tuple i j) (. (sub b (tuple False c)) x) (if (. g x))))")]
    [InlineData("(g := not f or {a for (i, j) in 's' if g} % f)", "(:= g (or (not f) (% (setcomp a (for (tuple i j) \"s\" (if g))) f)))")]
    [InlineData("((c) for (i, j) in (c) for i, j in f(c, *b, **c, k=c) if 47[f, b]) - g.x.y", "(- (genexp c (for (tuple i j) c) (for (tuple i j) (call f c (* b) (** c) (kw k c)) (if (sub 47 (tuple f b))))) (. (. g x) y))")]
    [InlineData("{} << (c % b)[(75)(a, *g, **a, **xs).real, b or 92].y % b // b is not 2.0 == -~b", "(compare (<< (dict) (// (% (. (sub (% c b) (tuple (. (call 75 a (* g) (** a) (** xs)) real) (or b 92))) y) b) b)) is-not 2.0 == (- (~ b)))")]
    [InlineData("4 and ({c: g for i in xs if 's'} ** b // c)[~'k' @ f:not g * f:]", "(and 4 (sub (// (** (dictcomp c g (for i xs (if \"s\"))) b) c) (slice (@ (~ \"k\") f) (not (* g f)) _)))")]
    [InlineData("(xs := xs) >> [xs for i in a for i, j in xs if c]", "(>> (:= xs xs) (listcomp xs (for i a) (for (tuple i j) xs (if c))))")]
    [InlineData("([a for (i, j) in 77 if xs for (i, j) in f], not b,)", "(tuple (listcomp a (for (tuple i j) 77 (if xs)) (for (tuple i j) f)) (not b))")]
    [InlineData("['ab', a] if c ** g else b ^ g ** (xs >= xs)([xs]).y", "(? (** c g) (list \"ab\" a) (^ b (** g (. (call (compare xs >= xs) (list xs)) y))))")]
    [InlineData("{not [xs, g, xs]: {f - b: a == c}, not a: 16}", "(dict ((not (list xs g xs)) (dict ((- f b) (compare a == c)))) ((not a) 16))")]
    public void Parse_GeneratedExpression_MatchesCPythonAst(string source, string expected)
    {
        Assert.Equal(expected, Expr(source));
    }
}
