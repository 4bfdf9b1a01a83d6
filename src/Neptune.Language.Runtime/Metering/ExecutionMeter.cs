using System.Numerics;
using System.Text;

namespace Neptune.Language.Runtime;

/// <summary>
/// Per-run resource accounting. Every operation that allocates or loops checks its budget here
/// <em>before</em> doing the work, and throws <see cref="BudgetExceededException"/> when a limit would be exceeded.
/// Not thread-safe: one meter belongs to one run.
/// </summary>
public sealed class ExecutionMeter
{
    private const int TimeCheckInterval = 1024;

    /// <summary>Bytes charged for each container element or tensor cell: a reference slot, its share of the backing
    /// array's growth, and the boxed value it usually holds.</summary>
    public const int ElementBytes = 64;

    /// <summary>Bytes charged for each new dict or set entry: the hash index, the ordered entry, the key's box and
    /// the tables' share of growth.</summary>
    public const int EntryBytes = 160;

    /// <summary>Bytes charged for each string besides its characters (object headers and length).</summary>
    public const int StringOverheadBytes = 64;

    /// <summary>Bytes charged for each int beyond 64 bits besides its 32-bit words (object, array and headers).</summary>
    public const int BigIntOverheadBytes = 64;

    private const double Log10Of2 = 0.30102999566398120;

    private readonly TimeProvider _time;
    private readonly long _intDigitsMinBits;
    private BigInteger? _intDigitsBound;
    private long _deadline;
    private int _untilTimeCheck = TimeCheckInterval;

    /// <summary>Creates a meter and starts its clock.</summary>
    /// <param name="limits">The limits; validated here.</param>
    /// <param name="output">Where <c>print</c> writes; <see langword="null"/> keeps output in <see cref="OutputText"/>.</param>
    /// <param name="timeProvider">Clock for the timeout; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="cancellationToken">Aborts the run when cancelled.</param>
    public ExecutionMeter(
        ExecutionLimits? limits = null,
        TextWriter? output = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        Limits = limits ?? ExecutionLimits.Default;
        Limits.Validate();
        _time = timeProvider ?? TimeProvider.System;
        Output = output ?? new StringWriter(new StringBuilder(), System.Globalization.CultureInfo.InvariantCulture);
        CancellationToken = cancellationToken;
        // 10^N has M + 1 bits, M = floor(N·log2 10): magnitudes of fewer than M - 1 bits are within the budget, those
        // of more than M + 2 bits beyond it (a margin for rounding in M); in between the exact bound decides.
        _intDigitsMinBits = (long)Math.Floor(Limits.MaxIntDigits / Log10Of2) - 1;
        Reset();
    }

    /// <summary>The limits this meter enforces.</summary>
    public ExecutionLimits Limits { get; }

    /// <summary>Token that aborts the run with <see cref="BudgetKind.Time"/>.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The sink <c>print</c> writes to.</summary>
    public TextWriter Output { get; }

    /// <summary>Everything printed so far when the meter owns its output buffer; otherwise empty.</summary>
    public string OutputText => Output is StringWriter sw ? sw.ToString() : string.Empty;

    /// <summary>Steps charged so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Container elements allocated so far.</summary>
    public long Elements { get; private set; }

    /// <summary>Bytes charged to the memory budget so far.</summary>
    public long MemoryBytes { get; private set; }

    /// <summary>Characters printed so far.</summary>
    public long OutputChars { get; private set; }

    /// <summary>Host calls charged so far.</summary>
    public long HostCalls { get; private set; }

    /// <summary>Current call nesting.</summary>
    public int CallDepth { get; private set; }

    /// <summary>Zeroes every counter and restarts the clock.</summary>
    public void Reset()
    {
        Steps = 0;
        Elements = 0;
        MemoryBytes = 0;
        OutputChars = 0;
        HostCalls = 0;
        CallDepth = 0;
        _untilTimeCheck = TimeCheckInterval;
        var ticks = (long)(Limits.Timeout.TotalSeconds * _time.TimestampFrequency);
        _deadline = ticks <= 0 || ticks > long.MaxValue / 2 ? long.MaxValue : _time.GetTimestamp() + ticks;
    }

