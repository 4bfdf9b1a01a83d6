using Neptune.Language.Runtime;
using Neptune.Language.Syntax;

namespace Neptune.Language.Tests;

/// <summary>
/// Methods read from their type, NPT2001 wording, the minimum 64-bit literal, step charging of calls and raising
/// exceptions without a .NET throw.
/// </summary>
public sealed class LanguageGapTests
{
    [Theory]
    [InlineData("return sorted(['b', 'A', 'c'], key=str.lower)", "['A', 'b', 'c']")]
    [InlineData("return list(map(str.upper, ['a', 'b']))", "['A', 'B']")]
    [InlineData("return str.split('a b')", "['a', 'b']")]
    [InlineData("f = list.append\nx = []\nf(x, 1)\nreturn x", "[1]")]
    [InlineData("return dict.get({1: 2}, 1), int.bit_length(True), float.is_integer(2.0)", "(2, 1, True)")]
    public void Run_MethodReadFromType_TakesReceiverFirst(string source, string expected) =>
        Assert.Equal(expected, Support.Value(source));

    [Fact]
    public void Check_UnknownMethodReadFromType_ReportsUnknownAttribute()
    {
        Diagnostic d = Support.Single("return sorted(['a'], key=str.append)");
        Assert.Equal("NPT2009", d.Code);
        Assert.Equal("unknown attribute 'append' on type 'str'", d.Message);
    }

    [Fact]
    public void Check_UnknownMethodCalledOnType_ReportsUnknownMethod() =>
        Assert.Equal("NPT2008", Support.Single("return list.lower([1])").Code);

    [Fact]
    public void Check_MethodCalledOnTypeWithTooManyArguments_CountsTheReceiver()
    {
        Diagnostic d = Support.Single("return str.lower('a', 1)");
        Assert.Equal("NPT2010", d.Code);
        Assert.StartsWith("str.lower() takes 1 positional argument but 2 were given", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MethodReadFromTypeOnOtherType_RaisesDescriptorTypeError()
    {
        ProgramError e = Support.Error("return list(map(str.upper, [1]))");
        Assert.Equal("TypeError: descriptor 'upper' for 'str' objects doesn't apply to a 'int' object", e.FirstLine);
    }

    [Theory]
    [InlineData("class A:\n    pass\nreturn 1", "'class' definitions are not supported in Neptune programs")]
    [InlineData("def d(f):\n    return f\n@d\ndef g():\n    return 1\nreturn g()", "decorators are not supported in Neptune programs")]
    [InlineData("x = [1]\ndel x[0]\nreturn x", "'del' statements are not supported in Neptune programs")]
    [InlineData("return (y := 1)", "assignment expressions (':=') are not supported in Neptune programs")]
    [InlineData("return 1 @ 2", "the '@' operator is not supported in Neptune programs")]
    [InlineData("return ...", "'...' (Ellipsis) as a value is not supported in Neptune programs")]
    public void Check_UnsupportedConstruct_MessageAgreesInNumber(string source, string message)
    {
        Diagnostic d = Support.Single(source);
        Assert.Equal("NPT2001", d.Code);
        Assert.Equal(message, d.Message);
    }

    [Theory]
    [InlineData("return -9223372036854775808", "-9223372036854775808")]
    [InlineData("return -0x8000000000000000", "-9223372036854775808")]
    [InlineData("return -9_223_372_036_854_775_808 == -9223372036854775807 - 1", "True")]
    [InlineData("return format(-9223372036854775808, 'x')", "'-8000000000000000'")]
    public void Run_MinimumInt64Literal_IsAccepted(string source, string expected) =>
        Assert.Equal(expected, Support.Value(source));

    [Theory]
    [InlineData("return 9223372036854775808", "9223372036854775808")]
    [InlineData("return -9223372036854775809", "-9223372036854775809")]
    [InlineData("return -(9223372036854775808 + 0)", "-9223372036854775808")]
    [InlineData("return 1 - 9223372036854775808", "-9223372036854775807")]
    [InlineData("return -(-9223372036854775808)", "9223372036854775808")]
    public void Run_LiteralBeyondInt64_IsExact(string source, string expected) =>
        Assert.Equal(expected, Support.Value(source));

    [Fact]
    public void Check_LiteralOfMoreThan4300Digits_ReportsNPT2017() =>
        Assert.Equal("NPT2017", Support.Single("return " + new string('9', 4301)).Code);

    [Fact]
    public void Run_RecursionThroughLambda_ChargesAStepPerCall()
    {
        var options = new RunOptions { Limits = ExecutionLimits.Default with { MaxSteps = 40, MaxCallDepth = 1000 } };
        ProgramError e = Support.Error("f = lambda n: 0 if n == 0 else f(n - 1)\nreturn f(100)", options);
        Assert.Equal(BudgetKind.Steps, e.Budget);
    }

    [Fact]
    public void Run_LambdaCalls_AreCountedInSteps()
    {
        RunResult once = Support.Run("f = lambda x: x\nreturn f(1)");
        RunResult thrice = Support.Run("f = lambda x: x\nreturn f(f(f(1)))");
        Assert.Equal(once.Steps + 2, thrice.Steps);
    }

    [Theory]
    [InlineData("n = 0\nfor i in range(10):\n    try:\n        raise ValueError('x')\n    except ValueError:\n        n += 1\nreturn n", "10")]
    [InlineData("n = 0\ntry:\n    for i in range(5):\n        n += 1\n        if i == 2:\n            raise KeyError('k')\n    n = 100\nexcept KeyError:\n    pass\nreturn n", "3")]
    [InlineData("n = 0\ntry:\n    while True:\n        n += 1\n        assert n < 4, 'stop'\nexcept AssertionError as e:\n    return n, str(e)\nreturn 0", "(4, 'stop')")]
    [InlineData("out = []\ndef f():\n    try:\n        raise ValueError('a')\n    finally:\n        out.append(1)\ntry:\n    f()\nexcept ValueError as e:\n    out.append(str(e))\nreturn out", "[1, 'a']")]
    [InlineData("def f():\n    try:\n        raise ValueError('a')\n    finally:\n        return 2\nreturn f()", "2")]
    [InlineData("try:\n    try:\n        raise ValueError('x')\n    except ValueError:\n        raise\nexcept ValueError as e:\n    return str(e)\nreturn 0", "'x'")]
    [InlineData("try:\n    try:\n        raise ValueError('x')\n    except KeyError:\n        return 1\nexcept ValueError:\n    return 2\nreturn 0", "2")]
    [InlineData("try:\n    try:\n        raise ValueError('x')\n    except ValueError:\n        raise KeyError('y')\n    finally:\n        pass\nexcept KeyError as e:\n    return repr(e)\nreturn 0", "\"KeyError('y')\"")]
    [InlineData("def f():\n    raise IndexError('i')\ntry:\n    f()\nexcept IndexError:\n    return 'caught'\nelse:\n    return 'else'", "'caught'")]
    public void Run_RaiseAndCatch_KeepsPythonSemantics(string source, string expected) =>
        Assert.Equal(expected, Support.Value(source));

    [Fact]
    public void Run_UncaughtRaiseInsideLoopAndTry_ReportsRaiseLine()
    {
        ProgramError e = Support.Error("for i in range(3):\n    try:\n        x = 1\n    finally:\n        pass\n    if i == 1:\n        raise ValueError('boom')\nreturn 0");
        Assert.Equal("ValueError: boom", e.FirstLine);
        Assert.Equal(7, e.Line);
    }
}
