using Neptune.Language.Library;
using Neptune.Perception;

namespace Neptune.Evaluation.Referring;

/// <summary>
/// How a referring-expression prediction is judged. Objects: correct when the predicted set equals the expected set
/// exactly (no target: when the prediction abstains). Boxes: one expected box is matched when IoU &gt; 0.5 (VIRO
/// A.3.2); several are matched greedily one-to-one at IoU ≥ 0.5 (GREC), and the prediction is correct only when every
/// expected box is matched and no predicted box is left over.
/// </summary>
public static class ReferringMetrics
{
    /// <summary>The IoU a match needs.</summary>
    public const double IouThreshold = 0.5;

    /// <summary>Whether a set prediction is correct.</summary>
    /// <param name="predictedNoTarget">Whether the prediction abstained.</param>
    /// <param name="predicted">The predicted objects.</param>
    /// <param name="expected">The expected objects (empty for no target).</param>
    /// <returns>True when correct.</returns>
    public static bool SetCorrect(bool predictedNoTarget, IReadOnlyList<int> predicted, IReadOnlyList<int> expected)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(expected);
        if (expected.Count == 0)
        {
            return predictedNoTarget || predicted.Count == 0;
        }

        return !predictedNoTarget && predicted.Order().SequenceEqual(expected.Order());
    }

    /// <summary>Judges predicted boxes against expected ones.</summary>
    /// <param name="predictedNoTarget">Whether the prediction abstained.</param>
    /// <param name="predicted">The predicted boxes.</param>
    /// <param name="expected">The expected boxes (empty for no target).</param>
    /// <returns>Whether the prediction is correct, and the mean IoU of the matched expected boxes (0 for unmatched ones; NaN for no-target items).</returns>
    public static (bool Correct, double MeanIou) BoxesCorrect(bool predictedNoTarget, IReadOnlyList<BoundingBox> predicted, IReadOnlyList<BoundingBox> expected)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(expected);
        if (expected.Count == 0)
        {
            return (predictedNoTarget || predicted.Count == 0, double.NaN);
        }

        if (predictedNoTarget || predicted.Count == 0)
        {
            return (false, 0);
        }

        if (expected.Count == 1 && predicted.Count == 1)
        {
            double iou = predicted[0].IntersectionOverUnion(expected[0]);
            return (iou > IouThreshold, iou);
        }

        var (matched, sum) = Match(predicted, expected, IouThreshold);
        return (matched == expected.Count && predicted.Count == expected.Count, sum / expected.Count);
    }

    /// <summary>
    /// Greedy one-to-one matching of predicted to expected boxes, highest IoU first (ties: lower predicted, then lower
    /// expected index), keeping pairs with IoU ≥ <paramref name="threshold"/>.
    /// </summary>
    /// <param name="predicted">The predicted boxes.</param>
    /// <param name="expected">The expected boxes.</param>
    /// <param name="threshold">The least IoU of a match.</param>
    /// <returns>The number of matched pairs and the sum of their IoUs.</returns>
    public static (int Matched, double IouSum) Match(IReadOnlyList<BoundingBox> predicted, IReadOnlyList<BoundingBox> expected, double threshold)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(expected);
        var pairs = new List<(double Iou, int P, int E)>();
        for (int p = 0; p < predicted.Count; p++)
        {
            for (int e = 0; e < expected.Count; e++)
            {
                double iou = predicted[p].IntersectionOverUnion(expected[e]);
                if (iou >= threshold)
                {
                    pairs.Add((iou, p, e));
                }
            }
        }

        pairs.Sort((a, b) => b.Iou != a.Iou ? b.Iou.CompareTo(a.Iou) : a.P != b.P ? a.P.CompareTo(b.P) : a.E.CompareTo(b.E));
        var usedP = new bool[predicted.Count];
        var usedE = new bool[expected.Count];
        int matched = 0;
        double sum = 0;
        foreach (var (iou, p, e) in pairs)
        {
            if (!usedP[p] && !usedE[e])
            {
                usedP[p] = usedE[e] = true;
                matched++;
                sum += iou;
            }
        }

        return (matched, sum);
    }

    /// <summary>
    /// GREC's per-sample F1 (He et al., gRefCOCO): predicted boxes matched one to one to expected boxes at IoU ≥ 0.5
    /// (<see cref="Match"/>) are true positives; F1 = 2·TP / (|predicted| + |expected|). A no-target sample scores 1
    /// when nothing is predicted and 0 otherwise; a target sample with nothing predicted scores 0.
    /// </summary>
    /// <param name="predictedNoTarget">Whether the prediction abstained.</param>
    /// <param name="predicted">The predicted boxes.</param>
    /// <param name="expected">The expected boxes (empty for no target).</param>
    /// <returns>The F1 score in [0, 1].</returns>
    public static double GrecF1(bool predictedNoTarget, IReadOnlyList<BoundingBox> predicted, IReadOnlyList<BoundingBox> expected)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(expected);
        int p = predictedNoTarget ? 0 : predicted.Count;
        if (expected.Count == 0 || p == 0)
        {
            return expected.Count == 0 && p == 0 ? 1 : 0;
        }

        int tp = Match(predicted, expected, IouThreshold).Matched;
        return 2.0 * tp / (p + expected.Count);
    }

    /// <summary>
    /// The object-set form of <see cref="GrecF1"/> (scene perception, where objects are known by index): TP = |predicted
    /// ∩ expected|.
    /// </summary>
    /// <param name="predictedNoTarget">Whether the prediction abstained.</param>
    /// <param name="predicted">The predicted objects.</param>
    /// <param name="expected">The expected objects (empty for no target).</param>
    /// <returns>The F1 score in [0, 1].</returns>
    public static double GrecF1Objects(bool predictedNoTarget, IReadOnlyList<int> predicted, IReadOnlyList<int> expected)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(expected);
        var p = predictedNoTarget ? [] : new HashSet<int>(predicted);
        if (expected.Count == 0 || p.Count == 0)
        {
            return expected.Count == 0 && p.Count == 0 ? 1 : 0;
        }

        var e = new HashSet<int>(expected);
        int tp = p.Count(e.Contains);
        return 2.0 * tp / (p.Count + e.Count);
    }

    /// <summary>
    /// Acc@τ for a target-present sample judged by boxes: the Acc@0.5 rule (<see cref="BoxesCorrect"/>) at another
    /// IoU: one expected box is matched when IoU &gt; τ; several are matched one to one at IoU ≥ τ, and every one must be
    /// matched with nothing left over. ViperGPT-style comparisons report it at τ = 0.7.
    /// </summary>
    /// <param name="predictedNoTarget">Whether the prediction abstained.</param>
    /// <param name="predicted">The predicted boxes.</param>
    /// <param name="expected">The expected boxes (not empty).</param>
    /// <param name="threshold">τ.</param>
    /// <returns>Whether the sample is correct at τ.</returns>
    public static bool CorrectAt(bool predictedNoTarget, IReadOnlyList<BoundingBox> predicted, IReadOnlyList<BoundingBox> expected, double threshold)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(expected);
        if (expected.Count == 0 || predictedNoTarget || predicted.Count != expected.Count)
        {
            return false;
        }

        if (expected.Count == 1)
        {
            return predicted[0].IntersectionOverUnion(expected[0]) > threshold;
        }

        return Match(predicted, expected, threshold).Matched == expected.Count;
    }
}

