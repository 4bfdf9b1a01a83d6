namespace Neptune.Language.Runtime.Tests;

public sealed class ValueModelTests
{
    private readonly ExecutionMeter _m = new();

    private static PyInt I(long v) => PyInt.From(v);

    private static PyStr S(string v) => PyStr.From(v);

    [Fact]
    public void PyInt_SmallValues_AreIdentical()
    {
        Assert.Same(I(256), I(256));
        Assert.Same(I(-5), I(-5));
        Assert.NotSame(I(257), I(257));
        Assert.True(PyOps.IsTruthy(PyOps.Compare(_m, PyCompareOp.Is, PyOps.Binary(_m, PyBinaryOp.Add, I(1), I(2)), I(3))));
    }

    [Fact]
    public void Bool_ArithmeticAndHashing_BehaveAsInt()
    {
        Assert.Equal("2", PyOps.Repr(_m, PyOps.Binary(_m, PyBinaryOp.Add, PyBool.True, I(1))));
        var d = new PyDict();
        PyOps.SetItem(_m, d, I(1), S("int"));
        PyOps.SetItem(_m, d, new PyFloat(1.0), S("float"));
        PyOps.SetItem(_m, d, PyBool.True, S("bool"));
        Assert.Equal("{1: 'bool'}", PyOps.Repr(_m, d));
    }

    [Fact]
    public void Repr_SelfContainingList_PrintsEllipsis()
    {
        var list = new PyList();
        PyOps.CallMethod(_m, list, "append", [list], []);
        Assert.Equal("[[...]]", PyOps.Repr(_m, list));
        var d = new PyDict();
        PyOps.SetItem(_m, d, S("self"), d);
        Assert.Equal("{'self': {...}}", PyOps.Repr(_m, d));
    }

    [Fact]
    public void Repr_DeeplyNestedList_RaisesRecursionErrorInsteadOfCrashing()
    {
        PyObject nested = new PyList();
        PyObject twin = new PyList();
        for (var i = 0; i < 5000; i++)
        {
            nested = new PyList([nested]);
            twin = new PyList([twin]);
        }

        var ex = Assert.Throws<PyException>(() => PyOps.Repr(_m, nested));
        Assert.Equal(PyErrorKind.RecursionError, ex.Kind);
        Assert.Equal(PyErrorKind.RecursionError, Assert.Throws<PyException>(() => PyOps.Equal(nested, twin)).Kind);
        Assert.Equal(PyErrorKind.RecursionError, Assert.Throws<PyException>(() => PyOps.Compare(_m, PyCompareOp.Lt, nested, twin)).Kind);
    }

    [Fact]
    public void Dict_MutatedDuringIteration_RaisesRuntimeError()
    {
        var d = new PyDict();
        d.Set(S("a"), I(1));
        var it = PyOps.GetIterator(_m, d);
        Assert.True(it.MoveNext(_m, out _));
        PyOps.SetItem(_m, d, S("b"), I(2));
        var ex = Assert.Throws<PyException>(() => it.MoveNext(_m, out _));
        Assert.Equal(PyErrorKind.RuntimeError, ex.Kind);
        Assert.Equal("dictionary changed size during iteration", ex.Message);
    }

    [Fact]
    public void Dict_DeleteAndReinsert_KeepsInsertionOrder()
    {
        var d = new PyDict();
        foreach (var k in new[] { "a", "b", "c" })
        {
            PyOps.SetItem(_m, d, S(k), I(k[0]));
        }

        PyOps.DelItem(_m, d, S("a"));
        PyOps.SetItem(_m, d, S("a"), I(0));
        PyOps.SetItem(_m, d, S("b"), I(9));
        Assert.Equal("{'b': 9, 'c': 99, 'a': 0}", PyOps.Repr(_m, d));
        Assert.Equal("dict_keys(['b', 'c', 'a'])", PyOps.Repr(_m, PyOps.CallMethod(_m, d, "keys", [], [])));
    }

    [Fact]
    public void Dict_ManyDeletes_CompactsAndStaysConsistent()
    {
        var d = new PyDict();
        for (var i = 0; i < 1000; i++)
        {
            PyOps.SetItem(_m, d, I(i), I(i));
            if (i % 3 != 0)
            {
                PyOps.DelItem(_m, d, I(i));
            }
        }

        Assert.Equal(334, d.Count);
        Assert.Equal("999", PyOps.Repr(_m, PyOps.GetItem(_m, d, I(999))));
        var list = (PyList)PyBuiltins.Call(_m, "list", [d]);
        Assert.Equal(I(3).Value, ((PyInt)list[1]).Value);
    }

    [Fact]
    public void KeyError_Value_CarriesKeyAndReprMessage()
    {
        var ex = Assert.Throws<PyException>(() => PyOps.GetItem(_m, new PyDict(), S("k")));
        Assert.Equal(PyErrorKind.KeyError, ex.Kind);
        Assert.Equal("'k'", ex.Message);
        Assert.Equal("('k',)", PyOps.Repr(_m, PyOps.GetAttribute(_m, ex.Value, "args")));
        Assert.Equal("KeyError('k')", PyOps.Repr(_m, ex.Value));
    }

