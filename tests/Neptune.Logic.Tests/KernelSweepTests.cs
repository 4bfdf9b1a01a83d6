using CsCheck;

namespace Neptune.Logic.Tests;

public class KernelSweepTests
{
    [Theory]
    [MemberData(nameof(ConnectiveTests.Kinds), MemberType = typeof(ConnectiveTests))]
    public void Kernels_SizesZeroTo70_MatchScalarReference(LogicKind kind)
    {
        var logic = new SoftLogic(new LogicOptions { Kind = kind });
        for (int n = 0; n <= 70; n++)
        {
            Gen.Select(Gens.Tensor(["x"], n), Gens.Tensor(["x"], n), Gens.Cell).Check(p => Sweep(p.Item1, p.Item2, p.Item3), iter: 3);
        }

        void Sweep(SoftTensor a, SoftTensor b, float s)
        {
            int n = a.Length;
            var scalar = SoftTensor.Scalar(s);
            (Func<SoftTensor, SoftTensor, SoftTensor> Op, Func<float, float, float> Ref)[] ops =
            [
                (logic.And, (x, y) => Reference.And(kind, x, y)),
                (logic.Or, (x, y) => Reference.Or(kind, x, y)),
                (logic.Implies, (x, y) => Reference.Implies(kind, x, y)),
                (logic.Xor, (x, y) => Reference.Xor(kind, x, y)),
            ];
            foreach (var (op, reference) in ops)
            {
                var both = op(a, b);
                var left = op(a, scalar);
                var right = op(scalar, b);
                Assert.Equal(n, both.Length);
                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(reference(a.Values[i], b.Values[i]), both.Values[i], 1e-5);
                    Assert.Equal(reference(a.Values[i], s), left.Values[i], 1e-5);
                    Assert.Equal(reference(s, b.Values[i]), right.Values[i], 1e-5);
                }
            }
        }
    }
}
