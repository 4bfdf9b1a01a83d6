using Neptune.Clevr;
using Neptune.Clevr.Translation;

namespace Neptune.Evaluation.Programs;

/// <summary>Programs translated from each question's official functional program (<c>gt</c>).</summary>
public sealed class GroundTruthProgramSource : IProgramSource
{
    /// <summary>The shared instance; the source has no state.</summary>
    public static GroundTruthProgramSource Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "gt";

    /// <inheritdoc />
    /// <exception cref="ProgramSourceException">The question has no official program, or it cannot be translated.</exception>
    public string GetProgram(ClevrQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (question.Program.Count == 0)
        {
            throw new ProgramSourceException(FailureKinds.NoProgram, "the question has no official program to translate");
        }

        try
        {
            return ClevrProgramTranslator.Translate(question.Program);
        }
        catch (ClevrTranslationException e)
        {
            throw new ProgramSourceException(FailureKinds.Translation, e.Message);
        }
    }
}
