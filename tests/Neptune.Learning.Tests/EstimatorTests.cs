using System.Globalization;
using Neptune.Learning.BlackBoxes;
using Neptune.Learning.Estimators;

namespace Neptune.Learning.Tests;

public sealed class EstimatorTests
{
    // The worked example of the ISED description: p_a = [0.1, 0.6, 0.3], p_b = [0.2, 0.1, 0.7], samples (1, 2), (1, 0), (2, 1).
    private static readonly float[] P = [0.1f, 0.6f, 0.3f, 0.2f, 0.1f, 0.7f];
    private static readonly int[] Samples = [1, 2, 1, 0, 2, 1];
    private static readonly IBlackBox Sum = new DelegateBlackBox(s => s.Sum().ToString(CultureInfo.InvariantCulture));

    [Fact]
    public void Ised_AddMult_BlogExample_GivesTheSummaryOfTheSampledTuples()
    {
        var ised = new Ised(3, Semiring.AddMult);

        ised.FromSamples(P, 3, Samples, "3", Sum, new float[6], out IsedSummary summary);

        Assert.Equal(["3", "1"], summary.Outputs);
        Assert.Equal((0.6 * 0.7) + (0.3 * 0.1), summary.Scores[0], 6);
        Assert.Equal(0.6 * 0.2, summary.Scores[1], 6);
    }

    [Fact]
    public void Ised_MinMax_BlogExample_TakesMinWithinAndMaxAcrossTuples()
    {
        var ised = new Ised(3, Semiring.MinMax);

        ised.FromSamples(P, 3, Samples, "3", Sum, new float[6], out IsedSummary summary);

        Assert.Equal(Math.Max(0.6, 0.1), summary.Scores[0], 6);
        Assert.Equal(0.2, summary.Scores[1], 6);
    }

    [Fact]
    public void Ised_FixedOutputSpace_GivesZeroToUnsampledOutputs_AndLossIsMeanBceOfL2NormalisedScores()
    {
        var ised = new Ised(3, Semiring.AddMult, ["0", "1", "2", "3", "4"]);

        float loss = ised.FromSamples(P, 3, Samples, "3", Sum, new float[6], out IsedSummary summary);

        Assert.Equal([0f, 0.12f, 0f, 0.45f, 0f], summary.Scores.Select(v => MathF.Round(v, 6)));
        double norm = Math.Sqrt((0.12 * 0.12) + (0.45 * 0.45));
        double expected = (-Math.Log(1 - (0.12 / norm)) - Math.Log(0.45 / norm)) / 5;
        Assert.Equal(expected, loss, 5);
    }

    [Theory]
    [InlineData(Semiring.AddMult)]
    [InlineData(Semiring.MinMax)]
    public void Ised_Gradient_MatchesFiniteDifferencesForFixedSamples(Semiring semiring)
    {
        var ised = new Ised(3, semiring);
        var g = new float[6];
        ised.FromSamples(P, 3, Samples, "3", Sum, g, out _);

        FiniteDifferences.Check(P, g, p => ised.FromSamples(p, 3, Samples, "3", Sum, new float[6], out _));
    }

