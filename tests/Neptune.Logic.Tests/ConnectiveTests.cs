using CsCheck;

namespace Neptune.Logic.Tests;

public class ConnectiveTests
{
    private static float Scalar(SoftTensor t) => Assert.Single(t.Values.ToArray());

    [Theory]
    [InlineData(LogicKind.Godel, 0.3f, 0.8f, 0.3f, 0.8f, 0.7f, 0.8f, 0.7f)]
    [InlineData(LogicKind.Product, 0.3f, 0.8f, 0.24f, 0.86f, 0.7f, 0.94f, 0.6536f)]
    [InlineData(LogicKind.Lukasiewicz, 0.3f, 0.8f, 0.1f, 1f, 0.7f, 1f, 0.9f)]
    [InlineData(LogicKind.Lukasiewicz, 0.3f, 0.4f, 0f, 0.7f, 0.7f, 1f, 0.7f)]
    [InlineData(LogicKind.Crisp, 0.3f, 0.8f, 0f, 1f, 1f, 1f, 1f)]
    [InlineData(LogicKind.Crisp, 0.5f, 0.8f, 1f, 1f, 0f, 1f, 0f)]
    [InlineData(LogicKind.Crisp, 0.7f, 0.2f, 0f, 1f, 0f, 0f, 1f)]
    public void Connectives_HandComputedScalars_MatchFormulas(LogicKind kind, float a, float b, float and, float or, float notA, float implies, float xor)
    {
        var logic = new SoftLogic(new LogicOptions { Kind = kind });
        var ta = SoftTensor.Scalar(a);
        var tb = SoftTensor.Scalar(b);
        Assert.Equal(and, Scalar(logic.And(ta, tb)), 1e-5);
        Assert.Equal(or, Scalar(logic.Or(ta, tb)), 1e-5);
        Assert.Equal(notA, Scalar(logic.Not(ta)), 1e-5);
        Assert.Equal(implies, Scalar(logic.Implies(ta, tb)), 1e-5);
        Assert.Equal(xor, Scalar(logic.Xor(ta, tb)), 1e-5);
    }

