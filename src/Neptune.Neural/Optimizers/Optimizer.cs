namespace Neptune.Neural.Optimizers;

/// <summary>Updates parameters from their accumulated gradients, then zeroes the gradients.</summary>
public abstract class Optimizer
{
    /// <summary>Creates an optimiser over a fixed list of parameters.</summary>
    /// <param name="parameters">The parameters it updates.</param>
    /// <param name="learningRate">The step size; positive.</param>
    protected Optimizer(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(learningRate > 0) || float.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "the learning rate must be positive and finite");
        }

        Parameters = parameters;
        LearningRate = learningRate;
    }

    /// <summary>The parameters it updates.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The step size.</summary>
    public float LearningRate { get; }

    /// <summary>Steps taken.</summary>
    public int Steps { get; private set; }

    /// <summary>Applies one update from the current gradients and zeroes them.</summary>
    public void Step()
    {
        Steps++;
        for (int i = 0; i < Parameters.Count; i++)
        {
            Update(i, Parameters[i]);
            Parameters[i].ZeroGradient();
        }
    }

    /// <summary>Updates one parameter in place from its gradient.</summary>
    /// <param name="index">The parameter's position in <see cref="Parameters"/> (for per-parameter state).</param>
    /// <param name="parameter">The parameter.</param>
    protected abstract void Update(int index, Parameter parameter);
}
