using Neptune.Clevr;
using Neptune.Clevr2D.Internal;
using Neptune.Imaging;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Clevr2D;

/// <summary>
/// Perception of one CLEVR-2D picture from its pixels alone: the objects found by <see cref="ClevrDetector"/> are the
/// domain, and the questions of <see cref="ClevrQuestions"/> (and their paraphrases, as understood by
/// <see cref="SceneWorld"/>) get calibrated probabilities. Thread-safe; all estimates are made once, on construction.
/// </summary>
/// <remarks>
/// <para>Attributes: color is the smoothed share of the object's pixels whose color fit (a CLEVR color under shading,
/// plus a neutral highlight or edge blend) is best for each color; shape comes from the silhouette (the width of its
/// top, its aspect and how much of its box it fills), material from highlight and shading statistics, both as
/// naive-Bayes posteriors over prototypes; size from the image radius normalised by the depth recovered from the
/// CLEVR camera, through a logistic. A question naming several values is the product of their probabilities.</para>
/// <para>Relations: each object's ground position is recovered from its box through the camera; "x left of y" is
/// σ((lateral(y) − lateral(x)) / s) and "x in front of y" is σ((forward(y) − forward(x)) / s), right and behind the
/// mirror images. Same-attribute questions are Σ p₁(v) · p₂(v). Tuples that repeat an object are 0.</para>
/// <para>Queries return the most probable value; yes/no questions asked as queries are "yes" when P ≥ 0.5.</para>
/// <para>Geometry (<see cref="ISceneGeometry"/>): centres are the box centres, depth is the camera depth recovered
/// from the box; left, right, front and behind are the relation probabilities above; above and below are left to
/// the boxes.</para>
/// </remarks>
public sealed class PixelWorld : IScenePerception, ISceneGeometry
{
    internal const float LateralScale = 0.08f;
    internal const float ForwardScale = 0.12f;

    private readonly ScoringCounter _own = new();
    private readonly ScoringCounter? _shared;
    private readonly DetectedObject[] _objects;
    private readonly ObjectEstimate[] _estimates;

    /// <summary>Perceives a picture.</summary>
    /// <param name="image">A 480×320 CLEVR-2D picture.</param>
    /// <param name="sharedCounter">A counter shared with other worlds, also incremented by this one; optional.</param>
    /// <exception cref="PerceptionException">The picture is not 480×320 (InvalidImage).</exception>
    public PixelWorld(RgbaImage image, ScoringCounter? sharedCounter = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width != ClevrRenderer.Width || image.Height != ClevrRenderer.Height)
        {
            throw new PerceptionException(
                PerceptionErrorKind.InvalidImage,
                $"a CLEVR-2D picture is {ClevrRenderer.Width}×{ClevrRenderer.Height} pixels, but this one is {image.Width}×{image.Height}");
        }

