using Neptune.Perception;

namespace Neptune.Clevr2D.Tests;

public class DetectionMetricsTests
{
    [Fact]
    public void Evaluate_OneMatchOneMissOneExtra_CountsEach()
    {
        BoundingBox[] reference = [new(0, 0, 10, 10), new(50, 50, 60, 60)];
        BoundingBox[] detected = [new(1, 1, 10, 10), new(100, 100, 110, 110)];
        var m = DetectionMetrics.Evaluate(detected, reference);
        Assert.Equal(new DetectionMetrics(1, 1, 1), m);
        Assert.Equal(0.5, m.Precision);
        Assert.Equal(0.5, m.Recall);
        Assert.Equal(0.5, m.F1);
    }

    [Fact]
    public void Match_TwoDetectionsOnOneReference_OnlyBestMatches()
    {
        BoundingBox[] reference = [new(0, 0, 10, 10)];
        BoundingBox[] detected = [new(0, 0, 9, 10), new(0, 0, 10, 10)];
        Assert.Equal([-1, 0], DetectionMetrics.Match(detected, reference));
    }

    [Fact]
    public void Evaluate_IouBelowThreshold_NoMatch()
    {
        BoundingBox[] reference = [new(0, 0, 10, 10)];
        BoundingBox[] detected = [new(5, 0, 15, 10)]; // IoU 1/3
        Assert.Equal(new DetectionMetrics(0, 1, 1), DetectionMetrics.Evaluate(detected, reference));
        Assert.Equal(new DetectionMetrics(1, 0, 0), DetectionMetrics.Evaluate(detected, reference, 0.3f));
    }

    [Fact]
    public void Add_TwoResults_SumsCounts()
    {
        Assert.Equal(new DetectionMetrics(3, 1, 2), new DetectionMetrics(1, 1, 0) + new DetectionMetrics(2, 0, 2));
        Assert.Equal(1.0, new DetectionMetrics().Precision);
        Assert.Equal(1.0, new DetectionMetrics().Recall);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void Match_ThresholdOutOfRange_Throws(float threshold)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DetectionMetrics.Match([], [], threshold));
    }
}
