namespace Neptune.Language.Runtime;

/// <summary>A keyword argument passed to a call (<c>name=value</c>).</summary>
/// <param name="Name">The keyword.</param>
/// <param name="Value">The argument value.</param>
public readonly record struct PyKeyword(string Name, PyObject Value);

/// <summary>
/// Something a program can call: builtins, bound methods, and the interpreter's user-defined functions and lambdas.
/// </summary>
public abstract class PyCallable : PyObject
{
    /// <summary>Initialises the callable.</summary>
    protected PyCallable()
    {
    }

    /// <summary>The function name shown in <c>repr</c> and error messages.</summary>
    public abstract string Name { get; }

    /// <inheritdoc />
    public override string TypeName => "function";

    /// <summary>Invokes the callable.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="args">Positional arguments.</param>
    /// <param name="kwargs">Keyword arguments.</param>
    /// <returns>The result.</returns>
    public abstract PyObject Call(ExecutionMeter meter, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs);

    /// <summary>The <c>repr</c>; defaults to <c>&lt;function name&gt;</c>.</summary>
    /// <returns>The representation.</returns>
    public virtual string Repr() => $"<function {Name}>";
}

/// <summary>A method bound to its receiver (<c>"a,b".split</c>).</summary>
public sealed class PyBoundMethod : PyCallable
{
    internal PyBoundMethod(PyObject self, BuiltinFunction method)
    {
        Self = self;
        Method = method;
    }

    /// <summary>The receiver.</summary>
    public PyObject Self { get; }

    internal BuiltinFunction Method { get; }

    /// <inheritdoc />
    public override string Name => Method.Signature.Name;

    /// <inheritdoc />
    public override string TypeName => "builtin_function_or_method";

    /// <inheritdoc />
    public override PyObject Call(ExecutionMeter meter, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs) =>
        Method.Invoke(meter, Self, args, kwargs);

    /// <inheritdoc />
    public override string Repr() => $"<built-in method {Name} of {Self.TypeName} object>";
}

/// <summary>
/// Base for values the host exposes to programs, such as soft score tensors. Every hook has a default that
/// behaves like a plain Python object; override the ones the type supports. A hook that returns
/// <see langword="null"/> means "not supported" (Python's <c>NotImplemented</c>), and the runtime then raises the
/// usual <c>TypeError</c>/<c>AttributeError</c>.
/// </summary>
public abstract class PyHostObject : PyObject
{
    /// <summary>Initialises the host object.</summary>
    protected PyHostObject()
    {
    }

    /// <summary>The <c>repr</c>; defaults to <c>&lt;TypeName object&gt;</c>.</summary>
    /// <returns>The representation.</returns>
    public virtual string Repr() => $"<{TypeName} object>";

    /// <summary>Truthiness; defaults to <see langword="true"/>.</summary>
    /// <returns>The truth value.</returns>
    public virtual bool IsTruthy() => true;

    /// <summary>A binary operator. <paramref name="reflected"/> is true when this object is the right operand.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="op">The operator.</param>
    /// <param name="other">The other operand.</param>
    /// <param name="reflected">Whether this object is the right-hand operand.</param>
    /// <returns>The result, or <see langword="null"/> when unsupported.</returns>
    public virtual PyObject? BinaryOp(ExecutionMeter meter, PyBinaryOp op, PyObject other, bool reflected) => null;

    /// <summary>A unary operator.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="op">The operator.</param>
    /// <returns>The result, or <see langword="null"/> when unsupported.</returns>
    public virtual PyObject? UnaryOp(ExecutionMeter meter, PyUnaryOp op) => null;

    /// <summary>A rich comparison. <paramref name="reflected"/> is true when this object is the right operand
    /// (the operator is then already swapped, e.g. <c>1 &lt; h</c> arrives as <c>Gt</c>).</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="op">The comparison (never <c>in</c>/<c>is</c>).</param>
    /// <param name="other">The other operand.</param>
    /// <param name="reflected">Whether this object was the right-hand operand.</param>
    /// <returns>The result, or <see langword="null"/> when unsupported (equality then falls back to identity).</returns>
    public virtual PyObject? Compare(ExecutionMeter meter, PyCompareOp op, PyObject other, bool reflected) => null;

    /// <summary>Reads an attribute that is not a method.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="name">The attribute name.</param>
    /// <returns>The value, or <see langword="null"/> when absent.</returns>
    public virtual PyObject? GetAttribute(ExecutionMeter meter, string name) => null;

    /// <summary>Calls a method.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="name">The method name.</param>
    /// <param name="args">Positional arguments.</param>
    /// <param name="kwargs">Keyword arguments.</param>
    /// <returns>The result, or <see langword="null"/> when there is no such method.</returns>
    public virtual PyObject? CallMethod(ExecutionMeter meter, string name, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs) => null;

    /// <summary>Number of elements for <c>len()</c>, or <see langword="null"/> when unsized.</summary>
    /// <returns>The length.</returns>
    public virtual long? Length() => null;

    /// <summary>Whether the object is hashable (usable as dict key); identity hashing by default.</summary>
    public virtual bool IsHashable => true;
}

/// <summary>An exception as a value (<c>except ValueError as e</c>): <c>str(e)</c>, <c>repr(e)</c> and <c>e.args</c>.</summary>
public sealed class PyExceptionObject : PyObject
{
    /// <summary>Creates an exception value.</summary>
    /// <param name="kind">The exception class.</param>
    /// <param name="args">The constructor arguments.</param>
    public PyExceptionObject(PyErrorKind kind, ReadOnlySpan<PyObject> args)
    {
        Kind = kind;
        Args = new PyTuple(args);
    }

    /// <summary>The exception class.</summary>
    public PyErrorKind Kind { get; }

    /// <summary>The constructor arguments (<c>e.args</c>).</summary>
    public PyTuple Args { get; }

    /// <summary><c>str(e)</c>: empty for no args, the argument's str for one (its repr for <c>KeyError</c>), else the args tuple's repr.</summary>
    public string Message => Args.Count switch
    {
        0 => string.Empty,
        1 when Kind == PyErrorKind.KeyError => PyOps.Repr(null, Args[0]),
        1 => PyOps.Str(null, Args[0]),
        _ => PyOps.Repr(null, Args),
    };

    /// <inheritdoc />
    public override string TypeName => Kind.ToString();
}

/// <summary>A built-in module such as <c>math</c>: a named bag of attributes.</summary>
public sealed class PyModule : PyObject
{
    private readonly Dictionary<string, PyObject> _attributes;

    internal PyModule(string name, Dictionary<string, PyObject> attributes)
    {
        Name = name;
        _attributes = attributes;
    }

    /// <summary>The module name.</summary>
    public string Name { get; }

    /// <summary>The attribute names, for validation.</summary>
    public IEnumerable<string> AttributeNames => _attributes.Keys;

    /// <inheritdoc />
    public override string TypeName => "module";

    /// <summary>Looks up an attribute.</summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="value">The attribute.</param>
    /// <returns><see langword="true"/> when it exists.</returns>
    public bool TryGetAttribute(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PyObject? value) =>
        _attributes.TryGetValue(name, out value);
}
