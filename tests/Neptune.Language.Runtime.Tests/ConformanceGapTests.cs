namespace Neptune.Language.Runtime.Tests;

/// <summary>
/// Full Unicode case mapping, list slice assignment, methods read from their type and the <c>repr</c>/<c>format</c>
/// builtins. Expected values were recorded with CPython 3.11.
/// </summary>
public sealed class ConformanceGapTests
{
    private readonly ExecutionMeter _m = new();

    private string Method(string receiver, string name) =>
        ((PyStr)PyOps.CallMethod(_m, PyStr.From(receiver), name, [], [])).Value;

    [Theory]
    [InlineData("straße", "upper", "STRASSE")]
    [InlineData("\uFB01x", "upper", "FIX")]
    [InlineData("ŉ", "upper", "ʼN")]
    [InlineData("ı", "upper", "I")]
    [InlineData("İ", "lower", "i\u0307")]
    [InlineData("ǅ", "lower", "ǆ")]
    [InlineData("ǆa", "capitalize", "ǅa")]
    [InlineData("\uFB01x", "capitalize", "Fix")]
    [InlineData("ßa ǆb", "title", "Ssa ǅb")]
    [InlineData("ǅ", "swapcase", "ǅ")]
    [InlineData("Ⓐ", "swapcase", "ⓐ")]
    [InlineData("ß", "swapcase", "SS")]
    [InlineData("hello World", "upper", "HELLO WORLD")]
    [InlineData("𐐀", "lower", "𐐨")]
    public void CaseMethod_SpecialCasing_MatchesCPython(string input, string method, string expected) =>
        Assert.Equal(expected, Method(input, method));

    [Theory]
    [InlineData("ΣΑΣ", "σας")]
    [InlineData("Σ", "σ")]
    [InlineData("ΑΣ.", "ας.")]
    [InlineData("ΑΣ\u0301Β", "ασ\u0301β")]
    [InlineData("Α\u0301Σ", "α\u0301ς")]
    [InlineData("ΑΣ Β", "ας β")]
    [InlineData("'Σ", "'σ")]
    public void Lower_CapitalSigma_FollowsFinalSigmaRule(string input, string expected) =>
        Assert.Equal(expected, Method(input, "lower"));

    [Fact]
    public void TitleAndSwapCase_CapitalSigma_UseFinalSigmaRule()
    {
        Assert.Equal("Σας", Method("ΣΑΣ", "title"));
        Assert.Equal("ας", Method("ΑΣ", "swapcase"));
    }

    [Fact]
    public void Upper_ResultLongerThanStringBudget_ThrowsStringLengthBudget()
    {
        var meter = new ExecutionMeter(ExecutionLimits.Default with { MaxStringLength = 10 });
        var e = Assert.Throws<BudgetExceededException>(() => PyOps.CallMethod(meter, PyStr.From("ßßßßßß"), "upper", [], []));
        Assert.Equal(BudgetKind.StringLength, e.Kind);
    }

    private static PyList Ints(params long[] values) => new(values.Select(static v => (PyObject)PyInt.From(v)));

    private static PySlice Slice(long? start, long? stop, long? step = null) => new(
        start is { } a ? PyInt.From(a) : PyNone.Instance,
        stop is { } b ? PyInt.From(b) : PyNone.Instance,
        step is { } c ? PyInt.From(c) : PyNone.Instance);

    private string Repr(PyObject o) => PyOps.Repr(_m, o);

    [Fact]
    public void SetItem_SliceShrinks_ReplacesRange()
    {
        var x = Ints(1, 2, 3, 4, 5);
        PyOps.SetItem(_m, x, Slice(1, 3), Ints(9));
        Assert.Equal("[1, 9, 4, 5]", Repr(x));
    }

    [Fact]
    public void SetItem_EmptySliceWithAnyIterable_Inserts()
    {
        var x = Ints(1, 2, 3, 4);
        PyOps.SetItem(_m, x, Slice(3, 1), PyStr.From("ab"));
        Assert.Equal("[1, 2, 3, 'a', 'b', 4]", Repr(x));
        PyOps.SetItem(_m, x, Slice(10, null), new PyRange(0, 2, 1));
        Assert.Equal("[1, 2, 3, 'a', 'b', 4, 0, 1]", Repr(x));
    }

    [Fact]
    public void SetItem_SliceFromItself_ReadsOldContents()
    {
        var x = Ints(1, 2, 3, 4);
        PyOps.SetItem(_m, x, Slice(null, null, -1), x);
        Assert.Equal("[4, 3, 2, 1]", Repr(x));
    }

    [Fact]
    public void SetItem_ExtendedSliceOfMatchingSize_AssignsEachPosition()
    {
        var x = Ints(1, 2, 3, 4);
        PyOps.SetItem(_m, x, Slice(null, null, -2), PyStr.From("ab"));
        Assert.Equal("[1, 'b', 3, 'a']", Repr(x));
    }

