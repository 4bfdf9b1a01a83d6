namespace Neptune.Language.Runtime;

/// <summary>
/// Resource limits for one program run. Every limit is finite: programs are untrusted.
/// Instances are immutable; <see cref="Validate"/> runs when a meter is built from them.
/// </summary>
public sealed record ExecutionLimits
{
    /// <summary>Defaults suited to short visual-reasoning programs.</summary>
    public static ExecutionLimits Default { get; } = new();

    /// <summary>Maximum interpreter steps (statements, loop iterations, elements visited by builtins).</summary>
    public long MaxSteps { get; init; } = 10_000_000;

    /// <summary>Maximum wall-clock time of one run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Maximum nesting of function calls.</summary>
    public int MaxCallDepth { get; init; } = 200;

    /// <summary>Maximum number of container elements allocated over the whole run (cumulative).</summary>
    public long MaxElements { get; init; } = 10_000_000;

    /// <summary>
    /// Maximum bytes the program may allocate over the whole run (cumulative, garbage included): each string costs
    /// <see cref="ExecutionMeter.StringOverheadBytes"/> plus two bytes per character, each list or tuple element or
    /// tensor cell <see cref="ExecutionMeter.ElementBytes"/>, each dict or set entry <see cref="ExecutionMeter.EntryBytes"/>.
    /// </summary>
    public long MaxMemoryBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Maximum length, in characters, of any single string.</summary>
    public int MaxStringLength { get; init; } = 1_000_000;

    /// <summary>
    /// Maximum number of decimal digits of any single int (CPython's default limit for int/str conversion, here a
    /// limit on every int result, so that <c>10 ** 10 ** 10</c> fails at once instead of exhausting memory).
    /// </summary>
    public int MaxIntDigits { get; init; } = 4300;

    /// <summary>Maximum number of calls into host functions.</summary>
    public long MaxHostCalls { get; init; } = 100_000;

    /// <summary>Maximum number of characters <c>print</c> may write.</summary>
    public long MaxOutputChars { get; init; } = 1_000_000;

    /// <summary>Checks that every limit is positive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSteps);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxCallDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxElements);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxMemoryBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxStringLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxIntDigits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxHostCalls);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxOutputChars);
    }
}
