using System.Numerics.Tensors;

namespace Neptune.Neural.Optimizers;

/// <summary>
/// Adam (Kingma and Ba) as PyTorch computes it: <c>m = β1 m + (1−β1) g</c>, <c>v = β2 v + (1−β2) g²</c>,
/// <c>w −= (lr / (1−β1^t)) · m / (sqrt(v) / sqrt(1−β2^t) + ε)</c>.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly float[][] _m;
    private readonly float[][] _v;
    private float[] _scratch = [];

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">The parameters it updates.</param>
    /// <param name="learningRate">lr.</param>
    /// <param name="beta1">β1 in [0, 1).</param>
    /// <param name="beta2">β2 in [0, 1).</param>
    /// <param name="epsilon">ε; positive.</param>
    public Adam(IReadOnlyList<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
        : base(parameters, learningRate)
    {
        if (!(beta1 >= 0 && beta1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β1 must be in [0, 1)");
        }

        if (!(beta2 >= 0 && beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β2 must be in [0, 1)");
        }

        if (!(epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be positive");
        }

        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        _m = [.. parameters.Select(p => new float[p.Length])];
        _v = [.. parameters.Select(p => new float[p.Length])];
    }

    /// <summary>β1.</summary>
    public float Beta1 { get; }

    /// <summary>β2.</summary>
    public float Beta2 { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <inheritdoc />
    protected override void Update(int index, Parameter parameter)
    {
        Span<float> w = parameter.Value;
        ReadOnlySpan<float> g = parameter.Gradient;
        Span<float> m = _m[index];
        Span<float> v = _v[index];
        if (_scratch.Length < w.Length)
        {
            _scratch = new float[w.Length];
        }

        Span<float> t = _scratch.AsSpan(0, w.Length);
        float c1 = 1 - MathF.Pow(Beta1, Steps);
        float c2 = 1 - MathF.Pow(Beta2, Steps);
        TensorPrimitives.Multiply(m, Beta1, m);
        TensorPrimitives.MultiplyAdd(g, 1 - Beta1, m, m);
        TensorPrimitives.Multiply(v, Beta2, v);
        TensorPrimitives.Multiply(g, g, t);
        TensorPrimitives.MultiplyAdd(t, 1 - Beta2, v, v);
        TensorPrimitives.Sqrt(v, t);
        TensorPrimitives.Multiply(t, 1f / MathF.Sqrt(c2), t);
        TensorPrimitives.Add(t, Epsilon, t);
        TensorPrimitives.Divide(m, t, t);
        TensorPrimitives.MultiplyAdd(t, -LearningRate / c1, w, w);
    }
}