    [Fact]
    public void SetItem_ExtendedSliceOfOtherSize_ThrowsValueError()
    {
        var e = Assert.Throws<PyException>(() => PyOps.SetItem(_m, Ints(0, 0, 0, 0), Slice(null, null, 2), Ints(9)));
        Assert.Equal(PyErrorKind.ValueError, e.Kind);
        Assert.Equal("attempt to assign sequence of size 1 to extended slice of size 2", e.Message);
    }

    [Theory]
    [InlineData(null, "can only assign an iterable")]
    [InlineData(2L, "must assign iterable to extended slice")]
    public void SetItem_SliceWithNonIterable_ThrowsTypeError(long? step, string message)
    {
        var e = Assert.Throws<PyException>(() => PyOps.SetItem(_m, Ints(1, 2, 3), Slice(0, 2, step), PyInt.From(5)));
        Assert.Equal(PyErrorKind.TypeError, e.Kind);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void SetItem_SliceBeyondElementBudget_ThrowsElementsBudget()
    {
        var meter = new ExecutionMeter(ExecutionLimits.Default with { MaxElements = 100 });
        var e = Assert.Throws<BudgetExceededException>(() => PyOps.SetItem(meter, Ints(1), Slice(0, 0), new PyRange(0, 1000, 1)));
        Assert.Equal(BudgetKind.Elements, e.Kind);
    }

    private PyObject TypeMethod(string type, string name)
    {
        Assert.True(PyBuiltins.TryGet(type, out var typeObject));
        return PyOps.GetAttribute(_m, typeObject, name);
    }

    [Fact]
    public void GetAttribute_MethodOfType_IsUnboundMethodTakingReceiverFirst()
    {
        var lower = TypeMethod("str", "lower");
        Assert.Equal("method_descriptor", lower.TypeName);
        Assert.Equal("<method 'lower' of 'str' objects>", Repr(lower));
        Assert.Equal("'ab'", Repr(PyOps.Call(_m, lower, [PyStr.From("AB")], [])));
        Assert.Equal("['a', 'b']", Repr(PyOps.Call(_m, TypeMethod("str", "split"), [PyStr.From("a,b"), PyStr.From(",")], [])));
        Assert.Equal("1", Repr(PyOps.Call(_m, TypeMethod("int", "bit_length"), [PyBool.True], [])));
    }

    [Fact]
    public void CallUnboundMethod_ReceiverOfOtherType_ThrowsCPythonDescriptorError()
    {
        var e = Assert.Throws<PyException>(() => PyOps.Call(_m, TypeMethod("str", "lower"), [PyInt.From(1)], []));
        Assert.Equal(PyErrorKind.TypeError, e.Kind);
        Assert.Equal("descriptor 'lower' for 'str' objects doesn't apply to a 'int' object", e.Message);
    }

    [Fact]
    public void CallUnboundMethod_NoArguments_ThrowsNeedsAnArgument()
    {
        var e = Assert.Throws<PyException>(() => PyOps.Call(_m, TypeMethod("str", "upper"), [], []));
        Assert.Equal("unbound method str.upper() needs an argument", e.Message);
    }

    [Fact]
    public void GetAttribute_UnknownMethodOfType_ThrowsAttributeError()
    {
        var e = Assert.Throws<PyException>(() => TypeMethod("list", "lower"));
        Assert.Equal(PyErrorKind.AttributeError, e.Kind);
        Assert.Equal("type object 'list' has no attribute 'lower'", e.Message);
    }

    [Fact]
    public void GetAttribute_OnNonTypeBuiltin_StillThrowsAttributeError()
    {
        Assert.True(PyBuiltins.TryGet("len", out var len));
        var e = Assert.Throws<PyException>(() => PyOps.GetAttribute(_m, len, "lower"));
        Assert.Equal("'builtin_function_or_method' object has no attribute 'lower'", e.Message);
    }

    [Fact]
    public void Repr_Builtin_ReturnsQuotedRepresentation()
    {
        Assert.Equal("\"it's\"", ((PyStr)PyBuiltins.Call(_m, "repr", [PyStr.From("it's")])).Value);
        Assert.Equal("[1, 'a']", ((PyStr)PyBuiltins.Call(_m, "repr", [new PyList([PyInt.From(1), PyStr.From("a")])])).Value);
    }

    [Theory]
    [InlineData(255L, "x", "ff")]
    [InlineData(1234567L, ",", "1,234,567")]
    [InlineData(5L, "", "5")]
    [InlineData(5L, null, "5")]
    [InlineData(42L, ">5", "   42")]
    public void Format_Builtin_AppliesSpec(long value, string? spec, string expected)
    {
        PyObject[] args = spec is null ? [PyInt.From(value)] : [PyInt.From(value), PyStr.From(spec)];
        Assert.Equal(expected, ((PyStr)PyBuiltins.Call(_m, "format", args)).Value);
    }

    [Fact]
    public void Format_Builtin_NonStringSpec_ThrowsTypeError()
    {
        var e = Assert.Throws<PyException>(() => PyBuiltins.Call(_m, "format", [PyStr.From("x"), PyInt.From(5)]));
        Assert.Equal("format() argument 2 must be str, not int", e.Message);
    }
}
