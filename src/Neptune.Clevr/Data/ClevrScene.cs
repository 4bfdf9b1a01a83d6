namespace Neptune.Clevr;

/// <summary>A point or direction in CLEVR's 3-D world coordinates.</summary>
/// <param name="X">X.</param>
/// <param name="Y">Y.</param>
/// <param name="Z">Z (up).</param>
public readonly record struct ClevrVector(double X, double Y, double Z);

/// <summary>Where an object's centre projects in the 480×320 image, and its distance from the camera.</summary>
/// <param name="X">Column, in pixels.</param>
/// <param name="Y">Row, in pixels.</param>
/// <param name="Depth">Distance from the camera, in world units.</param>
public readonly record struct ClevrPixelCoordinates(double X, double Y, double Depth);

/// <summary>One object of a CLEVR scene.</summary>
public sealed record ClevrObject
{
    /// <summary>"cube", "sphere" or "cylinder".</summary>
    public required string Shape { get; init; }

    /// <summary>One of the eight colors.</summary>
    public required string Color { get; init; }

    /// <summary>"rubber" or "metal".</summary>
    public required string Material { get; init; }

    /// <summary>"large" or "small".</summary>
    public required string Size { get; init; }

    /// <summary>The centre in world coordinates.</summary>
    public ClevrVector Coordinates3D { get; init; }

    /// <summary>The projected centre and depth.</summary>
    public required ClevrPixelCoordinates PixelCoordinates { get; init; }

    /// <summary>Rotation about the vertical axis, in degrees.</summary>
    public double Rotation { get; init; }

    /// <summary>The object's value of an attribute.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The value ("red", "cube", …).</returns>
    public string Get(ClevrAttribute attribute) => attribute switch
    {
        ClevrAttribute.Color => Color,
        ClevrAttribute.Shape => Shape,
        ClevrAttribute.Material => Material,
        ClevrAttribute.Size => Size,
        _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "Unknown CLEVR attribute."),
    };
}

/// <summary>
/// The spatial relations of a scene. <c>Of(R, i)</c> lists the objects that are R <em>of</em> object i: j ∈ Of(Left, i)
/// means object j is left of object i. Lists are ascending and never contain i.
/// </summary>
public sealed class ClevrRelationships
{
    private readonly int[][][] _lists;

    internal ClevrRelationships(int[][] left, int[][] right, int[][] front, int[][] behind)
    {
        _lists = [left, right, front, behind];
    }

    /// <summary>left[i]: the objects left of object i.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Left => _lists[(int)ClevrRelation.Left];

    /// <summary>right[i]: the objects right of object i.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Right => _lists[(int)ClevrRelation.Right];

    /// <summary>front[i]: the objects in front of object i.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Front => _lists[(int)ClevrRelation.Front];

    /// <summary>behind[i]: the objects behind object i.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Behind => _lists[(int)ClevrRelation.Behind];

    /// <summary>The objects that stand in <paramref name="relation"/> to object <paramref name="objectIndex"/>.</summary>
    /// <param name="relation">The relation.</param>
    /// <param name="objectIndex">The reference object.</param>
    /// <returns>Ascending object indices.</returns>
    public IReadOnlyList<int> Of(ClevrRelation relation, int objectIndex) => _lists[(int)relation][objectIndex];

    /// <summary>Whether <paramref name="subject"/> is <paramref name="relation"/> of <paramref name="reference"/>
    /// ("subject is left of reference"), i.e. subject ∈ relationships[relation][reference].</summary>
    /// <param name="relation">The relation.</param>
    /// <param name="subject">The object the relation is stated about.</param>
    /// <param name="reference">The reference object.</param>
    /// <returns>True when the relation holds.</returns>
    public bool Holds(ClevrRelation relation, int subject, int reference) =>
        Array.BinarySearch(_lists[(int)relation][reference], subject) >= 0;
}

/// <summary>One scene of a CLEVR v1.0 scene file.</summary>
public sealed record ClevrScene
{
    /// <summary>The image index.</summary>
    public required int ImageIndex { get; init; }

    /// <summary>The image file name, when present.</summary>
    public string? ImageFilename { get; init; }

    /// <summary>The split, when present.</summary>
    public string? Split { get; init; }

    /// <summary>The objects, in the order relationships and questions refer to them.</summary>
    public required IReadOnlyList<ClevrObject> Objects { get; init; }

    /// <summary>The spatial relations between the objects.</summary>
    public required ClevrRelationships Relationships { get; init; }

    /// <summary>The unit direction vectors of the camera's left, right, front, behind, above and below, when present.</summary>
    public IReadOnlyDictionary<string, ClevrVector> Directions { get; init; } = new Dictionary<string, ClevrVector>();
}