    [Fact]
    public void ExceptionValue_StrAndRepr_MatchCPython()
    {
        var e = new PyExceptionObject(PyErrorKind.ValueError, [S("bad"), I(2)]);
        Assert.Equal("('bad', 2)", PyOps.Str(_m, e));
        Assert.Equal("ValueError('bad', 2)", PyOps.Repr(_m, e));
        var thrown = PyException.FromValue(new PyExceptionObject(PyErrorKind.ValueError, [S("x")]));
        Assert.Equal("x", thrown.Message);
        Assert.True(PyErrorKinds.IsSubclassOf(PyErrorKind.KeyError, PyErrorKind.LookupError));
        Assert.True(PyErrorKinds.IsSubclassOf(PyErrorKind.ZeroDivisionError, PyErrorKind.Exception));
        Assert.False(PyErrorKinds.IsSubclassOf(PyErrorKind.ValueError, PyErrorKind.TypeError));
    }

    [Fact]
    public void ExceptionType_Call_BuildsRaisableValue()
    {
        var type = PyExceptionType.Get(PyErrorKind.ValueError);
        Assert.Equal("<class 'ValueError'>", PyOps.Repr(_m, type));
        var value = (PyExceptionObject)PyOps.Call(_m, type, [S("bad input")], []);
        var ex = PyException.FromValue(value);
        Assert.Equal(PyErrorKind.ValueError, ex.Kind);
        Assert.Equal("bad input", ex.Message);
        Assert.Same(value, ex.Value);
        Assert.True(PyErrorKinds.TryParse("IndexError", out var kind) && kind == PyErrorKind.IndexError);
        Assert.False(PyErrorKinds.TryParse("SystemExit", out _));
    }

    [Fact]
    public void Split_NonStringSeparator_RaisesTypeError()
    {
        var ex = Assert.Throws<PyException>(() => PyOps.CallMethod(_m, S("a b"), "split", [I(1)], []));
        Assert.Equal("must be str or None, not int", ex.Message);
    }

    [Fact]
    public void Set_Iteration_FollowsInsertionOrder()
    {
        var set = (PySet)PyBuiltins.Call(_m, "set", [new PyList([I(3), I(1), I(2), I(1)])]);
        Assert.Equal("{3, 1, 2}", PyOps.Repr(_m, set));
    }

    [Fact]
    public void List_InPlaceAdd_MutatesSameObject()
    {
        var list = new PyList([I(1)]);
        var result = PyOps.InPlace(_m, PyBinaryOp.Add, list, new PyTuple([I(2)]));
        Assert.Same(list, result);
        Assert.Equal("[1, 2]", PyOps.Repr(_m, list));
        var tuple = new PyTuple([I(1)]);
        Assert.NotSame(tuple, PyOps.InPlace(_m, PyBinaryOp.Add, tuple, new PyTuple([I(2)])));
    }

    [Fact]
    public void GetAttribute_StrMethod_ReturnsCallableBoundMethod()
    {
        var method = PyOps.GetAttribute(_m, S("a,b"), "split");
        Assert.Equal("<built-in method split of str object>", PyOps.Repr(_m, method));
        Assert.Equal("['a', 'b']", PyOps.Repr(_m, PyOps.Call(_m, method, [S(",")], [])));
    }

    [Fact]
    public void Call_BuiltinWithWrongArity_RaisesTypeError()
    {
        var ex = Assert.Throws<PyException>(() => PyBuiltins.Call(_m, "len", [I(1), I(2)]));
        Assert.Equal("len() takes exactly one argument (2 given)", ex.Message);
        var kw = Assert.Throws<PyException>(() => PyBuiltins.Call(_m, "sorted", [new PyList()], [new("bogus", I(1))]));
        Assert.Equal("sorted() got an unexpected keyword argument 'bogus'", kw.Message);
        Assert.Equal(PyErrorKind.NameError, Assert.Throws<PyException>(() => PyBuiltins.Call(_m, "eval", [S("1")])).Kind);
    }

    [Fact]
    public void Signatures_ExposeArityAndKeywordsForValidation()
    {
        Assert.True(PyMethods.TryGetSignature("str", "split", out var split));
        Assert.Equal((0, 2), (split.MinArgs, split.MaxArgs));
        Assert.Contains("maxsplit", split.Keywords);
        Assert.True(PyBuiltins.TryGetSignature("sorted", out var sorted));
        Assert.Equal(["key", "reverse"], sorted.Keywords);
        Assert.True(PyMath.TryGetSignature("log", out var log));
        Assert.Equal(2, log.MaxArgs);
        Assert.False(PyMethods.TryGetSignature("str", "encode", out _));
        Assert.Contains("enumerate", PyBuiltins.Names);
        Assert.DoesNotContain("eval", PyBuiltins.Names);
        Assert.True(PyMethods.TryGetSignature("bool", "bit_length", out _));
    }

