namespace Neptune.Language.Runtime;

/// <summary>
/// A Python-level error (<c>ValueError</c>, <c>KeyError</c>, ...). Programs can catch these with <c>try/except</c>;
/// <see cref="Exception.Message"/> is exactly what CPython's <c>str(e)</c> would print.
/// </summary>
public sealed class PyException : NeptuneRuntimeException
{
    private PyExceptionObject? _value;

    /// <summary>Creates an error of <paramref name="kind"/> whose single argument is <paramref name="message"/>.</summary>
    /// <param name="kind">The Python exception class.</param>
    /// <param name="message">The message, as <c>str(e)</c> shows it.</param>
    public PyException(PyErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    private PyException(PyExceptionObject value)
        : base(value.Message)
    {
        Kind = value.Kind;
        _value = value;
    }

    /// <summary>The Python exception class.</summary>
    public PyErrorKind Kind { get; }

    /// <summary>The exception as a Python value (for <c>except E as e</c>).</summary>
    public PyExceptionObject Value => _value ??= new PyExceptionObject(Kind, [PyStr.From(Message)]);

    /// <summary>Wraps a Python exception value so it can be thrown (for <c>raise e</c>).</summary>
    /// <param name="value">The exception value.</param>
    /// <returns>A throwable exception carrying <paramref name="value"/>.</returns>
    public static PyException FromValue(PyExceptionObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new PyException(value);
    }

    /// <inheritdoc />
    public override string ToString() =>
        Location is { } loc ? $"{Kind} at {loc}: {Message}" : $"{Kind}: {Message}";

    internal static PyException Type(string message) => new(PyErrorKind.TypeError, message);

    internal static PyException ValueErr(string message) => new(PyErrorKind.ValueError, message);

    internal static PyException Index(string message) => new(PyErrorKind.IndexError, message);

    internal static PyException Overflow(string message) => new(PyErrorKind.OverflowError, message);

    internal static PyException ZeroDivision(string message) => new(PyErrorKind.ZeroDivisionError, message);

    internal static PyException Key(PyObject key) =>
        new(new PyExceptionObject(PyErrorKind.KeyError, [key]));

    internal static PyException KeyMessage(string message) =>
        new(new PyExceptionObject(PyErrorKind.KeyError, [PyStr.From(message)]));

    internal static PyException TooLargeForInt64() =>
        new(PyErrorKind.OverflowError, "Python int too large to convert to a 64-bit integer");

    internal static PyException IntTooLargeForFloat() =>
        new(PyErrorKind.OverflowError, "int too large to convert to float");
}
