using Neptune.Logic;

namespace Neptune.Perception;

/// <summary>
/// Perception of one scene (one image): its objects form the domain that soft tensors range over, and questions about
/// objects get probabilities (<see cref="ScoreAsync"/>) or short answers (<see cref="QueryAsync"/>).
/// Implementations are a scene-annotation world, pixel perception, or a vision-language model server.
/// </summary>
/// <remarks>
/// Implementations must be safe to call concurrently. A question the implementation cannot interpret is a
/// <see cref="PerceptionException"/> naming the question, never a guessed score.
/// </remarks>
public interface IScenePerception
{
    /// <summary>The objects of the scene, in domain order.</summary>
    IReadOnlyList<DetectedObject> Objects { get; }

    /// <summary>
    /// Scores a yes/no question about every tuple of distinct objects. The question refers to the tuple's objects in
    /// order ("the object in the red box" is the first, "green" the second, "blue" the third).
    /// </summary>
    /// <param name="question">The yes/no question.</param>
    /// <param name="variables">One variable name per object argument (1 to 3 of them); the result has these axes.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>P(yes) for every tuple; tuples that repeat an object are 0.</returns>
    ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken);

    /// <summary>Asks an open question about one object and returns a short, normalised answer.</summary>
    /// <param name="question">The question.</param>
    /// <param name="objectIndex">The object, by domain index.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The answer text (lower case, trimmed).</returns>
    ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken);
}
