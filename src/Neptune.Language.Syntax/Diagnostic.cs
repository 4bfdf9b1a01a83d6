using System.Globalization;

namespace Neptune.Language.Syntax;

/// <summary>How serious a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Informational; the program is still accepted.</summary>
    Info = 0,

    /// <summary>Suspicious but accepted.</summary>
    Warning = 1,

    /// <summary>The program is rejected.</summary>
    Error = 2,
}

/// <summary>
/// The fixed description of one diagnostic code: its number, title, message format and default hint. Codes are
/// stable and never reused; see <see cref="SyntaxDiagnostics"/> for the catalogue.
/// </summary>
public sealed class DiagnosticDescriptor
{
    /// <summary>Creates a descriptor.</summary>
    /// <param name="code">The stable code, for example <c>NPT1003</c>.</param>
    /// <param name="title">A short title.</param>
    /// <param name="messageFormat">A composite format string for the message.</param>
    /// <param name="defaultHint">The hint used when a site supplies no more specific one.</param>
    /// <param name="severity">The default severity.</param>
    public DiagnosticDescriptor(string code, string title, string messageFormat, string defaultHint, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        Code = code;
        Title = title;
        MessageFormat = messageFormat;
        DefaultHint = defaultHint;
        Severity = severity;
    }

    /// <summary>The stable code, for example <c>NPT1003</c>.</summary>
    public string Code { get; }

    /// <summary>A short title.</summary>
    public string Title { get; }

    /// <summary>A composite format string for the message.</summary>
    public string MessageFormat { get; }

    /// <summary>The hint used when a site supplies no more specific one.</summary>
    public string DefaultHint { get; }

    /// <summary>The default severity.</summary>
    public DiagnosticSeverity Severity { get; }

    /// <summary>Creates a located diagnostic from this descriptor.</summary>
    /// <param name="source">The text the span refers to.</param>
    /// <param name="span">The offending range.</param>
    /// <param name="hint">A specific hint, or <see langword="null"/> for <see cref="DefaultHint"/>.</param>
    /// <param name="args">Arguments for <see cref="MessageFormat"/>.</param>
    /// <returns>The diagnostic.</returns>
    public Diagnostic Create(SourceText source, TextSpan span, string? hint, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (line, column) = source.GetLineAndColumn(span.Start);
        string message = args.Length == 0 ? MessageFormat : string.Format(CultureInfo.InvariantCulture, MessageFormat, args);
        return new Diagnostic(Code, Severity, span, line, column, message, hint ?? DefaultHint, source.Path);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Title}";
}

/// <summary>A located problem found in a program, with a hint on how to fix it.</summary>
/// <param name="Code">The stable code, for example <c>NPT1003</c>.</param>
/// <param name="Severity">How serious the problem is.</param>
/// <param name="Span">The offending range.</param>
/// <param name="Line">1-based line of <see cref="TextSpan.Start"/>.</param>
/// <param name="Column">1-based column of <see cref="TextSpan.Start"/>.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Hint">How to fix it, phrased as an instruction.</param>
/// <param name="Path">The file name shown in <see cref="ToString"/>.</param>
public sealed record Diagnostic(
    string Code,
    DiagnosticSeverity Severity,
    TextSpan Span,
    int Line,
    int Column,
    string Message,
    string Hint,
    string Path = "program.py")
{
    /// <summary>Whether this diagnostic rejects the program.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>Formats as <c>program.py(3,5): error NPT1003: message (hint: ...)</c>.</summary>
    /// <returns>The formatted diagnostic.</returns>
    public override string ToString()
    {
        string severity = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        string text = string.Create(CultureInfo.InvariantCulture, $"{Path}({Line},{Column}): {severity} {Code}: {Message}");
        return string.IsNullOrEmpty(Hint) ? text : $"{text} (hint: {Hint})";
    }
}
