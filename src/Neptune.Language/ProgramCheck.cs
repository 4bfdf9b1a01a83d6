using Neptune.Language.Syntax;

namespace Neptune.Language;

/// <summary>The outcome of <see cref="ProgramEngine.Check"/>: diagnostics and, when the program is valid, the prepared program.</summary>
public sealed class ProgramCheck
{
    internal ProgramCheck(IReadOnlyList<Diagnostic> diagnostics, PreparedProgram? program)
    {
        Diagnostics = diagnostics;
        Program = program;
        bool valid = true;
        foreach (Diagnostic d in diagnostics)
        {
            if (d.IsError)
            {
                valid = false;
                break;
            }
        }

        IsValid = valid && program is not null;
    }

    /// <summary>Whether the program has no error-severity diagnostics.</summary>
    public bool IsValid { get; }

    /// <summary>Syntax (NPT1xxx) and validation (NPT2xxx) diagnostics, sorted by position.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The prepared program; non-null exactly when <see cref="IsValid"/>.</summary>
    public PreparedProgram? Program { get; }
}

/// <summary>Thrown by <see cref="ProgramEngine.Prepare"/> for a program with syntax or validation errors.</summary>
public sealed class ProgramValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="diagnostics">The diagnostics, sorted by position.</param>
    public ProgramValidationException(IReadOnlyList<Diagnostic> diagnostics)
        : base(BuildMessage(diagnostics))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>The diagnostics, sorted by position.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    private static string BuildMessage(IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        int errors = 0;
        Diagnostic? first = null;
        foreach (Diagnostic d in diagnostics)
        {
            if (d.IsError)
            {
                errors++;
                first ??= d;
            }
        }

        return first is null
            ? "The program is invalid."
            : $"The program is invalid ({errors} error{(errors == 1 ? "" : "s")}); first: {first}";
    }
}
