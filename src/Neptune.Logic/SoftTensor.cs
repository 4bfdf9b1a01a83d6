using System.Collections.ObjectModel;
using Neptune.Logic.Internal;

namespace Neptune.Logic;

/// <summary>
/// An immutable tensor of probabilities in [0, 1] whose axes are named variables, each ranging over the same domain of
/// <see cref="DomainSize"/> objects (the detected objects of one image; the domain may be empty).
/// </summary>
/// <remarks>
/// Values are stored row-major in one contiguous buffer: the first variable is the slowest-varying axis. A tensor of
/// rank 0 is a single probability; its <see cref="DomainSize"/> is informational and never takes part in alignment.
/// Every value is checked on construction: NaN, infinities and values outside [0, 1] are rejected with
/// <see cref="InvalidValueException"/> unless the caller explicitly asks for clamping with <see cref="CreateClamped"/>.
/// </remarks>
public sealed class SoftTensor
{
    /// <summary>The largest number of variables a tensor may have.</summary>
    public const int MaxRank = 4;

    private readonly string[] _variables;
    private readonly float[] _values;
    private readonly ReadOnlyCollection<string> _variableView;

    internal SoftTensor(string[] variables, int domainSize, float[] values)
    {
        _variables = variables;
        _values = values;
        DomainSize = domainSize;
        _variableView = new ReadOnlyCollection<string>(variables);
    }

    /// <summary>The variable names of the axes, in storage order (first = slowest-varying).</summary>
    public IReadOnlyList<string> Variables => _variableView;

    /// <summary>The number of variables (axes), 0 to <see cref="MaxRank"/>.</summary>
    public int Rank => _variables.Length;

    /// <summary>The number of objects each variable ranges over.</summary>
    public int DomainSize { get; }

    /// <summary>The number of cells: DomainSize^Rank (1 for rank 0).</summary>
    public int Length => _values.Length;

    /// <summary>The cells, row-major.</summary>
    public ReadOnlySpan<float> Values => _values;

    internal string[] VariableArray => _variables;

    internal float[] Buffer => _values;

    /// <summary>The probability at one cell, indexed by object per axis in <see cref="Variables"/> order.</summary>
    /// <param name="index">One object index per axis.</param>
    /// <exception cref="VariableException">The number of indices differs from <see cref="Rank"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, DomainSize).</exception>
    public float this[params ReadOnlySpan<int> index]
    {
        get
        {
            if (index.Length != _variables.Length)
            {
                throw new VariableException(null, $"Expected {_variables.Length} indices for variables ({string.Join(", ", _variables)}), got {index.Length}.");
            }

            long flat = 0;
            for (int k = 0; k < index.Length; k++)
            {
                if ((uint)index[k] >= (uint)DomainSize)
                {
                    throw new ArgumentOutOfRangeException(nameof(index), index[k], $"Index for variable '{_variables[k]}' must be in [0, {DomainSize}).");
                }

                flat = (flat * DomainSize) + index[k];
            }

            return _values[flat];
        }
    }

    /// <summary>A rank-0 tensor holding one probability.</summary>
    /// <param name="probability">A value in [0, 1].</param>
    /// <exception cref="InvalidValueException">The value is NaN or outside [0, 1].</exception>
    public static SoftTensor Scalar(float probability)
    {
        CheckProbability(probability, -1);
        return new SoftTensor([], 0, [probability]);
    }

    /// <summary>A rank-1 tensor over one variable; the domain size is the number of values.</summary>
    /// <param name="variable">The variable name.</param>
    /// <param name="values">One probability per object.</param>
    /// <param name="maxCells">The cell limit.</param>
    /// <exception cref="InvalidValueException">A value is NaN or outside [0, 1].</exception>
    /// <exception cref="TensorTooLargeException">There are more values than <paramref name="maxCells"/>.</exception>
    public static SoftTensor Vector(string variable, ReadOnlySpan<float> values, long maxCells = LogicOptions.DefaultMaxCells)
        => Create([variable], values.Length, values, maxCells);