    /// <summary>Charges one step; checks time and cancellation periodically.</summary>
    public void Step()
    {
        if (++Steps > Limits.MaxSteps)
        {
            Steps = Limits.MaxSteps;
            throw new BudgetExceededException(BudgetKind.Steps, Limits.MaxSteps, $"step budget of {Limits.MaxSteps} exhausted");
        }

        if (--_untilTimeCheck <= 0)
        {
            _untilTimeCheck = TimeCheckInterval;
            CheckTime();
        }
    }

    /// <summary>Charges <paramref name="count"/> steps at once.</summary>
    /// <param name="count">Number of steps; non-negative.</param>
    public void Step(long count)
    {
        if (count < 0 || count > Limits.MaxSteps - Steps)
        {
            Steps = Limits.MaxSteps;
            throw new BudgetExceededException(BudgetKind.Steps, Limits.MaxSteps, $"step budget of {Limits.MaxSteps} exhausted");
        }

        Steps += count;
        _untilTimeCheck -= (int)Math.Min(count, TimeCheckInterval);
        if (_untilTimeCheck <= 0)
        {
            _untilTimeCheck = TimeCheckInterval;
            CheckTime();
        }
    }

    /// <summary>Throws if the run is cancelled or past its deadline.</summary>
    public void CheckTime()
    {
        if (CancellationToken.IsCancellationRequested)
        {
            throw new BudgetExceededException(BudgetKind.Time, (long)Limits.Timeout.TotalMilliseconds, "execution was cancelled");
        }

        if (_time.GetTimestamp() > _deadline)
        {
            throw new BudgetExceededException(
                BudgetKind.Time,
                (long)Limits.Timeout.TotalMilliseconds,
                $"time budget of {Limits.Timeout.TotalMilliseconds:0} ms exhausted");
        }
    }

    /// <summary>Enters a function call; pair with <see cref="ExitCall"/>.</summary>
    public void EnterCall()
    {
        if (CallDepth >= Limits.MaxCallDepth)
        {
            throw new BudgetExceededException(BudgetKind.CallDepth, Limits.MaxCallDepth, $"call depth limit of {Limits.MaxCallDepth} reached");
        }

        CallDepth++;
    }

    /// <summary>Leaves a function call entered with <see cref="EnterCall"/>.</summary>
    public void ExitCall()
    {
        if (CallDepth > 0)
        {
            CallDepth--;
        }
    }

    /// <summary>Charges one call into a host function.</summary>
    public void ChargeHostCall()
    {
        if (HostCalls >= Limits.MaxHostCalls)
        {
            throw new BudgetExceededException(BudgetKind.HostCalls, Limits.MaxHostCalls, $"host call budget of {Limits.MaxHostCalls} exhausted");
        }

        HostCalls++;
    }

    /// <summary>Charges <paramref name="count"/> container elements about to be allocated.</summary>
    /// <param name="count">Number of elements; non-negative.</param>
    public void ChargeElements(long count)
    {
        if (count < 0 || count > Limits.MaxElements - Elements)
        {
            throw new BudgetExceededException(
                BudgetKind.Elements,
                Limits.MaxElements,
                $"element budget of {Limits.MaxElements} exhausted (requested {count}, {Elements} already allocated)");
        }

        ChargeMemory(count > long.MaxValue / ElementBytes ? long.MaxValue : count * ElementBytes);
        Elements += count;
    }

    /// <summary>Charges <paramref name="count"/> dict or set entries about to be added: elements, and
    /// <see cref="EntryBytes"/> each of memory.</summary>
    /// <param name="count">Number of entries; non-negative.</param>
    public void ChargeEntries(long count)
    {
        ChargeElements(count);
        ChargeMemory(count > long.MaxValue / EntryBytes ? long.MaxValue : count * (EntryBytes - ElementBytes));
    }

