namespace Neptune.Neural.Tests;

/// <summary>Compares a layer's backward pass with central finite differences of a random linear loss L = Σ c_i y_i.</summary>
internal static class GradientCheck
{
    public static float[] RandomValues(Random random, int n, float scale = 1f)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        }

        return v;
    }

    /// <summary>Checks dL/dx and dL/dθ of <paramref name="layer"/>; each forward uses a fresh context with the same seed (same dropout mask).</summary>
    public static void Layer(Layer layer, int batch, float[] input, float epsilon = 1e-2f, int seed = 7)
    {
        var random = new Random(seed);
        float[] coefficients = RandomValues(random, batch * layer.OutputSize);

        double Loss()
        {
            var output = new float[batch * layer.OutputSize];
            layer.Forward(input, output, batch, Context(seed));
            double sum = 0;
            for (int i = 0; i < output.Length; i++)
            {
                sum += (double)output[i] * coefficients[i];
            }

            return sum;
        }

        foreach (Parameter p in layer.Parameters)
        {
            p.ZeroGradient();
        }

        var y = new float[batch * layer.OutputSize];
        NeuralContext context = Context(seed);
        layer.Forward(input, y, batch, context);
        var dx = new float[input.Length];
        layer.Backward(coefficients, dx, batch, context);
        var analyticParameters = layer.Parameters.Select(p => (float[])p.Gradient.Clone()).ToList();

        Compare("input", input, dx, Loss, epsilon, random);
        for (int i = 0; i < layer.Parameters.Count; i++)
        {
            Compare(layer.Parameters[i].Name, layer.Parameters[i].Value, analyticParameters[i], Loss, epsilon, random);
        }
    }

    public static void Compare(string what, float[] values, float[] analytic, Func<double> loss, float epsilon, Random random)
    {
        int checks = Math.Min(values.Length, 60);
        for (int c = 0; c < checks; c++)
        {
            int i = values.Length <= 60 ? c : random.Next(values.Length);
            float saved = values[i];
            values[i] = saved + epsilon;
            double plus = loss();
            values[i] = saved - epsilon;
            double minus = loss();
            values[i] = saved;
            double numeric = (plus - minus) / (2 * epsilon);
            double tolerance = 2e-3 + (1e-2 * Math.Max(Math.Abs(numeric), Math.Abs(analytic[i])));
            Assert.True(
                Math.Abs(numeric - analytic[i]) <= tolerance,
                $"{what}[{i}]: analytic {analytic[i]:G6}, finite difference {numeric:G6}");
        }
    }

    public static NeuralContext Context(int seed, int threads = 1) => new(seed, threads) { Training = true };
}
