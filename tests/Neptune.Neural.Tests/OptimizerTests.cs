using Neptune.Neural.Layers;
using Neptune.Neural.Optimizers;

namespace Neptune.Neural.Tests;

public sealed class OptimizerTests
{
    [Fact]
    public void Adam_ThreeSteps_MatchScalarReference()
    {
        var p = new Parameter("w", 3);
        float[] start = [0.5f, -1f, 2f];
        start.CopyTo(p.Value, 0);
        var adam = new Adam([p], learningRate: 0.1f);
        float[][] gradients = [[1f, -2f, 0.5f], [0.5f, -1f, 0f], [-1f, 3f, 0.25f]];
        double[] w = [.. start.Select(v => (double)v)];
        double[] m = new double[3];
        double[] v = new double[3];

        for (int t = 1; t <= 3; t++)
        {
            gradients[t - 1].CopyTo(p.Gradient, 0);
            adam.Step();
            for (int i = 0; i < 3; i++)
            {
                double g = gradients[t - 1][i];
                m[i] = (0.9 * m[i]) + (0.1 * g);
                v[i] = (0.999 * v[i]) + (0.001 * g * g);
                double mh = m[i] / (1 - Math.Pow(0.9, t));
                double vh = v[i] / (1 - Math.Pow(0.999, t));
                w[i] -= 0.1 * mh / (Math.Sqrt(vh) + 1e-8);
            }

            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(w[i], p.Value[i], 4);
            }

            Assert.All(p.Gradient, g => Assert.Equal(0f, g));
        }
    }

    [Fact]
    public void Sgd_Step_MovesAgainstTheGradient_WithMomentumAccumulating()
    {
        var p = new Parameter("w", 2);
        var sgd = new Sgd([p], 0.5f, momentum: 0.5f);

        p.Gradient[0] = 1f;
        p.Gradient[1] = -2f;
        sgd.Step();
        Assert.Equal([-0.5f, 1f], p.Value);

        p.Gradient[0] = 1f;
        p.Gradient[1] = -2f;
        sgd.Step();
        Assert.Equal([-0.5f - 0.75f, 1f + 1.5f], p.Value);
    }

    [Fact]
    public void Optimizers_BadSettings_AreRejectedWhenBuilt()
    {
        var p = new Parameter("w", 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], 1e-3f, beta1: 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([p], float.NaN));
    }

    [Fact]
    public void Classifier_Adam_LearnsASeparableProblem()
    {
        // Four Gaussian blobs in 2-D, one per class; a linear softmax classifier separates them.
        var random = new Random(1);
        const int n = 200;
        var x = new float[n * 2];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % 4;
            x[2 * i] = ((labels[i] & 1) * 4) - 2 + (float)(random.NextDouble() - 0.5);
            x[(2 * i) + 1] = ((labels[i] >> 1) * 4) - 2 + (float)(random.NextDouble() - 0.5);
        }

        var network = new Sequential(new Linear("fc", 2, 4));
        network.Initialize(new Random(2));
        var classifier = new NeuralClassifier(network, p => new Adam(p, 0.05f), new NeuralContext(1, 1));
        var logp = new float[n * 4];
        var g = new float[n * 4];
        float first = 0;
        float last = 0;
        for (int epoch = 0; epoch < 100; epoch++)
        {
            ReadOnlySpan<float> p = classifier.Predict(x, n, training: true);
            for (int i = 0; i < p.Length; i++)
            {
                logp[i] = MathF.Log(p[i]);
            }

            last = Functions.NegativeLogLikelihood(logp, labels, 4, g);
            first = epoch == 0 ? last : first;
            // dL/dp = dL/dlogp / p.
            for (int i = 0; i < g.Length; i++)
            {
                g[i] /= p[i];
            }

            classifier.Backward(g);
            classifier.Step();
        }

        ReadOnlySpan<float> final = classifier.Predict(x, n, training: false);
        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            correct += System.Numerics.Tensors.TensorPrimitives.IndexOfMax(final.Slice(i * 4, 4)) == labels[i] ? 1 : 0;
        }

        Assert.True(last < first / 4, $"loss {first} -> {last}");
        Assert.Equal(n, correct);
    }
}