        _shared = sharedCounter;
        _objects = ClevrDetector.Detect(Segmentation.Run(image), image.Pixels, out _estimates);
    }

    /// <inheritdoc />
    public IReadOnlyList<DetectedObject> Objects => _objects;

    /// <inheritdoc />
    public int ImageWidth => ClevrRenderer.Width;

    /// <inheritdoc />
    public int ImageHeight => ClevrRenderer.Height;

    /// <inheritdoc />
    public ObjectPlacement PlacementOf(int objectIndex)
    {
        CheckIndex(objectIndex, "placement");
        BoundingBox b = _objects[objectIndex].Box;
        return new ObjectPlacement(b.CenterX, b.CenterY, _estimates[objectIndex].Depth);
    }

    /// <inheritdoc />
    public float RelationProbability(SpatialRelation relation, int subject, int reference)
    {
        CheckIndex(subject, "relation");
        CheckIndex(reference, "relation");
        if (subject == reference)
        {
            return 0f;
        }

        ClevrRelation? r = relation switch
        {
            SpatialRelation.Left => ClevrRelation.Left,
            SpatialRelation.Right => ClevrRelation.Right,
            SpatialRelation.Front => ClevrRelation.Front,
            SpatialRelation.Behind => ClevrRelation.Behind,
            _ => null,
        };
        return r is { } rel ? RelationProbability(rel, _estimates[subject], _estimates[reference]) : float.NaN;
    }

    /// <summary>The number of successful score requests to this world.</summary>
    public long ScoreCalls => _own.ScoreCalls;

    /// <summary>The number of tuples of distinct objects this world has scored.</summary>
    public long ScoredTuples => _own.ScoredTuples;

    /// <summary>The number of successful query requests to this world.</summary>
    public long QueryCalls => _own.QueryCalls;

    /// <summary>The estimated distribution over an attribute's values for one object.</summary>
    /// <param name="objectIndex">The object, by domain index.</param>
    /// <param name="attribute">The attribute.</param>
    /// <returns>Probabilities in the order of <see cref="ClevrVocabulary.ValuesOf"/>; they sum to 1.</returns>
    /// <exception cref="PerceptionException">The index is out of range (InvalidArgument).</exception>
    public IReadOnlyList<float> Distribution(int objectIndex, ClevrAttribute attribute)
    {
        CheckIndex(objectIndex, "distribution");
        return _estimates[objectIndex].Distribution(attribute).ToArray();
    }

    /// <summary>The number of values <see cref="ConceptFeatures"/> gives per object.</summary>
    public const int ConceptFeatureCount = 16;

    /// <summary>
    /// The measurements the attribute estimates of one object are made from, as a vector a learned concept scorer can
    /// read: the smoothed share of the object's pixel votes for each of the eight colors (vocabulary order), then the
    /// silhouette's top width, aspect and fill, the highlight fraction, dark ratio and contrast of its interior
    /// luminance, the logarithm of its world radius recovered through the camera, and the fill of the lower half of its
    /// box. The untouched scorer reads
    /// the same measurements through fixed prototypes.
    /// </summary>
    /// <param name="objectIndex">The object, by domain index.</param>
    /// <returns><see cref="ConceptFeatureCount"/> values.</returns>
    /// <exception cref="PerceptionException">The index is out of range (InvalidArgument).</exception>
    public float[] ConceptFeatures(int objectIndex)
    {
        CheckIndex(objectIndex, "concept features");
        var e = _estimates[objectIndex];
        var f = e.Features;
        var values = new float[ConceptFeatureCount];
        e.Distribution(ClevrAttribute.Color).CopyTo(values);
        values[8] = f.TopWidth;
        values[9] = f.Aspect;
        values[10] = f.Fill;
        values[11] = f.HighlightFraction;
        values[12] = f.DarkRatio;
        values[13] = f.Contrast;
        values[14] = MathF.Log(MathF.Max(e.WorldRadius, 1e-3f));
        values[15] = f.BottomFill;
        return values;
    }

    /// <inheritdoc />
    /// <exception cref="PerceptionException">
    /// The question cannot be interpreted or is not a yes/no question (UninterpretableQuestion), or the number of
    /// variables differs from the number of objects the question is about (InvalidArgument).
    /// </exception>
    public ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SoftTensor result = TupleScoring.Score(question, variables, _objects.Length, _ => Probability, out long scored);
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
        float[] result = TupleScoring.ScoreCells(question, variables, _objects.Length, cells.Span, _ => Probability, out long scored);
        _own.AddScore(scored);
        _shared?.AddScore(scored);
        return ValueTask.FromResult(result);
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
        var q = DetectedObjects.InterpretQuery(question, objectIndex, _objects.Length);

        string answer = q.Kind == QuestionKind.Query
            ? _estimates[objectIndex].MostLikely(q.Attribute)
            : Probability(q, [objectIndex]) >= 0.5f ? "yes" : "no";
        _own.AddQuery();
        _shared?.AddQuery();
        return ValueTask.FromResult(answer);
    }

    /// <summary>P(the fact holds) for a tuple of distinct objects, indexed by slot.</summary>
    internal float Probability(InterpretedQuestion q, ReadOnlySpan<int> tuple)
    {
        switch (q.Kind)
        {
            case QuestionKind.Attribute:
            {
                var estimate = _estimates[tuple[q.Subject]];
                float p = 1f;
                foreach (var (attribute, value) in q.Values)
                {
                    p *= estimate.Probability(attribute, value);
                }

                return p;
            }

            case QuestionKind.Relation:
                return RelationProbability(q.Relation, _estimates[tuple[q.Subject]], _estimates[tuple[q.Reference]]);
            case QuestionKind.Same:
            {
                var a = _estimates[tuple[q.Subject]].Distribution(q.Attribute);
                var b = _estimates[tuple[q.Reference]].Distribution(q.Attribute);
                float p = 0f;
                for (int v = 0; v < a.Length; v++)
                {
                    p += a[v] * b[v];
                }

                return Math.Clamp(p, 0f, 1f);
            }

            default:
                return 0f;
        }
    }

    internal ObjectEstimate EstimateOf(int objectIndex) => _estimates[objectIndex];

    private static float RelationProbability(ClevrRelation relation, ObjectEstimate subject, ObjectEstimate reference) => relation switch
    {
        ClevrRelation.Left => ObjectEstimate.Logistic((reference.Lateral - subject.Lateral) / LateralScale),
        ClevrRelation.Right => ObjectEstimate.Logistic((subject.Lateral - reference.Lateral) / LateralScale),
        ClevrRelation.Front => ObjectEstimate.Logistic((reference.Forward - subject.Forward) / ForwardScale),
        ClevrRelation.Behind => ObjectEstimate.Logistic((subject.Forward - reference.Forward) / ForwardScale),
        _ => 0f,
    };

    private void CheckIndex(int objectIndex, string what) => DetectedObjects.CheckIndex(objectIndex, _objects.Length, what);

}