/// <summary>One judged referring expression.</summary>
public sealed record ReferringRow
{
    /// <summary>The item's position in its file.</summary>
    public required int Index { get; init; }

    /// <summary>The expression.</summary>
    public required string Refexp { get; init; }

    /// <summary>The scene.</summary>
    public required int ImageIndex { get; init; }

    /// <summary>The template family (<c>one_hop.json/1</c>).</summary>
    public required string Family { get; init; }

    /// <summary>The template file.</summary>
    public required string Template { get; init; }

    /// <summary>The expected objects (empty for no target).</summary>
    public required IReadOnlyList<int> Expected { get; init; }

    /// <summary>The predicted objects.</summary>
    public IReadOnlyList<int> Predicted { get; init; } = [];

    /// <summary>The expected boxes.</summary>
    public IReadOnlyList<BoundingBox> ExpectedBoxes { get; init; } = [];

    /// <summary>The predicted boxes.</summary>
    public IReadOnlyList<BoundingBox> PredictedBoxes { get; init; } = [];

    /// <summary>Whether the prediction abstained.</summary>
    public bool PredictedNoTarget { get; init; }

    /// <summary>The operator that abstained, when one did.</summary>
    public string? AbstainedOperator { get; init; }

    /// <summary>Why the prediction is "no target" (the abstaining operator's reason, or what the program returned), when it is.</summary>
    public string? NoTargetReason { get; init; }

    /// <summary>The prediction's confidence (<see cref="ReferringResult.Confidence"/>), when the program ran.</summary>
    public double? Confidence { get; init; }

    /// <summary>The program that was run (the translated official program), once translated.</summary>
    public string? Program { get; init; }

    /// <summary>The run's trace, when <see cref="ReferringEvaluation.Trace"/> asked for it.</summary>
    public ProgramTrace? Trace { get; init; }

    /// <summary>Whether the prediction is correct.</summary>
    public required bool Correct { get; init; }

    /// <summary>The mean IoU over the expected boxes (pixel perception, target-present items).</summary>
    public double? MeanIou { get; init; }

    /// <summary>Why the program failed, when it did (a failure counts as a wrong prediction).</summary>
    public string? Failure { get; init; }

    /// <summary>Why a wrong row went wrong (<see cref="ReferringDiagnosis"/>), when <see cref="ReferringEvaluation.Explain"/> asked.</summary>
    public string? Cause { get; init; }

