using Neptune.Neural.Optimizers;

namespace Neptune.Neural;

/// <summary>A <see cref="Sequential"/> network producing logits, followed by a softmax, trained by an <see cref="Optimizer"/>.</summary>
public sealed class NeuralClassifier : IClassifier
{
    private readonly NeuralContext _context;
    private float[] _probabilities = [];
    private float[] _logitGradient = [];
    private int _batch;

    /// <summary>Creates the classifier.</summary>
    /// <param name="network">The network; its output size is the number of classes.</param>
    /// <param name="optimizer">Builds the optimiser from the network's parameters.</param>
    /// <param name="context">Threads and the seeded randomness of dropout.</param>
    public NeuralClassifier(Sequential network, Func<IReadOnlyList<Parameter>, Optimizer> optimizer, NeuralContext context)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(context);
        Network = network;
        Optimizer = optimizer(network.Parameters);
        _context = context;
    }

    /// <summary>The network.</summary>
    public Sequential Network { get; }

    /// <summary>The optimiser.</summary>
    public Optimizer Optimizer { get; }

    /// <inheritdoc />
    public int InputSize => Network.InputSize;

    /// <inheritdoc />
    public int Classes => Network.OutputSize;

    /// <inheritdoc />
    public ReadOnlySpan<float> Predict(ReadOnlySpan<float> inputs, int batch, bool training)
    {
        _context.Training = training;
        ReadOnlySpan<float> logits = Network.Forward(inputs, batch, _context);
        if (_probabilities.Length < logits.Length)
        {
            _probabilities = new float[logits.Length];
        }

        _batch = batch;
        Span<float> p = _probabilities.AsSpan(0, logits.Length);
        Functions.Softmax(logits, Classes, p);
        return p;
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<float> probabilityGradient)
    {
        int n = _batch * Classes;
        if (n == 0)
        {
            throw new InvalidOperationException("Backward needs a Predict first");
        }

        if (_logitGradient.Length < n)
        {
            _logitGradient = new float[n];
        }

        Span<float> g = _logitGradient.AsSpan(0, n);
        Functions.SoftmaxBackward(_probabilities.AsSpan(0, n), probabilityGradient[..n], Classes, g);
        Network.Backward(g, _context);
    }

    /// <inheritdoc />
    public void Step() => Optimizer.Step();

    /// <inheritdoc />
    public void Save(Stream stream) => WeightFile.Save(stream, Network.Parameters);

    /// <inheritdoc />
    public void Load(Stream stream) => WeightFile.Load(stream, Network.Parameters);
}
