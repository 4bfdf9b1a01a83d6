using Neptune.Evaluation.Referring;
using Neptune.Perception;

namespace Neptune.Evaluation.Tests;

public class SequenceMetricsTests
{
    private static BoundingBox Box(float left, float top, float right, float bottom) => new(left, top, right, bottom);

    private static SequenceFrame F(string clip, int frame, BoundingBox? predicted, BoundingBox? expected, bool failed = false) =>
        new(clip, frame, predicted, expected, failed);

    [Fact]
    public void StIoU_SumsIntersectionsOverSumsOfUnions_AcrossFrames()
    {
        // Frame 0: p = [0,0,10,10], t = [5,0,15,10]: ∩ 50, ∪ 150. Frame 1: p none, t = [0,0,10,10]: ∩ 0, ∪ 100.
        // Frame 2: p = [0,0,4,5] (area 20), t none: ∩ 0, ∪ 20. Frame 3: both none: adds nothing.
        // STIoU = 50 / (150 + 100 + 20) = 50 / 270 — not the mean of the per-frame IoUs (1/3, 0, 0).
        double? s = SequenceMetrics.StIoU([
            F("a", 0, Box(0, 0, 10, 10), Box(5, 0, 15, 10)),
            F("a", 1, null, Box(0, 0, 10, 10)),
            F("a", 2, Box(0, 0, 4, 5), null),
            F("a", 3, null, null),
        ]);

        Assert.NotNull(s);
        Assert.Equal(50.0 / 270, s.Value, 12);
    }

    [Fact]
    public void StIoU_ClipWithNoRegionInAnyFrame_IsUndefined()
    {
        Assert.Null(SequenceMetrics.StIoU([F("a", 0, null, null), F("a", 1, null, null)]));
        Assert.Null(SequenceMetrics.StIoU([]));
    }

    [Fact]
    public void Hit_IouOfExactlyHalf_IsAMiss_AndAboveIsAHit()
    {
        // [0,0,10,10] vs [0,0,20,10]: IoU = 100 / 200 = 0.5 exactly.
        Assert.False(SequenceMetrics.Hit(F("a", 0, Box(0, 0, 10, 10), Box(0, 0, 20, 10))));
        Assert.True(SequenceMetrics.Hit(F("a", 0, Box(0, 0, 11, 10), Box(0, 0, 20, 10))));
        Assert.False(SequenceMetrics.Hit(F("a", 0, null, Box(0, 0, 20, 10))));
    }

    [Fact]
    public void Hit_NoTargetFrame_ScoresOnlyWhenPredictedAsNoTarget_AndAFailureNever()
    {
        Assert.True(SequenceMetrics.Hit(F("a", 0, null, null)));
        Assert.False(SequenceMetrics.Hit(F("a", 0, Box(0, 0, 1, 1), null)));
        Assert.False(SequenceMetrics.Hit(F("a", 0, null, null, failed: true)));
    }

    [Fact]
    public void Of_GroupsByClip_AveragesScoredClips_AndCountsEveryFrameInAccuracy()
    {
        SequenceSummary s = SequenceMetrics.Of([
            // Clip a: STIoU = (100 + 0) / (100 + 100) = 0.5; frame 0 is a hit (IoU 1), frame 1 a miss (target missed).
            F("a", 0, Box(0, 0, 10, 10), Box(0, 0, 10, 10)),
            F("a", 1, null, Box(20, 20, 30, 30)),
            // Clip b: a false box on a no-target frame (∪ 25) and a correct abstention: STIoU 0, one hit of two.
            F("b", 0, Box(0, 0, 5, 5), null),
            F("b", 1, null, null),
            // Clip c: no region anywhere: left out of mSTIoU; both frames are correct abstentions.
            F("c", 0, null, null),
            F("c", 1, null, null),
            // Clip d: a failed frame over a target: ∩ 0, ∪ 100, no hit.
            F("d", 0, Box(0, 0, 10, 10), Box(0, 0, 10, 10), failed: true),
        ]);

        Assert.Equal(4, s.Clips);
        Assert.Equal(3, s.ScoredClips);
        Assert.Equal(7, s.Frames);
        Assert.Equal(3, s.TargetFrames);
        Assert.Equal(4, s.NoTargetFrames);
        Assert.Equal((0.5 + 0 + 0) / 3, s.MStIoU!.Value, 12);
        Assert.Null(s.ClipStIoU["c"]);
        Assert.Equal(0.5, s.ClipStIoU["a"]!.Value, 12);
        Assert.Equal(4, s.Hits); // a0, b1, c0, c1
        Assert.Equal(4.0 / 7, s.AccuracyWithNoTarget, 12);
        Assert.Equal(1.0 / 3, s.Tpr, 12); // a0 of a0, a1, d0
    }

