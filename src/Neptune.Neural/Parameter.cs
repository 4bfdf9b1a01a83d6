namespace Neptune.Neural;

/// <summary>A trainable array of a layer: its values and the gradient accumulated by backward passes.</summary>
public sealed class Parameter
{
    /// <summary>Creates a zero parameter.</summary>
    /// <param name="name">The name, unique within a network (e.g. <c>conv1.weight</c>); weight files match on it.</param>
    /// <param name="shape">The dimensions; their product is the length.</param>
    public Parameter(string name, params int[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        int length = 1;
        foreach (int d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(d, nameof(shape));
            length = checked(length * d);
        }

        Name = name;
        Shape = [.. shape];
        Value = new float[length];
        Gradient = new float[length];
    }

    /// <summary>The name, unique within a network.</summary>
    public string Name { get; }

    /// <summary>The dimensions.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The values, row-major.</summary>
    public float[] Value { get; }

    /// <summary>The accumulated gradient of the loss with respect to <see cref="Value"/>.</summary>
    public float[] Gradient { get; }

    /// <summary>The number of values.</summary>
    public int Length => Value.Length;

    /// <summary>Sets the gradient to zero.</summary>
    public void ZeroGradient() => Array.Clear(Gradient);

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{string.Join('x', Shape)}]";
}
