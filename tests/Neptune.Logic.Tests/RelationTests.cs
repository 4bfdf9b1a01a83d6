namespace Neptune.Logic.Tests;

public class RelationTests
{
    [Theory]
    [MemberData(nameof(ConnectiveTests.Kinds), MemberType = typeof(ConnectiveTests))]
    public void Compose_RandomRelations_EqualsExistsOfAnd(LogicKind kind)
    {
        var rng = new Random(61);
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
        foreach (bool distinct in new[] { true, false })
        {
            var logic = new SoftLogic(new LogicOptions { Kind = kind, DistinctVariables = distinct });
            for (int c = 0; c < 120; c++)
            {
                var (rs, ss) = shapes[rng.Next(shapes.Length)];
                int n = rng.Next(0, 5);
                var r = Reference.Random(rng, rs, n);
                var s = Reference.Random(rng, ss, n);
                var expected = logic.Exists(logic.And(r, s), "y");
                ConnectiveTests.AssertClose(expected, logic.Compose(r, s, "y"));
            }
        }
    }

    [Fact]
    public void Compose_Godel_MatchesHandBruteForce()
    {
        var rng = new Random(62);
        var logic = new SoftLogic();
        var r = Reference.Random(rng, ["x", "y"], 5);
        var s = Reference.Random(rng, ["y", "z"], 5);
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
        var rng = new Random(63);
        var logic = new SoftLogic(new LogicOptions { DistinctVariables = distinct });
        string[][] shapes = [["x", "y"], ["y", "x"], ["y"], ["x", "z", "y"]];
        for (int c = 0; c < 150; c++)
        {
            int n = rng.Next(1, 6);
            var target = logic.Iota(Reference.Random(rng, ["y"], n), "y");
            var relation = Reference.Random(rng, shapes[rng.Next(shapes.Length)], n);
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
        }
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
