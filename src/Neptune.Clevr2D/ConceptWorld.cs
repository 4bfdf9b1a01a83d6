using Neptune.Clevr;
using Neptune.Clevr2D.Internal;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Clevr2D;

/// <summary>
/// The part of a <see cref="PixelWorld"/> that stays fixed while its concepts are learned: the detected objects, their
/// placements and the relation probabilities between them, copied once so that many <see cref="ConceptWorld"/>s over
/// one picture cost little. Immutable and thread-safe.
/// </summary>
public sealed class ConceptScene
{
    private readonly float[] _relations;
    private readonly ObjectPlacement[] _placements;

    /// <summary>Copies the objects and geometry of a perceived picture.</summary>
    /// <param name="world">The pixel perception of the picture.</param>
    public ConceptScene(PixelWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        Objects = world.Objects;
        int n = Objects.Count;
        _placements = new ObjectPlacement[n];
        _relations = new float[4 * n * n];
        for (int i = 0; i < n; i++)
        {
            _placements[i] = world.PlacementOf(i);
            for (int j = 0; j < n; j++)
            {
                for (int r = 0; r < 4; r++)
                {
                    _relations[(((r * n) + i) * n) + j] = world.RelationProbability(ToSpatial((ClevrRelation)r), i, j);
                }
            }
        }
    }

    /// <summary>The detected objects, in domain order.</summary>
    public IReadOnlyList<DetectedObject> Objects { get; }

    /// <summary>P(subject is <paramref name="relation"/> of reference), as the pixel perception gives it.</summary>
    /// <param name="relation">The relation.</param>
    /// <param name="subject">The object the relation is stated about.</param>
    /// <param name="reference">The reference object.</param>
    /// <returns>The probability; 0 when the two are the same object.</returns>
    public float Relation(ClevrRelation relation, int subject, int reference) =>
        _relations[((((int)relation * Objects.Count) + subject) * Objects.Count) + reference];

    internal ObjectPlacement PlacementOf(int objectIndex) => _placements[objectIndex];

    internal static SpatialRelation ToSpatial(ClevrRelation relation) => relation switch
    {
        ClevrRelation.Left => SpatialRelation.Left,
        ClevrRelation.Right => SpatialRelation.Right,
        ClevrRelation.Front => SpatialRelation.Front,
        _ => SpatialRelation.Behind,
    };
}

/// <summary>
/// Perception of a picture whose objects' attribute values are given (chosen by a concept scorer, or sampled from its
/// distributions while it learns), with the relations of the pixel perception. Thread-safe.
/// </summary>
/// <remarks>
/// Attribute questions are 1 when the object has every named value and 0 otherwise; same-attribute questions are 1 for
/// distinct objects with equal values; relations are the pixel perception's probabilities; queries return the value.
/// Tuples that repeat an object are 0. Geometry (<see cref="ISceneGeometry"/>) is the pixel perception's.
/// </remarks>
public sealed class ConceptWorld : IScenePerception, ISceneGeometry
{
    private readonly ConceptScene _scene;
    private readonly int[] _values;