    /// <summary>Creates a tensor from row-major values, checking every value.</summary>
    /// <param name="variables">Distinct, non-empty variable names, at most <see cref="MaxRank"/>.</param>
    /// <param name="domainSize">The number of objects per variable (0 allowed).</param>
    /// <param name="values">DomainSize^Rank values, first variable slowest-varying.</param>
    /// <param name="maxCells">The cell limit.</param>
    /// <exception cref="VariableException">Variables are repeated, empty or too many.</exception>
    /// <exception cref="DomainMismatchException">The number of values differs from DomainSize^Rank.</exception>
    /// <exception cref="TensorTooLargeException">DomainSize^Rank exceeds <paramref name="maxCells"/>.</exception>
    /// <exception cref="InvalidValueException">A value is NaN or outside [0, 1].</exception>
    public static SoftTensor Create(IReadOnlyList<string> variables, int domainSize, ReadOnlySpan<float> values, long maxCells = LogicOptions.DefaultMaxCells)
    {
        var (names, buffer) = Prepare(variables, domainSize, values, maxCells);
        for (int i = 0; i < buffer.Length; i++)
        {
            CheckProbability(buffer[i], i);
        }

        return new SoftTensor(names, domainSize, buffer);
    }

    /// <summary>
    /// Creates a tensor from row-major values, clamping values below 0 (including −∞) to 0 and above 1 (including +∞) to 1.
    /// NaN is still rejected: it carries no probability to clamp.
    /// </summary>
    /// <param name="variables">Distinct, non-empty variable names, at most <see cref="MaxRank"/>.</param>
    /// <param name="domainSize">The number of objects per variable (0 allowed).</param>
    /// <param name="values">DomainSize^Rank values, first variable slowest-varying.</param>
    /// <param name="maxCells">The cell limit.</param>
    /// <exception cref="VariableException">Variables are repeated, empty or too many.</exception>
    /// <exception cref="DomainMismatchException">The number of values differs from DomainSize^Rank.</exception>
    /// <exception cref="TensorTooLargeException">DomainSize^Rank exceeds <paramref name="maxCells"/>.</exception>
    /// <exception cref="InvalidValueException">A value is NaN.</exception>
    public static SoftTensor CreateClamped(IReadOnlyList<string> variables, int domainSize, ReadOnlySpan<float> values, long maxCells = LogicOptions.DefaultMaxCells)
    {
        var (names, buffer) = Prepare(variables, domainSize, values, maxCells);
        for (int i = 0; i < buffer.Length; i++)
        {
            float v = buffer[i];
            if (float.IsNaN(v))
            {
                throw new InvalidValueException(v, i, $"Probability at index {i} is NaN.");
            }

            buffer[i] = Math.Clamp(v, 0f, 1f);
        }

        return new SoftTensor(names, domainSize, buffer);
    }

    /// <summary>The position of a variable among the axes, or −1.</summary>
    /// <param name="variable">The variable name.</param>
    public int IndexOf(string variable) => Array.IndexOf(_variables, variable);

    /// <summary>Whether the tensor has an axis for the variable.</summary>
    /// <param name="variable">The variable name.</param>
    public bool HasVariable(string variable) => IndexOf(variable) >= 0;

    /// <summary>The same values with one variable renamed. The buffer is shared (both tensors are immutable).</summary>
    /// <param name="from">An existing variable.</param>
    /// <param name="to">A new name not already used by another axis.</param>
    /// <exception cref="VariableException"><paramref name="from"/> is missing or <paramref name="to"/> is taken or empty.</exception>
    public SoftTensor Rename(string from, string to)
    {
        int axis = RequireAxis(from);
        CheckName(to);
        int existing = IndexOf(to);
        if (existing >= 0 && existing != axis)
        {
            throw new VariableException(to, $"Cannot rename '{from}' to '{to}': the tensor already has a variable '{to}'.");
        }

        var names = (string[])_variables.Clone();
        names[axis] = to;
        return new SoftTensor(names, DomainSize, _values);
    }

