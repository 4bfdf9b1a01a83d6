namespace Neptune.Language.Runtime;

/// <summary>
/// A library primitive ended the run early with a result (a referring-expression operator that abstains ends the
/// program with "no target"). Not a Python exception: programs cannot catch it; the run succeeds with
/// <see cref="Result"/> as its value.
/// </summary>
public sealed class ProgramExitException : NeptuneRuntimeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="result">The run's result.</param>
    /// <param name="message">Why the run ended early.</param>
    public ProgramExitException(PyObject result, string message)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
    }

    /// <summary>The value the run returns.</summary>
    public PyObject Result { get; }
}
