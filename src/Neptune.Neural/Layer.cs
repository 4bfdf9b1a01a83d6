namespace Neptune.Neural;

/// <summary>
/// One differentiable stage of a network over a batch of flat samples. A layer keeps what its backward pass needs from
/// the last forward pass (the input, masks, column buffers) in buffers it reuses: after the first batch of a size, a
/// forward and backward pass allocate nothing.
/// </summary>
/// <remarks>
/// Batches are row-major: sample <c>b</c> of a batch occupies <c>[b * InputSize, (b + 1) * InputSize)</c>. Work is split
/// by output element across threads so that every value is computed by one thread in a fixed order: results do not
/// depend on the number of threads.
/// </remarks>
public abstract class Layer
{
    /// <summary>Values per input sample.</summary>
    public abstract int InputSize { get; }

    /// <summary>Values per output sample.</summary>
    public abstract int OutputSize { get; }

    /// <summary>The layer's trainable parameters (none for parameter-free layers).</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>Computes the output of a batch.</summary>
    /// <param name="input">The batch, <paramref name="batch"/> × <see cref="InputSize"/> values; the layer may keep a reference to it until <see cref="Backward"/>.</param>
    /// <param name="output">Receives <paramref name="batch"/> × <see cref="OutputSize"/> values.</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="context">Threads, training mode and randomness.</param>
    public abstract void Forward(float[] input, float[] output, int batch, NeuralContext context);

    /// <summary>
    /// Back-propagates the gradient of the loss with respect to the last forward pass's output: accumulates the
    /// parameters' gradients and writes the gradient with respect to the input.
    /// </summary>
    /// <param name="outputGradient">dL/d output, as the last forward pass's output is laid out.</param>
    /// <param name="inputGradient">Receives dL/d input (overwritten, not accumulated); null skips it (the first layer).</param>
    /// <param name="batch">The number of samples of the last forward pass.</param>
    /// <param name="context">Threads.</param>
    public abstract void Backward(float[] outputGradient, float[]? inputGradient, int batch, NeuralContext context);

    /// <summary>Initialises the parameters (no-op for parameter-free layers).</summary>
    /// <param name="random">The seeded source of the initial values.</param>
    public virtual void Initialize(Random random)
    {
    }

    /// <summary>Returns <paramref name="buffer"/> when it holds at least <paramref name="length"/> values, else a new, larger one.</summary>
    protected static float[] Ensure(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }

        return buffer;
    }

    /// <summary>Draws uniform values in [-bound, bound) (PyTorch's default initialisation uses bound = 1/sqrt(fan_in)).</summary>
    protected static void Uniform(Random random, Span<float> values, float bound)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
        }
    }
}