    /// <summary>The same tensor with its axes reordered.</summary>
    /// <param name="order">Every variable of the tensor exactly once, in the new storage order.</param>
    /// <exception cref="VariableException">The order is not a permutation of <see cref="Variables"/>.</exception>
    public SoftTensor Transpose(params ReadOnlySpan<string> order)
    {
        if (order.Length != _variables.Length)
        {
            throw new VariableException(null, $"Transpose needs all {_variables.Length} variables ({string.Join(", ", _variables)}), got {order.Length}.");
        }

        Span<int> perm = stackalloc int[MaxRank];
        bool identity = true;
        var names = new string[order.Length];
        for (int k = 0; k < order.Length; k++)
        {
            int axis = RequireAxis(order[k]);
            for (int j = 0; j < k; j++)
            {
                if (perm[j] == axis)
                {
                    throw new VariableException(order[k], $"Variable '{order[k]}' appears twice in the transpose order.");
                }
            }

            perm[k] = axis;
            names[k] = _variables[axis];
            identity &= axis == k;
        }

        if (identity)
        {
            return this;
        }

        var buffer = new float[_values.Length];
        TensorLayout.Permute(_values, Rank, DomainSize, perm[..Rank], buffer);
        return new SoftTensor(names, DomainSize, buffer);
    }

    /// <summary>A copy of the cells, row-major.</summary>
    public float[] ToArray() => (float[])_values.Clone();

    /// <inheritdoc />
    public override string ToString()
        => Rank == 0 ? $"SoftTensor({_values[0]})" : $"SoftTensor({string.Join(", ", _variables)}; N={DomainSize})";

    internal int RequireAxis(string variable)
    {
        int axis = IndexOf(variable);
        if (axis < 0)
        {
            throw new VariableException(variable, _variables.Length == 0
                ? $"Variable '{variable}' is not bound: the tensor is a scalar."
                : $"Variable '{variable}' is not one of ({string.Join(", ", _variables)}).");
        }

        return axis;
    }

    internal static void CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new VariableException(name, "Variable names must be non-empty.");
        }
    }

    internal static void CheckProbability(float value, long index)
    {
        if (!(value >= 0f && value <= 1f))
        {
            string where = index < 0 ? "Probability" : $"Probability at index {index}";
            throw new InvalidValueException(value, index, float.IsNaN(value)
                ? $"{where} is NaN."
                : $"{where} is {value}, outside [0, 1]. Use SoftTensor.CreateClamped to clamp explicitly.");
        }
    }

    /// <summary>Number of cells of a tensor of the given rank, checked against the limit.</summary>
    internal static int CellCount(int rank, int domainSize, long maxCells)
    {
        if (domainSize < 0)
        {
            throw new DomainMismatchException(0, domainSize, $"Domain size must not be negative, got {domainSize}.");
        }

        long cells = 1;
        for (int k = 0; k < rank; k++)
        {
            if (domainSize != 0 && cells > long.MaxValue / domainSize)
            {
                cells = long.MaxValue;
                break;
            }

            cells *= domainSize;
        }

        if (cells > maxCells || cells > Array.MaxLength)
        {
            throw new TensorTooLargeException(cells, maxCells,
                $"A tensor over {rank} variables and {domainSize} objects needs {(cells == long.MaxValue ? "more than 2^63" : cells.ToString(System.Globalization.CultureInfo.InvariantCulture))} cells; the limit is {maxCells}.");
        }

        return (int)cells;
    }

    internal static string[] CheckVariables(IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (variables.Count > MaxRank)
        {
            throw new VariableException(null, $"A tensor has at most {MaxRank} variables, got {variables.Count} ({string.Join(", ", variables)}).");
        }

        var names = new string[variables.Count];
        for (int k = 0; k < names.Length; k++)
        {
            string name = variables[k];
            CheckName(name);
            for (int j = 0; j < k; j++)
            {
                if (string.Equals(names[j], name, StringComparison.Ordinal))
                {
                    throw new VariableException(name, $"Variable '{name}' appears twice; the axes of a tensor must be distinct variables.");
                }
            }

            names[k] = name;
        }

        return names;
    }

    private static (string[] Names, float[] Buffer) Prepare(IReadOnlyList<string> variables, int domainSize, ReadOnlySpan<float> values, long maxCells)
    {
        string[] names = CheckVariables(variables);
        int cells = CellCount(names.Length, domainSize, maxCells);
        if (values.Length != cells)
        {
            throw new DomainMismatchException(cells, values.Length,
                $"A tensor over {names.Length} variables and {domainSize} objects has {cells} cells, got {values.Length} values.");
        }

        return (names, values.ToArray());
    }
}
