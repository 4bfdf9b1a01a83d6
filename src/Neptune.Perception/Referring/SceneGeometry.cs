namespace Neptune.Perception;

/// <summary>A spatial relation between two objects, or a direction for ordering objects.</summary>
public enum SpatialRelation
{
    /// <summary>The subject is left of the reference (smaller image x).</summary>
    Left = 0,

    /// <summary>The subject is right of the reference.</summary>
    Right = 1,

    /// <summary>The subject is above the reference (smaller image y); "top".</summary>
    Above = 2,

    /// <summary>The subject is below the reference; "bottom".</summary>
    Below = 3,

    /// <summary>The subject is in front of the reference (nearer the camera).</summary>
    Front = 4,

    /// <summary>The subject is behind the reference (farther from the camera).</summary>
    Behind = 5,
}

/// <summary>Where an object is: its centre in the image, in pixels, and its distance from the camera.</summary>
/// <param name="X">Centre column, in pixels.</param>
/// <param name="Y">Centre row, in pixels.</param>
/// <param name="Depth">Distance from the camera (any monotone unit); <see cref="float.NaN"/> when unknown.</param>
public readonly record struct ObjectPlacement(float X, float Y, float Depth);

/// <summary>
/// What a perception knows about the geometry of its scene beyond the boxes: the image size, each object's centre and
/// depth (the depth source), and, where the scene has its own notion of them, the spatial relations. An optional
/// capability of an <see cref="IScenePerception"/>; <see cref="BoxGeometry"/> is the fallback computed from boxes.
/// </summary>
/// <remarks>Implementations must be thread-safe and cheap: they are read from programs' hot paths.</remarks>
public interface ISceneGeometry
{
    /// <summary>Image width in pixels.</summary>
    int ImageWidth { get; }

    /// <summary>Image height in pixels.</summary>
    int ImageHeight { get; }

    /// <summary>The centre and depth of one object.</summary>
    /// <param name="objectIndex">The object, by domain index.</param>
    /// <returns>The placement; depth is NaN when the scene has no depth for it.</returns>
    ObjectPlacement PlacementOf(int objectIndex);

    /// <summary>
    /// P(subject is <paramref name="relation"/> of reference) in the scene's own frame (for example annotated
    /// relationships), or NaN when the scene has no notion of this relation and the caller should use the boxes.
    /// </summary>
    /// <param name="relation">The relation.</param>
    /// <param name="subject">The object the relation is stated about.</param>
    /// <param name="reference">The reference object (distinct from the subject).</param>
    /// <returns>A probability in [0, 1], or NaN.</returns>
    float RelationProbability(SpatialRelation relation, int subject, int reference);
}

/// <summary>
/// Geometry computed from detected boxes alone, and the geometry of a perception (its own <see cref="ISceneGeometry"/>
/// when it has one, else boxes).
/// </summary>
/// <remarks>
/// <para>Centre: the box centre. Image size: the perception's, else the smallest box [0, 0, W, H] holding every box.
/// Depth (when the perception has none): the distance of the box's bottom edge from the image bottom, H − bottom — the
/// ground-plane cue (an object standing lower in the picture is nearer); it orders objects but has no unit.</para>
/// <para>Relations between distinct objects a (subject) and b (reference), with τ = max(1, 0.1 · (w_a + w_b) / 2)
/// pixels: left = σ((cx_b − cx_a) / τ), right = σ((cx_a − cx_b) / τ), above = σ((cy_b − cy_a) / τ'), below the mirror
/// image, τ' with heights; front = σ((d_b − d_a) / τ_d), behind the mirror image, τ_d = 0.05 · max(|d_a|, |d_b|, 1).
/// σ is the logistic function, so a relation is 0.5 at equal centres and crisp a few pixels away.</para>
/// </remarks>
public sealed class BoxGeometry : ISceneGeometry
{
    private readonly IReadOnlyList<DetectedObject> _objects;
    private readonly ISceneGeometry? _own;

    private BoxGeometry(IReadOnlyList<DetectedObject> objects, ISceneGeometry? own)
    {
        _objects = objects;
        _own = own;
        if (own is not null)
        {
            ImageWidth = own.ImageWidth;
            ImageHeight = own.ImageHeight;
        }
        else
        {
            float w = 1f, h = 1f;
            foreach (DetectedObject o in objects)
            {
                w = MathF.Max(w, o.Box.Right);
                h = MathF.Max(h, o.Box.Bottom);
            }

            ImageWidth = (int)MathF.Ceiling(w);
            ImageHeight = (int)MathF.Ceiling(h);
        }
    }

    /// <inheritdoc />
    public int ImageWidth { get; }

    /// <inheritdoc />
    public int ImageHeight { get; }

    /// <summary>The geometry of a perception: its own where it has one, boxes for the rest.</summary>
    /// <param name="perception">The perception.</param>
    /// <returns>The geometry.</returns>
    public static BoxGeometry Of(IScenePerception perception)
    {
        ArgumentNullException.ThrowIfNull(perception);
        return new BoxGeometry(perception.Objects, perception as ISceneGeometry);
    }

    /// <summary>Geometry from boxes only.</summary>
    /// <param name="objects">The detected objects.</param>
    /// <returns>The geometry.</returns>
    public static BoxGeometry FromBoxes(IReadOnlyList<DetectedObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return new BoxGeometry(objects, null);
    }