    /// <summary>Creates the perception.</summary>
    /// <param name="scene">The objects and relations.</param>
    /// <param name="values">
    /// Object-major attribute value indices: object i's value of attribute a is <c>values[4 i + a]</c>, an index into
    /// <see cref="ClevrVocabulary.ValuesOf"/> (attributes in <see cref="ClevrAttribute"/> order). Not copied.
    /// </param>
    /// <exception cref="ArgumentException">The array does not hold four values per object, or a value is out of range.</exception>
    public ConceptWorld(ConceptScene scene, int[] values)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != 4 * scene.Objects.Count)
        {
            throw new ArgumentException($"{values.Length} attribute values for {scene.Objects.Count} objects; expected four per object", nameof(values));
        }

        for (int i = 0; i < values.Length; i++)
        {
            if ((uint)values[i] >= (uint)ClevrVocabulary.ValuesOf((ClevrAttribute)(i % 4)).Count)
            {
                throw new ArgumentException($"value {values[i]} of attribute {(ClevrAttribute)(i % 4)} of object {i / 4} is out of range", nameof(values));
            }
        }

        _scene = scene;
        _values = values;
    }

    /// <inheritdoc />
    public IReadOnlyList<DetectedObject> Objects => _scene.Objects;

    /// <inheritdoc />
    public int ImageWidth => ClevrRenderer.Width;

    /// <inheritdoc />
    public int ImageHeight => ClevrRenderer.Height;

    /// <summary>The value of an attribute of an object.</summary>
    /// <param name="objectIndex">The object.</param>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The value ("red", "cube", …).</returns>
    public string ValueOf(int objectIndex, ClevrAttribute attribute) =>
        ClevrVocabulary.ValueArray(attribute)[_values[(4 * objectIndex) + (int)attribute]];

    /// <inheritdoc />
    public ObjectPlacement PlacementOf(int objectIndex)
    {
        CheckIndex(objectIndex, "placement");
        return _scene.PlacementOf(objectIndex);
    }

    /// <inheritdoc />
    public float RelationProbability(SpatialRelation relation, int subject, int reference)
    {
        CheckIndex(subject, "relation");
        CheckIndex(reference, "relation");
        ClevrRelation? r = relation switch
        {
            SpatialRelation.Left => ClevrRelation.Left,
            SpatialRelation.Right => ClevrRelation.Right,
            SpatialRelation.Front => ClevrRelation.Front,
            SpatialRelation.Behind => ClevrRelation.Behind,
            _ => null,
        };
        return r is { } rel ? _scene.Relation(rel, subject, reference) : float.NaN;
    }

    /// <inheritdoc />
    /// <exception cref="PerceptionException">
    /// The question cannot be interpreted or is not a yes/no question (UninterpretableQuestion), or the number of
    /// variables differs from the number of objects the question is about (InvalidArgument).
    /// </exception>
    public ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(TupleScoring.Score(question, variables, _scene.Objects.Count, _ => Probability, out _));
    }

    /// <inheritdoc />
    /// <remarks>Only the requested tuples are scored; an empty request interprets the question.</remarks>
    /// <exception cref="PerceptionException">As <see cref="ScoreAsync"/>, or a cell outside the tensor (InvalidArgument).</exception>
    public ValueTask<float[]> ScoreTuplesAsync(string question, IReadOnlyList<string> variables, ReadOnlyMemory<int> cells, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(TupleScoring.ScoreCells(question, variables, _scene.Objects.Count, cells.Span, _ => Probability, out _));
    }

    /// <inheritdoc />
    /// <exception cref="PerceptionException">
    /// The question cannot be interpreted (UninterpretableQuestion), is about more than one object or the object index
    /// is out of range (InvalidArgument).
    /// </exception>
    public ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        cancellationToken.ThrowIfCancellationRequested();
        var q = DetectedObjects.InterpretQuery(question, objectIndex, _scene.Objects.Count);

        string answer = q.Kind == QuestionKind.Query
            ? ValueOf(objectIndex, q.Attribute)
            : Probability(q, [objectIndex]) >= 0.5f ? "yes" : "no";
        return ValueTask.FromResult(answer);
    }

    private float Probability(InterpretedQuestion q, ReadOnlySpan<int> tuple)
    {
        switch (q.Kind)
        {
            case QuestionKind.Attribute:
                foreach (var (attribute, value) in q.Values)
                {
                    if (!string.Equals(ValueOf(tuple[q.Subject], attribute), value, StringComparison.Ordinal))
                    {
                        return 0f;
                    }
                }

                return 1f;
            case QuestionKind.Relation:
                return _scene.Relation(q.Relation, tuple[q.Subject], tuple[q.Reference]);
            case QuestionKind.Same:
                return _values[(4 * tuple[q.Subject]) + (int)q.Attribute] == _values[(4 * tuple[q.Reference]) + (int)q.Attribute] ? 1f : 0f;
            default:
                return 0f;
        }
    }

    private void CheckIndex(int objectIndex, string what) => DetectedObjects.CheckIndex(objectIndex, _scene.Objects.Count, what);
}
