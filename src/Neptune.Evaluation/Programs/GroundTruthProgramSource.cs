using Neptune.Clevr;
using Neptune.Clevr.Translation;

namespace Neptune.Evaluation.Programs;

/// <summary>Programs translated from each question's official functional program (<c>gt</c>).</summary>
public sealed class GroundTruthProgramSource : IProgramSource
{
    private readonly bool _operators;

    private GroundTruthProgramSource(bool operators) => _operators = operators;

    /// <summary>The shared instance: official programs in soft logic; the source has no state.</summary>
    public static GroundTruthProgramSource Instance { get; } = new(operators: false);

    /// <summary>Official referring-expression programs in VIRO's verified-operator shape (<c>FIND</c> ... <c>RESULT</c>).</summary>
    public static GroundTruthProgramSource Operators { get; } = new(operators: true);

    /// <inheritdoc />
    public string Name => "gt";

    /// <summary>Returns the program text for a question.</summary>
    /// <param name="question">The question.</param>
    /// <returns>The program source text.</returns>
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
            return _operators ? ClevrProgramTranslator.TranslateOperators(question.Program) : ClevrProgramTranslator.Translate(question.Program);
        }
        catch (ClevrTranslationException e)
        {
            throw new ProgramSourceException(FailureKinds.Translation, e.Message);
        }
    }

    /// <inheritdoc />
    public ValueTask<string> GetProgramAsync(ClevrQuestion question, CancellationToken cancellationToken) => new(GetProgram(question));
}
