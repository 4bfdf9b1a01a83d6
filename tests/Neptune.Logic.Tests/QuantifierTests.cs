using CsCheck;

namespace Neptune.Logic.Tests;

public class QuantifierTests
{
    private static readonly float[] Sample = [0.2f, 0.5f, 0.9f];

    [Theory]
    [InlineData(LogicKind.Godel, 0.9f, 0.2f)]
    [InlineData(LogicKind.Product, 0.96f, 0.09f)]
    [InlineData(LogicKind.Lukasiewicz, 1f, 0f)]
    [InlineData(LogicKind.Crisp, 1f, 0f)]
    public void ExistsForall_HandComputed_MatchFormulas(LogicKind kind, float exists, float forall)
    {
        var logic = new SoftLogic(new LogicOptions { Kind = kind });
        var t = SoftTensor.Vector("x", Sample);
        Assert.Equal(exists, logic.Exists(t, "x").Values[0], 1e-5);
        Assert.Equal(forall, logic.Forall(t, "x").Values[0], 1e-5);
        Assert.Equal(0, logic.Exists(t, "x").Rank);
    }

    [Fact]
    public void Forall_Lukasiewicz_NaryForm()
    {
        var logic = new SoftLogic(new LogicOptions { Kind = LogicKind.Lukasiewicz });
        var t = SoftTensor.Vector("x", [0.9f, 0.8f, 0.95f]);
        Assert.Equal(0.65f, logic.Forall(t, "x").Values[0], 1e-5);
        Assert.Equal(1f, logic.Exists(SoftTensor.Vector("x", [0.3f, 0.4f, 0.5f]), "x").Values[0], 1e-5);
        Assert.Equal(0.7f, logic.Exists(SoftTensor.Vector("x", [0.3f, 0.4f]), "x").Values[0], 1e-5);
    }

    [Theory]
    [MemberData(nameof(ConnectiveTests.Kinds), MemberType = typeof(ConnectiveTests))]
    public void Quantifiers_EmptyDomain_ExistsZeroForallOne(LogicKind kind)
    {
        var logic = new SoftLogic(new LogicOptions { Kind = kind });
        var empty = SoftTensor.Create(["x"], 0, ReadOnlySpan<float>.Empty);
        Assert.Equal(0f, logic.Exists(empty, "x").Values[0]);
        Assert.Equal(1f, logic.Forall(empty, "x").Values[0]);
        var count = logic.Count(empty, "x");
        Assert.Equal(0, count.N);
        Assert.Equal(1.0, count.ProbabilityEqual(0));
        Assert.Equal(0, count.CutCount);
        var empty2 = SoftTensor.Create(["x", "y"], 0, ReadOnlySpan<float>.Empty);
        Assert.Equal(0, logic.Exists(empty2, "y").Length);
    }

    [Theory]
    [MemberData(nameof(ConnectiveTests.Kinds), MemberType = typeof(ConnectiveTests))]
    public void Quantifiers_RandomTensors_MatchBruteForce(LogicKind kind)
    {
        var cases = Gen.Select(Gens.Shape(["x"], ["x", "y"], ["y", "x"], ["x", "y", "z"], ["z", "x", "w", "y"]), Gen.Int[0, 3], Gen.Bool)
            .SelectMany((shape, n, distinct) => Gen.Select(Gens.Tensor(shape, n), Gen.Const(distinct)));
        cases.Check(p =>
        {
            var (t, distinct) = p;
            var logic = new SoftLogic(new LogicOptions { Kind = kind, DistinctVariables = distinct });
            var shape = t.Variables;
            int n = t.DomainSize;
            var e = logic.Exists(t, "x");
            var f = logic.Forall(t, "x");
            Assert.Equal(shape.Where(v => v != "x"), e.Variables);
            foreach (var idx in Reference.Cells(e.Rank, n))
            {
                var assign = Reference.Assign(e.Variables, idx);
                var slice = new List<float>();
                for (int x = 0; x < n; x++)
                {
                    if (distinct && idx.Contains(x)) continue;
                    assign["x"] = x;
                    slice.Add(Reference.At(t, assign));
                }

                Assert.Equal(Reference.Exists(kind, slice), e[idx], 1e-5);
                Assert.Equal(Reference.Forall(kind, slice), f[idx], 1e-5);
            }
        }, iter: 200);
    }

