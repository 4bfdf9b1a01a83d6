namespace Neptune.Language.Syntax;

/// <summary>The catalogue of syntax diagnostics (codes <c>NPT1xxx</c>).</summary>
/// <remarks>
/// Codes are stable: a code is never renumbered or reused. A retired code stays listed here as a comment.
/// <list type="table">
/// <listheader><term>Code</term><description>Meaning</description></listheader>
/// <item><term>NPT1001</term><description>Unexpected character in the source.</description></item>
/// <item><term>NPT1002</term><description>Unterminated string literal.</description></item>
/// <item><term>NPT1003</term><description>Expected a specific token (a colon, a closing bracket, a name, ...).</description></item>
/// <item><term>NPT1004</term><description>Dedent does not match any outer indentation level.</description></item>
/// <item><term>NPT1005</term><description>Nesting of brackets, expressions or blocks exceeds the configured limit.</description></item>
/// <item><term>NPT1006</term><description>Source text exceeds the configured length limit.</description></item>
/// <item><term>NPT1007</term><description>Source text exceeds the configured token limit.</description></item>
/// <item><term>NPT1008</term><description>Unexpected indent.</description></item>
/// <item><term>NPT1009</term><description>Expected an indented block.</description></item>
/// <item><term>NPT1010</term><description>Unexpected token.</description></item>
/// <item><term>NPT1011</term><description>Expected an expression.</description></item>
/// <item><term>NPT1012</term><description>Invalid assignment, deletion or loop target.</description></item>
/// <item><term>NPT1013</term><description>Bytes literals are not supported.</description></item>
/// <item><term>NPT1014</term><description>Invalid numeric literal.</description></item>
/// <item><term>NPT1015</term><description>Invalid escape sequence (truncated <c>\x</c>, <c>\u</c>, <c>\U</c>; <c>\N</c>).</description></item>
/// <item><term>NPT1016</term><description>Unrecognised escape sequence, kept verbatim (warning).</description></item>
/// <item><term>NPT1017</term><description>Malformed f-string.</description></item>
/// <item><term>NPT1018</term><description>Inconsistent use of tabs and spaces in indentation.</description></item>
/// <item><term>NPT1019</term><description>Imaginary (complex) literals are not supported.</description></item>
/// <item><term>NPT1020</term><description>Parameter without a default follows a parameter with a default.</description></item>
/// <item><term>NPT1021</term><description>Positional argument follows a keyword argument.</description></item>
/// <item><term>NPT1022</term><description>Too many diagnostics; reporting stopped.</description></item>
/// <item><term>NPT1023</term><description>Unmatched closing bracket.</description></item>
/// <item><term>NPT1024</term><description>Duplicate parameter name.</description></item>
/// <item><term>NPT1025</term><description><c>break</c> or <c>continue</c> outside a loop.</description></item>
/// <item><term>NPT1026</term><description>Generator expression argument that is not the sole argument and not parenthesised.</description></item>
/// <item><term>NPT1027</term><description>Other invalid syntax with a specific message (parameter order, misplaced starred expressions).</description></item>
/// </list>
/// </remarks>
public static class SyntaxDiagnostics
{
    /// <summary>NPT1001: unexpected character.</summary>
    public static readonly DiagnosticDescriptor UnexpectedCharacter = new(
        "NPT1001", "Unexpected character", "unexpected character '{0}'",
        "Remove the character or replace it with valid Python syntax.");

    /// <summary>NPT1002: unterminated string literal.</summary>
    public static readonly DiagnosticDescriptor UnterminatedString = new(
        "NPT1002", "Unterminated string literal", "unterminated string literal",
        "Close the string with the same quote it opens with; use triple quotes for text spanning several lines.");

    /// <summary>NPT1003: expected token.</summary>
    public static readonly DiagnosticDescriptor ExpectedToken = new(
        "NPT1003", "Expected token", "expected {0}",
        "Insert the missing token.");

    /// <summary>NPT1004: inconsistent dedent.</summary>
    public static readonly DiagnosticDescriptor InconsistentDedent = new(
        "NPT1004", "Inconsistent indentation", "unindent does not match any outer indentation level",
        "Indent this line exactly as far as the block it belongs to.");

    /// <summary>NPT1005: nesting too deep.</summary>
    public static readonly DiagnosticDescriptor NestingTooDeep = new(
        "NPT1005", "Nesting too deep", "nesting too deep: more than {0} nested brackets, expressions or blocks",
        "Simplify the program: assign intermediate results to variables instead of nesting.");

    /// <summary>NPT1006: source too long.</summary>
    public static readonly DiagnosticDescriptor SourceTooLong = new(
        "NPT1006", "Source too long", "program is {0} characters long; the limit is {1}",
        "Write a shorter program.");

    /// <summary>NPT1007: too many tokens.</summary>
    public static readonly DiagnosticDescriptor TooManyTokens = new(
        "NPT1007", "Too many tokens", "program has more than {0} tokens",
        "Write a shorter program.");

    /// <summary>NPT1008: unexpected indent.</summary>
    public static readonly DiagnosticDescriptor UnexpectedIndent = new(
        "NPT1008", "Unexpected indent", "unexpected indent",
        "Remove the extra indentation; only lines inside a block (after a line ending with ':') are indented.");

    /// <summary>NPT1009: expected an indented block.</summary>
    public static readonly DiagnosticDescriptor ExpectedIndentedBlock = new(
        "NPT1009", "Expected an indented block", "expected an indented block after {0}",
        "Indent the body of the block by four spaces, or write 'pass' for an empty body.");

