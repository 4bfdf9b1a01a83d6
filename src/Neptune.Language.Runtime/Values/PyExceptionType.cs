namespace Neptune.Language.Runtime;

/// <summary>
/// An exception class as a value (<c>ValueError</c>): calling it builds a <see cref="PyExceptionObject"/>, so
/// <c>raise ValueError("bad")</c> and <c>except (KeyError, IndexError)</c> work.
/// </summary>
public sealed class PyExceptionType : PyCallable
{
    private static readonly Dictionary<PyErrorKind, PyExceptionType> Types = Build();

    private PyExceptionType(PyErrorKind kind)
    {
        Kind = kind;
    }

    /// <summary>The exception class.</summary>
    public PyErrorKind Kind { get; }

    /// <inheritdoc />
    public override string Name => Kind.ToString();

    /// <inheritdoc />
    public override string TypeName => "type";

    /// <summary>All exception classes, for binding names such as <c>ValueError</c>.</summary>
    public static IEnumerable<PyExceptionType> All => Types.Values;

    /// <summary>The shared class object for <paramref name="kind"/>.</summary>
    /// <param name="kind">The exception class.</param>
    /// <returns>The class object.</returns>
    public static PyExceptionType Get(PyErrorKind kind) => Types[kind];

    /// <inheritdoc />
    public override PyObject Call(ExecutionMeter meter, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs)
    {
        if (kwargs.Length > 0)
        {
            throw PyException.Type($"{Name}() takes no keyword arguments");
        }

        ArgumentNullException.ThrowIfNull(meter);
        meter.ChargeElements(args.Length);
        return new PyExceptionObject(Kind, args);
    }

    /// <inheritdoc />
    public override string Repr() => $"<class '{Name}'>";

    private static Dictionary<PyErrorKind, PyExceptionType> Build()
    {
        var types = new Dictionary<PyErrorKind, PyExceptionType>();
        foreach (var kind in Enum.GetValues<PyErrorKind>())
        {
            types[kind] = new PyExceptionType(kind);
        }

        return types;
    }
}
