using System.Numerics.Tensors;

namespace Neptune.Neural.Layers;

/// <summary>A fully connected layer: <c>y = W x + b</c>, with <c>W</c> of shape out × in.</summary>
public sealed class Linear : Layer
{
    private float[] _input = [];

    /// <summary>Creates the layer with zero parameters; <see cref="Initialize"/> draws them.</summary>
    /// <param name="name">The parameter name prefix (<c>name.weight</c>, <c>name.bias</c>).</param>
    /// <param name="inputs">Values per input sample.</param>
    /// <param name="outputs">Values per output sample.</param>
    public Linear(string name, int inputs, int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        InputSize = inputs;
        OutputSize = outputs;
        Weight = new Parameter(name + ".weight", outputs, inputs);
        Bias = new Parameter(name + ".bias", outputs);
    }

    /// <inheritdoc />
    public override int InputSize { get; }

    /// <inheritdoc />
    public override int OutputSize { get; }

    /// <summary>The weights, out × in.</summary>
    public Parameter Weight { get; }

    /// <summary>The biases, one per output.</summary>
    public Parameter Bias { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => [Weight, Bias];

    /// <inheritdoc />
    /// <remarks>Weights and biases uniform in ±1/sqrt(in), PyTorch's default.</remarks>
    public override void Initialize(Random random)
    {
        float bound = 1f / MathF.Sqrt(InputSize);
        Uniform(random, Weight.Value, bound);
        Uniform(random, Bias.Value, bound);
    }

    /// <inheritdoc />
    public override void Forward(float[] input, float[] output, int batch, NeuralContext context)
    {
        _input = input;
        int n = InputSize;
        int m = OutputSize;
        float[] w = Weight.Value;
        float[] bias = Bias.Value;
        context.For(batch, (long)n * m, b =>
        {
            ReadOnlySpan<float> x = input.AsSpan(b * n, n);
            Span<float> y = output.AsSpan(b * m, m);
            for (int o = 0; o < m; o++)
            {
                y[o] = TensorPrimitives.Dot(x, w.AsSpan(o * n, n)) + bias[o];
            }
        });
    }

    /// <inheritdoc />
    public override void Backward(float[] outputGradient, float[]? inputGradient, int batch, NeuralContext context)
    {
        int n = InputSize;
        int m = OutputSize;
        float[] w = Weight.Value;
        float[] dw = Weight.Gradient;
        float[] db = Bias.Gradient;
        float[] input = _input;
        context.For(m, (long)n * batch, o =>
        {
            Span<float> row = dw.AsSpan(o * n, n);
            float bsum = 0;
            for (int b = 0; b < batch; b++)
            {
                float g = outputGradient[b * m + o];
                if (g != 0)
                {
                    TensorPrimitives.MultiplyAdd(input.AsSpan(b * n, n), g, row, row);
                    bsum += g;
                }
            }

            db[o] += bsum;
        });
        if (inputGradient is null)
        {
            return;
        }

        context.For(batch, (long)n * m, b =>
        {
            Span<float> dx = inputGradient.AsSpan(b * n, n);
            dx.Clear();
            for (int o = 0; o < m; o++)
            {
                float g = outputGradient[b * m + o];
                if (g != 0)
                {
                    TensorPrimitives.MultiplyAdd(w.AsSpan(o * n, n), g, dx, dx);
                }
            }
        });
    }
}
