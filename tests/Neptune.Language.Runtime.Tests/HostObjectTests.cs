namespace Neptune.Language.Runtime.Tests;

public sealed class HostObjectTests
{
    private readonly ExecutionMeter _m = new();

    /// <summary>A soft truth value: &amp; = min, | = max, ~ = 1 - p, comparisons against numbers.</summary>
    private sealed class Soft(double p) : PyHostObject
    {
        public double P { get; } = p;

        public override string TypeName => "Soft";

        public override string Repr() => $"Soft({P})";

        public override bool IsTruthy() => P >= 0.5;

        public override PyObject? BinaryOp(ExecutionMeter meter, PyBinaryOp op, PyObject other, bool reflected)
        {
            if (other is not Soft o)
            {
                return null;
            }

            return op switch
            {
                PyBinaryOp.BitAnd => new Soft(Math.Min(P, o.P)),
                PyBinaryOp.BitOr => new Soft(Math.Max(P, o.P)),
                _ => null,
            };
        }

        public override PyObject? UnaryOp(ExecutionMeter meter, PyUnaryOp op) => op == PyUnaryOp.Invert ? new Soft(1 - P) : null;

        public override PyObject? Compare(ExecutionMeter meter, PyCompareOp op, PyObject other, bool reflected) =>
            other is PyFloat f && op == PyCompareOp.Gt ? PyBool.From(P > f.Value) : null;

        public override PyObject? GetAttribute(ExecutionMeter meter, string name) => name == "p" ? new PyFloat(P) : null;

        public override PyObject? CallMethod(ExecutionMeter meter, string name, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs) =>
            name == "scale" ? new Soft(P * ((PyFloat)args[0]).Value) : null;
    }

    [Fact]
    public void HostObject_Operators_DispatchToOverrides()
    {
        var a = new Soft(0.25);
        var b = new Soft(0.75);
        Assert.Equal("Soft(0.25)", PyOps.Repr(_m, PyOps.Binary(_m, PyBinaryOp.BitAnd, a, b)));
        Assert.Equal("Soft(0.75)", PyOps.Repr(_m, PyOps.Binary(_m, PyBinaryOp.BitOr, a, b)));
        Assert.Equal("Soft(0.75)", PyOps.Repr(_m, PyOps.Unary(_m, PyUnaryOp.Invert, a)));
        Assert.False(PyOps.IsTruthy(a));
        Assert.True(PyOps.IsTruthy(PyOps.Unary(_m, PyUnaryOp.Not, a)));
    }

    [Fact]
    public void HostObject_ReflectedComparison_SwapsOperator()
    {
        var a = new Soft(0.9);
        Assert.Same(PyBool.True, PyOps.Compare(_m, PyCompareOp.Lt, new PyFloat(0.5), a));
        var ex = Assert.Throws<PyException>(() => PyOps.Compare(_m, PyCompareOp.Ge, a, PyInt.From(1)));
        Assert.Equal("'>=' not supported between instances of 'Soft' and 'int'", ex.Message);
        Assert.Same(PyBool.False, PyOps.Compare(_m, PyCompareOp.Eq, a, new Soft(0.9)));
    }

    [Fact]
    public void HostObject_AttributesAndMethods_AreMeteredHostCalls()
    {
        var a = new Soft(0.5);
        Assert.Equal("0.5", PyOps.Repr(_m, PyOps.GetAttribute(_m, a, "p")));
        Assert.Equal("Soft(0.25)", PyOps.Repr(_m, PyOps.CallMethod(_m, a, "scale", [new PyFloat(0.5)], [])));
        Assert.Equal(1, _m.HostCalls);
        var ex = Assert.Throws<PyException>(() => PyOps.CallMethod(_m, a, "missing", [], []));
        Assert.Equal("'Soft' object has no attribute 'missing'", ex.Message);
        var unsupported = Assert.Throws<PyException>(() => PyOps.Binary(_m, PyBinaryOp.Add, a, PyInt.From(1)));
        Assert.Equal("unsupported operand type(s) for +: 'Soft' and 'int'", unsupported.Message);
    }
}
