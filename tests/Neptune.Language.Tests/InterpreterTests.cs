using Neptune.Language.Runtime;

namespace Neptune.Language.Tests;

public class InterpreterTests
{
    [Theory]
    [InlineData("x = 1\nreturn x + 2", "3")]
    [InlineData("a = b = 4\nreturn a * b", "16")]
    [InlineData("a, (b, c) = 1, (2, 3)\nreturn [a, b, c]", "[1, 2, 3]")]
    [InlineData("xs = [1, 2, 3]\nxs[0] += 10\nreturn xs", "[11, 2, 3]")]
    [InlineData("d = {}\nd['k'] = 1\nd['k'] += 1\nreturn d", "{'k': 2}")]
    [InlineData("x = 5\nif x > 3:\n    r = 'big'\nelif x > 1:\n    r = 'mid'\nelse:\n    r = 'small'\nreturn r", "'big'")]
    [InlineData("t = 0\nfor i in range(10):\n    if i == 2:\n        continue\n    if i == 5:\n        break\n    t += i\nelse:\n    t = -1\nreturn t", "8")]
    [InlineData("i = 0\nwhile i < 3:\n    i += 1\nelse:\n    i *= 10\nreturn i", "30")]
    [InlineData("def f(a, b=2):\n    return a * b\nreturn [f(3), f(3, b=5), f(b=1, a=4)]", "[6, 15, 4]")]
    [InlineData("def make(n):\n    def add(x):\n        return x + n\n    return add\nreturn make(5)(1)", "6")]
    [InlineData("def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\nreturn fact(10)", "3628800")]
    [InlineData("f = lambda x, y=1: x + y\nreturn f(2)", "3")]
    [InlineData("return [x * x for x in range(5) if x % 2 == 0]", "[0, 4, 16]")]
    [InlineData("return {x: x + 1 for x in range(3)}", "{0: 1, 1: 2, 2: 3}")]
    [InlineData("return sorted({x % 3 for x in range(10)})", "[0, 1, 2]")]
    [InlineData("return sum(x for x in range(5))", "10")]
    [InlineData("return [(a, b) for a in range(2) for b in range(a, 2)]", "[(0, 0), (0, 1), (1, 1)]")]
    [InlineData("x = 10\nys = [x for x in range(3)]\nreturn x", "10")]
    [InlineData("fs = [lambda: i for i in range(3)]\nreturn [f() for f in fs]", "[2, 2, 2]")]
    [InlineData("return 1 < 2 < 3", "True")]
    [InlineData("return 3 > 2 > 2", "False")]
    [InlineData("return 0 or '' or 'x'", "'x'")]
    [InlineData("return 1 and 0", "0")]
    [InlineData("x = None\nreturn x is None", "True")]
    [InlineData("return 'a' in 'cat'", "True")]
    [InlineData("return [1, 2, 3, 4][1:3]", "[2, 3]")]
    [InlineData("return 'hello'[::-1]", "'olleh'")]
    [InlineData("x = 3.14159\nreturn f'{x:.2f} and {x!r} {\"s\"}'", "'3.14 and 3.14159 s'")]
    [InlineData("import math\nreturn math.sqrt(16)", "4.0")]
    [InlineData("from math import pi as p\nreturn round(p, 2)", "3.14")]
    [InlineData("return 'a,b'.split(',')", "['a', 'b']")]
    [InlineData("def execute():\n    return 42", "42")]
    [InlineData("K = 2\ndef execute():\n    return K * 21", "42")]
    [InlineData("x = 1\nif x == 2:\n    return 'no'", "None")]
    [InlineData("def f():\n    pass\nreturn f()", "None")]
    [InlineData("print('hi', 1)\nreturn 0", "0")]
    public void Run_Program_ReturnsExpectedRepr(string source, string expected)
    {
        Assert.Equal(expected, Support.Value(source));
    }

    [Fact]
    public void Run_Print_CapturesOutput()
    {
        RunResult r = Support.Run("print('hi', 1)\nprint('x')\nreturn 0");
        Assert.Equal("hi 1\nx\n", r.Output);
    }

