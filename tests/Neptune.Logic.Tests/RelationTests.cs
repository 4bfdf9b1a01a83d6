using CsCheck;

namespace Neptune.Logic.Tests;

public class RelationTests
{
    [Theory]
    [MemberData(nameof(ConnectiveTests.Kinds), MemberType = typeof(ConnectiveTests))]
    public void Compose_RandomRelations_EqualsExistsOfAnd(LogicKind kind)
    {
        (string[] R, string[] S)[] shapes =
        [
            (["x", "y"], ["y", "z"]),
            (["y", "x"], ["z", "y"]),
            (["x", "y"], ["x", "y"]),
            (["y"], ["y", "z"]),
            (["y"], ["y"]),
            (["x", "y", "z"], ["y", "w"]),
            (["w", "y"], ["z", "x", "y"]),
        ];
        var cases = Gen.Select(Gen.OneOf(shapes), Gen.Int[0, 4], Gen.Bool)
            .SelectMany((rs, n, distinct) => Gen.Select(Gens.Tensor(rs.R, n), Gens.Tensor(rs.S, n), Gen.Const(distinct)));
        cases.Check(p =>
        {
            var (r, s, distinct) = p;
            var logic = new SoftLogic(new LogicOptions { Kind = kind, DistinctVariables = distinct });
            var expected = logic.Exists(logic.And(r, s), "y");
            ConnectiveTests.AssertClose(expected, logic.Compose(r, s, "y"));
        }, iter: 240);
    }

    [Fact]
    public void Compose_Godel_MatchesHandBruteForce()
    {
        var logic = new SoftLogic();
        Gen.Select(Gens.Tensor(["x", "y"], 5), Gens.Tensor(["y", "z"], 5)).Check(p =>
        {
            var (r, s) = p;
            var result = logic.Compose(r, s, "y");
            Assert.Equal(["x", "z"], result.Variables);
            for (int x = 0; x < 5; x++)
            {
                for (int z = 0; z < 5; z++)
                {
                    float best = 0f;
                    for (int y = 0; y < 5; y++)
                    {
                        if (x != y && y != z && x != z) best = Math.Max(best, Math.Min(r[x, y], s[y, z]));
                    }

                    Assert.Equal(best, result[x, z]);
                }
            }
        }, iter: 50);
    }

    [Fact]
    public void Compose_MissingJoinVariable_Throws()
    {
        var logic = new SoftLogic();
        Assert.Throws<VariableException>(() => logic.Compose(SoftTensor.Vector("x", [1f]), SoftTensor.Vector("y", [1f]), "y"));
    }

    [Fact]
    public void Compose_OverCellLimit_ThrowsTensorTooLarge()
    {
        var logic = new SoftLogic(new LogicOptions { MaxCells = 1000 });
        var r = SoftTensor.Create(["x", "y"], 20, new float[400]);
        var s = SoftTensor.Create(["y", "z"], 20, new float[400]);
        Assert.Throws<TensorTooLargeException>(() => logic.Compose(r, s, "y"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RelateIota_RandomRelations_MatchesWeightedSum(bool distinct)
    {
        var logic = new SoftLogic(new LogicOptions { DistinctVariables = distinct });
        var cases = Gen.Select(Gen.Int[1, 5], Gens.Shape(["x", "y"], ["y", "x"], ["y"], ["x", "z", "y"]))
            .SelectMany((n, shape) => Gen.Select(Gens.Tensor(["y"], n), Gens.Tensor(shape, n)));
        cases.Check(p =>
        {
            var (scores, relation) = p;
            int n = scores.Length;
            var target = logic.Iota(scores, "y");
            var result = logic.RelateIota(target, relation, "y");
            Assert.Equal(relation.Variables.Where(v => v != "y"), result.Variables);
            foreach (var idx in Reference.Cells(result.Rank, n))
            {
                var assign = Reference.Assign(result.Variables, idx);
                double sum = 0;
                for (int y = 0; y < n; y++)
                {
                    if (distinct && idx.Contains(y)) continue;
                    assign["y"] = y;
                    sum += target.Distribution[y] * Reference.At(relation, assign);
                }

                Assert.Equal(Math.Min(1.0, sum), result[idx], 1e-5);
            }
        }, iter: 150);
    }

    [Fact]
    public void RelateIota_UniqueCrispReferent_SelectsItsColumn()
    {
        var logic = new SoftLogic(new LogicOptions { Kind = LogicKind.Crisp });
        var target = logic.Iota(SoftTensor.Vector("y", [0.1f, 0.9f, 0.2f]), "y");
        var left = SoftTensor.Create(["x", "y"], 3, [0f, 0.8f, 0.1f, 0f, 0f, 0f, 0.2f, 0.3f, 0f]);
        Assert.Equal([1f, 0f, 0f], logic.RelateIota(target, left, "y").ToArray());
    }

    [Fact]
    public void RelateIota_DegenerateTarget_AllZeros()
    {
        var logic = new SoftLogic();
        var target = logic.Iota(SoftTensor.Vector("y", [0f, 0f]), "y");
        var relation = SoftTensor.Create(["x", "y"], 2, [1f, 1f, 1f, 1f]);
        Assert.Equal([0f, 0f], logic.RelateIota(target, relation, "y").ToArray());
    }

    [Fact]
    public void RelateIota_DomainMismatch_Throws()
    {
        var logic = new SoftLogic();
        var target = logic.Iota(SoftTensor.Vector("y", [1f, 0f]), "y");
        Assert.Throws<DomainMismatchException>(() => logic.RelateIota(target, SoftTensor.Vector("y", [1f, 0f, 1f]), "y"));
    }
}
