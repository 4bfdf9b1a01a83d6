using Neptune.Vision.Scoring;

namespace Neptune.Vision.Tests;

public sealed class YesNoProbabilityTests
{
    private static double P(YesNoScoringOptions options, out YesNoOutcome outcome, params (string, double)[] alts) =>
        YesNoProbability.Compute([.. alts.Select(a => new TokenLogprob(a.Item1, a.Item2))], true, null, options, out outcome);

    [Theory]
    [InlineData("Yes", 1)]
    [InlineData(" Yes", 1)]
    [InlineData("YES", 1)]
    [InlineData("yes", 1)]
    [InlineData("ĠYes", 1)]
    [InlineData("▁yes", 1)]
    [InlineData("Yes.", 1)]
    [InlineData(" No", -1)]
    [InlineData("NO", -1)]
    [InlineData("Not", 0)]
    [InlineData("Yess", 0)]
    [InlineData("", 0)]
    public void Bucket_TokenVariants_FoldCaseAndLeadingSpace(string token, int expected) =>
        Assert.Equal(expected, YesNoProbability.Bucket(token));

    [Fact]
    public void Compute_BothBuckets_IsSoftmaxOverTheTwo()
    {
        double p = P(YesNoScoringOptions.Default, out YesNoOutcome outcome, ("Yes", Math.Log(0.6)), ("No", Math.Log(0.2)), ("The", Math.Log(0.1)));
        Assert.Equal(0.75, p, 9);
        Assert.Equal(YesNoOutcome.BothPresent, outcome);
    }

    [Fact]
    public void Compute_VariantsOfOneAnswer_AreSummed()
    {
        double p = P(YesNoScoringOptions.Default, out _, ("Yes", Math.Log(0.3)), (" yes", Math.Log(0.2)), ("YES", Math.Log(0.1)), ("No", Math.Log(0.2)));
        Assert.Equal(0.6 / 0.8, p, 9);
    }

    [Fact]
    public void Compute_MaxAggregation_UsesBestVariantOnly()
    {
        var options = YesNoScoringOptions.Default with { Aggregation = BucketAggregation.Max };
        double p = P(options, out _, ("Yes", Math.Log(0.3)), (" yes", Math.Log(0.2)), ("No", Math.Log(0.3)));
        Assert.Equal(0.5, p, 9);
    }

    [Fact]
    public void Compute_MissingNo_UsesFloorOfOneInAMillion()
    {
        double p = P(YesNoScoringOptions.Default, out YesNoOutcome outcome, ("Yes", Math.Log(0.5)), ("Sure", Math.Log(0.4)));
        Assert.Equal(0.5 / (0.5 + 1e-6), p, 12);
        Assert.Equal(YesNoOutcome.MissingNo, outcome);
    }

    [Fact]
    public void Compute_MissingYes_UsesFloorOfOneInAMillion()
    {
        double p = P(YesNoScoringOptions.Default, out YesNoOutcome outcome, ("No", Math.Log(0.9)));
        Assert.Equal(1e-6 / (0.9 + 1e-6), p, 12);
        Assert.Equal(YesNoOutcome.MissingYes, outcome);
    }

    [Fact]
    public void Compute_MissingBucketWithNullFloor_IsNaN()
    {
        double p = P(YesNoScoringOptions.Default with { MissingBucketLogprob = null }, out _, ("No", Math.Log(0.9)));
        Assert.True(double.IsNaN(p));
    }

    [Fact]
    public void Compute_BothMissing_IsNeutralHalf()
    {
        double p = P(YesNoScoringOptions.Default, out YesNoOutcome outcome, ("The", -0.1), ("It", -2));
        Assert.Equal(0.5, p);
        Assert.Equal(YesNoOutcome.BothMissing, outcome);
    }

    [Fact]
    public void Compute_NoLogprobsNeutral_IsHalf()
    {
        double p = YesNoProbability.Compute([], false, "Yes", YesNoScoringOptions.Default, out YesNoOutcome outcome);
        Assert.Equal(0.5, p);
        Assert.Equal(YesNoOutcome.NoLogprobs, outcome);
    }

    [Theory]
    [InlineData("Yes", 1.0)]
    [InlineData("no.", 0.0)]
    [InlineData("<think>hmm</think> Yes", 1.0)]
    [InlineData("Maybe", 0.5)]
    public void Compute_NoLogprobsAnswerText_ReadsTheGeneratedWord(string text, double expected)
    {
        var options = YesNoScoringOptions.Default with { WhenNoLogprobs = MissingLogprobsAction.AnswerText };
        Assert.Equal(expected, YesNoProbability.Compute([], false, text, options, out _));
    }

    [Fact]
    public void Compute_NoLogprobsFail_IsNaN()
    {
        var options = YesNoScoringOptions.Default with { WhenNoLogprobs = MissingLogprobsAction.Fail };
        Assert.True(double.IsNaN(YesNoProbability.Compute([], false, "Yes", options, out _)));
    }

    [Fact]
    public void Compute_ExtremeLogprobs_StayInUnitInterval()
    {
        double p = P(YesNoScoringOptions.Default, out _, ("Yes", -1000), ("No", -0.0001));
        Assert.InRange(p, 0, 1e-100);
        Assert.False(double.IsNaN(p));
    }

    [Fact]
    public void Validate_TopLogprobsAboveTwenty_Throws() =>
        Assert.Throws<ArgumentException>(() => (YesNoScoringOptions.Default with { TopLogprobs = 21 }).Validate());
}
