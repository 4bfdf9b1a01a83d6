namespace Neptune.Neural;

/// <summary>Layers applied in order; owns the activation and gradient buffers between them.</summary>
public sealed class Sequential
{
    private readonly Layer[] _layers;
    private readonly float[][] _activations;
    private readonly float[][] _gradients;
    private int _batch;

    /// <summary>Chains layers; each layer's input size must equal the previous layer's output size.</summary>
    /// <param name="layers">The layers, first to last.</param>
    /// <exception cref="ArgumentException">No layers, or sizes that do not chain, or two parameters with one name.</exception>
    public Sequential(params Layer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0)
        {
            throw new ArgumentException("a network needs at least one layer", nameof(layers));
        }

        for (int i = 1; i < layers.Length; i++)
        {
            if (layers[i].InputSize != layers[i - 1].OutputSize)
            {
                throw new ArgumentException($"layer {i} ({layers[i].GetType().Name}) takes {layers[i].InputSize} values but layer {i - 1} ({layers[i - 1].GetType().Name}) gives {layers[i - 1].OutputSize}", nameof(layers));
            }
        }

        _layers = layers;
        Parameters = [.. layers.SelectMany(l => l.Parameters)];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Parameter p in Parameters)
        {
            if (!names.Add(p.Name))
            {
                throw new ArgumentException($"two parameters are named '{p.Name}'", nameof(layers));
            }
        }

        _activations = new float[layers.Length + 1][];
        _gradients = new float[layers.Length + 1][];
        for (int i = 0; i <= layers.Length; i++)
        {
            _activations[i] = [];
            _gradients[i] = [];
        }
    }

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>Every layer's parameters, in layer order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Values per input sample.</summary>
    public int InputSize => _layers[0].InputSize;

    /// <summary>Values per output sample.</summary>
    public int OutputSize => _layers[^1].OutputSize;

    /// <summary>Initialises every layer's parameters from one seeded source, in layer order.</summary>
    /// <param name="random">The source.</param>
    public void Initialize(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        foreach (Layer layer in _layers)
        {
            layer.Initialize(random);
        }
    }

    /// <summary>Runs a batch through every layer.</summary>
    /// <param name="input">The batch, <paramref name="batch"/> × <see cref="InputSize"/> values.</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="context">Threads, training mode and randomness.</param>
    /// <returns>The output, <paramref name="batch"/> × <see cref="OutputSize"/> values; valid until the next pass.</returns>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, NeuralContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (input.Length < batch * InputSize)
        {
            throw new ArgumentException($"the input holds {input.Length} values; a batch of {batch} needs {batch * InputSize}", nameof(input));
        }

        _batch = batch;
        float[] first = Grow(_activations, 0, batch * InputSize);
        input[..(batch * InputSize)].CopyTo(first);
        for (int i = 0; i < _layers.Length; i++)
        {
            float[] output = Grow(_activations, i + 1, batch * _layers[i].OutputSize);
            _layers[i].Forward(_activations[i], output, batch, context);
        }

        return _activations[^1].AsSpan(0, batch * OutputSize);
    }

    /// <summary>Back-propagates dL/d output of the last <see cref="Forward"/> and accumulates every parameter's gradient.</summary>
    /// <param name="outputGradient">dL/d output, laid out as the output.</param>
    /// <param name="context">Threads.</param>
    public void Backward(ReadOnlySpan<float> outputGradient, NeuralContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int batch = _batch;
        if (batch == 0)
        {
            throw new InvalidOperationException("Backward needs a Forward first");
        }

        float[] last = Grow(_gradients, _layers.Length, batch * OutputSize);
        outputGradient[..(batch * OutputSize)].CopyTo(last);
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            float[]? inputGradient = i == 0 ? null : Grow(_gradients, i, batch * _layers[i].InputSize);
            _layers[i].Backward(_gradients[i + 1], inputGradient, batch, context);
        }
    }

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGradients()
    {
        foreach (Parameter p in Parameters)
        {
            p.ZeroGradient();
        }
    }

    private static float[] Grow(float[][] buffers, int index, int length)
    {
        if (buffers[index].Length < length)
        {
            buffers[index] = new float[length];
        }

        return buffers[index];
    }
}
