using System.Globalization;
using System.Text.Json;

namespace Neptune.Language.Runtime.Tests.Conformance;

/// <summary>Decodes the tagged JSON value encoding written by make_fixtures.py.</summary>
internal static class FixtureValues
{
    public static PyObject Decode(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => PyNone.Instance,
        JsonValueKind.True => PyBool.True,
        JsonValueKind.False => PyBool.False,
        JsonValueKind.Number => PyInt.From(long.Parse(e.GetRawText(), CultureInfo.InvariantCulture)),
        JsonValueKind.String => PyStr.From(e.GetString()!),
        JsonValueKind.Array => new PyList(e.EnumerateArray().Select(Decode)),
        JsonValueKind.Object => DecodeTagged(e),
        _ => throw new InvalidDataException(e.GetRawText()),
    };

    private static PyObject DecodeTagged(JsonElement e)
    {
        var prop = e.EnumerateObject().Single();
        var v = prop.Value;
        switch (prop.Name)
        {
            case "float":
                return new PyFloat(v.GetString() switch
                {
                    "inf" => double.PositiveInfinity,
                    "-inf" => double.NegativeInfinity,
                    "nan" => double.NaN,
                    var s => double.Parse(s!, NumberStyles.Float, CultureInfo.InvariantCulture),
                });
            case "tuple":
                return new PyTuple(v.EnumerateArray().Select(Decode).ToArray());
            case "set":
                var set = new PySet();
                foreach (var x in v.EnumerateArray())
                {
                    set.Add(Decode(x));
                }

                return set;
            case "dict":
                var dict = new PyDict();
                foreach (var pair in v.EnumerateArray())
                {
                    dict.Set(Decode(pair[0]), Decode(pair[1]));
                }

                return dict;
            case "range":
                return new PyRange(v[0].GetInt64(), v[1].GetInt64(), v[2].GetInt64());
            case "slice":
                return new PySlice(Decode(v[0]), Decode(v[1]), Decode(v[2]));
            case "fn":
                return new TestFunction(v.GetString()!);
            default:
                throw new InvalidDataException(prop.Name);
        }
    }

    /// <summary>The small set of callables fixtures refer to by name (keys for sorted/min/max, map/filter functions).</summary>
    private sealed class TestFunction(string name) : PyCallable
    {
        public override string Name => name;

        public override PyObject Call(ExecutionMeter meter, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs) => name switch
        {
            "neg" => PyOps.Unary(meter, PyUnaryOp.Neg, args[0]),
            "len" => PyInt.From(PyOps.Length(args[0])),
            "lower" => PyOps.CallMethod(meter, args[0], "lower", [], []),
            "second" => PyOps.GetItem(meter, args[0], PyInt.From(1)),
            "is_even" => PyOps.Compare(meter, PyCompareOp.Eq, PyOps.Binary(meter, PyBinaryOp.Mod, args[0], PyInt.From(2)), PyInt.From(0)),
            "abs" => PyBuiltins.Call(meter, "abs", [args[0]]),
            "add" => PyOps.Binary(meter, PyBinaryOp.Add, args[0], args[1]),
            _ => throw new InvalidDataException(name),
        };
    }
}
