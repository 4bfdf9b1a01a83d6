namespace Neptune.Language.Runtime;

/// <summary>The Python exception classes a program can raise or observe. Names match CPython's.</summary>
public enum PyErrorKind
{
    /// <summary>The base <c>Exception</c> class.</summary>
    Exception = 0,
    /// <summary><c>NameError</c>: an unbound name was read.</summary>
    NameError = 1,
    /// <summary><c>TypeError</c>: an operation was applied to a value of the wrong type.</summary>
    TypeError = 2,
    /// <summary><c>ValueError</c>: right type, inappropriate value.</summary>
    ValueError = 3,
    /// <summary><c>IndexError</c>: sequence index out of range.</summary>
    IndexError = 4,
    /// <summary><c>KeyError</c>: mapping key not found.</summary>
    KeyError = 5,
    /// <summary><c>ZeroDivisionError</c>: division or modulo by zero.</summary>
    ZeroDivisionError = 6,
    /// <summary><c>AssertionError</c>: a failed <c>assert</c>.</summary>
    AssertionError = 7,
    /// <summary><c>RecursionError</c>: nesting too deep.</summary>
    RecursionError = 8,
    /// <summary><c>OverflowError</c>: a result does not fit (a float out of range, an int too large for a float or a count).</summary>
    OverflowError = 9,
    /// <summary><c>AttributeError</c>: unknown attribute or method.</summary>
    AttributeError = 10,
    /// <summary><c>StopIteration</c>: an exhausted iterator was advanced with <c>next</c>.</summary>
    StopIteration = 11,
    /// <summary><c>RuntimeError</c>: generic runtime failure, e.g. a container changed during iteration.</summary>
    RuntimeError = 12,
    /// <summary><c>NotImplementedError</c>.</summary>
    NotImplementedError = 13,
    /// <summary><c>UnboundLocalError</c>: a local read before assignment.</summary>
    UnboundLocalError = 14,
    /// <summary><c>ArithmeticError</c>: base of the arithmetic errors.</summary>
    ArithmeticError = 15,
    /// <summary><c>LookupError</c>: base of <c>IndexError</c> and <c>KeyError</c>.</summary>
    LookupError = 16,
}

/// <summary>Helpers over <see cref="PyErrorKind"/>.</summary>
public static class PyErrorKinds
{
    /// <summary>
    /// Whether an error of kind <paramref name="raised"/> is caught by <c>except <paramref name="handler"/></c>,
    /// following CPython's class hierarchy.
    /// </summary>
    /// <param name="raised">Kind of the raised error.</param>
    /// <param name="handler">Kind named in the <c>except</c> clause.</param>
    /// <returns><see langword="true"/> when the handler matches.</returns>
    public static bool IsSubclassOf(PyErrorKind raised, PyErrorKind handler)
    {
        if (raised == handler || handler == PyErrorKind.Exception)
        {
            return true;
        }

        return handler switch
        {
            PyErrorKind.ArithmeticError => raised is PyErrorKind.ZeroDivisionError or PyErrorKind.OverflowError,
            PyErrorKind.LookupError => raised is PyErrorKind.IndexError or PyErrorKind.KeyError,
            PyErrorKind.NameError => raised is PyErrorKind.UnboundLocalError,
            PyErrorKind.RuntimeError => raised is PyErrorKind.RecursionError or PyErrorKind.NotImplementedError,
            _ => false,
        };
    }

    /// <summary>Parses a CPython exception class name (<c>"ValueError"</c>).</summary>
    /// <param name="name">The class name.</param>
    /// <param name="kind">The parsed kind.</param>
    /// <returns><see langword="true"/> if the name denotes a supported exception class.</returns>
    public static bool TryParse(string name, out PyErrorKind kind) =>
        Enum.TryParse(name, ignoreCase: false, out kind) && Enum.IsDefined(kind) && !char.IsDigit(name[0]);
}
