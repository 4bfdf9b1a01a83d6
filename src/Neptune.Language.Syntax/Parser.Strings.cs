using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Neptune.Language.Syntax;

/// <summary>String literals: escape decoding, adjacent-literal concatenation and f-string replacement fields.</summary>
internal sealed partial class Parser
{
    private ExpressionSyntax ParseStrings()
    {
        int start = StartPosition();
        int first = _pos;
        bool anyFormat = false;
        while (Current.Kind == SyntaxKind.StringToken)
        {
            SyntaxToken token = Next();
            anyFormat |= (token.Flags & TokenFlags.Format) != 0;
            if ((token.Flags & TokenFlags.Bytes) != 0)
            {
                _diagnostics.Report(SyntaxDiagnostics.BytesNotSupported, token.Span);
            }
        }

        int last = _pos;
        if (!anyFormat)
        {
            if (last == first + 1)
            {
                // One literal without escapes or carriage returns is its source text: share the string with earlier parses.
                SyntaxToken only = _tokens[first];
                var (from, to) = Content(only);
                ReadOnlySpan<char> content = _text.AsSpan(from, to - from);
                if (content.IndexOfAny((only.Flags & TokenFlags.Raw) != 0 ? "\r" : "\\\r") < 0)
                {
                    return new StringLiteralExpressionSyntax(SpanFrom(start), _scratch.Intern(content));
                }
            }

            StringBuilder builder = _scratch.Builder;
            builder.Clear();
            for (int i = first; i < last; i++)
            {
                SyntaxToken token = _tokens[i];
                var (contentStart, contentEnd) = Content(token);
                DecodeInto(builder, contentStart, contentEnd, (token.Flags & TokenFlags.Raw) != 0);
            }

            return new StringLiteralExpressionSyntax(SpanFrom(start), builder.ToString());
        }

        var parts = new List<FStringPartSyntax>();
        for (int i = first; i < last; i++)
        {
            SyntaxToken token = _tokens[i];
            var (contentStart, contentEnd) = Content(token);
            bool raw = (token.Flags & TokenFlags.Raw) != 0;
            if ((token.Flags & TokenFlags.Format) != 0)
            {
                ParseFStringBody(parts, contentStart, contentEnd, raw, inFormatSpec: false);
            }
            else if (contentEnd > contentStart)
            {
                var builder = new StringBuilder();
                DecodeInto(builder, contentStart, contentEnd, raw);
                parts.Add(new FStringTextSyntax(TextSpan.FromBounds(contentStart, contentEnd), builder.ToString()));
            }
        }

        return new FStringExpressionSyntax(SpanFrom(start), [.. parts]);
    }

    private static (int Start, int End) Content(SyntaxToken token)
    {
        int start = Math.Min(token.Start + token.PrefixLength + token.QuoteLength, token.End);
        int end = (token.Flags & TokenFlags.Unterminated) != 0 ? token.End : Math.Max(start, token.End - token.QuoteLength);
        return (start, end);
    }

    private void DecodeInto(StringBuilder builder, int start, int end, bool raw)
    {
        int i = start;
        while (i < end)
        {
            char c = _text[i];
            if (c == '\\' && !raw)
            {
                i = DecodeEscape(builder, i, end);
            }
            else if (c == '\r')
            {
                builder.Append('\n');
                i += i + 1 < end && _text[i + 1] == '\n' ? 2 : 1;
            }
            else
            {
                builder.Append(c);
                i++;
            }
        }
    }

