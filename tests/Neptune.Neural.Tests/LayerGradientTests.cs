using Neptune.Neural.Layers;

namespace Neptune.Neural.Tests;

public sealed class LayerGradientTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 7, 5)]
    [InlineData(2, 33, 9)]
    public void Linear_Backward_MatchesFiniteDifferences(int batch, int inputs, int outputs)
    {
        var layer = new Linear("fc", inputs, outputs);
        layer.Initialize(new Random(1));
        float[] x = GradientCheck.RandomValues(new Random(2), batch * inputs);

        GradientCheck.Layer(layer, batch, x);
    }

    [Theory]
    [InlineData(1, 1, 1, 3, 5, 5)]
    [InlineData(2, 2, 3, 3, 6, 5)]
    [InlineData(3, 3, 2, 2, 4, 7)]
    public void Conv2d_Backward_MatchesFiniteDifferences(int batch, int inChannels, int outChannels, int kernel, int height, int width)
    {
        var layer = new Conv2d("conv", inChannels, outChannels, kernel, height, width);
        layer.Initialize(new Random(3));
        float[] x = GradientCheck.RandomValues(new Random(4), batch * layer.InputSize);

        GradientCheck.Layer(layer, batch, x);
    }

    [Fact]
    public void MaxPool2d_Backward_MatchesFiniteDifferences()
    {
        var layer = new MaxPool2d(2, 5, 4);
        // Distinct values spaced well beyond the finite-difference step, so no window's maximum changes under it.
        float[] x = [.. Enumerable.Range(0, 2 * layer.InputSize).Select(i => (float)((i * 37) % 41) * 0.1f)];

        GradientCheck.Layer(layer, 2, x, epsilon: 1e-3f);
    }

    [Fact]
    public void Relu_Backward_MatchesFiniteDifferences()
    {
        var layer = new Relu(12);
        float[] x = [.. GradientCheck.RandomValues(new Random(5), 24).Select(v => v + MathF.CopySign(0.05f, v))];

        GradientCheck.Layer(layer, 2, x, epsilon: 1e-3f);
    }

    [Fact]
    public void Dropout_Backward_MatchesFiniteDifferencesUnderOneMask()
    {
        var layer = new Dropout(20, 0.5f);
        float[] x = GradientCheck.RandomValues(new Random(6), 40);

        GradientCheck.Layer(layer, 2, x);
    }

    [Fact]
    public void Dropout_Training_ZeroesAboutPAndScalesTheRest_EvaluationIsIdentity()
    {
        var layer = new Dropout(10_000, 0.25f);
        float[] x = [.. Enumerable.Repeat(1f, 10_000)];
        var y = new float[10_000];

        layer.Forward(x, y, 1, GradientCheck.Context(1));
        int zeros = y.Count(v => v == 0);
        Assert.InRange(zeros, 2_300, 2_700);
        Assert.All(y.Where(v => v != 0), v => Assert.Equal(1f / 0.75f, v, 5));

        layer.Forward(x, y, 1, new NeuralContext(1) { Training = false });
        Assert.All(y, v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Sequential_SmallConvNet_BackwardMatchesFiniteDifferencesThroughEveryLayer()
    {
        var network = new Sequential(
            new Conv2d("c1", 1, 2, 3, 8, 8),
            new Relu(2 * 6 * 6),
            new MaxPool2d(2, 6, 6),
            new Linear("f1", 18, 5),
            new Relu(5),
            new Linear("f2", 5, 3));
        network.Initialize(new Random(11));
        float[] x = GradientCheck.RandomValues(new Random(12), 2 * 64);
        float[] c = GradientCheck.RandomValues(new Random(13), 2 * 3);
        var context = new NeuralContext(1, 1);

        double Loss()
        {
            ReadOnlySpan<float> y = network.Forward(x, 2, context);
            double s = 0;
            for (int i = 0; i < y.Length; i++)
            {
                s += (double)y[i] * c[i];
            }

            return s;
        }

        network.ZeroGradients();
        network.Forward(x, 2, context);
        network.Backward(c, context);
        var random = new Random(14);
        foreach (Parameter p in network.Parameters)
        {
            GradientCheck.Compare(p.Name, p.Value, (float[])p.Gradient.Clone(), Loss, 1e-3f, random);
        }
    }

    [Fact]
    public void Classifier_BceThroughSoftmax_MatchesFiniteDifferences()
    {
        var network = new Sequential(new Linear("fc", 6, 4));
        network.Initialize(new Random(21));
        var classifier = new NeuralClassifier(network, p => new Optimizers.Sgd(p, 0.1f), new NeuralContext(1, 1));
        float[] x = GradientCheck.RandomValues(new Random(22), 3 * 6);
        float[] target = [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0.5f, 1];

        double Loss() => Functions.BinaryCrossEntropy(classifier.Predict(x, 3, training: true), target, []);

        ReadOnlySpan<float> p = classifier.Predict(x, 3, training: true);
        var dp = new float[12];
        Functions.BinaryCrossEntropy(p, target, dp);
        network.ZeroGradients();
        classifier.Backward(dp);

        Parameter w = network.Parameters[0];
        GradientCheck.Compare(w.Name, w.Value, (float[])w.Gradient.Clone(), Loss, 1e-2f, new Random(23));
    }

    [Fact]
    public void Passes_OneThreadOrTwo_GiveBitIdenticalOutputsAndGradients()
    {
        (float[] Output, float[] Gradient) Run(int threads)
        {
            Sequential net = Architectures.LeNet(10, 5);
            float[] x = GradientCheck.RandomValues(new Random(6), 8 * 784);
            var context = new NeuralContext(3, threads) { Training = true };
            float[] y = net.Forward(x, 8, context).ToArray();
            net.Backward(GradientCheck.RandomValues(new Random(7), y.Length), context);
            return (y, [.. net.Parameters.SelectMany(p => p.Gradient)]);
        }

        (float[] y1, float[] g1) = Run(1);
        (float[] y2, float[] g2) = Run(2);

        Assert.Equal(y1, y2);
        Assert.Equal(g1, g2);
    }

    [Fact]
    public void Sequential_SizesThatDoNotChain_AreRejectedNamingTheLayers()
    {
        var e = Assert.Throws<ArgumentException>(() => new Sequential(new Linear("a", 4, 3), new Linear("b", 4, 2)));

        Assert.Contains("layer 1 (Linear) takes 4 values but layer 0 (Linear) gives 3", e.Message, StringComparison.Ordinal);
    }
}
