using System.Collections.Frozen;
using System.Globalization;

namespace Neptune.Language.Syntax;

/// <summary>
/// Splits Python source into tokens in one linear pass, producing NEWLINE, INDENT and DEDENT tokens with Python's
/// rules. Never throws on any input: problems become diagnostics and <see cref="SyntaxKind.BadToken"/> tokens.
/// </summary>
internal sealed class Lexer
{
    private const int TabSize = 8;

    private static readonly FrozenDictionary<string, SyntaxKind> Keywords = new Dictionary<string, SyntaxKind>
    {
        ["False"] = SyntaxKind.FalseKeyword,
        ["None"] = SyntaxKind.NoneKeyword,
        ["True"] = SyntaxKind.TrueKeyword,
        ["and"] = SyntaxKind.AndKeyword,
        ["as"] = SyntaxKind.AsKeyword,
        ["assert"] = SyntaxKind.AssertKeyword,
        ["async"] = SyntaxKind.AsyncKeyword,
        ["await"] = SyntaxKind.AwaitKeyword,
        ["break"] = SyntaxKind.BreakKeyword,
        ["class"] = SyntaxKind.ClassKeyword,
        ["continue"] = SyntaxKind.ContinueKeyword,
        ["def"] = SyntaxKind.DefKeyword,
        ["del"] = SyntaxKind.DelKeyword,
        ["elif"] = SyntaxKind.ElifKeyword,
        ["else"] = SyntaxKind.ElseKeyword,
        ["except"] = SyntaxKind.ExceptKeyword,
        ["finally"] = SyntaxKind.FinallyKeyword,
        ["for"] = SyntaxKind.ForKeyword,
        ["from"] = SyntaxKind.FromKeyword,
        ["global"] = SyntaxKind.GlobalKeyword,
        ["if"] = SyntaxKind.IfKeyword,
        ["import"] = SyntaxKind.ImportKeyword,
        ["in"] = SyntaxKind.InKeyword,
        ["is"] = SyntaxKind.IsKeyword,
        ["lambda"] = SyntaxKind.LambdaKeyword,
        ["nonlocal"] = SyntaxKind.NonlocalKeyword,
        ["not"] = SyntaxKind.NotKeyword,
        ["or"] = SyntaxKind.OrKeyword,
        ["pass"] = SyntaxKind.PassKeyword,
        ["raise"] = SyntaxKind.RaiseKeyword,
        ["return"] = SyntaxKind.ReturnKeyword,
        ["try"] = SyntaxKind.TryKeyword,
        ["while"] = SyntaxKind.WhileKeyword,
        ["with"] = SyntaxKind.WithKeyword,
        ["yield"] = SyntaxKind.YieldKeyword,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, SyntaxKind>.AlternateLookup<ReadOnlySpan<char>> KeywordLookup =
        Keywords.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly SourceText _source;
    private readonly string _text;
    private readonly int _end;
    private readonly bool _embedded;
    private readonly DiagnosticBag _diagnostics;
    private readonly int _maxTokens;
    private readonly List<int> _indents = [0];
    private readonly List<int> _altIndents = [0];
    private SyntaxToken[] _tokens;
    private int _count;
    private int _pos;
    private int _bracketDepth;
    private bool _atLineStart = true;
    private bool _stopped;

    /// <summary>
    /// Creates a lexer over <c>[start, end)</c> of the source. With <c>embedded</c> set it lexes the expression
    /// part of an f-string replacement field: no NEWLINE, INDENT or DEDENT tokens. A <c>buffer</c> from an earlier parse
    /// is lexed into when it is large enough to start with.
    /// </summary>
    public Lexer(SourceText source, int start, int end, bool embedded, DiagnosticBag diagnostics, int maxTokens, SyntaxToken[]? buffer = null)
    {
        _source = source;
        _text = source.Text;
        _pos = start;
        _end = end;
        _embedded = embedded;
        _diagnostics = diagnostics;
        _maxTokens = maxTokens;
        int initial = Math.Clamp((end - start) / 3, 8, 1 << 16);
        _tokens = buffer is not null && buffer.Length >= initial ? buffer : new SyntaxToken[initial];
    }

    /// <summary>Whether a keyword spelled by <paramref name="text"/> exists; returns its kind.</summary>
    public static bool TryGetKeyword(ReadOnlySpan<char> text, out SyntaxKind kind) => KeywordLookup.TryGetValue(text, out kind);

    /// <summary>
    /// Lexes the whole range. The first <paramref name="count"/> entries of the result are the tokens, the last of
    /// them <see cref="SyntaxKind.EndOfFileToken"/>; the array may have spare capacity after them.
    /// </summary>
    public SyntaxToken[] Lex(out int count)
    {
        // A byte-order mark at the very start is not part of the program, as in CPython.
        if (_pos == 0 && _end > 0 && _text[0] == '\uFEFF')
        {
            _pos = 1;
        }

        while (!_stopped)
        {
            if (_atLineStart && _bracketDepth == 0 && !_embedded)
            {
                _atLineStart = false;
                if (!ReadIndentation())
                {
                    break;
                }
            }

            SkipSpaces();
            if (_pos >= _end)
            {
                break;
            }

            LexOne();
        }

        if (!_embedded)
        {
            if (_count > 0 && _tokens[_count - 1].Kind is not (SyntaxKind.NewlineToken or SyntaxKind.DedentToken))
            {
                Emit(SyntaxKind.NewlineToken, _end, 0, force: true);
            }

            for (int i = _indents.Count - 1; i > 0; i--)
            {
                Emit(SyntaxKind.DedentToken, _end, 0, force: true);
            }
        }

        Emit(SyntaxKind.EndOfFileToken, _end, 0, force: true);
        count = _count;
        return _tokens;
    }

    private void Emit(SyntaxKind kind, int start, int length, TokenFlags flags = TokenFlags.None, bool force = false)
    {
        if (!force && _count >= _maxTokens)
        {
            if (!_stopped)
            {
                _diagnostics.Report(SyntaxDiagnostics.TooManyTokens, new TextSpan(start, length), null, _maxTokens);
                _stopped = true;
                _pos = _end;

                // The token stream is cut short; errors the parser would report past this point are artefacts.
                _diagnostics.SuppressThrough = int.MaxValue;
            }

            return;
        }

        if (_count == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokens.Length * 2);
        }

        _tokens[_count++] = new SyntaxToken(kind, start, length, flags);
    }

