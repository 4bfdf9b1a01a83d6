namespace Neptune.Logic.Tests;

public class ComparisonTests
{
    private static readonly SoftLogic Soft = new(new LogicOptions { SoftComparisons = true });

    [Fact]
    public void Comparisons_Default_AreCrisp()
    {
        var logic = new SoftLogic();
        Assert.Equal(1f, logic.Greater(3, 2));
        Assert.Equal(0f, logic.Greater(2, 2));
        Assert.Equal(1f, logic.Less(1.5, 2));
        Assert.Equal(1f, logic.Equal(2, 2));
        Assert.Equal(0f, logic.Equal(2, 2.0001));
    }

    [Fact]
    public void Greater_Soft_MatchesSigmoidForm()
    {
        // σ((a − b − 1 + 2γ)/τ) with τ = γ = 0.25: a − b = 1 gives σ(2).
        Assert.Equal(1 / (1 + Math.Exp(-2)), Soft.Greater(3, 2), 1e-6);
        Assert.Equal(0.5f, Soft.Greater(2.5, 2), 1e-6);
        Assert.Equal(1 / (1 + Math.Exp(2)), Soft.Greater(2, 2), 1e-6);
        Assert.Equal(Soft.Greater(3, 2), Soft.Less(2, 3));
    }

    [Fact]
    public void Equal_Soft_MatchesSigmoidForm()
    {
        // σ((γ − |a − b|)/(γτ)): equal numbers give σ(4), a gap of γ gives 0.5.
        Assert.Equal(1 / (1 + Math.Exp(-4)), Soft.Equal(2, 2), 1e-6);
        Assert.Equal(0.5f, Soft.Equal(2, 2.25), 1e-6);
        Assert.Equal(1 / (1 + Math.Exp(12)), Soft.Equal(2, 3), 1e-6);
    }

    [Fact]
    public void Comparisons_CrispLogicWithSoftFlag_StayCrisp()
    {
        var logic = new SoftLogic(new LogicOptions { Kind = LogicKind.Crisp, SoftComparisons = true });
        Assert.Equal(1f, logic.Greater(3, 2));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Comparisons_NonFinite_ThrowInvalidValue(double bad)
    {
        Assert.Throws<InvalidValueException>(() => Soft.Greater(bad, 1));
        Assert.Throws<InvalidValueException>(() => new SoftLogic().Equal(1, bad));
    }
}

public class OptionsTests
{
    [Fact]
    public void Options_Default_IsGodelWithMasking()
    {
        var o = LogicOptions.Default;
        Assert.Equal(LogicKind.Godel, o.Kind);
        Assert.True(o.DistinctVariables);
        Assert.Equal(16_777_216, o.MaxCells);
        Assert.Equal(0.25f, o.Tau);
        Assert.Equal(0.25f, o.Gamma);
        Assert.Equal(0.5f, o.CrispThreshold);
    }

    [Theory]
    [InlineData("CrispThreshold")]
    [InlineData("Tau")]
    [InlineData("Gamma")]
    [InlineData("MaxCells")]
    [InlineData("Kind")]
    [InlineData("IotaTemperature")]
    [InlineData("MaxCountTrials")]
    public void SoftLogic_InvalidOption_ThrowsNamingIt(string option)
    {
        LogicOptions bad = option switch
        {
            "CrispThreshold" => new() { CrispThreshold = 0f },
            "Tau" => new() { Tau = float.NaN },
            "Gamma" => new() { Gamma = -1f },
            "MaxCells" => new() { MaxCells = 0 },
            "Kind" => new() { Kind = (LogicKind)42 },
            "IotaTemperature" => new() { IotaTemperature = float.PositiveInfinity },
            _ => new() { MaxCountTrials = -1 },
        };
        var ex = Assert.Throws<InvalidLogicOptionsException>(() => new SoftLogic(bad));
        Assert.Equal(option, ex.Option);
    }
}
