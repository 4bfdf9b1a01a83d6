using CsCheck;

namespace Neptune.Logic.Tests;

public class TensorTests
{
    [Fact]
    public void Create_RowMajor_IndexerReadsFirstVariableSlowest()
    {
        var t = SoftTensor.Create(["x", "y"], 2, [0.1f, 0.2f, 0.3f, 0.4f]);
        Assert.Equal(0.2f, t[0, 1]);
        Assert.Equal(0.3f, t[1, 0]);
        Assert.Equal(2, t.Rank);
        Assert.Equal(4, t.Length);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(1.0001f)]
    [InlineData(-0.0001f)]
    [InlineData(float.PositiveInfinity)]
    public void Create_InvalidProbability_ThrowsInvalidValueWithIndex(float bad)
    {
        var ex = Assert.Throws<InvalidValueException>(() => SoftTensor.Create(["x"], 3, [0.5f, bad, 0.5f]));
        Assert.Equal(1, ex.Index);
        Assert.Throws<InvalidValueException>(() => SoftTensor.Scalar(bad));
    }

    [Fact]
    public void CreateClamped_OutOfRange_ClampsButRejectsNaN()
    {
        var t = SoftTensor.CreateClamped(["x"], 4, [-0.5f, 1.5f, float.PositiveInfinity, 0.25f]);
        Assert.Equal([0f, 1f, 1f, 0.25f], t.ToArray());
        Assert.Throws<InvalidValueException>(() => SoftTensor.CreateClamped(["x"], 1, [float.NaN]));
    }

    [Fact]
    public void Create_DuplicateVariables_ThrowsVariableException()
    {
        var ex = Assert.Throws<VariableException>(() => SoftTensor.Create(["x", "x"], 2, new float[4]));
        Assert.Equal("x", ex.Variable);
    }

    [Fact]
    public void Create_FiveVariables_ThrowsVariableException()
        => Assert.Throws<VariableException>(() => SoftTensor.Create(["a", "b", "c", "d", "e"], 1, [0f]));

    [Fact]
    public void Create_EmptyName_ThrowsVariableException()
        => Assert.Throws<VariableException>(() => SoftTensor.Create([""], 1, [0f]));

    [Fact]
    public void Create_WrongValueCount_ThrowsDomainMismatch()
    {
        var ex = Assert.Throws<DomainMismatchException>(() => SoftTensor.Create(["x", "y"], 3, new float[8]));
        Assert.Equal(9, ex.Expected);
        Assert.Equal(8, ex.Actual);
    }

    [Fact]
    public void Create_OverCellLimit_ThrowsTensorTooLarge()
    {
        var ex = Assert.Throws<TensorTooLargeException>(() => SoftTensor.Create(["x", "y", "z"], 300, ReadOnlySpan<float>.Empty));
        Assert.Equal(27_000_000, ex.Requested);
        Assert.Equal(LogicOptions.DefaultMaxCells, ex.Limit);
        Assert.Throws<TensorTooLargeException>(() => SoftTensor.Create(["x", "y", "z", "w"], 100_000, ReadOnlySpan<float>.Empty));
    }

    [Fact]
    public void Create_SupportedSizes_Succeed()
    {
        Assert.Equal(65_536, SoftTensor.Create(["x", "y"], 256, new float[65_536]).Length);
        Assert.Equal(262_144, SoftTensor.Create(["x", "y", "z"], 64, new float[262_144]).Length);
        Assert.Equal(0, SoftTensor.Create(["x", "y"], 0, ReadOnlySpan<float>.Empty).Length);
    }

    [Fact]
    public void Transpose_Permutation_MovesValues()
    {
        Gens.Tensor(["x", "y", "z"], 3).Check(t =>
        {
            var u = t.Transpose("z", "x", "y");
            Assert.Equal(["z", "x", "y"], u.Variables);
            foreach (var idx in Reference.Cells(3, 3))
            {
                Assert.Equal(t[idx[0], idx[1], idx[2]], u[idx[2], idx[0], idx[1]]);
            }

            Assert.Throws<VariableException>(() => t.Transpose("x", "x", "y"));
            Assert.Throws<VariableException>(() => t.Transpose("x", "y"));
        }, iter: 20);
    }

    [Fact]
    public void Rename_ExistingTarget_ThrowsAndValidRenameKeepsValues()
    {
        var t = SoftTensor.Create(["x", "y"], 1, [0.5f]);
        Assert.Throws<VariableException>(() => t.Rename("x", "y"));
        Assert.Throws<VariableException>(() => t.Rename("q", "z"));
        var r = t.Rename("x", "z");
        Assert.Equal(["z", "y"], r.Variables);
        Assert.Equal(["x", "y"], t.Variables);
    }

    [Fact]
    public void Indexer_WrongArity_Throws()
    {
        var t = SoftTensor.Vector("x", [0.5f]);
        Assert.Throws<VariableException>(() => t[0, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => t[1]);
    }

    [Fact]
    public void Variables_CannotBeMutatedThroughCast()
    {
        var t = SoftTensor.Vector("x", [0.5f]);
        Assert.False(t.Variables is string[]);
    }
}