    /// <summary>Charges <paramref name="bytes"/> about to be allocated to the memory budget.</summary>
    /// <param name="bytes">Number of bytes; non-negative.</param>
    public void ChargeMemory(long bytes)
    {
        if (bytes < 0 || bytes > Limits.MaxMemoryBytes - MemoryBytes)
        {
            throw new BudgetExceededException(
                BudgetKind.Memory,
                Limits.MaxMemoryBytes,
                $"memory budget of {FormatBytes(Limits.MaxMemoryBytes)} exhausted ({FormatBytes(MemoryBytes)} allocated over the run, {FormatBytes(bytes)} more requested)");
        }

        MemoryBytes += bytes;
    }

    /// <summary>
    /// Checks the length of a string about to be created and charges its bytes to the memory budget.
    /// Strings of at most one character are shared and cost nothing.
    /// </summary>
    /// <param name="length">The new string's length in characters.</param>
    public void ChargeString(long length)
    {
        CheckStringLength(length);
        if (length > 1)
        {
            ChargeMemory(StringOverheadBytes + (2 * length));
        }
    }

    /// <summary>Throws if a string of <paramref name="length"/> characters may not be created.</summary>
    /// <param name="length">The prospective length.</param>
    public void CheckStringLength(long length)
    {
        if (length < 0 || length > Limits.MaxStringLength)
        {
            throw new BudgetExceededException(
                BudgetKind.StringLength,
                Limits.MaxStringLength,
                $"string of length {length} exceeds the limit of {Limits.MaxStringLength} characters");
        }
    }

    /// <summary>
    /// Checks an int result beyond 64 bits against the int-size budget and charges its bytes
    /// (<see cref="BigIntOverheadBytes"/> plus four per 32-bit word) to the memory budget.
    /// </summary>
    /// <param name="value">The value about to be stored.</param>
    public void ChargeInt(BigInteger value)
    {
        var bits = BigInteger.Abs(value).GetBitLength();
        CheckIntBits(bits);
        if (bits >= _intDigitsMinBits && BigInteger.Abs(value) >= IntDigitsBound())
        {
            throw IntSizeExceeded(bits);
        }

        ChargeMemory(BigIntOverheadBytes + (4 * ((bits + 31) / 32)));
    }

    /// <summary>
    /// Throws when an int whose magnitude has at least <paramref name="bits"/> bits would exceed the int-size budget:
    /// the check made before computing a product, power or shift, so that the work is never done.
    /// </summary>
    /// <param name="bits">A lower bound on the bit length of the result.</param>
    public void CheckIntBits(long bits)
    {
        if (bits > _intDigitsMinBits + 3)
        {
            throw IntSizeExceeded(bits);
        }
    }

    private BigInteger IntDigitsBound() => _intDigitsBound ??= BigInteger.Pow(10, Limits.MaxIntDigits);

    private BudgetExceededException IntSizeExceeded(long bits) => new(
        BudgetKind.IntSize,
        Limits.MaxIntDigits,
        string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"int of about {(long)Math.Ceiling(bits * Log10Of2):N0} digits exceeds the int-size budget of {Limits.MaxIntDigits:N0} digits"));


    private static string FormatBytes(long bytes) =>
        bytes >= 1024 * 1024
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.##} MB")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes} bytes");

    /// <summary>Writes program output, charging the output budget first.</summary>
    /// <param name="text">The text to write.</param>
    public void WriteOutput(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > Limits.MaxOutputChars - OutputChars)
        {
            throw new BudgetExceededException(BudgetKind.Output, Limits.MaxOutputChars, $"output budget of {Limits.MaxOutputChars} characters exhausted");
        }

        OutputChars += text.Length;
        Output.Write(text);
    }
}
