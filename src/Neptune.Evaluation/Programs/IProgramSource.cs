using Neptune.Clevr;

namespace Neptune.Evaluation.Programs;

/// <summary>Supplies the program that answers a question. Implementations are thread-safe.</summary>
public interface IProgramSource
{
    /// <summary>The source's configuration name (<c>gt</c>, <c>cache</c>), stored with the results.</summary>
    string Name { get; }

    /// <summary>Returns the program text for a question (a source that asks a model awaits it).</summary>
    /// <param name="question">The question.</param>
    /// <param name="cancellationToken">Cancels a request the source makes.</param>
    /// <returns>The program source text.</returns>
    /// <exception cref="ProgramSourceException">There is no program for the question; the question then fails with the exception's kind.</exception>
    ValueTask<string> GetProgramAsync(ClevrQuestion question, CancellationToken cancellationToken);
}

/// <summary>A program source has no program for one question. The question is recorded as a failure of <see cref="Kind"/>.</summary>
public sealed class ProgramSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">The failure kind (<see cref="FailureKinds.NoProgram"/>, <see cref="FailureKinds.Translation"/>).</param>
    /// <param name="message">Why there is no program.</param>
    /// <param name="error">The finer error code recorded beside the kind (e.g. <c>model_error:response_truncated</c>); the kind when null.</param>
    public ProgramSourceException(string kind, string message, string? error = null)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        Kind = kind;
        Error = error ?? kind;
    }

    /// <summary>The failure kind recorded for the question.</summary>
    public string Kind { get; }

    /// <summary>The error code recorded for the question (summaries count failures by it).</summary>
    public string Error { get; }
}