    /// <summary>Decodes the escape sequence starting at the backslash at <paramref name="i"/>; returns the next index.</summary>
    private int DecodeEscape(StringBuilder builder, int i, int end)
    {
        if (i + 1 >= end)
        {
            builder.Append('\\');
            return i + 1;
        }

        char e = _text[i + 1];
        switch (e)
        {
            case '\n':
                return i + 2;
            case '\r':
                return i + 2 < end && _text[i + 2] == '\n' ? i + 3 : i + 2;
            case '\\' or '\'' or '"':
                builder.Append(e);
                return i + 2;
            case 'a':
                builder.Append('\a');
                return i + 2;
            case 'b':
                builder.Append('\b');
                return i + 2;
            case 'f':
                builder.Append('\f');
                return i + 2;
            case 'n':
                builder.Append('\n');
                return i + 2;
            case 'r':
                builder.Append('\r');
                return i + 2;
            case 't':
                builder.Append('\t');
                return i + 2;
            case 'v':
                builder.Append('\v');
                return i + 2;
            case >= '0' and <= '7':
            {
                int value = 0;
                int j = i + 1;
                while (j < end && j < i + 4 && _text[j] is >= '0' and <= '7')
                {
                    value = (value * 8) + (_text[j] - '0');
                    j++;
                }

                builder.Append((char)value);
                return j;
            }

            case 'x' or 'u' or 'U':
            {
                int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                int value = 0;
                int j = i + 2;
                while (j < end && j < i + 2 + digits && char.IsAsciiHexDigit(_text[j]))
                {
                    value = (value << 4) | HexValue(_text[j]);
                    j++;
                }

                if (j - (i + 2) != digits || (uint)value > 0x10FFFF)
                {
                    _diagnostics.Report(SyntaxDiagnostics.InvalidEscape, TextSpan.FromBounds(i, j), null, _text.Substring(i, j - i));
                    return j;
                }

                if (value < 0x10000)
                {
                    builder.Append((char)value);
                }
                else
                {
                    builder.Append(char.ConvertFromUtf32(value));
                }

                return j;
            }

            case 'N':
            {
                int j = i + 2;
                if (j < end && _text[j] == '{')
                {
                    int close = _text.IndexOf('}', j, end - j);
                    j = close < 0 ? j : close + 1;
                }

                _diagnostics.Report(SyntaxDiagnostics.InvalidEscape, TextSpan.FromBounds(i, j), "Named escapes \\N{...} are not supported; write the character itself or use \\u.", _text.Substring(i, j - i));
                return j;
            }
            default:
                _diagnostics.Report(SyntaxDiagnostics.UnknownEscape, new TextSpan(i, 2), null, "\\" + e);
                builder.Append('\\');
                return i + 1;
        }
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>
    /// Parses f-string content in <c>[start, end)</c> into literal text and replacement fields. Inside a format
    /// specification it stops at the closing <c>}</c> of the field and returns its index.
    /// </summary>
    private int ParseFStringBody(List<FStringPartSyntax> parts, int start, int end, bool raw, bool inFormatSpec)
    {
        var builder = new StringBuilder();
        int textStart = start;
        int i = start;
        while (i < end)
        {
            char c = _text[i];
            if (c == '{')
            {
                if (i + 1 < end && _text[i + 1] == '{')
                {
                    builder.Append('{');
                    i += 2;
                    continue;
                }

                FlushText(parts, builder, textStart, i);
                i = ParseReplacementField(parts, i, end, raw);
                textStart = i;
                continue;
            }

            if (c == '}')
            {
                if (inFormatSpec)
                {
                    break;
                }

                if (i + 1 < end && _text[i + 1] == '}')
                {
                    builder.Append('}');
                    i += 2;
                    continue;
                }

                _diagnostics.Report(SyntaxDiagnostics.InvalidFString, new TextSpan(i, 1), "Write '}}' for a literal '}'.", "single '}' is not allowed");
                i++;
                continue;
            }

            if (c == '\\' && !raw)
            {
                i = DecodeEscape(builder, i, end);
            }
            else if (c == '\r')
            {
                builder.Append('\n');
                i += i + 1 < end && _text[i + 1] == '\n' ? 2 : 1;
            }
            else
            {
                builder.Append(c);
                i++;
            }
        }

        FlushText(parts, builder, textStart, i);
        return i;
    }

    private static void FlushText(List<FStringPartSyntax> parts, StringBuilder builder, int start, int end)
    {
        if (end > start)
        {
            parts.Add(new FStringTextSyntax(TextSpan.FromBounds(start, end), builder.ToString()));
        }

        builder.Clear();
    }

    /// <summary>Parses the field whose <c>{</c> is at <paramref name="open"/>; returns the index after its <c>}</c>.</summary>
    private int ParseReplacementField(List<FStringPartSyntax> parts, int open, int end, bool raw)
    {
        int expressionStart = open + 1;
        int i = expressionStart;
        int nesting = 0;
        char quote = '\0';
        int debugEquals = -1;
        int debugTextEnd = -1;
        while (i < end)
        {
            char c = _text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c is '(' or '[' or '{')
            {
                nesting++;
            }
            else if (c is ')' or ']' or '}')
            {
                if (nesting == 0 && c == '}')
                {
                    break;
                }

                nesting = Math.Max(0, nesting - 1);
            }
            else if (nesting == 0 && ((c == '!' && (i + 1 >= end || _text[i + 1] != '=')) || c == ':'))
            {
                break;
            }
            else if (nesting == 0 && c == '=' && IsSelfDocumentingEquals(i, end, out int afterEquals))
            {
                debugEquals = i;
                debugTextEnd = afterEquals;
                break;
            }

            i++;
        }

        int expressionEnd = i;
        if (debugEquals >= 0)
        {
            // f"{x = }" is the text "x = " followed by the value, formatted with repr() unless a spec is given.
            parts.Add(new FStringTextSyntax(TextSpan.FromBounds(expressionStart, debugTextEnd), _text.Substring(expressionStart, debugTextEnd - expressionStart)));
            i = debugTextEnd;
        }

        ExpressionSyntax expression;
        if (_text.AsSpan(expressionStart, expressionEnd - expressionStart).IsWhiteSpace())
        {
            _diagnostics.Report(SyntaxDiagnostics.InvalidFString, TextSpan.FromBounds(open, Math.Min(expressionEnd + 1, end)), "Put an expression between the braces, or write '{{' for a literal brace.", "empty expression not allowed");
            expression = new MissingExpressionSyntax(new TextSpan(expressionStart, 0));
        }
        else if (!TryEnter())
        {
            expression = new MissingExpressionSyntax(new TextSpan(expressionStart, 0));
        }
        else
        {
            expression = ParseEmbedded(expressionStart, expressionEnd);
            Exit();
        }

        FStringConversion conversion = FStringConversion.None;
        if (i < end && _text[i] == '!')
        {
            char k = i + 1 < end ? _text[i + 1] : '\0';
            conversion = k switch
            {
                's' => FStringConversion.Str,
                'r' => FStringConversion.Repr,
                'a' => FStringConversion.Ascii,
                _ => FStringConversion.None,
            };
            if (conversion == FStringConversion.None)
            {
                _diagnostics.Report(SyntaxDiagnostics.InvalidFString, new TextSpan(i, Math.Min(2, end - i)), "Write !r, !s or !a.", "invalid conversion character: expected 's', 'r', or 'a'");
            }

            i = k is '}' or ':' or '\0' ? i + 1 : i + 2;
        }

        FStringExpressionSyntax? spec = null;
        if (i < end && _text[i] == ':')
        {
            i++;
            int specStart = i;
            var specParts = new List<FStringPartSyntax>();
            if (TryEnter())
            {
                i = ParseFStringBody(specParts, i, end, raw, inFormatSpec: true);
                Exit();
            }
            else
            {
                while (i < end && _text[i] != '}')
                {
                    i++;
                }
            }

            spec = new FStringExpressionSyntax(TextSpan.FromBounds(specStart, i), [.. specParts]);
        }

        if (i < end && _text[i] == '}')
        {
            i++;
        }
        else
        {
            var (line, column) = _source.GetLineAndColumn(open);
            string hint = string.Create(CultureInfo.InvariantCulture, $"Close the replacement field opened at line {line}, column {column} with '}}'.");
            _diagnostics.Report(SyntaxDiagnostics.InvalidFString, new TextSpan(open, 1), hint, "expecting '}'");
            i = Math.Max(i, expressionEnd);
        }

        if (debugEquals >= 0 && conversion == FStringConversion.None && spec is null)
        {
            conversion = FStringConversion.Repr;
        }

        parts.Add(new FormattedValueSyntax(TextSpan.FromBounds(open, i), expression, conversion, spec));
        return i;
    }

    /// <summary>
    /// Whether the <c>=</c> at <paramref name="i"/> is the self-documenting marker of <c>{expr=}</c> rather than
    /// part of <c>==</c>, <c>!=</c>, <c>&lt;=</c> or <c>&gt;=</c>; returns the index after any whitespace that follows.
    /// </summary>
    private bool IsSelfDocumentingEquals(int i, int end, out int afterEquals)
    {
        afterEquals = i + 1;
        if ((i + 1 < end && _text[i + 1] == '=') || (i > 0 && _text[i - 1] is '=' or '!' or '<' or '>'))
        {
            return false;
        }

        while (afterEquals < end && _text[afterEquals] is ' ' or '\t')
        {
            afterEquals++;
        }

        return afterEquals >= end || _text[afterEquals] is '}' or '!' or ':';
    }

    private ExpressionSyntax ParseEmbedded(int start, int end)
    {
        var lexer = new Lexer(_source, start, end, embedded: true, _diagnostics, _options.MaxTokens);
        SyntaxToken[] tokens = lexer.Lex(out int count);
        var parser = new Parser(this, tokens, count);
        return parser.ParseEmbeddedExpression();
    }
}