    [Fact]
    public void Ised_NoRunSucceeds_ZeroLossAndGradient()
    {
        var ised = new Ised(3);
        var g = new float[6];
        g.AsSpan().Fill(9);

        float loss = ised.FromSamples(P, 3, Samples, "3", new DelegateBlackBox(_ => null), g, out IsedSummary summary);

        Assert.Equal(0f, loss);
        Assert.Empty(summary.Outputs);
        Assert.All(g, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Reinforce_NoBaseline_LossIsMinusMeanRewardWeightedLogProbability()
    {
        var reinforce = new Reinforce(3, baseline: false);
        var g = new float[6];

        float loss = reinforce.FromSamples(P, 3, Samples, "3", Sum, g);

        // Rewards 1, 0, 1 for (1, 2) -> 3, (1, 0) -> 1, (2, 1) -> 3.
        double expected = -(Math.Log(0.6 * 0.7) + Math.Log(0.3 * 0.1)) / 3;
        Assert.Equal(expected, loss, 5);
        Assert.Equal(-1 / (3 * 0.6), g[1], 4);
        Assert.Equal(0f, g[3]);
        FiniteDifferences.Check(P, g, p => reinforce.FromSamples(p, 3, Samples, "3", Sum, new float[6]));
    }

    [Fact]
    public void Reinforce_Baseline_UsesNormalisedAdvantages()
    {
        var reinforce = new Reinforce(3, baseline: true);
        var g = new float[6];

        float loss = reinforce.FromSamples(P, 3, Samples, "3", Sum, g);

        double std = Math.Sqrt(((2 * (1.0 / 9)) + (4.0 / 9)) / 2);
        double up = (1 - (2.0 / 3)) / (std + 1e-8);
        double down = (0 - (2.0 / 3)) / (std + 1e-8);
        double expected = -((up * Math.Log(0.6 * 0.7)) + (down * Math.Log(0.6 * 0.2)) + (up * Math.Log(0.3 * 0.1))) / 3;
        Assert.Equal(expected, loss, 4);
        FiniteDifferences.Check(P, g, p => reinforce.FromSamples(p, 3, Samples, "3", Sum, new float[6]));
    }

    [Fact]
    public void IndeCateR_HandComputedConditionalExpectations()
    {
        var indecater = new IndeCateR(3);
        var g = new float[6];

        float loss = indecater.FromSamples(P, 3, Samples, "3", Sum, g);

        // E[f | a = v] = [0, 1/3, 1/3]; E[f | b = v] = [0, 1/3, 2/3]; S = (0.6 + 0.3 + 0.1 + 2 * 0.7) / 3 = 0.8.
        Assert.Equal(-Math.Log(0.8), loss, 5);
        float[] expected = [0, -1 / 3f / 0.8f, -1 / 3f / 0.8f, 0, -1 / 3f / 0.8f, -2 / 3f / 0.8f];
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(expected[i], g[i], 5);
        }

        FiniteDifferences.Check(P, g, p => indecater.FromSamples(p, 3, Samples, "3", Sum, new float[6]));
    }

    [Fact]
    public void Sampling_FollowsTheDistribution_NeverDrawsZero_AndRepeatsForASeed()
    {
        float[] p = [0.2f, 0f, 0.8f];
        var a = new int[20_000];
        var b = new int[20_000];

        Sampling.Categorical(p, 3, 20_000, new Random(5), a);
        Sampling.Categorical(p, 3, 20_000, new Random(5), b);

        Assert.Equal(a, b);
        Assert.DoesNotContain(1, a);
        Assert.InRange(a.Count(v => v == 0) / 20_000.0, 0.19, 0.21);
    }

    [Fact]
    public void Estimators_OneSeed_SameLossAndGradient()
    {
        foreach (IGradientEstimator e in new IGradientEstimator[] { new Ised(10), new Reinforce(10, true), new IndeCateR(10) })
        {
            var g1 = new float[6];
            var g2 = new float[6];
            float l1 = e.Estimate(P, 3, "3", Sum, new Random(3), g1);
            float l2 = e.Estimate(P, 3, "3", Sum, new Random(3), g2);

            Assert.Equal(l1, l2);
            Assert.Equal(g1, g2);
        }
    }
}

internal static class FiniteDifferences
{
    public static void Check(float[] p, float[] analytic, Func<float[], float> loss, float epsilon = 1e-3f)
    {
        for (int i = 0; i < p.Length; i++)
        {
            float[] plus = (float[])p.Clone();
            float[] minus = (float[])p.Clone();
            plus[i] += epsilon;
            minus[i] -= epsilon;
            double numeric = (loss(plus) - loss(minus)) / (2.0 * epsilon);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-2 + (2e-2 * Math.Abs(numeric)), $"p[{i}]: analytic {analytic[i]}, finite difference {numeric}");
        }
    }
}
