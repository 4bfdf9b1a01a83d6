using CsCheck;

namespace Neptune.Logic.Tests;

public class CountTests
{
    [Fact]
    public void Count_TwoHalves_IsBinomial()
    {
        var c = new SoftLogic().Count(SoftTensor.Vector("x", [0.5f, 0.5f]), "x");
        Assert.Equal([0.25, 0.5, 0.25], c.Distribution.ToArray());
        Assert.Equal(2, c.N);
        Assert.Equal(1, c.Mode);
        Assert.Equal(1.0, c.Expectation, 1e-12);
        Assert.Equal(2, c.CutCount);
    }

    [Fact]
    public void Count_HandComputedPoissonBinomial_MatchesAndAnswersQueries()
    {
        // p = 0.2, 0.5, 0.9, 1, 0
        var c = new SoftLogic(new LogicOptions { Kind = LogicKind.Product }).Count(SoftTensor.Vector("x", [0.2f, 0.5f, 0.9f, 1f, 0f]), "x");
        double[] uncertain = [0.8 * 0.5 * 0.1, (0.2 * 0.5 * 0.1) + (0.8 * 0.5 * 0.1) + (0.8 * 0.5 * 0.9), (0.2 * 0.5 * 0.1) + (0.2 * 0.5 * 0.9) + (0.8 * 0.5 * 0.9), 0.2 * 0.5 * 0.9];
        double[] expected = [0, .. uncertain, 0];
        Assert.Equal(5, c.N);
        for (int k = 0; k <= 5; k++)
        {
            Assert.Equal(expected[k], c.ProbabilityEqual(k), 1e-6);
        }

        Assert.Equal(2.6, c.Expectation, 1e-5);
        Assert.Equal(3, c.CutCount);
        Assert.Equal(expected[3] + expected[4], c.ProbabilityGreater(2), 1e-6);
        Assert.Equal(expected[0] + expected[1], c.ProbabilityLess(2), 1e-6);
        Assert.Equal(0.0, c.ProbabilityEqual(-1));
        Assert.Equal(0.0, c.ProbabilityEqual(6));
        Assert.Equal(1.0, c.ProbabilityGreater(-1), 1e-9);
        Assert.Equal(0.0, c.ProbabilityGreater(5));
        Assert.Equal(1.0, c.ProbabilityLess(6), 1e-9);
    }

    [Fact]
    public void Count_Crisp_PointMassAtCut()
    {
        var c = new SoftLogic(new LogicOptions { Kind = LogicKind.Crisp }).Count(SoftTensor.Vector("x", [0.2f, 0.5f, 0.9f, 0.49f]), "x");
        Assert.Equal([0.0, 0.0, 1.0, 0.0, 0.0], c.Distribution.ToArray());
        Assert.Equal(2, c.Mode);
        Assert.Equal(2, c.CutCount);
        Assert.Equal(2.0, c.Expectation);
    }

    [Fact]
    public void Count_RandomVectors_SumsToOneAndExpectationIsSum()
    {
        var logic = new SoftLogic();
        Gen.Int[0, 39].SelectMany(n => Gens.Tensor(["x"], n)).Check(t =>
        {
            var count = logic.Count(t, "x");
            Assert.Equal(1.0, count.Distribution.ToArray().Sum(), 1e-9);
            Assert.Equal(t.Values.ToArray().Sum(v => (double)v), count.Expectation, 1e-4);
            Assert.All(count.Distribution.ToArray(), p => Assert.InRange(p, 0.0, 1.0));
        }, iter: 300);
    }

    [Fact]
    public void Count_RandomBinaryVectors_ModeEqualsCutCount()
    {
        var logic = new SoftLogic();
        Gen.Int[0, 29].SelectMany(n => Gens.Tensor(["x"], n, binary: true)).Check(t =>
        {
            var count = logic.Count(t, "x");
            Assert.Equal(count.CutCount, count.Mode);
            Assert.Equal(1.0, count.ProbabilityEqual(count.CutCount));
        }, iter: 300);
    }

    [Fact]
    public void Count_MatchesBruteForceEnumeration()
    {
        var logic = new SoftLogic();
        Gen.Int[0, 8].SelectMany(n => Gens.Tensor(["x"], n)).Check(t =>
        {
            int n = t.Length;
            var expected = new double[n + 1];
            for (int mask = 0; mask < 1 << n; mask++)
            {
                double p = 1;
                for (int i = 0; i < n; i++) p *= (mask >> i & 1) == 1 ? t.Values[i] : 1.0 - t.Values[i];
                expected[System.Numerics.BitOperations.PopCount((uint)mask)] += p;
            }

            var count = logic.Count(t, "x");
            for (int k = 0; k <= n; k++) Assert.Equal(expected[k], count.ProbabilityEqual(k), 1e-9);
        });
    }

