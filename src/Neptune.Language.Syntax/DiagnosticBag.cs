using System.Collections.Immutable;

namespace Neptune.Language.Syntax;

/// <summary>Collects diagnostics for one parse, capping their number and suppressing cascades.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];
    private readonly SourceText _source;
    private readonly int _max;
    private bool _full;

    public DiagnosticBag(SourceText source, int max)
    {
        _source = source;
        _max = max;
    }

    /// <summary>Start of the last reported error; errors at or before <see cref="SuppressThrough"/> are dropped.</summary>
    public int LastErrorStart { get; private set; } = -1;

    /// <summary>Errors starting at or before this offset are cascades of an earlier one and are dropped.</summary>
    public int SuppressThrough { get; set; } = -1;

    /// <summary>Whether NPT1005 was reported; it is reported once per parse, f-string sub-parses included.</summary>
    public bool NestingReported { get; set; }

    public void Report(DiagnosticDescriptor descriptor, TextSpan span, string? hint = null, params object?[] args)
    {
        if (_full)
        {
            return;
        }

        if (descriptor.Severity == DiagnosticSeverity.Error)
        {
            if (span.Start <= SuppressThrough || span.Start == LastErrorStart)
            {
                return;
            }

            LastErrorStart = span.Start;
        }

        if (_items.Count >= _max)
        {
            _full = true;
            _items.Add(SyntaxDiagnostics.TooManyDiagnostics.Create(_source, span, null, _max));
            return;
        }

        _items.Add(descriptor.Create(_source, span, hint, args));
    }

    public ImmutableArray<Diagnostic> ToImmutable()
    {
        // Lexer diagnostics are collected before parser diagnostics; present them in source order (stable).
        return _items.Count == 0 ? [] : [.. _items.OrderBy(static d => d.Span.Start)];
    }
}
