using System.Text;
using static Neptune.Language.Syntax.Tests.TestSupport;

namespace Neptune.Language.Syntax.Tests;

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
        var random = new Random(20_240_601);
        var builder = new StringBuilder();
        for (int i = 0; i < 3_000; i++)
        {
            builder.Clear();
            int length = random.Next(0, 160);
            bool anyChar = i % 3 == 0;
            for (int j = 0; j < length; j++)
            {
                builder.Append(anyChar ? (char)random.Next(0, 0x3000) : Alphabet[random.Next(Alphabet.Length)]);
            }

            AssertParsesSafely(builder.ToString());
        }
    }

    [Fact]
    public void Parse_RandomBytesAsUtf8_NeverThrows()
    {
        var random = new Random(7);
        var bytes = new byte[256];
        for (int i = 0; i < 1_000; i++)
        {
            int length = random.Next(0, bytes.Length);
            random.NextBytes(bytes.AsSpan(0, length));
            AssertParsesSafely(Encoding.UTF8.GetString(bytes, 0, length));
        }
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
        var random = new Random(42);
        for (int i = 0; i < 3_000; i++)
        {
            string text = Corpus;
            int mutations = 1 + random.Next(3);
            for (int m = 0; m < mutations; m++)
            {
                SyntaxToken target = tokens[random.Next(tokens.Length)];
                if (target.End > text.Length)
                {
                    continue;
                }

                SyntaxToken donorToken = tokens[random.Next(tokens.Length)];
                string donor = Corpus.Substring(donorToken.Start, Math.Min(donorToken.Length, 8));
                text = random.Next(4) switch
                {
                    0 => text.Remove(target.Start, target.Length),
                    1 => text.Insert(target.Start, text.Substring(target.Start, target.Length)),
                    2 => text.Insert(target.Start, donor),
                    _ => text.Remove(target.Start, target.Length).Insert(target.Start, donor),
                };
            }

            AssertParsesSafely(text);
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
