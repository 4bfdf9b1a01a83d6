using System.Collections.Immutable;

namespace Neptune.Language.Syntax.Tests;

public class LexerTests
{
    private static string Kinds(string source)
    {
        SyntaxToken[] tokens = SyntaxTree.Lex(new SourceText(source), out ImmutableArray<Diagnostic> diagnostics);
        Assert.Empty(diagnostics);
        return string.Join(" ", tokens.Select(t => t.Kind switch
        {
            SyntaxKind.NewlineToken => "NL",
            SyntaxKind.IndentToken => "IN",
            SyntaxKind.DedentToken => "DE",
            SyntaxKind.EndOfFileToken => "EOF",
            SyntaxKind.IdentifierToken => "id:" + source.Substring(t.Start, t.Length),
            _ => source.Substring(t.Start, t.Length),
        }));
    }

    [Fact]
    public void Lex_IndentedBlocks_EmitsIndentAndDedent()
    {
        Assert.Equal(
            "if id:a : NL IN if id:b : NL IN id:c NL DE DE id:d NL EOF",
            Kinds("if a:\n    if b:\n        c\nd\n"));
    }

    [Fact]
    public void Lex_EndOfInputInsideBlocks_ClosesAllBlocks()
    {
        Assert.Equal("if id:a : NL IN if id:b : NL IN id:c NL DE DE EOF", Kinds("if a:\n  if b:\n    c"));
    }

    [Fact]
    public void Lex_BlankAndCommentLines_EmitNoTokens()
    {
        Assert.Equal("id:a NL id:b NL EOF", Kinds("\n\n# c\na  # trailing\n   \n\t# indented comment\nb\n"));
    }

    [Fact]
    public void Lex_NewlinesInsideBrackets_AreJoined()
    {
        Assert.Equal("id:f ( 1 , [ 2 , \n 3 ] ) NL EOF".Replace(" \n ", " ", StringComparison.Ordinal), Kinds("f(1,\n  [2,\n\n 3])\n"));
    }

    [Fact]
    public void Lex_Operators_UseLongestMatch()
    {
        Assert.Equal(
            "** **= // //= << <<= >> >>= <= >= == != -> := ... . @ @= ~ ^= |= &= %= NL EOF",
            Kinds("** **= // //= << <<= >> >>= <= >= == != -> := ... . @ @= ~ ^= |= &= %="));
    }

    [Fact]
    public void Lex_Keywords_AreCaseSensitive()
    {
        Assert.Equal("True id:true None id:none lambda id:Lambda NL EOF", Kinds("True true None none lambda Lambda"));
    }

    [Fact]
    public void Lex_StringPrefixes_AreCaseInsensitive()
    {
        SyntaxToken[] tokens = SyntaxTree.Lex(new SourceText("rb'' Rf'' fR'' F'' U'' ur''"), out _);
        Assert.Equal(SyntaxKind.StringToken, tokens[0].Kind);
        Assert.Equal(SyntaxKind.StringToken, tokens[1].Kind);
        Assert.True((tokens[1].Flags & TokenFlags.Format) != 0 && (tokens[1].Flags & TokenFlags.Raw) != 0);
        Assert.True((tokens[2].Flags & TokenFlags.Format) != 0 && (tokens[2].Flags & TokenFlags.Raw) != 0);
        Assert.True((tokens[3].Flags & TokenFlags.Format) != 0);
        Assert.Equal(SyntaxKind.StringToken, tokens[4].Kind);

        // "ur" is not a Python prefix: an identifier followed by a string.
        Assert.Equal(SyntaxKind.IdentifierToken, tokens[5].Kind);
        Assert.Equal(SyntaxKind.StringToken, tokens[6].Kind);
    }

    [Fact]
    public void Lex_UnicodeIdentifiers_AreNames()
    {
        Assert.Equal("id:größe = id:π NL EOF", Kinds("größe = π"));
    }

    [Fact]
    public void Lex_TabsUsedConsistently_AreAccepted()
    {
        Assert.Equal("if id:a : NL IN id:b NL id:c NL DE EOF", Kinds("if a:\n\tb\n\tc\n"));
    }

    [Fact]
    public void Lex_Continuation_JoinsPhysicalLines()
    {
        Assert.Equal("id:x = 1 + 2 NL EOF", Kinds("x = 1 + \\\n  2\n"));
    }

    [Fact]
    public void Lex_TokenSpans_MatchSourceText()
    {
        const string source = "abc = f'{x}' + 0x1F";
        SyntaxToken[] tokens = SyntaxTree.Lex(new SourceText(source), out _);
        Assert.Equal(new TextSpan(0, 3), tokens[0].Span);
        Assert.Equal(new TextSpan(4, 1), tokens[1].Span);
        Assert.Equal(new TextSpan(6, 6), tokens[2].Span);
        Assert.Equal(new TextSpan(15, 4), tokens[4].Span);
    }
}