    [Theory]
    [MemberData(nameof(ConnectiveTests.Kinds), MemberType = typeof(ConnectiveTests))]
    public void ExistsForall_Duality_HoldsUnderNot(LogicKind kind)
    {
        var logic = new SoftLogic(new LogicOptions { Kind = kind });
        Gen.Int[0, 5].SelectMany(n => Gens.Tensor(["x", "y"], n)).Check(t =>
        {
            ConnectiveTests.AssertClose(logic.Forall(t, "y"), logic.Not(logic.Exists(logic.Not(t), "y")));
            ConnectiveTests.AssertClose(logic.Exists(t, "x"), logic.Not(logic.Forall(logic.Not(t), "x")));
        }, iter: 200);
    }

    [Fact]
    public void Forall_MaskingOn_DiagonalCountsAsTrue()
    {
        // r(x, y) is 0 on the diagonal and 1 elsewhere: "every other object" holds for each x only when masking is on.
        var r = SoftTensor.Create(["x", "y"], 3, [0f, 1f, 1f, 1f, 0f, 1f, 1f, 1f, 0f]);
        Assert.Equal([1f, 1f, 1f], new SoftLogic().Forall(r, "y").ToArray());
        Assert.Equal([0f, 0f, 0f], new SoftLogic(new LogicOptions { DistinctVariables = false }).Forall(r, "y").ToArray());
    }

    [Fact]
    public void Exists_MaskingOn_SkipsBoundObject()
    {
        var r = SoftTensor.Create(["x", "y"], 2, [0.9f, 0.1f, 0.2f, 0.7f]);
        Assert.Equal([0.1f, 0.2f], new SoftLogic().Exists(r, "y").ToArray());
        Assert.Equal([0.9f, 0.7f], new SoftLogic(new LogicOptions { DistinctVariables = false }).Exists(r, "y").ToArray());
    }

    [Fact]
    public void Exists_MissingVariable_ThrowsVariableException()
    {
        var ex = Assert.Throws<VariableException>(() => new SoftLogic().Exists(SoftTensor.Vector("x", [0.5f]), "y"));
        Assert.Equal("y", ex.Variable);
        Assert.Throws<VariableException>(() => new SoftLogic().Forall(SoftTensor.Scalar(0.5f), "x"));
    }

    [Fact]
    public void Argmax_Ties_LowestIndex()
    {
        var logic = new SoftLogic();
        var r = logic.Argmax(SoftTensor.Vector("x", [0.2f, 0.8f, 0.8f, 0.1f]), "x");
        Assert.Equal(1, r.Index);
        Assert.Equal(0.8f, r.Value);
        Assert.False(r.IsDegenerate);
    }

    [Fact]
    public void Argmax_EmptyDomain_Degenerate()
    {
        var r = new SoftLogic().Argmax(SoftTensor.Create(["x"], 0, ReadOnlySpan<float>.Empty), "x");
        Assert.True(r.IsDegenerate);
        Assert.Equal(-1, r.Index);
    }

    [Fact]
    public void Argmax_OtherVariables_ReducedWithExists()
    {
        var r = SoftTensor.Create(["x", "y"], 2, [0.1f, 0.3f, 0.6f, 0.2f]);
        var logic = new SoftLogic(new LogicOptions { DistinctVariables = false });
        var a = logic.Argmax(r, "y");
        Assert.Equal(0, a.Index);
        Assert.Equal(0.6f, a.Value);
    }
}
