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

    /// <summary>
    /// Scores a yes/no question for chosen tuples only (lazy evaluation asks for the cells that can change a result).
    /// A cell is a flat index into the tensor <see cref="ScoreAsync"/> would return over <paramref name="variables"/>
    /// (row-major, the first variable slowest); each value equals that tensor's cell. An empty request only checks
    /// that the question can be scored with this many variables, and costs no model call.
    /// </summary>
    /// <param name="question">The yes/no question.</param>
    /// <param name="variables">One variable name per object argument (1 to 3 of them).</param>
    /// <param name="cells">The flat cell indices to score.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>P(yes) of each requested cell, in request order.</returns>
    /// <remarks>
    /// The default implementation scores every tuple with <see cref="ScoreAsync"/> (and checks nothing for an empty
    /// request); perceptions that can score single tuples override it.
    /// </remarks>
    async ValueTask<float[]> ScoreTuplesAsync(string question, IReadOnlyList<string> variables, ReadOnlyMemory<int> cells, CancellationToken cancellationToken)
    {
        if (cells.IsEmpty)
        {
            return [];
        }

        SoftTensor all = await ScoreAsync(question, variables, cancellationToken).ConfigureAwait(false);
        var values = new float[cells.Length];
        ReadOnlySpan<float> source = all.Values;
        ReadOnlySpan<int> requested = cells.Span;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = source[requested[i]];
        }

        return values;
    }

    /// <summary>Asks an open question about one object and returns a short, normalised answer.</summary>
    /// <param name="question">The question.</param>
    /// <param name="objectIndex">The object, by domain index.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The answer text (lower case, trimmed).</returns>
    ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken);
}
