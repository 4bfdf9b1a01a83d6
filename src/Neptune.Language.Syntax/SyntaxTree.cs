using System.Collections.Immutable;

namespace Neptune.Language.Syntax;

/// <summary>
/// The result of parsing a program: the root <see cref="ModuleSyntax"/>, the <see cref="SourceText"/> and the
/// diagnostics. Parsing never throws on program text; every input yields a tree, with errors as diagnostics.
/// Trees are immutable and safe to share between threads.
/// </summary>
public sealed class SyntaxTree
{
    private SyntaxTree(SourceText source, ModuleSyntax root, ImmutableArray<Diagnostic> diagnostics)
    {
        Source = source;
        Root = root;
        Diagnostics = diagnostics;
        HasErrors = diagnostics.Any(static d => d.IsError);
    }

    /// <summary>The parsed text.</summary>
    public SourceText Source { get; }

    /// <summary>The root node.</summary>
    public ModuleSyntax Root { get; }

    /// <summary>Syntax diagnostics in source order.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>Whether any diagnostic is an error; such a tree must not be run.</summary>
    public bool HasErrors { get; }

    /// <summary>Parses program text.</summary>
    /// <param name="text">The program.</param>
    /// <param name="path">The name shown in diagnostics.</param>
    /// <param name="options">Limits; <see langword="null"/> for <see cref="SyntaxOptions.Default"/>.</param>
    /// <returns>The tree with its diagnostics.</returns>
    public static SyntaxTree Parse(string text, string path = "program.py", SyntaxOptions? options = null) =>
        Parse(new SourceText(text, path), options);

    /// <summary>Parses a source text.</summary>
    /// <param name="source">The program.</param>
    /// <param name="options">Limits; <see langword="null"/> for <see cref="SyntaxOptions.Default"/>.</param>
    /// <returns>The tree with its diagnostics.</returns>
    public static SyntaxTree Parse(SourceText source, SyntaxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= SyntaxOptions.Default;
        var diagnostics = new DiagnosticBag(source, options.MaxDiagnostics);
        if (source.Length > options.MaxSourceLength)
        {
            diagnostics.Report(SyntaxDiagnostics.SourceTooLong, new TextSpan(0, 0), null, source.Length, options.MaxSourceLength);
            return new SyntaxTree(source, new ModuleSyntax(new TextSpan(0, 0), []), diagnostics.ToImmutable());
        }

        ParseScratch scratch = ParseScratch.Rent();
        SyntaxToken[] tokens = new Lexer(source, 0, source.Length, embedded: false, diagnostics, options.MaxTokens, scratch.Tokens).Lex(out int count);
        var parser = new Parser(source, tokens, count, diagnostics, options, scratch);
        ModuleSyntax root = parser.ParseModule();
        ParseScratch.Return(scratch, tokens);
        return new SyntaxTree(source, root, diagnostics.ToImmutable());
    }

    /// <summary>Lexes a source text; used by tests and tools.</summary>
    internal static SyntaxToken[] Lex(SourceText source, out ImmutableArray<Diagnostic> diagnostics)
    {
        var bag = new DiagnosticBag(source, SyntaxOptions.Default.MaxDiagnostics);
        SyntaxToken[] tokens = new Lexer(source, 0, source.Length, embedded: false, bag, SyntaxOptions.Default.MaxTokens).Lex(out int count);
        diagnostics = bag.ToImmutable();
        return tokens[..count];
    }
}
