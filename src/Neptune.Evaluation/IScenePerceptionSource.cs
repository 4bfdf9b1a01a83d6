using Neptune.Clevr;
using Neptune.Perception;

namespace Neptune.Evaluation;

/// <summary>
/// Perception supplied by the caller for <see cref="PerceptionKind.Vlm"/> runs (the CLI builds it from a vision config),
/// so the evaluation layer needs no model-client dependencies. Implementations are thread-safe.
/// </summary>
public interface IScenePerceptionSource
{
    /// <summary>The perception of one scene for one question.</summary>
    /// <param name="scene">The scene.</param>
    /// <returns>The perception and a reader of the tuples it scored.</returns>
    /// <exception cref="PerceptionException">The scene's image cannot be read.</exception>
    PerceivedScene For(ClevrScene scene);
}

/// <summary>A scene's perception for one question.</summary>
/// <param name="Perception">The perception to run the program with.</param>
/// <param name="ScoredTuples">Reads the number of tuples scored so far.</param>
/// <param name="Calls">Reads the model calls made so far; when null the run counts them as for scene perception (each scored tuple and query one request, each host call that needs one a round trip).</param>
public sealed record PerceivedScene(IScenePerception Perception, Func<long> ScoredTuples, Func<PerceptionCalls>? Calls = null);
