namespace Neptune.Language.Runtime;

/// <summary>A position in program source: 1-based line and column.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Column">1-based column number.</param>
public readonly record struct SourceLocation(int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"({Line},{Column})";
}

/// <summary>
/// Root of every error raised while a program runs. The two concrete families are
/// <see cref="PyException"/> (a Python-level error a program may catch) and
/// <see cref="BudgetExceededException"/> (a resource limit, never catchable by programs).
/// </summary>
public abstract class NeptuneRuntimeException : Exception
{
    private protected NeptuneRuntimeException(string message)
        : base(message)
    {
    }

    /// <summary>Where in the program the error was raised, once the interpreter has attached it.</summary>
    public SourceLocation? Location { get; set; }

    /// <summary>Attaches <paramref name="location"/> unless a location is already known, and returns this exception.</summary>
    /// <param name="location">The source position of the failing operation.</param>
    /// <returns>This instance, for <c>throw ex.WithLocation(...)</c>.</returns>
    public NeptuneRuntimeException WithLocation(SourceLocation location)
    {
        Location ??= location;
        return this;
    }
}