    /// <summary>The cause's detail (an attribute's confusions, "purple→red"), when it has one.</summary>
    public string? CauseDetail { get; init; }
}

/// <summary>Confusion counts and accuracies of a referring-expression run.</summary>
public sealed record ReferringSummary
{
    /// <summary>Items judged.</summary>
    public required long Total { get; init; }

    /// <summary>Correct items.</summary>
    public required long Correct { get; init; }

    /// <summary>Target-present items / correct among them.</summary>
    public required long TargetItems { get; init; }

    /// <summary>Correct target-present items (TP).</summary>
    public required long TruePositives { get; init; }

    /// <summary>No-target items.</summary>
    public required long NoTargetItems { get; init; }

    /// <summary>No-target items that abstained (TN).</summary>
    public required long TrueNegatives { get; init; }

    /// <summary>Items whose program failed.</summary>
    public required long Failures { get; init; }

    /// <summary>Correct / total.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>TPR: target-present accuracy (Acc@0.5 for boxes).</summary>
    public double Tpr => TargetItems == 0 ? 0 : (double)TruePositives / TargetItems;

    /// <summary>TNR: no-target accuracy.</summary>
    public double Tnr => NoTargetItems == 0 ? 0 : (double)TrueNegatives / NoTargetItems;

    /// <summary>FPR = 1 − TNR.</summary>
    public double Fpr => NoTargetItems == 0 ? 0 : 1 - Tnr;

    /// <summary>(TPR + TNR) / 2.</summary>
    public double BalancedAccuracy => (Tpr + Tnr) / 2;

    /// <summary>Failures / total.</summary>
    public double FailureRate => Total == 0 ? 0 : (double)Failures / Total;

    /// <summary>Accuracy over the items whose program ran.</summary>
    public double AccuracyExcludingFailures => Total - Failures == 0 ? 0 : (double)Correct / (Total - Failures);

    /// <summary>Accuracy counting failures as wrong (= <see cref="Accuracy"/>).</summary>
    public double AccuracyIncludingFailures => Accuracy;

    /// <summary>Mean IoU over target-present items judged by boxes; null when judged by objects.</summary>
    public double? MeanIou { get; init; }

    /// <summary>Early exits per operator.</summary>
    public required IReadOnlyDictionary<string, long> EarlyExits { get; init; }

    /// <summary>Accuracy per template family.</summary>
    public required IReadOnlyDictionary<string, (long Total, long Correct)> ByFamily { get; init; }

    /// <summary>Accuracy per template file.</summary>
    public required IReadOnlyDictionary<string, (long Total, long Correct)> ByTemplate { get; init; }

    /// <summary>Wrong rows per cause (<see cref="ReferringRow.Cause"/>; empty when no row has one).</summary>
    public IReadOnlyDictionary<string, long> Causes { get; init; } = new Dictionary<string, long>();

    /// <summary>Summarises rows.</summary>
    /// <param name="rows">The judged items.</param>
    /// <returns>The summary.</returns>
    public static ReferringSummary Of(IReadOnlyCollection<ReferringRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var exits = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var causes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var families = new SortedDictionary<string, (long, long)>(StringComparer.Ordinal);
        var templates = new SortedDictionary<string, (long, long)>(StringComparer.Ordinal);
        long correct = 0, target = 0, tp = 0, none = 0, tn = 0, failures = 0, ious = 0;
        double iouSum = 0;
        foreach (ReferringRow r in rows)
        {
            correct += r.Correct ? 1 : 0;
            failures += r.Failure is null ? 0 : 1;
            if (r.Expected.Count == 0)
            {
                none++;
                tn += r.Correct ? 1 : 0;
            }
            else
            {
                target++;
                tp += r.Correct ? 1 : 0;
                if (r.MeanIou is { } iou)
                {
                    iouSum += iou;
                    ious++;
                }
            }

            if (r.Cause is { } cause)
            {
                causes[cause] = causes.GetValueOrDefault(cause) + 1;
            }

            if (r.AbstainedOperator is { } op)
            {
                exits[op] = exits.GetValueOrDefault(op) + 1;
            }

            var f = families.GetValueOrDefault(r.Family);
            families[r.Family] = (f.Item1 + 1, f.Item2 + (r.Correct ? 1 : 0));
            var t = templates.GetValueOrDefault(r.Template);
            templates[r.Template] = (t.Item1 + 1, t.Item2 + (r.Correct ? 1 : 0));
        }

        return new ReferringSummary
        {
            Total = rows.Count,
            Correct = correct,
            TargetItems = target,
            TruePositives = tp,
            NoTargetItems = none,
            TrueNegatives = tn,
            Failures = failures,
            MeanIou = ious == 0 ? null : iouSum / ious,
            EarlyExits = exits,
            ByFamily = families,
            ByTemplate = templates,
            Causes = causes,
        };
    }
}