    [Fact]
    public void Iterators_AreLazy_AndZipStopsAtShortest()
    {
        var zipped = PyBuiltins.Call(_m, "zip", [new PyRange(0, 1_000_000_000_000, 1), S("ab")]);
        Assert.Equal("[(0, 'a'), (1, 'b')]", PyOps.Repr(_m, PyBuiltins.Call(_m, "list", [zipped])));
        var e = PyBuiltins.Call(_m, "enumerate", [S("xy")], [new("start", I(10))]);
        Assert.Equal("<enumerate object>", PyOps.Repr(_m, e));
    }

    [Fact]
    public void Slice_Negative_And_Step_ResolveLikeCPython()
    {
        var list = PyBuiltins.Call(_m, "list", [new PyRange(0, 10, 1)]);
        Assert.Equal("[8, 6, 4]", PyOps.Repr(_m, PyOps.GetItem(_m, list, new PySlice(I(-2), I(2), I(-2)))));
        Assert.Equal("range(2, 8, 2)", PyOps.Repr(_m, PyOps.GetItem(_m, new PyRange(0, 10, 1), new PySlice(I(2), I(8), I(2)))));
    }

    [Fact]
    public void SetItem_Tuple_RaisesTypeError()
    {
        var ex = Assert.Throws<PyException>(() => PyOps.SetItem(_m, new PyTuple([I(1)]), I(0), I(2)));
        Assert.Equal("'tuple' object does not support item assignment", ex.Message);
        var idx = Assert.Throws<PyException>(() => PyOps.SetItem(_m, new PyList(), I(0), I(2)));
        Assert.Equal("list assignment index out of range", idx.Message);
    }

    [Fact]
    public void MathModule_Attributes_AndMissingAttribute()
    {
        Assert.Equal("3.141592653589793", PyOps.Repr(_m, PyOps.GetAttribute(_m, PyMath.Module, "pi")));
        var ex = Assert.Throws<PyException>(() => PyOps.GetAttribute(_m, PyMath.Module, "system"));
        Assert.Equal(PyErrorKind.AttributeError, ex.Kind);
        Assert.Equal("module 'math' has no attribute 'system'", ex.Message);
    }

    [Fact]
    public void IntArithmetic_Beyond64Bits_PromotesToArbitraryPrecision()
    {
        Assert.Equal("18446744073709551614", PyOps.Repr(_m, PyOps.Binary(_m, PyBinaryOp.Mul, I(long.MaxValue), I(2))));
        Assert.Equal("18446744073709551616", PyOps.Repr(_m, PyOps.Binary(_m, PyBinaryOp.LShift, I(1), I(64))));
        Assert.Equal("9223372036854775808", PyOps.Repr(_m, PyOps.Unary(_m, PyUnaryOp.Neg, I(long.MinValue))));
        Assert.Equal("99999999999999999999", PyOps.Repr(_m, PyBuiltins.Call(_m, "int", [S("99999999999999999999")])));
        Assert.Equal("-9223372036854775808", PyOps.Repr(_m, PyBuiltins.Call(_m, "int", [S("-9223372036854775808")])));
        var big = (PyInt)PyOps.Binary(_m, PyBinaryOp.Pow, I(2), I(64));
        Assert.False(big.IsInt64);
        Assert.Equal(PyErrorKind.OverflowError, Assert.Throws<PyException>(() => big.Value).Kind);
        Assert.True(((PyInt)PyOps.Binary(_m, PyBinaryOp.Sub, big, big)).IsInt64);
        Assert.Equal(PyOps.Hash(big), PyOps.Hash(new PyFloat(18446744073709551616.0)));
    }

    [Fact]
    public void StrPercentFormatting_IsRejectedWithClearError()
    {
        var ex = Assert.Throws<PyException>(() => PyOps.Binary(_m, PyBinaryOp.Mod, S("%d"), I(1)));
        Assert.Equal(PyErrorKind.NotImplementedError, ex.Kind);
    }

    [Fact]
    public void Sort_WithKeyAndReverse_IsStable()
    {
        var items = new PyList([new PyTuple([I(1), S("a")]), new PyTuple([I(0), S("b")]), new PyTuple([I(1), S("c")]), new PyTuple([I(0), S("d")])]);
        var key = new FirstItem();
        var asc = PyBuiltins.Call(_m, "sorted", [items], [new("key", key)]);
        Assert.Equal("[(0, 'b'), (0, 'd'), (1, 'a'), (1, 'c')]", PyOps.Repr(_m, asc));
        var desc = PyBuiltins.Call(_m, "sorted", [items], [new("key", key), new("reverse", PyBool.True)]);
        Assert.Equal("[(1, 'a'), (1, 'c'), (0, 'b'), (0, 'd')]", PyOps.Repr(_m, desc));
    }

    private sealed class FirstItem : PyCallable
    {
        public override string Name => "first";

        public override PyObject Call(ExecutionMeter meter, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs) =>
            PyOps.GetItem(meter, args[0], PyInt.From(0));
    }
}
