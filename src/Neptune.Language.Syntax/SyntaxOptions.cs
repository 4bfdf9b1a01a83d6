namespace Neptune.Language.Syntax;

/// <summary>Limits applied while lexing and parsing untrusted programs. Values are validated when set.</summary>
public sealed record SyntaxOptions
{
    private readonly int _maxDepth = 100;
    private readonly int _maxSourceLength = 1_000_000;
    private readonly int _maxTokens = 200_000;
    private readonly int _maxDiagnostics = 100;

    /// <summary>The default limits.</summary>
    public static SyntaxOptions Default { get; } = new();

    /// <summary>
    /// Maximum nesting of brackets, expressions and blocks (1 to 1,000; default 100). Deeper input yields NPT1005.
    /// Operator chains such as <c>a + b + c</c> and trailer chains such as <c>a.b.c</c> count one level per operator.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1 to 1,000.</exception>
    public int MaxDepth
    {
        get => _maxDepth;
        init => _maxDepth = Check(value, 1, 1_000);
    }

    /// <summary>Maximum source length in UTF-16 code units (default 1,000,000). Longer input yields NPT1006.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int MaxSourceLength
    {
        get => _maxSourceLength;
        init => _maxSourceLength = Check(value, 1, int.MaxValue);
    }

    /// <summary>Maximum number of tokens (default 200,000). More yields NPT1007.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int MaxTokens
    {
        get => _maxTokens;
        init => _maxTokens = Check(value, 1, int.MaxValue);
    }

    /// <summary>Maximum number of diagnostics reported before NPT1022 ends reporting (default 100).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int MaxDiagnostics
    {
        get => _maxDiagnostics;
        init => _maxDiagnostics = Check(value, 1, int.MaxValue);
    }

    private static int Check(int value, int min, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, min);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, max);
        return value;
    }
}
