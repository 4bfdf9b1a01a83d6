using Neptune.Evaluation.Referring;
using Neptune.Evaluation.Results;
using Neptune.Perception;

namespace Neptune.Evaluation.Tests;

public class GrecMetricsTests
{
    private static BoundingBox Box(float left, float width) => new(left, 0, left + width, 10);

    [Fact]
    public void GrecF1_HandComputedCases_MatchTheDefinition()
    {
        // Two referents, both matched (IoU 1 and 0.5): TP = 2, F1 = 2·2 / (2 + 2) = 1.
        Assert.Equal(1.0, ReferringMetrics.GrecF1(false, [Box(0, 20), Box(100, 10)], [Box(0, 20), Box(100, 20)]), 12);
        // One of two referents found: F1 = 2·1 / (1 + 2) = 2/3.
        Assert.Equal(2.0 / 3, ReferringMetrics.GrecF1(false, [Box(0, 20)], [Box(0, 20), Box(100, 20)]), 12);
        // Three predictions, two right: F1 = 2·2 / (3 + 2) = 0.8.
        Assert.Equal(0.8, ReferringMetrics.GrecF1(false, [Box(0, 20), Box(100, 20), Box(300, 20)], [Box(0, 20), Box(100, 20)]), 12);
        // A single referent at IoU exactly 0.5 is a GREC match (IoU ≥ 0.5), unlike VIRO's Acc@0.5 (IoU > 0.5).
        Assert.Equal(1.0, ReferringMetrics.GrecF1(false, [Box(0, 10)], [Box(0, 20)]), 12);
        Assert.False(ReferringMetrics.BoxesCorrect(false, [Box(0, 10)], [Box(0, 20)]).Correct);
        // No target: 1 only when nothing is predicted.
        Assert.Equal(1.0, ReferringMetrics.GrecF1(true, Array.Empty<BoundingBox>(), []), 12);
        Assert.Equal(0.0, ReferringMetrics.GrecF1(false, [Box(0, 10)], []), 12);
        // A target with nothing predicted (or an abstention) scores 0.
        Assert.Equal(0.0, ReferringMetrics.GrecF1(true, [], [Box(0, 10)]), 12);
        // Object sets: {1, 2} against {2, 3}: TP = 1, F1 = 2 / 4.
        Assert.Equal(0.5, ReferringMetrics.GrecF1Objects(false, [1, 2], [2, 3]), 12);
        Assert.Equal(1.0, ReferringMetrics.GrecF1Objects(false, [3, 2], [2, 3]), 12);
    }

    [Fact]
    public void Match_IsGreedyHighestIouFirst()
    {
        // Predicted A overlaps both expected boxes; greedy takes its better pair first, leaving B for the other.
        BoundingBox a = Box(0, 20), b = Box(4, 20);
        BoundingBox e1 = Box(0, 20), e2 = Box(5, 20);
        var (matched, sum) = ReferringMetrics.Match([a, b], [e1, e2], 0.5);
        Assert.Equal(2, matched);
        Assert.Equal(1.0 + b.IntersectionOverUnion(e2), sum, 12);
    }

    [Fact]
    public void CorrectAt_SevenTenths_IsStricterThanHalf()
    {
        // IoU 0.6: right at 0.5, wrong at 0.7.
        Assert.True(ReferringMetrics.CorrectAt(false, [Box(0, 12)], [Box(0, 20)], 0.5));
        Assert.False(ReferringMetrics.CorrectAt(false, [Box(0, 12)], [Box(0, 20)], 0.7));
        Assert.True(ReferringMetrics.CorrectAt(false, [Box(0, 15)], [Box(0, 20)], 0.7));
        // Several referents at 0.7: every one matched, nothing extra.
        Assert.True(ReferringMetrics.CorrectAt(false, [Box(0, 15), Box(100, 20)], [Box(0, 20), Box(100, 20)], 0.7));
        Assert.False(ReferringMetrics.CorrectAt(false, [Box(0, 12), Box(100, 20)], [Box(0, 20), Box(100, 20)], 0.7));
        Assert.False(ReferringMetrics.CorrectAt(true, [], [Box(0, 20)], 0.7));
    }

