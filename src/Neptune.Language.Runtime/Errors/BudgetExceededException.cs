namespace Neptune.Language.Runtime;

/// <summary>The resource whose budget was exhausted.</summary>
public enum BudgetKind
{
    /// <summary>Interpreter steps (statements, loop iterations, elements visited by builtins).</summary>
    Steps = 0,
    /// <summary>Wall-clock time or cancellation.</summary>
    Time = 1,
    /// <summary>Nested function calls.</summary>
    CallDepth = 2,
    /// <summary>Total container elements allocated.</summary>
    Elements = 3,
    /// <summary>Length of a single string.</summary>
    StringLength = 4,
    /// <summary>Calls into host functions (vision model, detector).</summary>
    HostCalls = 5,
    /// <summary>Characters written by <c>print</c>.</summary>
    Output = 6,
    /// <summary>Bytes allocated by the program (strings, container elements, tensor cells).</summary>
    Memory = 7,
    /// <summary>Decimal digits of a single int.</summary>
    IntSize = 8,
}

/// <summary>
/// A resource limit was reached. This is not a Python exception: programs can never catch it, and the
/// interpreter aborts the run.
/// </summary>
public sealed class BudgetExceededException : NeptuneRuntimeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">The exhausted resource.</param>
    /// <param name="limit">The configured limit.</param>
    /// <param name="message">A human-readable explanation.</param>
    public BudgetExceededException(BudgetKind kind, long limit, string message)
        : base(message)
    {
        Kind = kind;
        Limit = limit;
    }

    /// <summary>The exhausted resource.</summary>
    public BudgetKind Kind { get; }

    /// <summary>The configured limit that was reached.</summary>
    public long Limit { get; }
}
