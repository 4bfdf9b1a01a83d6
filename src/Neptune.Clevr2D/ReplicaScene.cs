using Neptune.Clevr;

namespace Neptune.Clevr2D;

/// <summary>Which parts of a <see cref="ReplicaScene"/> come from the pixel estimates (the rest from the annotations).</summary>
[Flags]
public enum PerceivedParts
{
    /// <summary>Nothing: the annotated scene.</summary>
    None = 0,

    /// <summary>The most likely color.</summary>
    Color = 1,

    /// <summary>The most likely shape.</summary>
    Shape = 2,

    /// <summary>The most likely material.</summary>
    Material = 4,

    /// <summary>The most likely size.</summary>
    Size = 8,

    /// <summary>Left and right (the pixel relations on the right side of 0.5).</summary>
    LeftRight = 16,

    /// <summary>Front and behind, and the depth that orders objects front to back.</summary>
    Depth = 32,

    /// <summary>Every attribute.</summary>
    Attributes = Color | Shape | Material | Size,

    /// <summary>Everything the pixel world estimates.</summary>
    All = Attributes | LeftRight | Depth,
}

/// <summary>
/// For failure analysis only: an annotated scene in which chosen parts are replaced by what a <see cref="PixelWorld"/>
/// perceived of the same picture, crisply (most likely values, relations on the right side of 0.5). Running a program
/// on such scenes tells which perceived part makes its answer differ from the annotated one. The pixel world itself
/// never sees annotations; this class reads both.
/// </summary>
public static class ReplicaScene
{
    /// <summary>
    /// Matches the detections of a world one to one with the annotated objects (greedy by IoU ≥ 0.5 against
    /// <see cref="ClevrGeometry.BoxOf"/>).
    /// </summary>
    /// <param name="world">The pixel world of the scene's picture.</param>
    /// <param name="scene">The annotated scene.</param>
    /// <returns>For each annotated object, its detection, or −1 when none matches.</returns>
    public static int[] DetectionOf(PixelWorld world, ClevrScene scene)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(scene);
        var match = DetectionMetrics.Match([.. world.Objects.Select(o => o.Box)], [.. scene.Objects.Select(ClevrGeometry.BoxOf)]);
        var detectionOf = new int[scene.Objects.Count];
        Array.Fill(detectionOf, -1);
        for (int d = 0; d < match.Length; d++)
        {
            if (match[d] >= 0)
            {
                detectionOf[match[d]] = d;
            }
        }

        return detectionOf;
    }

    /// <summary>The annotated scene with <paramref name="parts"/> replaced by the pixel estimates.</summary>
    /// <param name="world">The pixel world of the scene's picture.</param>
    /// <param name="scene">The annotated scene.</param>
    /// <param name="detectionOf">The detection of each annotated object (<see cref="DetectionOf"/>); every object must have one.</param>
    /// <param name="parts">The parts to take from the pixels.</param>
    /// <returns>The scene, objects in annotation order.</returns>
    /// <exception cref="ArgumentException">An object has no detection.</exception>
    public static ClevrScene Of(PixelWorld world, ClevrScene scene, IReadOnlyList<int> detectionOf, PerceivedParts parts)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(detectionOf);
        int n = scene.Objects.Count;
        if (detectionOf.Count != n || detectionOf.Any(d => d < 0 || d >= world.Objects.Count))
        {
            throw new ArgumentException("every annotated object needs a detection", nameof(detectionOf));
        }

        var objects = new ClevrObject[n];
        for (int i = 0; i < n; i++)
        {
            var estimate = world.EstimateOf(detectionOf[i]);
            ClevrObject o = scene.Objects[i];
            string Pick(PerceivedParts part, ClevrAttribute attribute, string truth) => parts.HasFlag(part) ? estimate.MostLikely(attribute) : truth;
            var placement = world.PlacementOf(detectionOf[i]);
            objects[i] = o with
            {
                Color = Pick(PerceivedParts.Color, ClevrAttribute.Color, o.Color),
                Shape = Pick(PerceivedParts.Shape, ClevrAttribute.Shape, o.Shape),
                Material = Pick(PerceivedParts.Material, ClevrAttribute.Material, o.Material),
                Size = Pick(PerceivedParts.Size, ClevrAttribute.Size, o.Size),
                PixelCoordinates = parts.HasFlag(PerceivedParts.Depth)
                    ? o.PixelCoordinates with { Depth = placement.Depth }
                    : o.PixelCoordinates,
            };
        }

        int[][] Lists(ClevrRelation relation, PerceivedParts part, Neptune.Perception.SpatialRelation pixel)
        {
            var lists = new int[n][];
            for (int reference = 0; reference < n; reference++)
            {
                var members = new List<int>();
                for (int subject = 0; subject < n; subject++)
                {
                    bool holds = subject != reference && (parts.HasFlag(part)
                        ? world.RelationProbability(pixel, detectionOf[subject], detectionOf[reference]) >= 0.5f
                        : scene.Relationships.Holds(relation, subject, reference));
                    if (holds)
                    {
                        members.Add(subject);
                    }
                }

                lists[reference] = [.. members];
            }

            return lists;
        }

        var relationships = new ClevrRelationships(
            Lists(ClevrRelation.Left, PerceivedParts.LeftRight, Neptune.Perception.SpatialRelation.Left),
            Lists(ClevrRelation.Right, PerceivedParts.LeftRight, Neptune.Perception.SpatialRelation.Right),
            Lists(ClevrRelation.Front, PerceivedParts.Depth, Neptune.Perception.SpatialRelation.Front),
            Lists(ClevrRelation.Behind, PerceivedParts.Depth, Neptune.Perception.SpatialRelation.Behind));
        return scene with { Objects = objects, Relationships = relationships };
    }
}
