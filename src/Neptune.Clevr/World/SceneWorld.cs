using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Clevr;

/// <summary>
/// Perception of one CLEVR scene from its annotations: the scene's objects are the domain, and the questions of
/// <see cref="ClevrQuestions"/> (and their paraphrases) are answered from the annotated attributes and relationships,
/// optionally through a seeded <see cref="NoiseOptions"/> model of an imperfect VLM. Thread-safe.
/// </summary>
/// <remarks>
/// Semantics: attribute questions are 1 when the object has the value(s); "x is R of y" is 1 iff
/// x ∈ relationships[R][y]; same-attribute questions are 1 for distinct objects with equal values; every tuple that
/// repeats an object is 0. Object boxes come from <see cref="ClevrGeometry.BoxOf"/>; labels are "object", so that a
/// program learns attributes only through (possibly noisy) questions.
/// Geometry (<see cref="ISceneGeometry"/>): an object's centre and depth are its <c>pixel_coords</c>; left, right,
/// front and behind are the annotated relationships (exact, not affected by the noise model); above and below are
/// left to the boxes.
/// </remarks>
public sealed class SceneWorld : IScenePerception, ISceneGeometry
{
    private readonly NoiseModel _noise;
    private readonly ScoringCounter _own = new();
    private readonly ScoringCounter? _shared;
    private readonly DetectedObject[] _objects;

    /// <summary>Creates the world of a scene.</summary>
    /// <param name="scene">The scene.</param>
    /// <param name="noise">The noise model; null for exact scores.</param>
    /// <param name="sharedCounter">A counter shared with other worlds, also incremented by this one; optional.</param>
    /// <exception cref="ArgumentOutOfRangeException">The noise options are out of range.</exception>
    public SceneWorld(ClevrScene scene, NoiseOptions? noise = null, ScoringCounter? sharedCounter = null)
    {
        ArgumentNullException.ThrowIfNull(scene);
        Scene = scene;
        Noise = noise ?? NoiseOptions.None;
        _noise = new NoiseModel(Noise, scene.ImageIndex);
        _shared = sharedCounter;
        _objects = new DetectedObject[scene.Objects.Count];
        for (int i = 0; i < _objects.Length; i++)
        {
            _objects[i] = new DetectedObject(i, ClevrGeometry.BoxOf(scene.Objects[i]), "object", 1f);
        }
    }

    /// <summary>The scene.</summary>
    public ClevrScene Scene { get; }

    /// <summary>The noise options in force.</summary>
    public NoiseOptions Noise { get; }

    /// <inheritdoc />
    public IReadOnlyList<DetectedObject> Objects => _objects;

    /// <inheritdoc />
    public int ImageWidth => ClevrGeometry.ImageWidth;

    /// <inheritdoc />
    public int ImageHeight => ClevrGeometry.ImageHeight;

    /// <inheritdoc />
    public ObjectPlacement PlacementOf(int objectIndex)
    {
        ClevrPixelCoordinates p = Scene.Objects[objectIndex].PixelCoordinates;
        return new ObjectPlacement((float)p.X, (float)p.Y, (float)p.Depth);
    }

    /// <inheritdoc />
    public float RelationProbability(SpatialRelation relation, int subject, int reference)
    {
        ClevrRelation? r = relation switch
        {
            SpatialRelation.Left => ClevrRelation.Left,
            SpatialRelation.Right => ClevrRelation.Right,
            SpatialRelation.Front => ClevrRelation.Front,
            SpatialRelation.Behind => ClevrRelation.Behind,
            _ => null,
        };
        return r is { } rel ? (subject != reference && Scene.Relationships.Holds(rel, subject, reference) ? 1f : 0f) : float.NaN;
    }

    /// <summary>The number of successful score requests to this world.</summary>
    public long ScoreCalls => _own.ScoreCalls;

    /// <summary>The number of tuples of distinct objects this world has scored.</summary>
    public long ScoredTuples => _own.ScoredTuples;

    /// <summary>The number of successful query requests to this world.</summary>
    public long QueryCalls => _own.QueryCalls;

    /// <inheritdoc />
    /// <exception cref="PerceptionException">
    /// The question cannot be interpreted or is not a yes/no question (UninterpretableQuestion), or the number of
    /// variables differs from the number of objects the question is about (InvalidArgument).
    /// </exception>
    public ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SoftTensor result = TupleScoring.Score(question, variables, _objects.Length, q =>
        {
            ulong key = _noise.QuestionKey(q.Canonical);
            return (question, tuple) => _noise.Score(question.Holds(Scene, tuple), key, tuple);
        }, out long scored);
        _own.AddScore(scored);
        _shared?.AddScore(scored);
        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    /// <remarks>Only the requested tuples are scored (and counted); an empty request interprets the question.</remarks>
    /// <exception cref="PerceptionException">As <see cref="ScoreAsync"/>, or a cell outside the tensor (InvalidArgument).</exception>
    public ValueTask<float[]> ScoreTuplesAsync(string question, IReadOnlyList<string> variables, ReadOnlyMemory<int> cells, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        float[] result = TupleScoring.ScoreCells(question, variables, _objects.Length, cells.Span, q =>
        {
            ulong key = _noise.QuestionKey(q.Canonical);
            return (question, tuple) => _noise.Score(question.Holds(Scene, tuple), key, tuple);
        }, out long scored);
        _own.AddScore(scored);
        _shared?.AddScore(scored);
        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Attribute queries return the official value ("red", "cube", "metal", "large"); a yes/no attribute question
    /// returns "yes" or "no". Under noise a query is answered wrongly with probability FlipRate.
    /// </remarks>
    /// <exception cref="PerceptionException">
    /// The question cannot be interpreted or is about more than one object (UninterpretableQuestion / InvalidArgument),
    /// or the object index is out of range (InvalidArgument).
    /// </exception>
    public ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        cancellationToken.ThrowIfCancellationRequested();
        var q = QuestionInterpreter.Interpret(question);
        if ((uint)objectIndex >= (uint)_objects.Length)
        {
            throw new PerceptionException(
                PerceptionErrorKind.InvalidArgument,
                $"object index {objectIndex} is out of range for question '{question}' (the scene has {_objects.Length} objects)");
        }

        if (q.Arity != 1)
        {
            throw new PerceptionException(
                PerceptionErrorKind.InvalidArgument, $"question '{question}' is about {q.Arity} objects, but a query names one");
        }

        ulong key = _noise.QuestionKey(q.Canonical);
        string answer;
        if (q.Kind == QuestionKind.Query)
        {
            string truth = Scene.Objects[objectIndex].Get(q.Attribute);
            answer = _noise.Answer(truth, ClevrVocabulary.ValuesOf(q.Attribute), key, objectIndex);
        }
        else
        {
            Span<int> tuple = [objectIndex];
            answer = _noise.Score(q.Holds(Scene, tuple), key, tuple) >= 0.5f ? "yes" : "no";
        }

        _own.AddQuery();
        _shared?.AddQuery();
        return ValueTask.FromResult(answer);
    }

}
