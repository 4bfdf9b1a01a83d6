namespace Neptune.Logic;

/// <summary>The root of every error the soft-logic engine reports. Catch this to handle them all.</summary>
public abstract class LogicException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    /// <param name="message">What went wrong, in words a program author can act on.</param>
    protected LogicException(string message)
        : base(message)
    {
    }
}

/// <summary>A probability is NaN, infinite or outside [0, 1], or a number compared is not finite.</summary>
public sealed class InvalidValueException : LogicException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="value">The rejected value.</param>
    /// <param name="index">The flat index of the value in its buffer, or −1 for a single value.</param>
    /// <param name="message">The message.</param>
    public InvalidValueException(double value, long index, string message)
        : base(message)
    {
        Value = value;
        Index = index;
    }

    /// <summary>The rejected value.</summary>
    public double Value { get; }

    /// <summary>The flat (row-major) index of the value in its buffer, or −1 when it was a single value.</summary>
    public long Index { get; }
}

/// <summary>A variable is missing, repeated, unnamed, or there are more than <see cref="SoftTensor.MaxRank"/> of them.</summary>
public sealed class VariableException : LogicException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="variable">The offending variable name, if one is to blame.</param>
    /// <param name="message">The message.</param>
    public VariableException(string? variable, string message)
        : base(message)
    {
        Variable = variable;
    }

    /// <summary>The offending variable name, or null when the error is about the set of variables as a whole.</summary>
    public string? Variable { get; }
}

/// <summary>Two tensors with axes range over domains of different sizes, or a value buffer does not match its shape.</summary>
public sealed class DomainMismatchException : LogicException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="expected">The size that was required.</param>
    /// <param name="actual">The size that was found.</param>
    /// <param name="message">The message.</param>
    public DomainMismatchException(long expected, long actual, string message)
        : base(message)
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The size that was required.</summary>
    public long Expected { get; }

    /// <summary>The size that was found.</summary>
    public long Actual { get; }
}

/// <summary>An operation would exceed a size limit (cells of a tensor, or uncertain cells of an exact count).</summary>
public sealed class TensorTooLargeException : LogicException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="requested">The size the operation needed (saturated at <see cref="long.MaxValue"/>).</param>
    /// <param name="limit">The configured limit.</param>
    /// <param name="message">The message.</param>
    public TensorTooLargeException(long requested, long limit, string message)
        : base(message)
    {
        Requested = requested;
        Limit = limit;
    }

    /// <summary>The size the operation needed, saturated at <see cref="long.MaxValue"/>.</summary>
    public long Requested { get; }

    /// <summary>The configured limit that was exceeded.</summary>
    public long Limit { get; }
}

/// <summary>A <see cref="LogicOptions"/> setting is out of range.</summary>
public sealed class InvalidLogicOptionsException : LogicException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="option">The name of the offending setting.</param>
    /// <param name="problem">What is wrong with it.</param>
    public InvalidLogicOptionsException(string option, string problem)
        : base($"Invalid logic option {option}: {problem}.")
    {
        Option = option;
    }

    /// <summary>The name of the offending setting.</summary>
    public string Option { get; }
}
