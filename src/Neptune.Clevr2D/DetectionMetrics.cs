using Neptune.Perception;

namespace Neptune.Clevr2D;

/// <summary>
/// Detection quality against reference boxes: detections and references are matched one to one, greedily by
/// descending IoU, and a pair counts when its IoU is at least the threshold. Immutable; add results with <c>+</c>.
/// </summary>
/// <param name="TruePositives">Detections matched to a reference.</param>
/// <param name="FalsePositives">Detections left unmatched.</param>
/// <param name="FalseNegatives">References left unmatched.</param>
public readonly record struct DetectionMetrics(int TruePositives, int FalsePositives, int FalseNegatives)
{
    /// <summary>The IoU threshold of the usual detection benchmarks.</summary>
    public const float DefaultIouThreshold = 0.5f;

    /// <summary>TP / (TP + FP); 1 when nothing was detected.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1.0 : TruePositives / (double)(TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 1 when there was nothing to find.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 1.0 : TruePositives / (double)(TruePositives + FalseNegatives);

    /// <summary>The harmonic mean of precision and recall.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Adds two results (for example over the scenes of a data set).</summary>
    /// <param name="a">One result.</param>
    /// <param name="b">The other.</param>
    /// <returns>The sums of the counts.</returns>
    public static DetectionMetrics operator +(DetectionMetrics a, DetectionMetrics b) =>
        new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.FalseNegatives + b.FalseNegatives);

    /// <summary>Scores detected boxes against reference boxes of one image.</summary>
    /// <param name="detected">The detected boxes.</param>
    /// <param name="reference">The reference boxes (for CLEVR, <c>ClevrGeometry.BoxOf</c> of each object).</param>
    /// <param name="iouThreshold">The smallest IoU of a match, in (0, 1].</param>
    /// <returns>The counts.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not in (0, 1].</exception>
    public static DetectionMetrics Evaluate(IReadOnlyList<BoundingBox> detected, IReadOnlyList<BoundingBox> reference, float iouThreshold = DefaultIouThreshold)
    {
        ArgumentNullException.ThrowIfNull(detected);
        ArgumentNullException.ThrowIfNull(reference);
        var matches = Match(detected, reference, iouThreshold);
        int tp = 0;
        foreach (int m in matches)
        {
            tp += m >= 0 ? 1 : 0;
        }

        return new DetectionMetrics(tp, detected.Count - tp, reference.Count - tp);
    }

    /// <summary>
    /// Matches detections to references one to one, greedily by descending IoU (ties by lower indices).
    /// </summary>
    /// <param name="detected">The detected boxes.</param>
    /// <param name="reference">The reference boxes.</param>
    /// <param name="iouThreshold">The smallest IoU of a match, in (0, 1].</param>
    /// <returns>For each detection, the index of its reference, or −1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not in (0, 1].</exception>
    public static int[] Match(IReadOnlyList<BoundingBox> detected, IReadOnlyList<BoundingBox> reference, float iouThreshold = DefaultIouThreshold)
    {
        ArgumentNullException.ThrowIfNull(detected);
        ArgumentNullException.ThrowIfNull(reference);
        if (!(iouThreshold > 0f && iouThreshold <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(iouThreshold), iouThreshold, "The IoU threshold must be in (0, 1].");
        }

        var pairs = new List<(float Iou, int Detection, int Reference)>();
        for (int d = 0; d < detected.Count; d++)
        {
            for (int r = 0; r < reference.Count; r++)
            {
                float iou = detected[d].IntersectionOverUnion(reference[r]);
                if (iou >= iouThreshold)
                {
                    pairs.Add((iou, d, r));
                }
            }
        }

        pairs.Sort(static (a, b) => a.Iou != b.Iou ? b.Iou.CompareTo(a.Iou) : a.Detection != b.Detection ? a.Detection.CompareTo(b.Detection) : a.Reference.CompareTo(b.Reference));
        var result = new int[detected.Count];
        Array.Fill(result, -1);
        var used = new bool[reference.Count];
        foreach (var (_, d, r) in pairs)
        {
            if (result[d] < 0 && !used[r])
            {
                result[d] = r;
                used[r] = true;
            }
        }

        return result;
    }
}
