using System.Numerics.Tensors;

namespace Neptune.Neural.Layers;

/// <summary>The rectifier <c>max(x, 0)</c>; its gradient is 1 where the input is positive, else 0.</summary>
public sealed class Relu : Layer
{
    private float[] _input = [];

    /// <summary>Creates the layer.</summary>
    /// <param name="size">Values per sample.</param>
    public Relu(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        InputSize = size;
    }

    /// <inheritdoc />
    public override int InputSize { get; }

    /// <inheritdoc />
    public override int OutputSize => InputSize;

    /// <inheritdoc />
    public override void Forward(float[] input, float[] output, int batch, NeuralContext context)
    {
        _input = input;
        TensorPrimitives.Max(input.AsSpan(0, batch * InputSize), 0f, output.AsSpan(0, batch * InputSize));
    }

    /// <inheritdoc />
    public override void Backward(float[] outputGradient, float[]? inputGradient, int batch, NeuralContext context)
    {
        if (inputGradient is null)
        {
            return;
        }

        float[] input = _input;
        for (int i = 0; i < batch * InputSize; i++)
        {
            inputGradient[i] = input[i] > 0 ? outputGradient[i] : 0f;
        }
    }
}
