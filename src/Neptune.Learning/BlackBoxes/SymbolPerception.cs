using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Learning.BlackBoxes;

/// <summary>
/// The perception a program sees when its inputs are symbols: one object per input position, and
/// <c>query(question, i)</c> answers with the name of position <c>i</c>'s symbol whatever the question. Yes/no
/// questions have no answer here (a typed perception error).
/// </summary>
public sealed class SymbolPerception : IScenePerception
{
    private readonly string[] _answers;

    /// <summary>Creates the perception of one symbol tuple.</summary>
    /// <param name="answers">The symbol name of each input position.</param>
    public SymbolPerception(string[] answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        _answers = answers;
        var objects = new DetectedObject[answers.Length];
        for (int i = 0; i < objects.Length; i++)
        {
            objects[i] = new DetectedObject(i, new BoundingBox(i, 0, i + 1, 1), "input");
        }

        Objects = objects;
    }

    /// <inheritdoc />
    public IReadOnlyList<DetectedObject> Objects { get; }

    /// <inheritdoc />
    public ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken) =>
        throw new PerceptionException(PerceptionErrorKind.UninterpretableQuestion, $"'{question}': symbol inputs answer open questions (query) only, not yes/no scores");

    /// <inheritdoc />
    public ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken)
    {
        if ((uint)objectIndex >= (uint)_answers.Length)
        {
            throw new PerceptionException(PerceptionErrorKind.InvalidArgument, $"'{question}': there is no input {objectIndex} (the program has {_answers.Length})");
        }

        return ValueTask.FromResult(_answers[objectIndex]);
    }
}