    [Theory]
    [InlineData("try:\n    x = 1 / 0\nexcept ZeroDivisionError as e:\n    x = str(e)\nreturn x", "'division by zero'")]
    [InlineData("try:\n    x = [][1]\nexcept (KeyError, IndexError):\n    x = 'caught'\nreturn x", "'caught'")]
    [InlineData("try:\n    x = {}['a']\nexcept LookupError:\n    x = 'lookup'\nreturn x", "'lookup'")]
    [InlineData("try:\n    raise ValueError('bad')\nexcept Exception as e:\n    x = e.args\nreturn x", "('bad',)")]
    [InlineData("r = []\ntry:\n    r.append(1)\nexcept:\n    r.append(2)\nelse:\n    r.append(3)\nfinally:\n    r.append(4)\nreturn r", "[1, 3, 4]")]
    [InlineData("def f():\n    try:\n        return 1\n    finally:\n        pass\nreturn f()", "1")]
    [InlineData("try:\n    try:\n        raise KeyError('k')\n    except KeyError:\n        raise\nexcept KeyError as e:\n    x = str(e)\nreturn x", "\"'k'\"")]
    [InlineData("try:\n    x = int('z')\nexcept BaseException:\n    x = -1\nreturn x", "-1")]
    public void Run_TryExcept_HandlesPythonErrors(string source, string expected)
    {
        Assert.Equal(expected, Support.Value(source));
    }

    [Theory]
    [InlineData("x = 1 / 0\nreturn x", "ZeroDivisionError", "division by zero", 1, 5)]
    [InlineData("x = 1\n\nreturn [1][x]", "IndexError", "list index out of range", 3, 8)]
    [InlineData("assert 1 == 2, 'nope'\nreturn 1", "AssertionError", "nope", 1, 1)]
    [InlineData("raise ValueError('boom')\nreturn 1", "ValueError", "boom", 1, 1)]
    [InlineData("def f(x):\n    if x:\n        y = 1\n    return y\nreturn f(0)", "UnboundLocalError", "cannot access local variable 'y' where it is not associated with a value", 4, 12)]
    [InlineData("a, b = [1, 2, 3]\nreturn a", "ValueError", "too many values to unpack (expected 2)", 1, 1)]
    public void Run_UncaughtError_ReportsKindMessageAndLocation(string source, string kind, string message, int line, int column)
    {
        ProgramError e = Support.Error(source);
        Assert.Equal(ProgramErrorCategory.Runtime, e.Category);
        Assert.Equal($"{kind}: {message}", e.FirstLine);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.NotNull(e.SourceLine);
    }

