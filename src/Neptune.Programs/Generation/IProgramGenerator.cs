using Neptune.Language;

namespace Neptune.Programs.Generation;

/// <summary>Runs a freshly validated program on a sample image; returns its error, or null when it ran.</summary>
/// <param name="program">The prepared program.</param>
/// <returns>The runtime error, or null.</returns>
public delegate ProgramError? ProgramProbe(PreparedProgram program);

/// <summary>Turns a question into a validated program. Implementations are thread-safe; middleware (the cache) wraps a generator.</summary>
public interface IProgramGenerator
{
    /// <summary>Generates (or finds) the program for a question.</summary>
    /// <param name="question">The question or referring expression.</param>
    /// <param name="probe">Optionally runs each valid program on a sample image, so runtime errors can be repaired too.</param>
    /// <param name="cancellationToken">Cancels the generation.</param>
    /// <returns>The result; failures are values, not exceptions.</returns>
    Task<GenerationResult> GenerateAsync(string question, ProgramProbe? probe = null, CancellationToken cancellationToken = default);
}