    private char Peek(int offset = 0)
    {
        int index = _pos + offset;
        return index < _end ? _text[index] : '\0';
    }

    private void SkipSpaces()
    {
        while (_pos < _end)
        {
            char c = _text[_pos];
            if (c is ' ' or '\t' or '\f')
            {
                _pos++;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>
    /// Reads the indentation of a new logical line, skipping blank and comment-only lines, and emits INDENT or
    /// DEDENT tokens. Returns false at the end of input.
    /// </summary>
    private bool ReadIndentation()
    {
        while (true)
        {
            int lineStart = _pos;
            int column = 0;
            int altColumn = 0;
            while (_pos < _end)
            {
                char c = _text[_pos];
                if (c == ' ')
                {
                    column++;
                    altColumn++;
                }
                else if (c == '\t')
                {
                    column = ((column / TabSize) + 1) * TabSize;
                    altColumn++;
                }
                else if (c == '\f')
                {
                    column = 0;
                    altColumn = 0;
                }
                else
                {
                    break;
                }

                _pos++;
            }

            if (_pos >= _end)
            {
                return false;
            }

            char next = _text[_pos];
            if (next == '#')
            {
                SkipComment();
                if (_pos >= _end)
                {
                    return false;
                }
            }

            next = _text[_pos];
            if (next is '\r' or '\n')
            {
                SkipNewline();
                continue;
            }

            ApplyIndentation(lineStart, column, altColumn);
            return true;
        }
    }

    private void ApplyIndentation(int lineStart, int column, int altColumn)
    {
        int top = _indents[^1];
        int altTop = _altIndents[^1];
        var whitespace = TextSpan.FromBounds(lineStart, _pos);
        if (column == top)
        {
            if (altColumn != altTop)
            {
                _diagnostics.Report(SyntaxDiagnostics.InconsistentTabs, whitespace);
            }
        }
        else if (column > top)
        {
            if (altColumn <= altTop)
            {
                _diagnostics.Report(SyntaxDiagnostics.InconsistentTabs, whitespace);
            }

            _indents.Add(column);
            _altIndents.Add(altColumn);
            Emit(SyntaxKind.IndentToken, whitespace.Start, whitespace.Length);
        }
        else
        {
            while (_indents.Count > 1 && column < _indents[^1])
            {
                _indents.RemoveAt(_indents.Count - 1);
                _altIndents.RemoveAt(_altIndents.Count - 1);
                Emit(SyntaxKind.DedentToken, _pos, 0);
            }

            if (column != _indents[^1])
            {
                _diagnostics.Report(SyntaxDiagnostics.InconsistentDedent, whitespace);
            }
            else if (altColumn != _altIndents[^1])
            {
                _diagnostics.Report(SyntaxDiagnostics.InconsistentTabs, whitespace);
            }
        }
    }

    private void SkipComment()
    {
        while (_pos < _end && _text[_pos] is not ('\r' or '\n'))
        {
            _pos++;
        }
    }

    private void SkipNewline()
    {
        if (_text[_pos] == '\r' && _pos + 1 < _end && _text[_pos + 1] == '\n')
        {
            _pos += 2;
        }
        else
        {
            _pos++;
        }
    }

    private void LexOne()
    {
        int start = _pos;
        char c = _text[_pos];
        switch (c)
        {
            case '#':
                if (_embedded)
                {
                    _diagnostics.Report(SyntaxDiagnostics.InvalidFString, new TextSpan(start, 1), null, "expression part cannot include '#'");
                    Emit(SyntaxKind.BadToken, start, _end - start, TokenFlags.Invalid);
                    _pos = _end;
                    return;
                }

                SkipComment();
                return;
            case '\r' or '\n':
                LexNewline(start);
                return;
            case '\\':
                LexContinuation(start);
                return;
            case '"' or '\'':
                LexString(start, 0, TokenFlags.None);
                return;
            case >= '0' and <= '9':
                LexNumber(start);
                return;
            case '.':
                if (char.IsAsciiDigit(Peek(1)))
                {
                    LexNumber(start);
                }
                else if (Peek(1) == '.' && Peek(2) == '.')
                {
                    _pos += 3;
                    Emit(SyntaxKind.EllipsisToken, start, 3);
                }
                else
                {
                    _pos++;
                    Emit(SyntaxKind.DotToken, start, 1);
                }

                return;
        }

        if (IsIdentifierStart(c))
        {
            LexIdentifierOrPrefixedString(start);
            return;
        }

        if (LexOperator(start, c))
        {
            return;
        }

        LexBadCharacters(start);
    }

    private void LexNewline(int start)
    {
        SkipNewline();
        if (_embedded)
        {
            return;
        }

        if (_bracketDepth == 0)
        {
            Emit(SyntaxKind.NewlineToken, start, _pos - start);
            _atLineStart = true;
            return;
        }

        // Inside brackets lines join implicitly. A line that starts with a statement keyword almost surely means a
        // bracket was never closed: end the logical line so the parser can report it and recover.
        if (NextLineStartsStatement())
        {
            _bracketDepth = 0;
            Emit(SyntaxKind.NewlineToken, start, _pos - start);
            _atLineStart = true;
        }
    }

    /// <summary>
    /// Whether the line after a newline inside brackets starts a new statement, which in valid Python can never
    /// happen there: a statement keyword (<c>def</c>, <c>return</c>, ...), or an assignment <c>name = ...</c> right
    /// after a line that ended with a complete operand (two operands cannot be adjacent inside brackets).
    /// </summary>
    private bool NextLineStartsStatement()
    {
        int i = _pos;
        while (i < _end && _text[i] is ' ' or '\t')
        {
            i++;
        }

        int wordStart = i;
        while (i < _end && IsIdentifierPart(_text[i]))
        {
            i++;
        }

        if (i == wordStart || char.IsAsciiDigit(_text[wordStart]))
        {
            return false;
        }

        if (TryGetKeyword(_text.AsSpan(wordStart, i - wordStart), out SyntaxKind kind))
        {
            return kind is SyntaxKind.DefKeyword or SyntaxKind.ClassKeyword or SyntaxKind.ReturnKeyword or SyntaxKind.ImportKeyword
                or SyntaxKind.TryKeyword or SyntaxKind.ExceptKeyword or SyntaxKind.FinallyKeyword or SyntaxKind.ElifKeyword
                or SyntaxKind.WhileKeyword or SyntaxKind.WithKeyword or SyntaxKind.PassKeyword or SyntaxKind.BreakKeyword
                or SyntaxKind.ContinueKeyword or SyntaxKind.RaiseKeyword or SyntaxKind.AssertKeyword or SyntaxKind.DelKeyword
                or SyntaxKind.GlobalKeyword or SyntaxKind.NonlocalKeyword;
        }

        if (_count == 0 || _tokens[_count - 1].Kind is not (SyntaxKind.IdentifierToken or SyntaxKind.IntegerToken
            or SyntaxKind.FloatToken or SyntaxKind.StringToken or SyntaxKind.CloseParenToken or SyntaxKind.CloseBracketToken
            or SyntaxKind.CloseBraceToken or SyntaxKind.TrueKeyword or SyntaxKind.FalseKeyword or SyntaxKind.NoneKeyword))
        {
            return false;
        }

        while (i < _end && _text[i] is ' ' or '\t')
        {
            i++;
        }

        return i + 1 < _end && _text[i] == '=' && _text[i + 1] != '=';
    }

    private void LexContinuation(int start)
    {
        if (_embedded)
        {
            _diagnostics.Report(SyntaxDiagnostics.InvalidFString, new TextSpan(start, 1), null, "expression part cannot include a backslash");
            Emit(SyntaxKind.BadToken, start, 1, TokenFlags.Invalid);
            _pos++;
            return;
        }

        _pos++;
        if (_pos < _end && _text[_pos] is '\r' or '\n')
        {
            SkipNewline();
            return;
        }

        _diagnostics.Report(SyntaxDiagnostics.UnexpectedCharacter, new TextSpan(start, 1), "A backslash outside a string must be the last character of a line.", "\\");
        Emit(SyntaxKind.BadToken, start, 1, TokenFlags.Invalid);
    }

    private void LexBadCharacters(int start)
    {
        while (_pos < _end)
        {
            char c = _text[_pos];
            if (c is ' ' or '\t' or '\f' or '\r' or '\n' || IsIdentifierStart(c) || char.IsAsciiDigit(c) || IsOperatorStart(c) || c is '"' or '\'' or '#' or '.' or '\\')
            {
                break;
            }

            _pos++;
        }

        if (_pos == start)
        {
            _pos++;
        }

        var span = TextSpan.FromBounds(start, _pos);
        var builder = new System.Text.StringBuilder();
        for (int i = span.Start; i < span.End && builder.Length < 20; i++)
        {
            char c = _text[i];
            if (char.IsControl(c) || char.IsSurrogate(c) || c == '\uFEFF')
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        string shown = builder.Length >= 20 && span.Length > 20 ? builder.ToString(0, 20) + "..." : builder.ToString();

        _diagnostics.Report(SyntaxDiagnostics.UnexpectedCharacter, span, Describe(shown), shown);
        Emit(SyntaxKind.BadToken, span.Start, span.Length, TokenFlags.Invalid);
    }

    private static string? Describe(string shown) => shown switch
    {
        "$" or "?" or "`" => "Python has no '" + shown + "' operator; rewrite the expression.",
        _ when shown.Length > 0 && (shown[0] == '\u201C' || shown[0] == '\u201D' || shown[0] == '\u2018' || shown[0] == '\u2019') =>
            "Use straight quotes (\" or ') for strings.",
        _ => null,
    };

    private static bool IsOperatorStart(char c) => c is '(' or ')' or '[' or ']' or '{' or '}' or ':' or ',' or ';' or '@' or '='
        or '+' or '-' or '*' or '/' or '%' or '~' or '&' or '|' or '^' or '<' or '>' or '!';

    private bool LexOperator(int start, char c)
    {
        char c1 = Peek(1);
        char c2 = Peek(2);
        SyntaxKind kind;
        int length = 1;
        switch (c)
        {
            case '(':
                kind = SyntaxKind.OpenParenToken;
                _bracketDepth++;
                break;
            case '[':
                kind = SyntaxKind.OpenBracketToken;
                _bracketDepth++;
                break;
            case '{':
                kind = SyntaxKind.OpenBraceToken;
                _bracketDepth++;
                break;
            case ')':
                kind = SyntaxKind.CloseParenToken;
                CloseBracket();
                break;
            case ']':
                kind = SyntaxKind.CloseBracketToken;
                CloseBracket();
                break;
            case '}':
                kind = SyntaxKind.CloseBraceToken;
                CloseBracket();
                break;
            case ':':
                (kind, length) = c1 == '=' ? (SyntaxKind.ColonEqualsToken, 2) : (SyntaxKind.ColonToken, 1);
                break;
            case ',':
                kind = SyntaxKind.CommaToken;
                break;
            case ';':
                kind = SyntaxKind.SemicolonToken;
                break;
            case '~':
                kind = SyntaxKind.TildeToken;
                break;
            case '@':
                (kind, length) = c1 == '=' ? (SyntaxKind.AtEqualsToken, 2) : (SyntaxKind.AtToken, 1);
                break;
            case '=':
                (kind, length) = c1 == '=' ? (SyntaxKind.EqualsEqualsToken, 2) : (SyntaxKind.EqualsToken, 1);
                break;
            case '!':
                (kind, length) = c1 == '=' ? (SyntaxKind.ExclamationEqualsToken, 2) : (SyntaxKind.ExclamationToken, 1);
                break;
            case '+':
                (kind, length) = c1 == '=' ? (SyntaxKind.PlusEqualsToken, 2) : (SyntaxKind.PlusToken, 1);
                break;
            case '-':
                (kind, length) = c1 switch
                {
                    '=' => (SyntaxKind.MinusEqualsToken, 2),
                    '>' => (SyntaxKind.ArrowToken, 2),
                    _ => (SyntaxKind.MinusToken, 1),
                };
                break;
            case '%':
                (kind, length) = c1 == '=' ? (SyntaxKind.PercentEqualsToken, 2) : (SyntaxKind.PercentToken, 1);
                break;
            case '&':
                (kind, length) = c1 == '=' ? (SyntaxKind.AmpersandEqualsToken, 2) : (SyntaxKind.AmpersandToken, 1);
                break;
            case '|':
                (kind, length) = c1 == '=' ? (SyntaxKind.BarEqualsToken, 2) : (SyntaxKind.BarToken, 1);
                break;
            case '^':
                (kind, length) = c1 == '=' ? (SyntaxKind.CaretEqualsToken, 2) : (SyntaxKind.CaretToken, 1);
                break;
            case '*':
                (kind, length) = (c1, c2) switch
                {
                    ('*', '=') => (SyntaxKind.DoubleStarEqualsToken, 3),
                    ('*', _) => (SyntaxKind.DoubleStarToken, 2),
                    ('=', _) => (SyntaxKind.StarEqualsToken, 2),
                    _ => (SyntaxKind.StarToken, 1),
                };
                break;
            case '/':
                (kind, length) = (c1, c2) switch
                {
                    ('/', '=') => (SyntaxKind.DoubleSlashEqualsToken, 3),
                    ('/', _) => (SyntaxKind.DoubleSlashToken, 2),
                    ('=', _) => (SyntaxKind.SlashEqualsToken, 2),
                    _ => (SyntaxKind.SlashToken, 1),
                };
                break;
            case '<':
                (kind, length) = (c1, c2) switch
                {
                    ('<', '=') => (SyntaxKind.LessLessEqualsToken, 3),
                    ('<', _) => (SyntaxKind.LessLessToken, 2),
                    ('=', _) => (SyntaxKind.LessEqualsToken, 2),
                    ('>', _) => (SyntaxKind.ExclamationEqualsToken, 2),
                    _ => (SyntaxKind.LessToken, 1),
                };
                if (kind == SyntaxKind.ExclamationEqualsToken)
                {
                    _diagnostics.Report(SyntaxDiagnostics.UnexpectedCharacter, new TextSpan(start, 2), "Write '!=' for 'not equal'.", "<>");
                }

                break;
            case '>':
                (kind, length) = (c1, c2) switch
                {
                    ('>', '=') => (SyntaxKind.GreaterGreaterEqualsToken, 3),
                    ('>', _) => (SyntaxKind.GreaterGreaterToken, 2),
                    ('=', _) => (SyntaxKind.GreaterEqualsToken, 2),
                    _ => (SyntaxKind.GreaterToken, 1),
                };
                break;
            default:
                return false;
        }

        _pos += length;
        Emit(kind, start, length);
        return true;
    }

    private void CloseBracket()
    {
        if (_bracketDepth > 0)
        {
            _bracketDepth--;
        }
    }

    private static bool IsIdentifierStart(char c) =>
        char.IsAsciiLetter(c) || c == '_' || (c > 127 && (char.IsLetter(c) || char.GetUnicodeCategory(c) == UnicodeCategory.LetterNumber));

    private static bool IsIdentifierPart(char c)
    {
        if (char.IsAsciiLetterOrDigit(c) || c == '_')
        {
            return true;
        }

        if (c <= 127)
        {
            return false;
        }

        return char.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.LetterNumber or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation;
    }

    private void LexIdentifierOrPrefixedString(int start)
    {
        _pos++;
        while (_pos < _end && IsIdentifierPart(_text[_pos]))
        {
            _pos++;
        }

        int length = _pos - start;
        if (length <= 2 && _pos < _end && _text[_pos] is '"' or '\'' && TryGetStringPrefix(_text.AsSpan(start, length), out TokenFlags flags))
        {
            flags |= length == 1 ? TokenFlags.PrefixLengthOne : TokenFlags.PrefixLengthTwo;
            LexString(start, length, flags);
            return;
        }

        SyntaxKind kind = TryGetKeyword(_text.AsSpan(start, length), out SyntaxKind keyword) ? keyword : SyntaxKind.IdentifierToken;
        Emit(kind, start, length);
    }

    private static bool TryGetStringPrefix(ReadOnlySpan<char> prefix, out TokenFlags flags)
    {
        flags = TokenFlags.None;
        bool u = false;
        foreach (char c in prefix)
        {
            TokenFlags flag = char.ToLowerInvariant(c) switch
            {
                'r' => TokenFlags.Raw,
                'f' => TokenFlags.Format,
                'b' => TokenFlags.Bytes,
                'u' => TokenFlags.None,
                _ => (TokenFlags)(-1),
            };
            if (flag == (TokenFlags)(-1) || (flags & flag) != 0 || (flag == TokenFlags.None && (u || prefix.Length > 1)))
            {
                return false;
            }

            u |= flag == TokenFlags.None;
            flags |= flag;
        }

        return (flags & (TokenFlags.Format | TokenFlags.Bytes)) != (TokenFlags.Format | TokenFlags.Bytes);
    }

    private void LexString(int start, int prefixLength, TokenFlags flags)
    {
        _pos = start + prefixLength;
        char quote = _text[_pos];
        bool triple = Peek(1) == quote && Peek(2) == quote;
        if (triple)
        {
            flags |= TokenFlags.Triple;
            _pos += 3;
        }
        else
        {
            _pos++;
        }

        while (true)
        {
            if (_pos >= _end)
            {
                ReportUnterminated(start, triple);
                Emit(SyntaxKind.StringToken, start, _pos - start, flags | TokenFlags.Unterminated);
                return;
            }

            char c = _text[_pos];
            if (c == '\\')
            {
                _pos++;
                if (_pos < _end)
                {
                    _pos += _text[_pos] == '\r' && _pos + 1 < _end && _text[_pos + 1] == '\n' ? 2 : 1;
                }

                continue;
            }

            if (c == quote)
            {
                if (!triple)
                {
                    _pos++;
                    break;
                }

                if (Peek(1) == quote && Peek(2) == quote)
                {
                    _pos += 3;
                    break;
                }
            }
            else if (!triple && c is '\r' or '\n')
            {
                ReportUnterminated(start, triple: false);
                Emit(SyntaxKind.StringToken, start, _pos - start, flags | TokenFlags.Unterminated);
                return;
            }

            _pos++;
        }

        Emit(SyntaxKind.StringToken, start, _pos - start, flags);
    }

    private void ReportUnterminated(int start, bool triple)
    {
        var (line, column) = _source.GetLineAndColumn(start);
        string hint = triple
            ? string.Create(CultureInfo.InvariantCulture, $"Close the triple-quoted string opened at line {line}, column {column}.")
            : string.Create(CultureInfo.InvariantCulture, $"Close the string opened at line {line}, column {column} on the same line, or use triple quotes for text spanning several lines.");
        _diagnostics.Report(SyntaxDiagnostics.UnterminatedString, new TextSpan(start, 1), hint);
    }

    private void LexNumber(int start)
    {
        bool valid = true;
        TokenFlags flags = TokenFlags.None;
        SyntaxKind kind = SyntaxKind.IntegerToken;
        string description = "decimal";
        char c = _text[_pos];
        char c1 = char.ToLowerInvariant(Peek(1));
        if (c == '0' && c1 is 'x' or 'o' or 'b')
        {
            _pos += 2;
            (flags, description) = c1 switch
            {
                'x' => (TokenFlags.Hexadecimal, "hexadecimal"),
                'o' => (TokenFlags.Octal, "octal"),
                _ => (TokenFlags.Binary, "binary"),
            };
            Func<char, bool> isDigit = c1 switch
            {
                'x' => char.IsAsciiHexDigit,
                'o' => static d => d is >= '0' and <= '7',
                _ => static d => d is '0' or '1',
            };
            if (Peek() == '_')
            {
                _pos++;
            }

            valid &= ScanDigits(isDigit) > 0;
        }
        else
        {
            bool isFloat = false;
            int intStart = _pos;
            int digits = c == '.' ? 0 : ScanDigits(char.IsAsciiDigit);
            if (digits > 1 && _text[intStart] == '0')
            {
                // Python forbids leading zeros in non-zero decimal integers ("0123"), but allows "00" and "0.5".
                bool allZero = true;
                for (int i = intStart; i < _pos; i++)
                {
                    allZero &= _text[i] is '0' or '_';
                }

                if (!allZero && Peek() is not ('.' or 'e' or 'E' or 'j' or 'J'))
                {
                    valid = false;
                }
            }

            if (Peek() == '.')
            {
                isFloat = true;
                _pos++;
                if (Peek() == '_')
                {
                    valid = false;
                }

                if (char.IsAsciiDigit(Peek()))
                {
                    ScanDigits(char.IsAsciiDigit);
                }
            }

            if (Peek() is 'e' or 'E' && (char.IsAsciiDigit(Peek(1)) || (Peek(1) is '+' or '-' && char.IsAsciiDigit(Peek(2)))))
            {
                isFloat = true;
                _pos += Peek(1) is '+' or '-' ? 2 : 1;
                ScanDigits(char.IsAsciiDigit);
            }

            if (isFloat)
            {
                kind = SyntaxKind.FloatToken;
                description = "float";
            }

            if (Peek() is 'j' or 'J')
            {
                _pos++;
                kind = SyntaxKind.ImaginaryToken;
            }
        }

        // A digit or identifier character straight after a number ("1abc", "0x1g", "1__0", "1_") is malformed,
        // except a keyword that may follow an operand ("1if x else 2", "1or 2"), which Python also accepts.
        if (_pos < _end && IsIdentifierPart(_text[_pos]) && !IsKeywordAfterNumber())
        {
            valid = false;
            while (_pos < _end && (IsIdentifierPart(_text[_pos]) || _text[_pos] == '.'))
            {
                _pos++;
            }
        }

        var span = TextSpan.FromBounds(start, _pos);
        if (!valid)
        {
            _diagnostics.Report(SyntaxDiagnostics.InvalidNumber, span, null, description, _source.GetText(span));
            flags |= TokenFlags.Invalid;
        }
        else if (kind == SyntaxKind.ImaginaryToken)
        {
            _diagnostics.Report(SyntaxDiagnostics.ImaginaryNotSupported, span, null, _source.GetText(span));
            flags |= TokenFlags.Invalid;
        }

        Emit(kind, span.Start, span.Length, flags);
    }

    private bool IsKeywordAfterNumber()
    {
        int end = _pos;
        while (end < _end && IsIdentifierPart(_text[end]))
        {
            end++;
        }

        return TryGetKeyword(_text.AsSpan(_pos, end - _pos), out SyntaxKind kind)
            && kind is SyntaxKind.AndKeyword or SyntaxKind.OrKeyword or SyntaxKind.InKeyword or SyntaxKind.IsKeyword
                or SyntaxKind.IfKeyword or SyntaxKind.ElseKeyword or SyntaxKind.NotKeyword or SyntaxKind.ForKeyword;
    }

    /// <summary>Scans digits separated by single underscores; returns the digit count, or 0 if malformed.</summary>
    private int ScanDigits(Func<char, bool> isDigit)
    {
        int count = 0;
        while (_pos < _end)
        {
            char c = _text[_pos];
            if (isDigit(c))
            {
                count++;
                _pos++;
            }
            else if (c == '_' && count > 0 && _pos + 1 < _end && isDigit(_text[_pos + 1]))
            {
                _pos++;
            }
            else
            {
                break;
            }
        }

        return count;
    }
}
