using System.Text;
using CsCheck;
using static Neptune.Language.Syntax.Tests.TestSupport;

namespace Neptune.Language.Syntax.Tests;

/// <summary>
/// Property tests of the parser on CsCheck: a failing input is shrunk and reported with its seed; rerun it with
/// <c>CsCheck_Seed=SEED</c> (and search longer with <c>CsCheck_Iter=N</c>).
/// </summary>
public class FuzzTests
{
    private const string Corpus = """
        def execute_command(image, threshold=0.5, *args, key=None, **kw) -> float:
            objects = detect(image, ["cube", "sphere"])
            scores = [score("Is {0} red?", o) for o in objects if o.area > 10]
            best, *rest = sorted(scores, key=lambda s: -s)[::2]
            total = sum(x ** 2 for x in scores) / max(len(scores), 1)
            label = f"{total:.2f} {best!r:>10} {{literal}} {d['k']}"
            if total > threshold and not rest:
                return {"total": total, **kw}
            elif a < b <= c is not None:
                pass
            else:
                while True:
                    try:
                        x = y if z else w
                    except (KeyError, ValueError) as e:
                        raise RuntimeError("bad") from e
                    finally:
                        break
            for i, (a, b) in enumerate(zip(xs, ys)):
                m[i] += a @ b | c ^ d & e << 2 >> 1
            assert total >= 0, 'negative'
            return (yield), {1, 2}, {}, (), [*a], 0x1F + 0o7 + 0b1 + 1_000 + 1.5e-3 + .5 + 5.
        """;

    private const string Alphabet = "abcxyz_019 \t\n\n\n()[]{}:;,.=+-*/%<>!&|^~@'\"#\\fFrRbB{}$?`\u00e9\u03c0\r\0";

    [Fact]
    public void Parse_RandomCharacters_NeverThrows()
    {
        Gen<string> text = Gen.Frequency(
            (2, Gen.Char[Alphabet].Array[0, 160].Select(c => new string(c))),
            (1, Gen.Char['\0', '\u2fff'].Array[0, 160].Select(c => new string(c))));
        text.Sample(AssertParsesSafely, iter: 3_000, print: Escape);
    }

    [Fact]
    public void Parse_RandomBytesAsUtf8_NeverThrows()
    {
        Gen.Byte.Array[0, 255].Sample(bytes => AssertParsesSafely(Encoding.UTF8.GetString(bytes)), iter: 1_000);
    }

    [Fact]
    public void Parse_TokenMutations_NeverThrow()
    {
        SyntaxTree clean = SyntaxTree.Parse(Corpus);
        Assert.Empty(clean.Diagnostics);
        AssertSpansNested(clean);
        SyntaxToken[] tokens = SyntaxTree.Lex(new SourceText(Corpus), out _)
            .Where(t => t.Length > 0)
            .ToArray();
        // A mutation: which token, what to do to it (delete, duplicate, insert a donor token, replace by it), which donor.
        Gen<(int Target, int Kind, int Donor)[]> mutations =
            Gen.Select(Gen.Int[0, tokens.Length - 1], Gen.Int[0, 3], Gen.Int[0, tokens.Length - 1]).Array[1, 3];
        mutations.Select(Mutate).Sample(AssertParsesSafely, iter: 3_000, print: Escape);

        string Mutate((int Target, int Kind, int Donor)[] steps)
        {
            string text = Corpus;
            foreach ((int targetIndex, int kind, int donorIndex) in steps)
            {
                SyntaxToken target = tokens[targetIndex];
                if (target.End > text.Length)
                {
                    continue;
                }

                SyntaxToken donorToken = tokens[donorIndex];
                string donor = Corpus.Substring(donorToken.Start, Math.Min(donorToken.Length, 8));
                text = kind switch
                {
                    0 => text.Remove(target.Start, target.Length),
                    1 => text.Insert(target.Start, text.Substring(target.Start, target.Length)),
                    2 => text.Insert(target.Start, donor),
                    _ => text.Remove(target.Start, target.Length).Insert(target.Start, donor),
                };
            }

            return text;
        }
    }

    [Theory]
    [InlineData("with   \n    pass\n")]
    [InlineData("import a,   \nx = 1\n")]
    [InlineData("from a import   \n")]
    [InlineData("for   \n")]
    [InlineData("x = [a for   \n")]
    [InlineData("def f(a,   \n")]
    [InlineData("lambda   \n")]
    [InlineData("f(a,   \n")]
    [InlineData("x[1:   \n")]
    [InlineData("@   \ndef f(): pass\n")]
    [InlineData("try:\n    pass\nexcept   \n")]
    [InlineData("x = {1:   \n")]
    [InlineData("del   \n")]
    [InlineData("global   \n")]
    public void Parse_StatementCutAtLineEnd_ReportsAndKeepsSpansNested(string text)
    {
        SyntaxTree tree = SyntaxTree.Parse(text);
        Assert.True(tree.HasErrors);
        AssertSpansNested(tree);
    }

    [Fact]
    public void Parse_EveryPrefixOfValidProgram_NeverThrows()
    {
        for (int length = 0; length <= Corpus.Length; length++)
        {
            AssertParsesSafely(Corpus[..length]);
        }
    }

    private static void AssertParsesSafely(string text)
    {
        SyntaxTree tree;
        try
        {
            tree = SyntaxTree.Parse(text);
        }
        catch (Exception e)
        {
            Assert.Fail($"parser threw {e.GetType().Name}: {e.Message}\ninput: {Escape(text)}\n{e.StackTrace}");
            return;
        }

        foreach (Diagnostic diagnostic in tree.Diagnostics)
        {
            Assert.True(diagnostic.Span.Start >= 0 && diagnostic.Span.End <= text.Length, $"diagnostic {diagnostic} outside text: {Escape(text)}");
            Assert.True(diagnostic.Line >= 1 && diagnostic.Column >= 1);
        }

        try
        {
            AssertSpansNested(tree);
        }
        catch (Exception e)
        {
            Assert.Fail(e.Message + "\ninput: " + Escape(text));
        }

        _ = tree.Root.ToString();
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
}
