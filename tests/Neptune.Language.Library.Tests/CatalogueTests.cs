using Neptune.Language.Runtime;
using Neptune.Logic;

namespace Neptune.Language.Library.Tests;

public class CatalogueTests
{
    private static HostRunContext Context(FakePerception? perception = null, LogicKind kind = LogicKind.Godel, ProgramTrace? trace = null) =>
        new(new SoftLogic(LogicOptions.Default with { Kind = kind }), perception, new ExecutionMeter(ExecutionLimits.Default), trace);

    private static PrimitiveDescriptor Function(string name) =>
        PrimitiveCatalogue.Default.TryGetFunction(name, out PrimitiveDescriptor? f) ? f : throw new InvalidOperationException(name);

    [Fact]
    public void Default_DeclaresPerceptionAndLogicPrimitives()
    {
        PrimitiveCatalogue c = PrimitiveCatalogue.Default;
        Assert.Equal(["everything", "objects", "query", "score"], c.Primitives.Where(p => p.Owner is null && p.Category is PrimitiveCategory.Perception or PrimitiveCategory.Scene).Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["ABSOLUTE_DEPTH", "FIND", "FIND_DIRECTION", "FIND_INSIDE", "FIND_NEAR", "LOCATE", "ORDER", "PROPERTY", "RELATIVE_DEPTH", "RESULT", "SIZE"],
            c.Primitives.Where(p => p.Category == PrimitiveCategory.Referring).Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (string m in new[] { "exists", "forall", "count", "count_distribution", "iota", "argmax", "implies", "given", "compose", "rename", "on", "prob" })
        {
            Assert.True(c.TryGetMethod("Tensor", m, out _), m);
        }

        Assert.True(c.IsMethodName("prob_gt"));
        Assert.False(c.IsMethodName("__class__"));
    }

    [Fact]
    public void Score_Signature_ShowsDefaultsAndTypes()
    {
        Assert.Equal("score(question: str, num_objects: int = 1) -> Tensor", Function("score").Signature);
        Assert.True(PrimitiveCatalogue.Default.TryGetMethod("Tensor", "exists", out PrimitiveDescriptor? exists));
        Assert.Equal("t.exists(variable: str | None = None) -> Tensor", exists.Signature);
    }

    [Fact]
    public void Accepts_NumObjectsOutOfRange_ExplainsTheRange()
    {
        ParameterDescriptor p = Function("score").Parameters[1];
        Assert.False(p.Accepts(PyInt.From(4), out string problem));
        Assert.Equal("'num_objects' must be an int from 1 to 3, got 4", problem);
        Assert.True(p.Accepts(PyInt.From(3), out _));
        Assert.False(p.Accepts(PyStr.From("2"), out problem));
        Assert.Equal("'num_objects' must be an int, not str", problem);
    }

    [Fact]
    public void Invoke_TooManyArguments_RaisesTypeErrorLikePython()
    {
        var e = Assert.Throws<PyException>(() =>
            Function("score").Invoke(Context(new FakePerception("a")), null, [PyStr.From("q"), PyInt.From(1), PyInt.From(2)], []));
        Assert.Equal(PyErrorKind.TypeError, e.Kind);
        Assert.Equal("score() takes from 1 to 2 positional arguments but 3 were given", e.Message);
    }

    [Fact]
    public void Invoke_UnknownKeyword_RaisesTypeError()
    {
        var e = Assert.Throws<PyException>(() =>
            Function("score").Invoke(Context(new FakePerception("a")), null, [PyStr.From("q")], [new PyKeyword("arity", PyInt.From(1))]));
        Assert.Equal("score() got an unexpected keyword argument 'arity'", e.Message);
    }

    [Fact]
    public void Invoke_OutOfRangeLiteral_RaisesValueError()
    {
        var e = Assert.Throws<PyException>(() =>
            Function("score").Invoke(Context(new FakePerception("a")), null, [PyStr.From("q"), PyInt.From(0)], []));
        Assert.Equal(PyErrorKind.ValueError, e.Kind);
        Assert.Equal("score(): 'num_objects' must be an int from 1 to 3, got 0", e.Message);
    }

    [Fact]
    public void Score_WithoutScene_ExplainsHowToBindOne()
    {
        var e = Assert.Throws<PyException>(() => Function("score").Invoke(Context(), null, [PyStr.From("Is it red?")], []));
        Assert.Equal(PyErrorKind.RuntimeError, e.Kind);
        Assert.Contains("needs a scene", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_ThenCount_CountsObjectsAtOrAboveHalf()
    {
        var perception = new FakePerception("red", "blue", "red");
        HostRunContext ctx = Context(perception);
        var red = (PyTensor)Function("score").Invoke(ctx, null, [PyStr.From("Is the object red?")], []);
        Assert.Equal(["x"], red.Tensor.Variables);
        PyObject? count = red.CallMethod(ctx.Meter, "count", [], []);
        Assert.Equal(2L, Assert.IsType<PyInt>(count).Value);
    }

    [Fact]
    public void Operators_AndOrNot_FollowTheRunLogic()
    {
        var perception = new FakePerception("red", "cube");
        HostRunContext godel = Context(perception, LogicKind.Godel);
        HostRunContext product = Context(perception, LogicKind.Product);
        float AndFirst(HostRunContext c)
        {
            var red = (PyTensor)Function("score").Invoke(c, null, [PyStr.From("red")], []);
            var cube = (PyTensor)Function("score").Invoke(c, null, [PyStr.From("cube")], []);
            return ((PyTensor)red.BinaryOp(c.Meter, PyBinaryOp.BitAnd, cube, reflected: false)!).Tensor.Values[0];
        }

        Assert.Equal(0.1f, AndFirst(godel), 5);
        Assert.Equal(0.09f, AndFirst(product), 5);
    }

    [Fact]
    public void Given_Iota_SelectsTheRelationColumn()
    {
        var perception = new FakePerception("cube", "sphere", "cube");
        HostRunContext ctx = Context(perception);
        var sphere = (PyTensor)Function("score").Invoke(ctx, null, [PyStr.From("sphere")], []);
        var crisp = new PyTensor(ctx, SoftTensor.Vector("x", [0f, 1f, 0f]));
        var iota = (PyIota)crisp.CallMethod(ctx.Meter, "iota", [], [])!;
        Assert.Equal(1L, ((PyInt)iota.GetAttribute(ctx.Meter, "object")!).Value);
        var left = (PyTensor)Function("score").Invoke(ctx, null, [PyStr.From("left"), PyInt.From(2)], []);
        var leftOfSphere = (PyTensor)left.CallMethod(ctx.Meter, "given", [PyStr.From("y"), iota], [])!;
        Assert.Equal([1f, 0f, 0f], leftOfSphere.Tensor.ToArray());
        _ = sphere;
    }

    [Fact]
    public void Truthiness_OfTensorWithVariables_IsAnError()
    {
        HostRunContext ctx = Context(new FakePerception("a", "b"));
        var t = (PyTensor)Function("score").Invoke(ctx, null, [PyStr.From("a")], []);
        var e = Assert.Throws<PyException>(() => t.IsTruthy());
        Assert.Equal(PyErrorKind.ValueError, e.Kind);
        Assert.True(((PyTensor)t.CallMethod(ctx.Meter, "exists", [], [])!).IsTruthy());
    }

    [Fact]
    public void Query_DegenerateIota_RaisesNoObjectMatches()
    {
        HostRunContext ctx = Context(new FakePerception("a", "b"));
        var none = new PyTensor(ctx, SoftTensor.Vector("x", [0f, 0f]));
        var iota = (PyIota)none.CallMethod(ctx.Meter, "iota", [], [])!;
        Assert.IsType<PyNone>(iota.GetAttribute(ctx.Meter, "object"));
        var e = Assert.Throws<PyException>(() => Function("query").Invoke(ctx, null, [PyStr.From("What color?"), iota], []));
        Assert.Contains("no object matches", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_RecordsEveryHostCallWithItsLine()
    {
        var trace = new ProgramTrace();
        HostRunContext ctx = Context(new FakePerception("red", "blue"), trace: trace);
        ctx.CurrentLine = 3;
        var red = (PyTensor)Function("score").Invoke(ctx, null, [PyStr.From("red")], []);
        ctx.CurrentLine = 4;
        red.CallMethod(ctx.Meter, "exists", [], []);
        Assert.Equal(2, trace.Events.Count);
        Assert.Equal("score", trace.Events[0].Function);
        Assert.Equal(["'red'"], trace.Events[0].Arguments); // the default num_objects is not shown
        Assert.Equal(3, trace.Events[0].Line);
        Assert.Equal("Tensor.exists", trace.Events[1].Function);
        Assert.Equal(4, trace.Events[1].Line);
        Assert.Equal(2, trace.ScoredTuples);
        Assert.NotNull(trace.Events[0].Values);
    }

    [Fact]
    public void Trace_ShowsTheArgumentsAsWritten_KeywordsByName()
    {
        var trace = new ProgramTrace();
        HostRunContext ctx = Context(new FakePerception("red", "blue"), trace: trace);
        Function("score").Invoke(ctx, null, [PyStr.From("left of")], [new PyKeyword("num_objects", PyInt.From(2))]);
        Function("score").Invoke(ctx, null, [PyStr.From("left of"), PyInt.From(2)], []);

        Assert.Equal(["'left of'", "num_objects=2"], trace.Events[0].Arguments);
        Assert.Equal(["'left of'", "2"], trace.Events[1].Arguments);
        Assert.DoesNotContain(trace.Events.SelectMany(e => e.Arguments), a => a == "None");
    }

    [Fact]
    public void HostObjects_ServeEveryCatalogueAttribute()
    {
        HostRunContext ctx = Context(new FakePerception("a", "b"));
        var scalar = new PyTensor(ctx, SoftTensor.Scalar(0.7f));
        var iota = new PyIota(ctx, ctx.Logic.Iota(SoftTensor.Vector("x", [0.2f, 0.8f]), "x"));
        var count = new PyCountDistribution(ctx, ctx.Logic.CountAll(SoftTensor.Vector("x", [0.2f, 0.8f])));
        var none = new PyNoTarget(ctx, "FIND", "nothing", 1);
        foreach (AttributeDescriptor a in PrimitiveCatalogue.Default.Attributes)
        {
            PyHostObject target = a.Owner switch
            {
                "Tensor" => scalar,
                "Iota" => iota,
                "NoTarget" => none,
                _ => count,
            };
            Assert.NotNull(target.GetAttribute(ctx.Meter, a.Name));
        }
    }

    [Fact]
    public void Reference_ListsEveryPrimitive()
    {
        string md = LibraryReference.ToMarkdown(PrimitiveCatalogue.Default);
        string prompt = LibraryReference.ToPromptText(PrimitiveCatalogue.Default);
        foreach (PrimitiveDescriptor p in PrimitiveCatalogue.Default.Primitives)
        {
            Assert.Contains(p.Signature.Replace("|", "\\|", StringComparison.Ordinal), md, StringComparison.Ordinal);
            Assert.Contains(p.Signature, prompt, StringComparison.Ordinal);
        }
    }
}
