using Neptune.Language.Runtime;

namespace Neptune.Language.Library;

/// <summary>One parameter of a library primitive: its name, kind, whether it is required and which values it allows.</summary>
public sealed record ParameterDescriptor
{
    /// <summary>Creates a parameter description.</summary>
    /// <param name="name">The parameter name (usable as a keyword).</param>
    /// <param name="kind">The kind of value accepted.</param>
    /// <param name="summary">One line describing the parameter.</param>
    public ParameterDescriptor(string name, ValueKind kind, string summary)
    {
        Name = name;
        Kind = kind;
        Summary = summary;
    }

    /// <summary>The parameter name.</summary>
    public string Name { get; }

    /// <summary>The kind of value accepted.</summary>
    public ValueKind Kind { get; }

    /// <summary>One line describing the parameter.</summary>
    public string Summary { get; }

    /// <summary>Whether the argument must be given; optional parameters take <see cref="Default"/>.</summary>
    public bool Required { get; init; } = true;

    /// <summary>The value of an omitted optional argument (<c>None</c> when not set).</summary>
    public PyObject? Default { get; init; }

    /// <summary>Smallest allowed value of an <see cref="ValueKind.Int"/> argument, if bounded.</summary>
    public long? Minimum { get; init; }

    /// <summary>Largest allowed value of an <see cref="ValueKind.Int"/> argument, if bounded.</summary>
    public long? Maximum { get; init; }

    /// <summary>Smallest allowed length of a <see cref="ValueKind.Str"/> argument.</summary>
    public int MinimumLength { get; init; }

    /// <summary>Whether <c>None</c> is accepted as well as the declared kind.</summary>
    public bool AllowsNone { get; init; }

    /// <summary>The only values a <see cref="ValueKind.Str"/> argument may take (compared after trimming, ignoring case), when restricted.</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>The Python spelling of the parameter for signatures: <c>name</c> or <c>name=default</c>.</summary>
    public string Signature => Required ? Name : $"{Name}={(Default is null ? "None" : PyOps.Repr(null, Default))}";

    /// <summary>
    /// Checks a value against the declared constraints. Used statically on literal arguments and at run time on
    /// every argument.
    /// </summary>
    /// <param name="value">The argument value.</param>
    /// <param name="problem">Why the value is not accepted.</param>
    /// <returns><see langword="true"/> when the value is accepted.</returns>
    public bool Accepts(PyObject value, out string problem)
    {
        problem = string.Empty;
        if (value is PyNone)
        {
            if (AllowsNone || Kind is ValueKind.Any or ValueKind.None or ValueKind.ObjectOrNone)
            {
                return true;
            }

            problem = $"'{Name}' must be {Describe(Kind)}, not None";
            return false;
        }

        bool kindOk = Kind switch
        {
            ValueKind.Any => true,
            ValueKind.Str => value is PyStr,
            ValueKind.Int => value is PyInt,
            ValueKind.Bool => value is PyBool,
            ValueKind.Float => value is PyInt or PyFloat,
            ValueKind.Tensor => value is PyTensor,
            ValueKind.TensorOrNumber => value is PyTensor or PyInt or PyFloat,
            ValueKind.Iota => value is PyIota,
            ValueKind.Object or ValueKind.ObjectOrNone => value is PyIota || (value is PyInt && value is not PyBool),
            ValueKind.CountDistribution => value is PyCountDistribution,
            ValueKind.ObjectList => value is PyList,
            ValueKind.ObjectSet => value is PyTensor or PyIota,
            ValueKind.NoTarget => value is PyNoTarget,
            ValueKind.NumberTuple => value is PyTuple,
            ValueKind.None => false,
            _ => false,
        };
        if (!kindOk)
        {
            problem = $"'{Name}' must be {Describe(Kind)}, not {value.TypeName}";
            return false;
        }

        if (value is PyInt i && value is not PyBool && Kind == ValueKind.Int)
        {
            if ((Minimum is not null || Maximum is not null) && !i.IsInt64)
            {
                problem = $"'{Name}' must be {RangeText()}, got {i.ToBigInteger()}";
                return false;
            }

            if ((Minimum is { } min && i.Value < min) || (Maximum is { } max && i.Value > max))
            {
                problem = $"'{Name}' must be {RangeText()}, got {i.Value}";
                return false;
            }
        }

        if (value is PyStr s && s.Value.Trim().Length < MinimumLength)
        {
            problem = $"'{Name}' must be a non-empty string";
            return false;
        }

        if (value is PyStr allowed && AllowedValues is { } values && !IsAllowed(allowed.Value, values))
        {
            problem = $"'{Name}' must be one of {string.Join(", ", values.Select(v => $"'{v}'"))}, got '{allowed.Value}'";
            return false;
        }

        if (value is PyFloat f && Kind == ValueKind.TensorOrNumber && !(f.Value is >= 0.0 and <= 1.0))
        {
            problem = $"'{Name}' must be a truth value in [0, 1], got {PyOps.Repr(null, f)}";
            return false;
        }

        return true;
    }

