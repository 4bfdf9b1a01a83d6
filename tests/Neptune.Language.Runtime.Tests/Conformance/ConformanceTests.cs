using System.Text.Json;

namespace Neptune.Language.Runtime.Tests.Conformance;

/// <summary>Replays values.jsonl (generated from CPython 3.11 by make_fixtures.py) through the runtime API.</summary>
public sealed class ConformanceTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Conformance");

    public static TheoryData<string> ValueRows()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadLines(Path.Combine(Folder, "values.jsonl")))
        {
            if (line.Length > 0)
            {
                data.Add(line);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValueRows))]
    public void ValueRow_EvaluatedByRuntime_MatchesCPython(string row)
    {
        using var doc = JsonDocument.Parse(row);
        var r = doc.RootElement;
        var meter = new ExecutionMeter();
        string? actual = null;
        PyException? error = null;
        try
        {
            actual = PyOps.Repr(meter, Materialize(meter, Evaluate(meter, r)));
        }
        catch (PyException ex)
        {
            error = ex;
        }

        if (r.TryGetProperty("error", out var expectedKind))
        {
            Assert.True(error is not null, $"expected {expectedKind.GetString()} but got {actual}");
            Assert.Equal(expectedKind.GetString(), error.Kind.ToString());
            Assert.Equal(r.GetProperty("message").GetString(), error.Message);
        }
        else
        {
            Assert.True(error is null, $"unexpected {error?.Kind}: {error?.Message}");
            Assert.Equal(r.GetProperty("expect").GetString(), actual);
        }
    }

    [Fact]
    public void Fixtures_Counts_MeetCoverageFloor()
    {
        var values = File.ReadLines(Path.Combine(Folder, "values.jsonl")).Count(l => l.Length > 0);
        var expressions = File.ReadLines(Path.Combine(Folder, "expressions.jsonl")).Count(l => l.Length > 0);
        Assert.True(values >= 500, $"values.jsonl has {values} rows");
        Assert.True(expressions >= 300, $"expressions.jsonl has {expressions} rows");
    }

    [Fact]
    public void ExpressionsFile_EveryRow_HasExpressionAndOutcome()
    {
        foreach (var line in File.ReadLines(Path.Combine(Folder, "expressions.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("expr").GetString()));
            if (r.TryGetProperty("error", out var kind))
            {
                Assert.True(r.TryGetProperty("message", out _), line);
                Assert.False(string.IsNullOrEmpty(kind.GetString()));
            }
            else
            {
                Assert.True(r.TryGetProperty("expect", out _), line);
            }
        }
    }

    private static PyObject Materialize(ExecutionMeter meter, PyObject value) =>
        value is PyIterator ? PyBuiltins.Call(meter, "list", [value]) : value;

    private static PyObject[] Args(JsonElement r) =>
        r.TryGetProperty("args", out var a) ? a.EnumerateArray().Select(FixtureValues.Decode).ToArray() : [];

    private static PyKeyword[] Kwargs(JsonElement r) =>
        r.TryGetProperty("kwargs", out var k)
            ? k.EnumerateObject().Select(p => new PyKeyword(p.Name, FixtureValues.Decode(p.Value))).ToArray()
            : [];

    private static PyObject A(JsonElement r) => FixtureValues.Decode(r.GetProperty("a"));

    private static PyObject B(JsonElement r) => FixtureValues.Decode(r.GetProperty("b"));

    private static PyObject Evaluate(ExecutionMeter meter, JsonElement r)
    {
        var op = r.GetProperty("op").GetString();
        switch (op)
        {
            case "binop":
                return PyOps.Binary(meter, BinaryOp(r.GetProperty("operator").GetString()!), A(r), B(r));
            case "unary":
                var uop = r.GetProperty("operator").GetString() switch
                {
                    "-" => PyUnaryOp.Neg,
                    "+" => PyUnaryOp.Pos,
                    "~" => PyUnaryOp.Invert,
                    _ => PyUnaryOp.Not,
                };
                return PyOps.Unary(meter, uop, A(r));
            case "compare":
                return PyOps.Compare(meter, CompareOp(r.GetProperty("operator").GetString()!), A(r), B(r));
            case "repr":
                return PyStr.From(PyOps.Repr(meter, A(r)));
            case "str":
                return PyStr.From(PyOps.Str(meter, A(r)));
            case "format":
                return PyStr.From(PyOps.Format(meter, A(r), r.GetProperty("spec").GetString()!));
            case "getitem":
                return PyOps.GetItem(meter, A(r), B(r));
            case "method":
                var target = FixtureValues.Decode(r.GetProperty("target"));
                var result = PyOps.CallMethod(meter, target, r.GetProperty("name").GetString()!, Args(r), Kwargs(r));
                return r.TryGetProperty("result", out _) ? new PyTuple([Materialize(meter, result), target]) : result;
            case "builtin":
                return PyBuiltins.Call(meter, r.GetProperty("name").GetString()!, Args(r), Kwargs(r));
            case "math":
                var fn = PyOps.GetAttribute(meter, PyMath.Module, r.GetProperty("name").GetString()!);
                return PyOps.Call(meter, fn, Args(r), Kwargs(r));
            case "math_const":
                return PyOps.GetAttribute(meter, PyMath.Module, r.GetProperty("name").GetString()!);
            default:
                throw new InvalidDataException(op);
        }
    }

    private static PyBinaryOp BinaryOp(string s) => s switch
    {
        "+" => PyBinaryOp.Add,
        "-" => PyBinaryOp.Sub,
        "*" => PyBinaryOp.Mul,
        "/" => PyBinaryOp.TrueDiv,
        "//" => PyBinaryOp.FloorDiv,
        "%" => PyBinaryOp.Mod,
        "**" => PyBinaryOp.Pow,
        "<<" => PyBinaryOp.LShift,
        ">>" => PyBinaryOp.RShift,
        "&" => PyBinaryOp.BitAnd,
        "|" => PyBinaryOp.BitOr,
        "^" => PyBinaryOp.BitXor,
        _ => throw new InvalidDataException(s),
    };

    private static PyCompareOp CompareOp(string s) => s switch
    {
        "==" => PyCompareOp.Eq,
        "!=" => PyCompareOp.Ne,
        "<" => PyCompareOp.Lt,
        "<=" => PyCompareOp.Le,
        ">" => PyCompareOp.Gt,
        ">=" => PyCompareOp.Ge,
        "in" => PyCompareOp.In,
        "not in" => PyCompareOp.NotIn,
        "is" => PyCompareOp.Is,
        "is not" => PyCompareOp.IsNot,
        _ => throw new InvalidDataException(s),
    };
}
