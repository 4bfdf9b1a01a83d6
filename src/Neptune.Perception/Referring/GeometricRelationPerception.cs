using System.Text.RegularExpressions;
using Neptune.Logic;

namespace Neptune.Perception;

/// <summary>
/// A perception that answers spatial-relation questions of <c>score(question, 2)</c> — "Is the object in the red box
/// left of the object in the green box?" with left of, right of, above, below, in front of or behind — from geometry
/// (<see cref="BoxGeometry"/> of the inner perception: the scene's own relations where it has them, else box centres
/// and depth), as <c>is_left_of()</c> and the other geometric primitives do, instead of asking the inner perception.
/// Every other call goes to the inner perception unchanged. VIRO's choice; NePTune asks the model.
/// </summary>
/// <remarks>
/// Only the plain form is routed ("left of" or "to the left of", and so on), with the two boxes named by colour (red = the first
/// variable, green = the second, blue = the third); a question that says anything more — "a red cube left of", "left
/// of and behind" — is asked of the inner perception. Tuples that repeat an object are 0. Thread-safe when the inner
/// perception is.
/// </remarks>
public sealed partial class GeometricRelationPerception : IScenePerception, ISceneGeometry, IPerceptionDecorator, IConcurrentCalls
{
    private readonly IScenePerception _inner;
    private readonly BoxGeometry _geometry;
    private long _routed;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The perception asked everything that is not a spatial relation.</param>
    public GeometricRelationPerception(IScenePerception inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _geometry = BoxGeometry.Of(inner);
    }

    /// <inheritdoc />
    public IScenePerception Inner => _inner;

    /// <inheritdoc />
    public IDisposable Concurrently() => _inner is IConcurrentCalls concurrent ? concurrent.Concurrently() : NoScope.Instance;

    /// <summary>Score requests answered from geometry so far.</summary>
    public long RoutedCalls => Interlocked.Read(ref _routed);

    /// <inheritdoc />
    public IReadOnlyList<DetectedObject> Objects => _inner.Objects;

    /// <inheritdoc />
    public int ImageWidth => _geometry.ImageWidth;

    /// <inheritdoc />
    public int ImageHeight => _geometry.ImageHeight;

    /// <inheritdoc />
    public ObjectPlacement PlacementOf(int objectIndex) => _geometry.PlacementOf(objectIndex);

    /// <inheritdoc />
    public float RelationProbability(SpatialRelation relation, int subject, int reference) => _geometry.RelationProbability(relation, subject, reference);

    /// <summary>Recognises a plain spatial-relation question between two boxes named by colour.</summary>
    /// <param name="question">The question.</param>
    /// <param name="relation">The relation.</param>
    /// <param name="subjectSlot">The subject's variable: 0 for the red box, 1 green, 2 blue.</param>
    /// <param name="referenceSlot">The reference's variable.</param>
    /// <returns>Whether the question is one.</returns>
    public static bool TryParseRelation(string question, out SpatialRelation relation, out int subjectSlot, out int referenceSlot)
    {
        ArgumentNullException.ThrowIfNull(question);
        relation = default;
        subjectSlot = referenceSlot = -1;
        Match m = RelationQuestion().Match(question);
        if (!m.Success)
        {
            return false;
        }

        subjectSlot = Slot(m.Groups["subject"].Value);
        referenceSlot = Slot(m.Groups["reference"].Value);
        if (subjectSlot == referenceSlot)
        {
            return false;
        }

        string phrase = m.Groups["relation"].Value.ToLowerInvariant();
        relation = phrase.Contains("left", StringComparison.Ordinal) ? SpatialRelation.Left
            : phrase.Contains("right", StringComparison.Ordinal) ? SpatialRelation.Right
            : phrase.StartsWith("above", StringComparison.Ordinal) ? SpatialRelation.Above
            : phrase.StartsWith("below", StringComparison.Ordinal) ? SpatialRelation.Below
            : phrase.StartsWith("in", StringComparison.Ordinal) ? SpatialRelation.Front
            : SpatialRelation.Behind;
        return true;
    }

    /// <inheritdoc />
    public ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(variables);
        if (variables.Count != 2 || !TryParseRelation(question, out SpatialRelation relation, out int subjectSlot, out int referenceSlot)
            || subjectSlot > 1 || referenceSlot > 1)
        {
            return _inner.ScoreAsync(question, variables, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        int n = _inner.Objects.Count;
        var values = new float[n * n];
        Span<int> tuple = stackalloc int[2];
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                if (a == b)
                {
                    continue;
                }

                tuple[0] = a;
                tuple[1] = b;
                values[(a * n) + b] = _geometry.RelationProbability(relation, tuple[subjectSlot], tuple[referenceSlot]);
            }
        }

        Interlocked.Increment(ref _routed);
        return ValueTask.FromResult(SoftTensor.CreateClamped([.. variables], n, values, Math.Max((long)n * n, 1)));
    }

    /// <inheritdoc />
    /// <remarks>Relations answered from geometry are computed for the requested cells only; every other question is asked of the inner perception's own <see cref="IScenePerception.ScoreTuplesAsync"/>.</remarks>
    public ValueTask<float[]> ScoreTuplesAsync(string question, IReadOnlyList<string> variables, ReadOnlyMemory<int> cells, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(variables);
        if (variables.Count != 2 || !TryParseRelation(question, out SpatialRelation relation, out int subjectSlot, out int referenceSlot)
            || subjectSlot > 1 || referenceSlot > 1)
        {
            return _inner.ScoreTuplesAsync(question, variables, cells, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        int n = _inner.Objects.Count;
        ReadOnlySpan<int> requested = cells.Span;
        var values = new float[requested.Length];
        Span<int> tuple = stackalloc int[2];
        for (int i = 0; i < requested.Length; i++)
        {
            int cell = requested[i];
            if ((uint)cell >= (uint)(n * n))
            {
                throw new PerceptionException(PerceptionErrorKind.InvalidArgument, $"cell {cell} is outside the {n * n} cells of question '{question}'");
            }

            tuple[0] = cell / n;
            tuple[1] = cell % n;
            if (tuple[0] != tuple[1])
            {
                values[i] = Math.Clamp(_geometry.RelationProbability(relation, tuple[subjectSlot], tuple[referenceSlot]), 0f, 1f);
            }
        }

        if (requested.Length > 0)
        {
            Interlocked.Increment(ref _routed);
        }

        return ValueTask.FromResult(values);
    }

    /// <inheritdoc />
    public ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken) =>
        _inner.QueryAsync(question, objectIndex, cancellationToken);

    private static int Slot(string colour) => colour.ToLowerInvariant() switch
    {
        "red" => 0,
        "green" => 1,
        _ => 2,
    };

    [GeneratedRegex(@"^\s*is\s+the\s+object\s+in\s+the\s+(?<subject>red|green|blue)\s+box\s+(?<relation>(?:to\s+the\s+)?(?:left|right)\s+of|above|below|in\s+front\s+of|behind)\s+the\s+object\s+in\s+the\s+(?<reference>red|green|blue)\s+box\s*\?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelationQuestion();
}

/// <summary>A scope that marks nothing (the inner perception counts no round trips).</summary>
internal sealed class NoScope : IDisposable
{
    public static readonly NoScope Instance = new();

    public void Dispose()
    {
    }
}