    /// <summary>Whether a string is one of the allowed values (trimmed, case-insensitive).</summary>
    /// <param name="value">The value.</param>
    /// <param name="values">The allowed values.</param>
    /// <returns><see langword="true"/> when allowed.</returns>
    public static bool IsAllowed(string value, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(values);
        string v = value.Trim();
        foreach (string a in values)
        {
            if (string.Equals(a, v, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The allowed range as text (<c>an int from 1 to 3</c>), or the kind's description when unbounded.</summary>
    /// <returns>The description.</returns>
    public string RangeText() => (Minimum, Maximum) switch
    {
        ({ } lo, { } hi) => $"an int from {lo} to {hi}",
        ({ } lo, null) => $"an int of at least {lo}",
        (null, { } hi) => $"an int of at most {hi}",
        _ => Describe(Kind),
    };

    /// <summary>Describes a value kind for messages (<c>a str</c>, <c>a Tensor</c>).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The description.</returns>
    public static string Describe(ValueKind kind) => kind switch
    {
        ValueKind.Any => "any value",
        ValueKind.Str => "a str",
        ValueKind.Int => "an int",
        ValueKind.Float => "a number",
        ValueKind.Bool => "a bool",
        ValueKind.Tensor => "a Tensor",
        ValueKind.TensorOrNumber => "a Tensor or a number in [0, 1]",
        ValueKind.Iota => "an Iota (the result of .iota())",
        ValueKind.Object => "an object (an int index or the result of .iota())",
        ValueKind.ObjectOrNone => "an object index or None",
        ValueKind.CountDistribution => "a CountDistribution",
        ValueKind.ObjectList => "a list of object indices",
        ValueKind.ObjectSet => "a set of objects (a Tensor over one variable, or an Iota)",
        ValueKind.NoTarget => "NoTarget",
        ValueKind.NumberTuple => "a tuple of numbers",
        ValueKind.None => "None",
        _ => kind.ToString(),
    };

    /// <summary>The Python-facing type name of a kind, for signatures in the reference.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The type name.</returns>
    public static string TypeName(ValueKind kind) => kind switch
    {
        ValueKind.Any => "Any",
        ValueKind.Str => "str",
        ValueKind.Int => "int",
        ValueKind.Float => "float",
        ValueKind.Bool => "bool",
        ValueKind.Tensor => "Tensor",
        ValueKind.TensorOrNumber => "Tensor | float",
        ValueKind.Iota => "Iota",
        ValueKind.Object => "int | Iota",
        ValueKind.ObjectOrNone => "int | None",
        ValueKind.CountDistribution => "CountDistribution",
        ValueKind.ObjectList => "list[int]",
        ValueKind.ObjectSet => "Tensor | Iota",
        ValueKind.NoTarget => "NoTarget",
        ValueKind.NumberTuple => "tuple[float, ...]",
        ValueKind.None => "None",
        _ => kind.ToString(),
    };
}