    [Fact]
    public void Of_OnlyEmptyClips_HasNoMStIoU()
    {
        SequenceSummary s = SequenceMetrics.Of([F("a", 0, null, null)]);
        Assert.Null(s.MStIoU);
        Assert.Equal(0, s.ScoredClips);
        Assert.Equal(1.0, s.AccuracyWithNoTarget);
        Assert.Equal(0, s.Tpr);
    }

    private static readonly HashSet<string> Images = ["f0.png", "f1.png"];

    [Fact]
    public void GroundTruth_ReadsBoxesAndNoTarget_SkippingBlankLines()
    {
        var labels = SequenceGroundTruth.Parse([
            """{"image": "f0.png", "clip": "c", "frame": 0, "box": [1, 2, 30.5, 40]}""",
            "",
            """{"image": "f1.png", "clip": "c", "frame": 1, "box": null, "note": "ignored"}""",
        ], "gt.jsonl", Images);

        Assert.Equal(new SequenceLabel("c", 0, Box(1, 2, 30.5f, 40)), labels["f0.png"]);
        Assert.Equal(new SequenceLabel("c", 1, null), labels["f1.png"]);
    }

    [Theory]
    [InlineData("""{"image": "f0.png", "clip": "c", "frame": 0, "box": [1, 2, 3]}""", "gt.jsonl:1: 'box' must be null or [x1, y1, x2, y2]")]
    [InlineData("""{"image": "f0.png", "clip": "c", "frame": 0, "box": [5, 2, 3, 4]}""", "gt.jsonl:1: 'box' must be")]
    [InlineData("""{"image": "f0.png", "clip": "c", "frame": 0}""", "gt.jsonl:1: 'box' is missing")]
    [InlineData("""{"image": "f0.png", "clip": "c", "frame": -1, "box": null}""", "gt.jsonl:1: 'frame' must be an integer")]
    [InlineData("""{"image": "f0.png", "clip": 3, "frame": 0, "box": null}""", "gt.jsonl:1: 'clip' must be a non-empty string")]
    [InlineData("""{"image": "other.png", "clip": "c", "frame": 0, "box": null}""", "gt.jsonl:1: unknown image 'other.png'")]
    [InlineData("""{"image": "f0.png", """, "gt.jsonl:1: not valid JSON")]
    [InlineData("""[1, 2]""", "gt.jsonl:1: expected a JSON object")]
    public void GroundTruth_MalformedLine_NamesFileAndLine(string line, string message)
    {
        var e = Assert.Throws<SequenceGroundTruthException>(() => SequenceGroundTruth.Parse([line], "gt.jsonl", Images));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GroundTruth_RepeatedImageOrFrame_OrNoLines_IsAnError()
    {
        string a = """{"image": "f0.png", "clip": "c", "frame": 0, "box": null}""";
        string sameFrame = """{"image": "f1.png", "clip": "c", "frame": 0, "box": null}""";
        Assert.Contains("gt.jsonl:2: image 'f0.png' appears twice", Assert.Throws<SequenceGroundTruthException>(() => SequenceGroundTruth.Parse([a, a], "gt.jsonl", Images)).Message, StringComparison.Ordinal);
        Assert.Contains("gt.jsonl:2: clip 'c' has frame 0 twice", Assert.Throws<SequenceGroundTruthException>(() => SequenceGroundTruth.Parse([a, sameFrame], "gt.jsonl", Images)).Message, StringComparison.Ordinal);
        Assert.Contains("gt.jsonl: no frames", Assert.Throws<SequenceGroundTruthException>(() => SequenceGroundTruth.Parse(["", " "], "gt.jsonl", Images)).Message, StringComparison.Ordinal);
    }
}