    /// <summary>NPT1010: unexpected token.</summary>
    public static readonly DiagnosticDescriptor UnexpectedToken = new(
        "NPT1010", "Unexpected token", "unexpected {0}",
        "Remove the token or complete the statement around it.");

    /// <summary>NPT1011: expected an expression.</summary>
    public static readonly DiagnosticDescriptor ExpectedExpression = new(
        "NPT1011", "Expected an expression", "expected an expression, found {0}",
        "Write a value, a name or a call here.");

    /// <summary>NPT1012: invalid target.</summary>
    public static readonly DiagnosticDescriptor InvalidTarget = new(
        "NPT1012", "Invalid target", "cannot {0} {1}",
        "Only names, attributes (a.b), subscripts (a[i]) and tuples or lists of them can be targets.");

    /// <summary>NPT1013: bytes literal.</summary>
    public static readonly DiagnosticDescriptor BytesNotSupported = new(
        "NPT1013", "Bytes literal not supported", "bytes literals are not supported",
        "Remove the 'b' prefix and use an ordinary string.");

    /// <summary>NPT1014: invalid numeric literal.</summary>
    public static readonly DiagnosticDescriptor InvalidNumber = new(
        "NPT1014", "Invalid numeric literal", "invalid {0} literal '{1}'",
        "Write the number as digits (optionally separated by single underscores), e.g. 1_000, 0x1F, 2.5e-3.");

    /// <summary>NPT1015: invalid escape sequence.</summary>
    public static readonly DiagnosticDescriptor InvalidEscape = new(
        "NPT1015", "Invalid escape sequence", "invalid escape sequence '{0}'",
        "Write \\x with 2 hex digits, \\u with 4 or \\U with 8; use '\\\\' for a literal backslash.");

    /// <summary>NPT1016: unrecognised escape sequence (warning).</summary>
    public static readonly DiagnosticDescriptor UnknownEscape = new(
        "NPT1016", "Unrecognised escape sequence", "unrecognised escape sequence '{0}' is kept verbatim",
        "Write '\\\\' for a literal backslash, or use a raw string r\"...\".", DiagnosticSeverity.Warning);

    /// <summary>NPT1017: malformed f-string.</summary>
    public static readonly DiagnosticDescriptor InvalidFString = new(
        "NPT1017", "Malformed f-string", "f-string: {0}",
        "Write replacement fields as {expression}, {expression!r} or {expression:format}; write '{{' and '}}' for literal braces.");

    /// <summary>NPT1018: inconsistent tabs and spaces.</summary>
    public static readonly DiagnosticDescriptor InconsistentTabs = new(
        "NPT1018", "Inconsistent tabs and spaces", "inconsistent use of tabs and spaces in indentation",
        "Indent with spaces only (four per level).");

    /// <summary>NPT1019: imaginary literal.</summary>
    public static readonly DiagnosticDescriptor ImaginaryNotSupported = new(
        "NPT1019", "Imaginary literal not supported", "imaginary literal '{0}' is not supported",
        "Remove the 'j' suffix; complex numbers are not available.");

    /// <summary>NPT1020: parameter without default after one with a default.</summary>
    public static readonly DiagnosticDescriptor NonDefaultAfterDefault = new(
        "NPT1020", "Parameter without default follows parameter with default", "parameter '{0}' without a default follows a parameter with a default",
        "Move parameters with defaults after those without, or give this one a default.");

    /// <summary>NPT1021: positional argument after keyword argument.</summary>
    public static readonly DiagnosticDescriptor PositionalAfterKeyword = new(
        "NPT1021", "Positional argument follows keyword argument", "positional argument follows keyword argument",
        "Pass positional arguments before keyword arguments (name=value).");

    /// <summary>NPT1022: too many diagnostics.</summary>
    public static readonly DiagnosticDescriptor TooManyDiagnostics = new(
        "NPT1022", "Too many diagnostics", "too many errors; stopped reporting after {0}",
        "Fix the errors above first.");

    /// <summary>NPT1023: unmatched closing bracket.</summary>
    public static readonly DiagnosticDescriptor UnmatchedClosingBracket = new(
        "NPT1023", "Unmatched closing bracket", "unmatched '{0}'",
        "Remove the closing bracket or add the matching opening bracket before it.");

    /// <summary>NPT1024: duplicate parameter.</summary>
    public static readonly DiagnosticDescriptor DuplicateParameter = new(
        "NPT1024", "Duplicate parameter", "duplicate parameter '{0}'",
        "Give each parameter a distinct name.");

    /// <summary>NPT1025: statement outside its context.</summary>
    public static readonly DiagnosticDescriptor OutsideContext = new(
        "NPT1025", "Statement outside its context", "'{0}' outside {1}",
        "Use 'break' and 'continue' only inside the body of a 'for' or 'while' loop.");

    /// <summary>NPT1026: unparenthesised generator argument among other arguments.</summary>
    public static readonly DiagnosticDescriptor UnparenthesizedGenerator = new(
        "NPT1026", "Generator expression must be parenthesised", "generator expression must be parenthesised when it is not the sole argument",
        "Wrap the generator in parentheses: f((x for x in xs), other).");

    /// <summary>NPT1027: invalid syntax with a specific message.</summary>
    public static readonly DiagnosticDescriptor InvalidSyntax = new(
        "NPT1027", "Invalid syntax", "{0}",
        "Rewrite this part using ordinary Python syntax.");
}
