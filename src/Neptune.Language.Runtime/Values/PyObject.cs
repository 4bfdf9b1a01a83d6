using System.Numerics;

namespace Neptune.Language.Runtime;

/// <summary>
/// Base of every Python value. Behaviour (arithmetic, comparison, <c>repr</c>, hashing) lives in <see cref="PyOps"/>;
/// values themselves are plain data. Only <see cref="PyHostObject"/>, <see cref="PyCallable"/> and
/// <see cref="PyIterator"/> may be subclassed outside this assembly.
/// </summary>
public abstract class PyObject
{
    private protected PyObject()
    {
    }

    /// <summary>The Python type name used in messages (<c>int</c>, <c>list</c>, ...).</summary>
    public abstract string TypeName { get; }

    /// <summary>The Python <c>repr</c> of this value, without budget checks; for diagnostics.</summary>
    /// <returns>The representation.</returns>
    public override string ToString() => PyOps.Repr(null, this);
}

/// <summary>The <c>None</c> singleton.</summary>
public sealed class PyNone : PyObject
{
    private PyNone()
    {
    }

    /// <summary>The only instance.</summary>
    public static PyNone Instance { get; } = new();

    /// <inheritdoc />
    public override string TypeName => "NoneType";
}

/// <summary>
/// A Python <c>int</c> of arbitrary precision. Values that fit 64 bits (the common case) are stored as a
/// <see cref="long"/> and computed without allocation; larger values are held as a <see cref="BigInteger"/>, are
/// created only through the run's meter (which enforces the int-size budget and charges memory) and are never equal
/// to a value that fits 64 bits, so each integer has one representation. Values in [-5, 256] are cached, so
/// <c>is</c> holds for them as in CPython.
/// </summary>
public class PyInt : PyObject
{
    private const int CacheLow = -5;
    private const int CacheHigh = 256;
    private static readonly PyInt[] Cache = BuildCache();
    private readonly long _value;

    private protected PyInt(long value)
    {
        _value = value;
    }

    /// <summary>The integer value as a <see cref="long"/>.</summary>
    /// <exception cref="PyException"><c>OverflowError</c>: the value does not fit 64 bits (see <see cref="IsInt64"/>).</exception>
    public long Value => this is PyBigInt ? throw PyException.TooLargeForInt64() : _value;

    /// <summary>The stored 64-bit value, without the check of <see cref="Value"/>; only where the int is known to fit.</summary>
    internal long Small => _value;

    /// <summary>Whether the value fits a <see cref="long"/>, so that <see cref="Value"/> can be read.</summary>
    public bool IsInt64 => this is not PyBigInt;

    /// <inheritdoc />
    public override string TypeName => "int";

    /// <summary>The value at full precision.</summary>
    /// <returns>The value.</returns>
    public BigInteger ToBigInteger() => this is PyBigInt b ? b.Big : _value;

    /// <summary>Returns the int for <paramref name="value"/>, cached when small.</summary>
    /// <param name="value">The value.</param>
    /// <returns>A <see cref="PyInt"/> (never a <see cref="PyBool"/>).</returns>
    public static PyInt From(long value) =>
        value is >= CacheLow and <= CacheHigh ? Cache[value - CacheLow] : new PyInt(value);

    /// <summary>
    /// Returns the int for <paramref name="value"/>, a value the program just computed: values beyond 64 bits are
    /// checked against the int-size budget and charged to the memory budget of <paramref name="meter"/> first.
    /// </summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="value">The value.</param>
    /// <returns>A <see cref="PyInt"/>.</returns>
    /// <exception cref="BudgetExceededException">The value has more decimal digits than the budget allows.</exception>
    public static PyInt Create(ExecutionMeter meter, BigInteger value)
    {
        ArgumentNullException.ThrowIfNull(meter);
        if (value >= long.MinValue && value <= long.MaxValue)
        {
            return From((long)value);
        }

        meter.ChargeInt(value);
        return new PyBigInt(value);
    }

    /// <summary>An int beyond 64 bits that the budget does not cover: a literal of the program text.</summary>
    internal static PyInt Literal(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? From((long)value) : new PyBigInt(value);

    private static PyInt[] BuildCache()
    {
        var cache = new PyInt[CacheHigh - CacheLow + 1];
        for (var i = 0; i < cache.Length; i++)
        {
            cache[i] = new PyInt(i + CacheLow);
        }

        return cache;
    }
}

/// <summary>An int that does not fit 64 bits; created only by <see cref="PyInt.Create"/> and <see cref="PyInt.Literal"/>.</summary>
internal sealed class PyBigInt : PyInt
{
    internal PyBigInt(BigInteger value)
        : base(0)
    {
        Big = value;
    }

    /// <summary>The value; never within the range of <see cref="long"/>.</summary>
    public BigInteger Big { get; }
}

/// <summary>Python <c>bool</c>: a subclass of <c>int</c> with exactly two instances.</summary>
public sealed class PyBool : PyInt
{
    private PyBool(bool value)
        : base(value ? 1 : 0)
    {
    }

    /// <summary><c>True</c>.</summary>
    public static PyBool True { get; } = new(true);

    /// <summary><c>False</c>.</summary>
    public static PyBool False { get; } = new(false);

    /// <summary>Whether this is <c>True</c>.</summary>
    public bool IsTrue => Value != 0;

    /// <inheritdoc />
    public override string TypeName => "bool";

    /// <summary>Returns <see cref="True"/> or <see cref="False"/>.</summary>
    /// <param name="value">The truth value.</param>
    /// <returns>The singleton.</returns>
    public static PyBool From(bool value) => value ? True : False;
}

/// <summary>A Python <c>float</c> (IEEE double).</summary>
public sealed class PyFloat : PyObject
{
    /// <summary>Wraps <paramref name="value"/>.</summary>
    /// <param name="value">The value.</param>
    public PyFloat(double value)
    {
        Value = value;
    }

    /// <summary>The value.</summary>
    public double Value { get; }

    /// <inheritdoc />
    public override string TypeName => "float";
}

/// <summary>
/// A Python <c>str</c>. Indexing and <c>len</c> count UTF-16 code units, so characters outside the Basic
/// Multilingual Plane count as two (CPython counts code points).
/// </summary>
public sealed class PyStr : PyObject
{
    private static readonly PyStr[] Ascii = BuildAscii();

    private PyStr(string value)
    {
        Value = value;
    }

    /// <summary>The empty string.</summary>
    public static PyStr Empty { get; } = new(string.Empty);

    /// <summary>The text.</summary>
    public string Value { get; }

    /// <inheritdoc />
    public override string TypeName => "str";

    /// <summary>Wraps <paramref name="value"/>; single ASCII characters and the empty string are shared.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The string value.</returns>
    public static PyStr From(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return Empty;
        }

        return value.Length == 1 && value[0] < 128 ? Ascii[value[0]] : new PyStr(value);
    }

    /// <summary>
    /// Wraps <paramref name="value"/>, a string the program just created, after checking its length and charging its
    /// bytes to <paramref name="meter"/>'s budgets.
    /// </summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="value">The text.</param>
    /// <returns>The string value.</returns>
    public static PyStr Create(ExecutionMeter meter, string value)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(value);
        meter.ChargeString(value.Length);
        return From(value);
    }

    internal static PyStr FromChar(char c) => c < 128 ? Ascii[c] : new PyStr(c.ToString());

    private static PyStr[] BuildAscii()
    {
        var table = new PyStr[128];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = new PyStr(((char)i).ToString());
        }

        return table;
    }
}
