using Neptune.Clevr;
using Neptune.Clevr2D;
using Neptune.Language;
using Neptune.Logic;
using Neptune.Language.Library;
using Neptune.Perception;

namespace Neptune.Evaluation.Referring;

/// <summary>
/// Why a referring expression perceived from pixels went wrong: the first of these that explains the miss.
/// </summary>
/// <remarks>
/// <para>Detections are matched one to one with the annotated objects (greedy, IoU ≥ 0.5 against
/// <see cref="ClevrGeometry.BoxOf"/>). When that fails, the miss is a detection miss: a referent has no box, another
/// object has none (hidden or merged), or a box matches no object.</para>
/// <para>With every object matched, the program is run again on the annotated scene in which one perceived part at a
/// time replaces the annotation, crisply (<see cref="ReplicaScene"/>: the most likely color, shape, material or
/// size; left/right; front/behind with the depth order). The first part whose replacement alone makes the answer wrong
/// is the cause (an attribute names its confusions, "color: purple→red" when a purple object was seen red). When no
/// single part does but all parts together do, the cause is "several parts". When the crisp perceived scene answers
/// correctly, the miss lies in how the program uses soft scores (<c>soft scores</c>), in the boxes (<c>box IoU ≤
/// 0.5</c>: the right objects were found, their boxes are judged wrong), or, when even the annotated scene fails, in
/// the translation or the operators.</para>
/// <para>Reads the annotations: it is an analysis of a finished run, never part of the pixel perception.</para>
/// </remarks>
public static class ReferringDiagnosis
{
    /// <summary>Cause: an expected object has no detection.</summary>
    public const string ReferentMissed = "detection: referent missed";

    /// <summary>Cause: an object that is not a referent has no detection.</summary>
    public const string ObjectMissed = "detection: other object missed";

    /// <summary>Cause: a detection matches no object.</summary>
    public const string ExtraBox = "detection: extra box";

    /// <summary>Cause: the right objects, but a box is judged wrong (IoU ≤ 0.5).</summary>
    public const string BoxIou = "box IoU <= 0.5";

    /// <summary>Cause: the crisp perceived scene answers right, the soft run does not.</summary>
    public const string SoftScores = "soft scores";

    /// <summary>Cause: no single perceived part explains the miss, all together do.</summary>
    public const string SeveralParts = "several parts";

    /// <summary>Cause: the annotated scene itself answers wrong.</summary>
    public const string Translation = "translation/operator";

    private static readonly (PerceivedParts Part, string Name, ClevrAttribute? Attribute)[] Parts =
    [
        (PerceivedParts.Color, "attribute: color", ClevrAttribute.Color),
        (PerceivedParts.Shape, "attribute: shape", ClevrAttribute.Shape),
        (PerceivedParts.Material, "attribute: material", ClevrAttribute.Material),
        (PerceivedParts.Size, "attribute: size", ClevrAttribute.Size),
        (PerceivedParts.LeftRight, "relation: left/right", null),
        (PerceivedParts.Depth, "relation: front/behind, depth order", null),
    ];

    /// <summary>Explains one wrong row.</summary>
    /// <param name="row">The judged row (wrong, with its program).</param>
    /// <param name="scene">The annotated scene.</param>
    /// <param name="world">The pixel world the row ran on.</param>
    /// <param name="program">The prepared program of the row.</param>
    /// <param name="options">The run options of the row (logic, thresholds); perception is replaced.</param>
    /// <returns>The cause and, for attributes, the confusions ("purple→red").</returns>
    public static (string Cause, string? Detail) Explain(ReferringRow row, ClevrScene scene, PixelWorld world, PreparedProgram program, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(options);
        int[] detectionOf = ReplicaScene.DetectionOf(world, scene);
        if (row.Expected.Any(i => detectionOf[i] < 0))
        {
            return (ReferentMissed, null);
        }

        if (detectionOf.Any(d => d < 0))
        {
            return (ObjectMissed, null);
        }

        if (world.Objects.Count > scene.Objects.Count)
        {
            return (ExtraBox, null);
        }

        bool CorrectOn(PerceivedParts parts)
        {
            var perceived = new SceneWorld(ReplicaScene.Of(world, scene, detectionOf, parts));
            RunResult run = program.Run(options with { Perception = perceived, Trace = false });
            if (!run.Succeeded)
            {
                return false;
            }

            try
            {
                var result = ReferringResult.FromValue(run.Value, perceived.Objects, options.Logic.CrispThreshold);
                return ReferringMetrics.SetCorrect(result.NoTarget, result.Objects, row.Expected);
            }
            catch (ReferringResultException)
            {
                return false;
            }
        }

        if (!CorrectOn(PerceivedParts.None))
        {
            return (Translation, null);
        }

        foreach (var (part, name, attribute) in Parts)
        {
            if (!CorrectOn(part))
            {
                return (name, attribute is { } a ? Confusions(world, scene, detectionOf, a) : null);
            }
        }

        if (!CorrectOn(PerceivedParts.All))
        {
            return (SeveralParts, null);
        }

        var predicted = row.Predicted.Select(d => Array.IndexOf(detectionOf, d)).Order().ToArray();
        return !row.PredictedNoTarget && predicted.SequenceEqual(row.Expected) ? (BoxIou, null) : (SoftScores, null);
    }

    private static string Confusions(PixelWorld world, ClevrScene scene, int[] detectionOf, ClevrAttribute attribute)
    {
        var confusions = new List<string>();
        for (int i = 0; i < scene.Objects.Count; i++)
        {
            string truth = scene.Objects[i].Get(attribute);
            var d = world.Distribution(detectionOf[i], attribute);
            var values = ClevrVocabulary.ValuesOf(attribute);
            int best = 0;
            for (int v = 1; v < d.Count; v++)
            {
                best = d[v] > d[best] ? v : best;
            }

            if (values[best] != truth)
            {
                confusions.Add($"{truth}→{values[best]}");
            }
        }

        return string.Join(", ", confusions);
    }
}
