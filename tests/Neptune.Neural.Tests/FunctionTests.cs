namespace Neptune.Neural.Tests;

public sealed class FunctionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(33)]
    public void Softmax_AgainstScalarReference_RowsSumToOne(int width)
    {
        float[] x = GradientCheck.RandomValues(new Random(width), 3 * width, 20f);
        var p = new float[x.Length];
        var logp = new float[x.Length];

        Functions.Softmax(x, width, p);
        Functions.LogSoftmax(x, width, logp);

        for (int r = 0; r < 3; r++)
        {
            double max = x.Skip(r * width).Take(width).Max();
            double z = x.Skip(r * width).Take(width).Sum(v => Math.Exp(v - max));
            for (int i = 0; i < width; i++)
            {
                double expected = Math.Exp(x[(r * width) + i] - max) / z;
                Assert.Equal(expected, p[(r * width) + i], 1e-6);
                Assert.Equal(Math.Log(expected), logp[(r * width) + i], 1e-5 * Math.Max(1, Math.Abs(Math.Log(expected))));
            }
        }
    }

    [Fact]
    public void LogSoftmax_HugeLogits_StaysFinite()
    {
        float[] x = [1000f, 0f, -1000f];
        var y = new float[3];

        Functions.LogSoftmax(x, 3, y);

        Assert.Equal(0f, y[0], 5);
        Assert.Equal(-1000f, y[1], 2);
        Assert.Equal(-2000f, y[2], 2);
    }

    [Fact]
    public void SoftmaxBackward_MatchesFiniteDifferences()
    {
        float[] x = GradientCheck.RandomValues(new Random(1), 10, 2f);
        float[] c = GradientCheck.RandomValues(new Random(2), 10);
        var p = new float[10];

        double Loss()
        {
            var q = new float[10];
            Functions.Softmax(x, 5, q);
            return q.Select((v, i) => (double)v * c[i]).Sum();
        }

        Functions.Softmax(x, 5, p);
        var dx = new float[10];
        Functions.SoftmaxBackward(p, c, 5, dx);

        GradientCheck.Compare("logits", x, dx, Loss, 1e-3f, new Random(3));
    }

    [Fact]
    public void BinaryCrossEntropy_HandComputed_AndClampedAtZeroAndOne()
    {
        float[] p = [0.9f, 0.2f, 0f, 1f];
        float[] t = [1f, 0f, 1f, 1f];
        var g = new float[4];

        float loss = Functions.BinaryCrossEntropy(p, t, g);

        double expected = (-Math.Log(0.9) - Math.Log(0.8) + 100 + 0) / 4;
        Assert.Equal(expected, loss, 4);
        Assert.Equal(-1 / 0.9 / 4, g[0], 5);
        Assert.Equal(1 / 0.8 / 4, g[1], 5);
        Assert.Equal(0f, g[2]);
        Assert.False(float.IsNaN(g[3]));
    }

    [Fact]
    public void BinaryCrossEntropy_Gradient_MatchesFiniteDifferences()
    {
        float[] p = [0.3f, 0.7f, 0.05f, 0.5f];
        float[] t = [1f, 0f, 0.5f, 1f];
        var g = new float[4];
        Functions.BinaryCrossEntropy(p, t, g);

        GradientCheck.Compare("p", p, g, () => Functions.BinaryCrossEntropy(p, t, []), 1e-3f, new Random(1));
    }

    [Fact]
    public void NegativeLogLikelihood_IsMeanOfMinusLogProbOfTheLabel()
    {
        float[] logp = [MathF.Log(0.5f), MathF.Log(0.25f), MathF.Log(0.25f), MathF.Log(0.1f), MathF.Log(0.8f), MathF.Log(0.1f)];
        var g = new float[6];

        float loss = Functions.NegativeLogLikelihood(logp, [0, 1], 3, g);

        Assert.Equal((-Math.Log(0.5) - Math.Log(0.8)) / 2, loss, 5);
        Assert.Equal([-0.5f, 0, 0, 0, -0.5f, 0], g);
    }
}
