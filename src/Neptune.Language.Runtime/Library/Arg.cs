namespace Neptune.Language.Runtime;

/// <summary>Argument conversions shared by builtins and methods, with CPython's error messages.</summary>
internal static class Arg
{
    public static long Int(PyObject o) => o is PyInt i
        ? i.Value
        : throw PyException.Type($"'{o.TypeName}' object cannot be interpreted as an integer");

    public static long IntOrNone(PyObject? o, long fallback) => o is null or PyNone ? fallback : Int(o);

    public static string Str(PyObject o, string context) => o is PyStr s
        ? s.Value
        : throw PyException.Type($"{context} must be str, not {o.TypeName}");

    public static double Real(PyObject o) => o switch
    {
        PyFloat f => f.Value,
        PyInt i => i is PyBigInt b ? BigIntMath.ToDouble(b.Big) : i.Small,
        _ => throw PyException.Type($"must be real number, not {o.TypeName}"),
    };

    public static bool Bool(PyObject? o, bool fallback) => o is null ? fallback : PyOps.IsTruthy(o);

    /// <summary>Resolves optional start/end arguments against a length, as slice bounds.</summary>
    public static (int Start, int End) Bounds(PyObject? start, PyObject? end, int length)
    {
        long s = start is null or PyNone ? 0 : Int(start);
        long e = end is null or PyNone ? length : Int(end);
        if (s < 0)
        {
            s = Math.Max(0, s + length);
        }

        if (e < 0)
        {
            e = Math.Max(0, e + length);
        }

        return ((int)Math.Min(s, length), (int)Math.Min(e, length));
    }
}