    [Theory]
    [InlineData("x = []\nwhile True:\n    x.append('a' * 1000)\nreturn x")]
    [InlineData("d = {}\nfor i in range(10**7):\n    d[i] = 'abc' * 10\nreturn len(d)")]
    [InlineData("s = 'a' * 100000\nx = []\nwhile True:\n    x.append(s[1:])\nreturn x")]
    [InlineData("x = []\nwhile True:\n    x.append(f'{len(x):>500}')\nreturn x")]
    [InlineData("x = []\nwhile True:\n    x.append(repr(list(range(100))))\nreturn x")]
    [InlineData("x = []\nwhile True:\n    x.append('-'.join(['ab'] * 200))\nreturn x")]
    [InlineData("x = []\nwhile True:\n    x.append(('ab' * 300).upper())\nreturn x")]
    [InlineData("x = []\nwhile True:\n    x.append(set(range(len(x), len(x) + 100)))\nreturn x")]
    [InlineData("x = []\ntry:\n    while True:\n        x.append((len(x),) * 100)\nexcept BaseException:\n    x = 'caught'\nreturn x")]
    [InlineData("x = []\ntry:\n    while True:\n        x.append('a' * 1000)\nexcept:\n    x = 'caught'\nreturn x")]
    public void Run_ProgramAllocatingWithoutBound_FailsWithUncatchableMemoryBudget(string source)
    {
        var options = new RunOptions { Limits = ExecutionLimits.Default with { MaxMemoryBytes = 4L * 1024 * 1024 } };
        ProgramError e = Support.Error(source, options);
        Assert.Equal(ProgramErrorCategory.Budget, e.Category);
        Assert.Equal(BudgetKind.Memory, e.Budget);
        Assert.StartsWith("memory budget of 4 MB exhausted", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ProgramWithinMemoryBudget_Succeeds()
    {
        var options = new RunOptions { Limits = ExecutionLimits.Default with { MaxMemoryBytes = 4L * 1024 * 1024 } };
        Assert.Equal("1000", Support.Value("x = []\nfor i in range(1000):\n    x.append('a' * 100)\nreturn len(x)", options));
    }

    [Theory]
    [InlineData("while True:\n    pass\nreturn 1", BudgetKind.Steps)]
    [InlineData("try:\n    while True:\n        pass\nexcept:\n    pass\nreturn 1", BudgetKind.Steps)]
    [InlineData("try:\n    while True:\n        pass\nexcept BaseException:\n    pass\nreturn 1", BudgetKind.Steps)]
    [InlineData("def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept Exception:\n    pass\nreturn 1", BudgetKind.CallDepth)]
    [InlineData("x = [0] * 10**9\nreturn x", BudgetKind.Elements)]
    [InlineData("x = 'a' * 10**10\nreturn x", BudgetKind.StringLength)]
    [InlineData("while True:\n    print('spam' * 100)\nreturn 1", BudgetKind.Output)]
    [InlineData("t = score('Is it red?')\nwhile True:\n    t.exists()\nreturn 1", BudgetKind.HostCalls)]
    public void Run_RunawayProgram_FailsWithBudget(string source, BudgetKind kind)
    {
        var options = new RunOptions
        {
            Perception = new FakeScene("red cube", "blue sphere"),
            Limits = ExecutionLimits.Default with { MaxSteps = 200_000, MaxHostCalls = 50, MaxOutputChars = 10_000 },
        };
        ProgramError e = Support.Error(source, options);
        Assert.Equal(ProgramErrorCategory.Budget, e.Category);
        Assert.Equal("BudgetExceeded", e.Kind);
        Assert.Equal(kind, e.Budget);
    }

    [Fact]
    public void Run_InfiniteLoopWithSmallTimeout_FailsWithTimeBudget()
    {
        var options = new RunOptions { Limits = ExecutionLimits.Default with { Timeout = TimeSpan.FromMilliseconds(50), MaxSteps = long.MaxValue / 4 } };
        ProgramError e = Support.Error("while True:\n    pass\nreturn 1", options);
        Assert.Equal(BudgetKind.Time, e.Budget);
    }

    [Fact]
    public void Run_CancelledToken_FailsWithTimeBudget()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        ProgramError e = Support.Error("while True:\n    pass\nreturn 1", new RunOptions { CancellationToken = cts.Token });
        Assert.Equal(BudgetKind.Time, e.Budget);
    }

    [Fact]
    public void Run_ScoreWithoutPerception_FailsWithRuntimeError()
    {
        ProgramError e = Support.Error("return score('Is it red?')");
        Assert.Equal("RuntimeError", e.Kind);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void Run_UninterpretableQuestion_FailsWithPerceptionCategory()
    {
        ProgramError e = Support.Error("x = 1\nreturn score('Is it shiny?')", new RunOptions { Perception = new FakeScene("red cube") });
        Assert.Equal(ProgramErrorCategory.Perception, e.Category);
        Assert.Equal("PerceptionError", e.Kind);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Run_ExceptDoesNotCatchPerceptionFailure()
    {
        ProgramError e = Support.Error("try:\n    t = score('Is it shiny?')\nexcept Exception:\n    t = 0\nreturn t", new RunOptions { Perception = new FakeScene("red cube") });
        Assert.Equal(ProgramErrorCategory.Perception, e.Category);
    }
}