    [Fact]
    public void Implies_Godel_IsKleeneDienes()
    {
        var logic = new SoftLogic();
        var a = SoftTensor.Vector("x", [0f, 0.25f, 0.625f, 1f]);
        var b = SoftTensor.Vector("x", [0.1f, 0.5f, 0.3f, 1f]);
        Assert.Equal([1f, 0.75f, 0.375f, 1f], logic.Implies(a, b).ToArray());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Connectives_LongVectorsAllPaths_MatchReference(LogicKind kind)
    {
        // 37 cells: exercises the SIMD body and the scalar tail of every kernel.
        var logic = new SoftLogic(new LogicOptions { Kind = kind });
        var s = SoftTensor.Scalar(0.55f);
        Gen.Select(Gens.Tensor(["x"], 37), Gens.Tensor(["x"], 37)).Check(p =>
        {
            var (a, b) = p;
            for (int i = 0; i < 37; i++)
            {
                float x = a.Values[i], y = b.Values[i];
                Assert.Equal(Reference.And(kind, x, y), logic.And(a, b).Values[i], 1e-5);
                Assert.Equal(Reference.Or(kind, x, y), logic.Or(a, b).Values[i], 1e-5);
                Assert.Equal(Reference.Implies(kind, x, y), logic.Implies(a, b).Values[i], 1e-5);
                Assert.Equal(Reference.Xor(kind, x, y), logic.Xor(a, b).Values[i], 1e-5);
                Assert.Equal(Reference.Not(kind, x), logic.Not(a).Values[i], 1e-5);
                Assert.Equal(Reference.Implies(kind, 0.55f, y), logic.Implies(s, b).Values[i], 1e-5);
                Assert.Equal(Reference.Implies(kind, x, 0.55f), logic.Implies(a, s).Values[i], 1e-5);
                Assert.Equal(Reference.Xor(kind, 0.55f, y), logic.Xor(s, b).Values[i], 1e-5);
            }
        }, iter: 20);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Connectives_RandomValues_StayInUnitInterval(LogicKind kind)
    {
        var logic = new SoftLogic(new LogicOptions { Kind = kind });
        Gen.Select(Gens.Tensor(["x", "y"], 6), Gens.Tensor(["y", "z"], 6)).Check(p =>
        {
            var (a, b) = p;
            foreach (var r in new[] { logic.And(a, b), logic.Or(a, b), logic.Implies(a, b), logic.Xor(a, b), logic.Not(a) })
            {
                foreach (float v in r.Values)
                {
                    Assert.InRange(v, 0f, 1f);
                }
            }
        });
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void DeMorgan_RandomTensors_Holds(LogicKind kind)
    {
        var logic = new SoftLogic(new LogicOptions { Kind = kind, DistinctVariables = false });
        Gen.Select(Gens.Tensor(["x", "y"], 4), Gens.Tensor(["y", "z"], 4)).Check(p =>
        {
            var (a, b) = p;
            AssertClose(logic.Not(logic.And(a, b)), logic.Or(logic.Not(a), logic.Not(b)));
            AssertClose(logic.Not(logic.Or(a, b)), logic.And(logic.Not(a), logic.Not(b)));
        }, iter: 200);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Commutativity_RandomTensors_ValuesAgreeAfterTranspose(LogicKind kind)
    {
        var logic = new SoftLogic(new LogicOptions { Kind = kind });
        Gen.Select(Gens.Tensor(["x", "y"], 5), Gens.Tensor(["z", "x"], 5)).Check(p =>
        {
            var (a, b) = p;
            var ab = logic.And(a, b);
            var ba = logic.And(b, a).Transpose([.. ab.Variables]);
            Assert.Equal(ab.ToArray(), ba.ToArray());
            Assert.Equal(logic.Or(a, b).ToArray(), logic.Or(b, a).Transpose([.. ab.Variables]).ToArray());
            Assert.Equal(logic.Xor(a, b).ToArray(), logic.Xor(b, a).Transpose([.. ab.Variables]).ToArray());
        }, iter: 200);
    }

    [Theory]
    [InlineData(LogicKind.Godel)]
    [InlineData(LogicKind.Crisp)]
    public void Idempotence_GodelAndCrisp_Holds(LogicKind kind)
    {
        var logic = new SoftLogic(new LogicOptions { Kind = kind, DistinctVariables = false });
        Gens.Tensor(["x", "y"], 4).Check(a =>
        {
            var expected = kind == LogicKind.Crisp ? logic.Not(logic.Not(a)) : a;
            Assert.Equal(expected.ToArray(), logic.And(a, a).ToArray());
            Assert.Equal(expected.ToArray(), logic.Or(a, a).ToArray());
        }, iter: 200);
    }

    [Theory]
    [InlineData(LogicKind.Product)]
    [InlineData(LogicKind.Lukasiewicz)]
    public void Idempotence_ProductAndLukasiewicz_DoesNotHold(LogicKind kind)
    {
        var logic = new SoftLogic(new LogicOptions { Kind = kind });
        var a = SoftTensor.Scalar(0.5f);
        Assert.NotEqual(0.5f, logic.And(a, a).Values[0]);
    }

    [Fact]
    public void Crisp_RandomBinaryTensors_EqualsSetSemantics()
    {
        var logic = new SoftLogic(new LogicOptions { Kind = LogicKind.Crisp, DistinctVariables = false });
        Gen.Select(Gens.Tensor(["x", "y"], 4, binary: true), Gens.Tensor(["x", "y"], 4, binary: true)).Check(p =>
        {
            var (a, b) = p;
            var sa = Set(a);
            var sb = Set(b);
            Assert.Equal(sa.Intersect(sb).Order(), Set(logic.And(a, b)).Order());
            Assert.Equal(sa.Union(sb).Order(), Set(logic.Or(a, b)).Order());
            Assert.Equal(Enumerable.Range(0, 16).Except(sa).Order(), Set(logic.Not(a)).Order());
            Assert.Equal(sa.Except(sb).Union(sb.Except(sa)).Order(), Set(logic.Xor(a, b)).Order());
            Assert.Equal(Enumerable.Range(0, 16).Except(sa).Union(sb).Order(), Set(logic.Implies(a, b)).Order());
        }, iter: 200);

        static IEnumerable<int> Set(SoftTensor t) => Enumerable.Range(0, t.Length).Where(i => t.Values[i] == 1f);
    }

    public static TheoryData<LogicKind> Kinds() => new(Reference.AllKinds);

    internal static void AssertClose(SoftTensor expected, SoftTensor actual, float tolerance = 1e-5f)
    {
        Assert.Equal(expected.Variables, actual.Variables);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected.Values[i] - actual.Values[i]) <= tolerance, $"cell {i}: expected {expected.Values[i]}, got {actual.Values[i]}");
        }
    }
}
