using CsCheck;

namespace Neptune.Logic.Tests;

public class BroadcastTests
{
    [Theory]
    [MemberData(nameof(ConnectiveTests.Kinds), MemberType = typeof(ConnectiveTests))]
    public void And_RandomShapes_MatchesBruteForce(LogicKind kind)
    {
        var shape = Gens.Shape([], ["x"], ["y"], ["x", "y"], ["y", "x"], ["z", "x"], ["x", "y", "z"], ["w", "z", "y"], ["z", "y", "x", "w"]);
        var cases = Gen.Select(shape, shape, Gen.Int[0, 4], Gen.Bool)
            .Where((sa, sb, _, _) => sa.Union(sb).Count() <= 4)
            .SelectMany((sa, sb, n, distinct) => Gen.Select(Gens.Tensor(sa, n), Gens.Tensor(sb, n), Gen.Const(distinct)));
        cases.Check(p =>
        {
            var (a, b, distinct) = p;
            var logic = new SoftLogic(new LogicOptions { Kind = kind, DistinctVariables = distinct });
            var sa = a.Variables;
            var sb = b.Variables;
            int n = a.DomainSize;
            var r = logic.And(a, b);
            Assert.Equal(sa.Union(sb), r.Variables);
            foreach (var idx in Reference.Cells(r.Rank, n))
            {
                var assign = Reference.Assign(r.Variables, idx);
                float expected = distinct && Reference.Repeats(idx) ? 0f : Reference.And(kind, Reference.At(a, assign), Reference.At(b, assign));
                Assert.Equal(expected, r[idx], 1e-5);
            }

            var o = logic.Or(a, b);
            foreach (var idx in Reference.Cells(o.Rank, n))
            {
                var assign = Reference.Assign(o.Variables, idx);
                Assert.Equal(Reference.Or(kind, Reference.At(a, assign), Reference.At(b, assign)), o[idx], 1e-5);
            }
        }, iter: 300);
    }

    [Fact]
    public void And_XyWithYx_EqualsAfterTranspose()
    {
        var logic = new SoftLogic(new LogicOptions { DistinctVariables = false });
        Gen.Select(Gens.Tensor(["x", "y"], 6), Gens.Tensor(["y", "x"], 6)).Check(p =>
        {
            var (a, b) = p;
            var direct = logic.And(a, b);
            var aligned = logic.And(a, b.Transpose("x", "y"));
            Assert.Equal(["x", "y"], direct.Variables);
            Assert.Equal(aligned.ToArray(), direct.ToArray());
        });
    }

    [Fact]
    public void And_OuterProduct_HasUnionOfVariables()
    {
        var logic = new SoftLogic(new LogicOptions { Kind = LogicKind.Product, DistinctVariables = false });
        var r = logic.And(SoftTensor.Vector("x", [0.5f, 1f]), SoftTensor.Vector("y", [0.2f, 0.4f]));
        Assert.Equal(["x", "y"], r.Variables);
        Assert.Equal([0.1f, 0.2f, 0.2f, 0.4f], r.ToArray());
    }

    [Fact]
    public void And_MismatchedDomains_ThrowsDomainMismatch()
    {
        var logic = new SoftLogic();
        var ex = Assert.Throws<DomainMismatchException>(() => logic.And(SoftTensor.Vector("x", [0.5f, 0.5f]), SoftTensor.Vector("y", [0.5f, 0.5f, 0.5f])));
        Assert.Equal(2, ex.Expected);
        Assert.Equal(3, ex.Actual);
    }

    [Fact]
    public void And_ScalarWithAnyDomain_Broadcasts()
    {
        var logic = new SoftLogic();
        var r = logic.And(SoftTensor.Scalar(0.4f), SoftTensor.Vector("x", [0.2f, 0.9f, 0.5f]));
        Assert.Equal(["x"], r.Variables);
        Assert.Equal([0.2f, 0.4f, 0.4f], r.ToArray());
    }

    [Fact]
    public void And_FiveVariablesInUnion_ThrowsVariableException()
    {
        var logic = new SoftLogic();
        var a = SoftTensor.Create(["a", "b", "c"], 1, [1f]);
        var b = SoftTensor.Create(["d", "e"], 1, [1f]);
        Assert.Throws<VariableException>(() => logic.And(a, b));
    }

    [Fact]
    public void And_ResultOverOptionLimit_ThrowsTensorTooLarge()
    {
        var logic = new SoftLogic(new LogicOptions { MaxCells = 1000 });
        var a = SoftTensor.Create(["x", "y"], 20, new float[400]);
        var b = SoftTensor.Create(["y", "z"], 20, new float[400]);
        var ex = Assert.Throws<TensorTooLargeException>(() => logic.And(a, b));
        Assert.Equal(8000, ex.Requested);
        Assert.Equal(1000, ex.Limit);
        Assert.Throws<TensorTooLargeException>(() => new SoftLogic(new LogicOptions { MaxCells = 100 }).And(a, SoftTensor.Scalar(1f)));
    }

    [Fact]
    public void And_MaskingOn_ZeroesDiagonalOfEveryPair()
    {
        var logic = new SoftLogic();
        var ones = SoftTensor.Create(["x", "y", "z"], 3, Enumerable.Repeat(1f, 27).ToArray());
        var r = logic.And(ones, SoftTensor.Scalar(1f));
        foreach (var idx in Reference.Cells(3, 3))
        {
            Assert.Equal(Reference.Repeats(idx) ? 0f : 1f, r[idx]);
        }
    }

    [Fact]
    public void And_MaskingOff_KeepsDiagonal()
    {
        var logic = new SoftLogic(new LogicOptions { DistinctVariables = false });
        var r = logic.And(SoftTensor.Vector("x", [1f, 1f]), SoftTensor.Vector("y", [1f, 1f]));
        Assert.Equal([1f, 1f, 1f, 1f], r.ToArray());
        var masked = new SoftLogic().And(SoftTensor.Vector("x", [1f, 1f]), SoftTensor.Vector("y", [1f, 1f]));
        Assert.Equal([0f, 1f, 1f, 0f], masked.ToArray());
    }

    [Fact]
    public void Or_Masking_DoesNotApply()
    {
        var r = new SoftLogic().Or(SoftTensor.Vector("x", [1f, 1f]), SoftTensor.Vector("y", [0f, 0f]));
        Assert.Equal([1f, 1f, 1f, 1f], r.ToArray());
    }
}