    [Fact]
    public void CountAll_MaskingOn_ExcludesRepeatedObjectTuples()
    {
        var ones = SoftTensor.Create(["x", "y"], 3, Enumerable.Repeat(1f, 9).ToArray());
        var masked = new SoftLogic().CountAll(ones);
        Assert.Equal(6, masked.N);
        Assert.Equal(6, masked.Mode);
        var unmasked = new SoftLogic(new LogicOptions { DistinctVariables = false }).CountAll(ones);
        Assert.Equal(9, unmasked.N);
        Assert.Equal(9, unmasked.CutCount);
    }

    [Fact]
    public void Count_RankTwo_OtherVariableReducedWithExists()
    {
        var r = SoftTensor.Create(["x", "y"], 2, [0f, 1f, 0f, 0f]);
        var c = new SoftLogic().Count(r, "x");
        Assert.Equal(1, c.Mode);
        Assert.Equal(1.0, c.ProbabilityEqual(1));
    }

    [Fact]
    public void Count_TooManyUncertainCells_ThrowsTensorTooLarge()
    {
        var logic = new SoftLogic(new LogicOptions { MaxCountTrials = 10 });
        var ex = Assert.Throws<TensorTooLargeException>(() => logic.Count(SoftTensor.Vector("x", Enumerable.Repeat(0.5f, 11).ToArray()), "x"));
        Assert.Equal(11, ex.Requested);
        // Certain cells do not count against the limit.
        Assert.Equal(20, logic.Count(SoftTensor.Vector("x", Enumerable.Repeat(1f, 20).ToArray()), "x").Mode);
    }

    [Fact]
    public void Iota_Proportional_DistributionAndUniqueness()
    {
        var logic = new SoftLogic();
        var t = SoftTensor.Vector("x", [0.1f, 0.8f, 0.1f, 0f]);
        var iota = logic.Iota(t, "x");
        Assert.False(iota.IsDegenerate);
        Assert.Equal(1, iota.MostLikely);
        Assert.Equal(0.1f, iota.Distribution[0], 1e-6);
        Assert.Equal(0.8f, iota.Distribution[1], 1e-6);
        double exactlyOne = (0.1 * 0.2 * 0.9) + (0.9 * 0.8 * 0.9) + (0.9 * 0.2 * 0.1);
        Assert.Equal(exactlyOne, iota.Uniqueness, 1e-5);
        Assert.Equal(logic.Count(t, "x").ProbabilityEqual(1), iota.Uniqueness, 1e-5);
    }

    [Fact]
    public void Iota_RandomVectors_UniquenessEqualsCountOfOne()
    {
        var logic = new SoftLogic();
        Gen.Int[1, 29].SelectMany(n => Gens.Tensor(["x"], n)).Check(t =>
        {
            var iota = logic.Iota(t, "x");
            if (iota.IsDegenerate) return;
            Assert.Equal(logic.Count(t, "x").ProbabilityEqual(1), iota.Uniqueness, 1e-5);
            Assert.Equal(1.0, iota.Distribution.ToArray().Sum(v => (double)v), 1e-5);
        }, iter: 300);
    }

    [Fact]
    public void Iota_Softmax_UsesTemperature()
    {
        var logic = new SoftLogic(new LogicOptions { Iota = IotaNormalization.Softmax, IotaTemperature = 0.5f });
        var iota = logic.Iota(SoftTensor.Vector("x", [0.5f, 1f]), "x");
        double e = Math.Exp(1.0);
        Assert.Equal(1 / (1 + e), iota.Distribution[0], 1e-6);
        Assert.Equal(e / (1 + e), iota.Distribution[1], 1e-6);
    }

    [Fact]
    public void Iota_Crisp_UniformOverPassing()
    {
        var logic = new SoftLogic(new LogicOptions { Kind = LogicKind.Crisp });
        var two = logic.Iota(SoftTensor.Vector("x", [0.6f, 0.1f, 0.9f]), "x");
        Assert.Equal([0.5f, 0f, 0.5f], two.Distribution.ToArray());
        Assert.Equal(0f, two.Uniqueness);
        Assert.Equal(0, two.MostLikely);
        var one = logic.Iota(SoftTensor.Vector("x", [0.4f, 0.1f, 0.9f]), "x");
        Assert.Equal(1f, one.Uniqueness);
        Assert.Equal(2, one.MostLikely);
    }

    [Theory]
    [MemberData(nameof(ConnectiveTests.Kinds), MemberType = typeof(ConnectiveTests))]
    public void Iota_EmptyOrAllZero_Degenerate(LogicKind kind)
    {
        var logic = new SoftLogic(new LogicOptions { Kind = kind });
        var empty = logic.Iota(SoftTensor.Create(["x"], 0, ReadOnlySpan<float>.Empty), "x");
        Assert.True(empty.IsDegenerate);
        Assert.Equal(IotaDegeneracy.EmptyDomain, empty.Degeneracy);
        Assert.Equal(-1, empty.MostLikely);
        var zero = logic.Iota(SoftTensor.Vector("x", [0f, 0f]), "x");
        Assert.Equal(IotaDegeneracy.NoCandidate, zero.Degeneracy);
        Assert.Equal([0f, 0f], zero.Distribution.ToArray());
        Assert.Equal(0f, zero.Uniqueness);
    }
}
