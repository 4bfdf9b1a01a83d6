namespace Neptune.Language.Syntax;

/// <summary>Lexical details of a token that its kind alone does not carry.</summary>
[Flags]
internal enum TokenFlags
{
    None = 0,

    // Strings.
    Raw = 1 << 0,
    Format = 1 << 1,
    Bytes = 1 << 2,
    Triple = 1 << 3,
    Unterminated = 1 << 4,
    PrefixLengthOne = 1 << 5,
    PrefixLengthTwo = 1 << 6,

    // Numbers.
    Hexadecimal = 1 << 8,
    Octal = 1 << 9,
    Binary = 1 << 10,

    /// <summary>The lexer already reported a diagnostic for this token.</summary>
    Invalid = 1 << 12,
}

/// <summary>A token: a kind and a span, plus lexical flags. Identifier and literal text is read from the source.</summary>
internal readonly record struct SyntaxToken(SyntaxKind Kind, int Start, int Length, TokenFlags Flags = TokenFlags.None)
{
    public int End => Start + Length;

    public TextSpan Span => new(Start, Length);

    public int PrefixLength => (Flags & TokenFlags.PrefixLengthTwo) != 0 ? 2 : (Flags & TokenFlags.PrefixLengthOne) != 0 ? 1 : 0;

    public int QuoteLength => (Flags & TokenFlags.Triple) != 0 ? 3 : 1;
}
