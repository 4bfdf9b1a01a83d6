namespace Neptune.Neural.Layers;

/// <summary>
/// Inverted dropout: while training, each value is zeroed with probability <c>p</c> and the rest scaled by 1/(1−p), so
/// evaluation is the identity. Masks come from the context's seeded randomness.
/// </summary>
public sealed class Dropout : Layer
{
    private float[] _mask = [];

    /// <summary>Creates the layer.</summary>
    /// <param name="size">Values per sample.</param>
    /// <param name="probability">The drop probability, in [0, 1).</param>
    public Dropout(int size, float probability)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (!(probability >= 0 && probability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "the drop probability must be in [0, 1)");
        }

        InputSize = size;
        Probability = probability;
    }

    /// <inheritdoc />
    public override int InputSize { get; }

    /// <inheritdoc />
    public override int OutputSize => InputSize;

    /// <summary>The drop probability.</summary>
    public float Probability { get; }

    private bool _active;

    /// <inheritdoc />
    public override void Forward(float[] input, float[] output, int batch, NeuralContext context)
    {
        int n = batch * InputSize;
        _active = context.Training && Probability > 0;
        if (!_active)
        {
            input.AsSpan(0, n).CopyTo(output);
            return;
        }

        float[] mask = Ensure(ref _mask, n);
        float keep = 1f / (1f - Probability);
        Random random = context.Random;
        for (int i = 0; i < n; i++)
        {
            mask[i] = random.NextSingle() < Probability ? 0f : keep;
            output[i] = input[i] * mask[i];
        }
    }

    /// <inheritdoc />
    public override void Backward(float[] outputGradient, float[]? inputGradient, int batch, NeuralContext context)
    {
        if (inputGradient is null)
        {
            return;
        }

        int n = batch * InputSize;
        if (!_active)
        {
            outputGradient.AsSpan(0, n).CopyTo(inputGradient);
            return;
        }

        for (int i = 0; i < n; i++)
        {
            inputGradient[i] = outputGradient[i] * _mask[i];
        }
    }
}