    /// <summary>Number of objects.</summary>
    public int Count => _objects.Count;

    /// <summary>The box of an object.</summary>
    /// <param name="objectIndex">The object.</param>
    /// <returns>Its box.</returns>
    public BoundingBox BoxOf(int objectIndex) => _objects[objectIndex].Box;

    /// <inheritdoc />
    public ObjectPlacement PlacementOf(int objectIndex)
    {
        if (_own is not null)
        {
            ObjectPlacement p = _own.PlacementOf(objectIndex);
            return float.IsNaN(p.Depth) ? p with { Depth = ImageHeight - _objects[objectIndex].Box.Bottom } : p;
        }

        BoundingBox b = _objects[objectIndex].Box;
        return new ObjectPlacement(b.CenterX, b.CenterY, ImageHeight - b.Bottom);
    }

    /// <summary>The relation from the scene's own frame when it has one, otherwise from boxes and depth.</summary>
    /// <inheritdoc />
    public float RelationProbability(SpatialRelation relation, int subject, int reference)
    {
        if (subject == reference)
        {
            return 0f;
        }

        if (_own is not null)
        {
            float p = _own.RelationProbability(relation, subject, reference);
            if (!float.IsNaN(p))
            {
                return p;
            }
        }

        return BoxRelation(relation, subject, reference);
    }

    /// <summary>The relation computed from the boxes' centres (left, right, above, below) or depths (front, behind).</summary>
    /// <param name="relation">The relation.</param>
    /// <param name="subject">The subject.</param>
    /// <param name="reference">The reference.</param>
    /// <returns>A probability in [0, 1]; 0 when subject and reference are the same object.</returns>
    public float BoxRelation(SpatialRelation relation, int subject, int reference)
    {
        if (subject == reference)
        {
            return 0f;
        }

        BoundingBox a = _objects[subject].Box;
        BoundingBox b = _objects[reference].Box;
        float tauX = MathF.Max(1f, 0.05f * (a.Width + b.Width));
        float tauY = MathF.Max(1f, 0.05f * (a.Height + b.Height));
        switch (relation)
        {
            case SpatialRelation.Left:
                return Logistic((b.CenterX - a.CenterX) / tauX);
            case SpatialRelation.Right:
                return Logistic((a.CenterX - b.CenterX) / tauX);
            case SpatialRelation.Above:
                return Logistic((b.CenterY - a.CenterY) / tauY);
            case SpatialRelation.Below:
                return Logistic((a.CenterY - b.CenterY) / tauY);
            default:
            {
                float da = PlacementOf(subject).Depth;
                float db = PlacementOf(reference).Depth;
                float tau = 0.05f * MathF.Max(1f, MathF.Max(MathF.Abs(da), MathF.Abs(db)));
                return relation == SpatialRelation.Front ? Logistic((db - da) / tau) : Logistic((da - db) / tau);
            }
        }
    }

    /// <summary>
    /// How near two boxes are: with g the gap between them (0 when they touch or overlap) and D the larger side of
    /// the two boxes, near = σ((D − g) / (0.25 · D)); 0 for the same object.
    /// </summary>
    /// <param name="subject">The subject.</param>
    /// <param name="reference">The reference.</param>
    /// <returns>A probability in [0, 1].</returns>
    public float Near(int subject, int reference)
    {
        if (subject == reference)
        {
            return 0f;
        }

        BoundingBox a = _objects[subject].Box;
        BoundingBox b = _objects[reference].Box;
        float gx = MathF.Max(0f, MathF.Max(a.Left, b.Left) - MathF.Min(a.Right, b.Right));
        float gy = MathF.Max(0f, MathF.Max(a.Top, b.Top) - MathF.Min(a.Bottom, b.Bottom));
        float gap = MathF.Sqrt((gx * gx) + (gy * gy));
        float d = MathF.Max(1f, MathF.Max(MathF.Max(a.Width, a.Height), MathF.Max(b.Width, b.Height)));
        return Logistic((d - gap) / (0.25f * d));
    }

    /// <summary>How much of the subject's box lies inside the reference's: area(a ∩ b) / area(a); 0 for the same object or an empty box.</summary>
    /// <param name="subject">The (inner) subject.</param>
    /// <param name="reference">The (outer) reference.</param>
    /// <returns>A fraction in [0, 1].</returns>
    public float Inside(int subject, int reference)
    {
        if (subject == reference)
        {
            return 0f;
        }

        BoundingBox a = _objects[subject].Box;
        BoundingBox b = _objects[reference].Box;
        float w = MathF.Min(a.Right, b.Right) - MathF.Max(a.Left, b.Left);
        float h = MathF.Min(a.Bottom, b.Bottom) - MathF.Max(a.Top, b.Top);
        return w <= 0f || h <= 0f || a.Area <= 0f ? 0f : Math.Clamp(w * h / a.Area, 0f, 1f);
    }

    /// <summary>The logistic function σ(t) = 1 / (1 + e^−t).</summary>
    /// <param name="t">The argument.</param>
    /// <returns>σ(t).</returns>
    public static float Logistic(float t) => 1f / (1f + MathF.Exp(-t));
}
