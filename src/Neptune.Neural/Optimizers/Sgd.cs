using System.Numerics.Tensors;

namespace Neptune.Neural.Optimizers;

/// <summary>Stochastic gradient descent with optional momentum: <c>v = μ v + g; w −= lr · v</c> (PyTorch's form).</summary>
public sealed class Sgd : Optimizer
{
    private readonly float[][] _velocity;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">The parameters it updates.</param>
    /// <param name="learningRate">The step size.</param>
    /// <param name="momentum">μ in [0, 1); 0 is plain SGD.</param>
    public Sgd(IReadOnlyList<Parameter> parameters, float learningRate, float momentum = 0)
        : base(parameters, learningRate)
    {
        if (!(momentum >= 0 && momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1)");
        }

        Momentum = momentum;
        _velocity = [.. parameters.Select(p => momentum > 0 ? new float[p.Length] : [])];
    }

    /// <summary>μ.</summary>
    public float Momentum { get; }

    /// <inheritdoc />
    protected override void Update(int index, Parameter parameter)
    {
        Span<float> w = parameter.Value;
        ReadOnlySpan<float> g = parameter.Gradient;
        if (Momentum == 0)
        {
            TensorPrimitives.MultiplyAdd(g, -LearningRate, w, w);
            return;
        }

        Span<float> v = _velocity[index];
        TensorPrimitives.MultiplyAdd(v, Momentum, g, v);
        TensorPrimitives.MultiplyAdd(v, -LearningRate, w, w);
    }
}