    [Fact]
    public void Summary_BoxRun_ReportsGrecPrecisionNAccTAccAndAccAt07()
    {
        var builder = new SummaryBuilder();
        // 1. target, one box at IoU 0.5 exactly: wrong by VIRO's rule, F1 = 1 for GREC; predicted a target.
        builder.Add(Row(1, expected: [Box(0, 20)], predicted: [Box(0, 10)], iou: 0.5, correct: false));
        // 2. target, IoU 0.75: right at 0.5 and at 0.7.
        builder.Add(Row(2, expected: [Box(0, 20)], predicted: [Box(0, 15)], iou: 0.75, correct: true));
        // 3. target, abstained: wrong everywhere, not a T-acc hit.
        builder.Add(Row(3, expected: [Box(0, 20)], noTarget: true, iou: 0, correct: false));
        // 4. target, the program failed: counted, wrong everywhere.
        builder.Add(Row(4, expected: [Box(0, 20)], failed: true, correct: false));
        // 5. no target, abstained: right (TN, F1 = 1).
        builder.Add(Row(5, expected: [], noTarget: true, correct: true));
        // 6. no target, a box predicted: wrong.
        builder.Add(Row(6, expected: [], predicted: [Box(0, 10)], correct: false));

        ReferringTotals rec = Build(builder).Referring!;
        Assert.Equal(4, rec.TargetItems);
        Assert.Equal(2, rec.NoTargetItems);
        Assert.Equal(3.0 / 6, rec.GrecPrecision, 12);   // rows 1, 2, 5
        Assert.Equal(0.5, rec.NAcc, 12);                // row 5 of 5, 6
        Assert.Equal(0.5, rec.TAcc, 12);                // rows 1, 2 of 1-4
        Assert.Equal(0.25, rec.AccAt07!.Value, 12);     // row 2 of 1-4
        Assert.Equal(0.25, rec.Tpr, 12);
    }

    [Fact]
    public void Summary_ObjectRun_UsesObjectSetsAndHasNoAccAt07()
    {
        var builder = new SummaryBuilder();
        builder.Add(Row(1, expected: [], objects: [2, 3], predictedObjects: [3, 2], correct: true));
        builder.Add(Row(2, expected: [], objects: [2, 3], predictedObjects: [2], correct: false));
        ReferringTotals rec = Build(builder).Referring!;
        Assert.Equal(0.5, rec.GrecPrecision, 12);
        Assert.Equal(1.0, rec.TAcc, 12);
        Assert.Null(rec.AccAt07);

        using var stream = new MemoryStream();
        Build(builder).WriteTo(stream);
        using var doc = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        Assert.Equal(0.5, doc.RootElement.GetProperty("grec_precision").GetDouble());
        Assert.Equal(1.0, doc.RootElement.GetProperty("t_acc").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, doc.RootElement.GetProperty("acc_at_0_7").ValueKind);
    }

    private static EvaluationSummary Build(SummaryBuilder builder) => builder.Build(builder.Total, 0, builder.Total, 1, []);

    private static ResultRow Row(
        long id,
        BoundingBox[] expected,
        BoundingBox[]? predicted = null,
        bool noTarget = false,
        double? iou = null,
        bool correct = false,
        bool failed = false,
        int[]? objects = null,
        int[]? predictedObjects = null) => new()
    {
        Id = id,
        Question = "the thing",
        ImageIndex = (int)id,
        Category = "rec",
        Correct = correct,
        FailureKind = failed ? FailureKinds.Runtime : null,
        Referring = new ReferringOutcome
        {
            ExpectedObjects = objects ?? (expected.Length == 0 ? [] : [.. Enumerable.Range(0, expected.Length)]),
            ExpectedBoxes = expected,
            PredictedBoxes = predicted ?? [],
            PredictedObjects = predictedObjects ?? (predicted is null ? [] : [.. Enumerable.Range(0, predicted.Length)]),
            PredictedNoTarget = noTarget,
            Iou = iou,
        },
    };
}
