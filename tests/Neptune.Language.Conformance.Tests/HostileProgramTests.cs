using Neptune.Language.Conformance.Tests.Support;
using Neptune.Language.Syntax;

namespace Neptune.Language.Conformance.Tests;

/// <summary>
/// Sandbox escapes and resource bombs. Each must be rejected by validation with a specific code, or stopped by a
/// typed error, under small limits and with bounded allocation. Expectations live in Hostile/expected.json.
/// </summary>
public sealed class HostileProgramTests
{
    /// <summary>Upper bound on what one hostile run may allocate on the test thread (a bound on its peak memory).</summary>
    private const long MaxAllocatedBytes = 200L * 1024 * 1024;

    private static readonly ProgramEngine Engine = new(new EngineOptions { Limits = EngineRunner.HostileLimits });

    public static TheoryData<string> FileCases()
    {
        var data = new TheoryData<string>();
        foreach (var name in HostileFileNames())
        {
            data.Add(name);
        }

        return data;
    }

    private static string[] HostileFileNames() =>
        Directory.EnumerateFiles(Fixtures.HostileFolder, "*.py")
            .Select(f => Path.GetFileNameWithoutExtension(f)!)
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static TheoryData<string> GeneratedCases()
    {
        var data = new TheoryData<string>();
        foreach (var name in HostileCorpus.Generated.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Corpus_EveryFile_HasAnExpectationAndViceVersa()
    {
        var files = HostileFileNames();
        Assert.True(files.Length + HostileCorpus.Generated.Count >= 60, $"only {files.Length} hostile programs");
        Assert.Equal(files.Order(StringComparer.Ordinal), HostileCorpus.Table.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Table_ValidationExpectations_NameAConcreteCode()
    {
        foreach (var (name, expected) in HostileCorpus.Table.Concat(HostileCorpus.Generated.Select(g => KeyValuePair.Create(g.Key, g.Value.Expected))))
        {
            if (expected.Stage == "validation")
            {
                Assert.Matches(@"^NPT[12]\d{3}$", expected.Code ?? string.Empty);
            }
            else if (expected.Stage == "run")
            {
                Assert.True(expected.Category is not null, name);
                Assert.True(expected.Category != ProgramErrorCategory.Budget || expected.Budgets.Count > 0, name);
            }
        }
    }

    [Theory]
    [MemberData(nameof(FileCases))]
    public void Run_HostileFile_IsRejectedOrStoppedAsExpected(string name) =>
        AssertOutcome(name, Fixtures.ReadHostile(name), HostileCorpus.Table[name]);

    [Theory]
    [MemberData(nameof(GeneratedCases))]
    public void Check_GeneratedHugeOrDeepProgram_IsRejectedAsExpected(string name)
    {
        var (source, expected) = HostileCorpus.Generated[name];
        AssertOutcome(name, source(), expected);
    }

    private static void AssertOutcome(string name, string source, HostileExpectation expected)
    {
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var check = Engine.Check(source, name + ".py");

        switch (expected.Stage)
        {
            case "validation":
            {
                var codes = check.Diagnostics.Where(d => d.IsError).Select(d => d.Code).ToArray();
                Assert.False(check.IsValid, $"{name} was accepted; it must be rejected with {expected.Code}");
                Assert.Null(check.Program);
                Assert.True(codes.Contains(expected.Code), $"{name}: expected {expected.Code}, got [{string.Join(", ", check.Diagnostics)}]");
                var thrown = Assert.Throws<ProgramValidationException>(() => Engine.Prepare(source, name + ".py"));
                Assert.Contains(thrown.Diagnostics, d => d.Code == expected.Code);
                break;
            }

            case "run":
            {
                Assert.True(check.IsValid, $"{name} was rejected: {string.Join("; ", check.Diagnostics)}; it must reach Run and fail there");
                var result = check.Program!.Run(Options(expected));
                Assert.False(result.Succeeded, $"{name} {EngineRunner.Describe(result)}");
                var error = Assert.IsType<ProgramError>(result.Error);
                Assert.True(expected.Category == error.Category, $"{name}: expected {expected.Category}, {EngineRunner.Describe(result)}");
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
                if (expected.Category == ProgramErrorCategory.Budget)
                {
                    Assert.Equal("BudgetExceeded", error.Kind);
                    Assert.NotNull(error.Budget);
                    Assert.True(expected.Budgets.Contains(error.Budget.Value), $"{name}: expected budget {string.Join(" or ", expected.Budgets)}, {EngineRunner.Describe(result)}");
                }
                else if (expected.Kind is not null)
                {
                    Assert.True(expected.Kind == error.Kind, $"{name}: expected {expected.Kind}, {EngineRunner.Describe(result)}");
                }

                break;
            }

            case "ok":
            {
                Assert.True(check.IsValid, $"{name} was rejected: {string.Join("; ", check.Diagnostics)}");
                var result = check.Program!.Run(Options(expected));
                Assert.True(result.Succeeded, $"{name} {EngineRunner.Describe(result)}");
                Assert.Equal(expected.Repr, result.ValueRepr);
                break;
            }

            default:
                Assert.Fail($"{name}: unknown stage '{expected.Stage}' in expected.json");
                break;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.True(allocated < MaxAllocatedBytes, $"{name} allocated {allocated / (1024 * 1024)} MB");
    }

    private static RunOptions Options(HostileExpectation expected) =>
        new() { Perception = expected.NeedsPerception ? new FakePerception(3) : null };

    public static TheoryData<string> UnboundedRecursion() =>
    [
        "def f(n):\n    return f(n + 1)\nreturn f(0)\n",
        "def f(n):\n    return [f(n + 1) for _ in range(1)]\nreturn f(0)\n",
        "f = lambda n: f(n + 1)\nreturn f(0)\n",
        "def k(x):\n    return sorted([x], key=k)\nreturn k(1)\n",
        "def f(n):\n    return max([n], key=f)\nreturn f(0)\n",
        "def f(n):\n    try:\n        return f(n + 1)\n    finally:\n        pass\nreturn f(0)\n",
    ];

    [Theory]
    [MemberData(nameof(UnboundedRecursion))]
    public void Run_RecursionUnderAHugeCallDepthLimit_StopsBeforeTheHostStackOverflows(string source)
    {
        var engine = new ProgramEngine(new EngineOptions { Limits = EngineRunner.HostileLimits with { MaxCallDepth = 1_000_000, MaxSteps = 50_000_000 } });

        var result = engine.Prepare(source).Run(new RunOptions());

        Assert.False(result.Succeeded);
        Assert.Equal(ProgramErrorCategory.Budget, result.Error!.Category);
        Assert.Equal(Neptune.Language.Runtime.BudgetKind.CallDepth, result.Error.Budget);
    }

    [Theory]
    [InlineData("import os\n", "NPT2003")]
    [InlineData("x = (\n", "NPT1003")]
    [InlineData("return eval('1')\n", "NPT2004")]
    public void Check_ThousandsOfErrors_ReportsAtMostTheDiagnosticLimit(string line, string code)
    {
        var source = string.Concat(Enumerable.Repeat(line, 5_000)) + "return 1\n";

        var check = Engine.Check(source);

        Assert.False(check.IsValid);
        Assert.Contains(check.Diagnostics, d => d.Code == code);
        Assert.InRange(check.Diagnostics.Count, 1, Engine.Options.Syntax.MaxDiagnostics + 1);
    }

    [Fact]
    public void Run_InfiniteLoopWithCancelledToken_StopsWithTimeBudget()
    {
        var program = Engine.Prepare("while True:\n    pass\nreturn 1\n");
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var result = program.Run(new RunOptions { CancellationToken = cts.Token, Limits = EngineRunner.HostileLimits with { MaxSteps = long.MaxValue / 2 } });

        Assert.False(result.Succeeded);
        Assert.Equal(ProgramErrorCategory.Budget, result.Error!.Category);
        Assert.Equal(Neptune.Language.Runtime.BudgetKind.Time, result.Error.Budget);
    }

    [Fact]
    public void Run_InfiniteLoopWithFakeClockPastDeadline_StopsWithTimeBudget()
    {
        var clock = new SteppingClock(TimeSpan.FromMilliseconds(50));
        var program = Engine.Prepare("while True:\n    pass\nreturn 1\n");

        var result = program.Run(new RunOptions { Time = clock, Limits = EngineRunner.HostileLimits with { MaxSteps = long.MaxValue / 2 } });

        Assert.False(result.Succeeded);
        Assert.Equal(Neptune.Language.Runtime.BudgetKind.Time, result.Error!.Budget);
    }

    [Fact]
    public void Run_PerRunLimitsOverrideEngineLimits_SmallerStepBudgetApplies()
    {
        var program = Engine.Prepare("n = 0\nwhile True:\n    n += 1\nreturn n\n");

        var result = program.Run(new RunOptions { Limits = EngineRunner.HostileLimits with { MaxSteps = 500 } });

        Assert.Equal(Neptune.Language.Runtime.BudgetKind.Steps, result.Error!.Budget);
        Assert.True(result.Steps <= 500, $"ran {result.Steps} steps under a 500-step budget");
    }

    [Fact]
    public void Run_HostFloodWithoutScene_StopsAtTheFirstCallWithRuntimeError()
    {
        var program = Engine.Prepare("while True:\n    score(\"Is it red?\")\nreturn 1\n");

        var result = program.Run(new RunOptions());

        Assert.False(result.Succeeded);
        Assert.Equal(ProgramErrorCategory.Runtime, result.Error!.Category);
        Assert.Equal("RuntimeError", result.Error.Kind);
        Assert.True(result.Steps < 100, $"the run went on for {result.Steps} steps after the first failing call");
    }

    [Fact]
    public void Run_HostFloodWithDistinctQuestions_MakesAtMostTheHostCallBudget()
    {
        var perception = new FakePerception(3);
        var program = Engine.Prepare("i = 0\nwhile True:\n    score(f\"Is object {i} red?\")\n    i += 1\nreturn 1\n");

        var result = program.Run(new RunOptions { Perception = perception });

        Assert.Equal(Neptune.Language.Runtime.BudgetKind.HostCalls, result.Error!.Budget);
        Assert.InRange(perception.ScoreCalls, 1, EngineRunner.HostileLimits.MaxHostCalls);
    }

    [Fact]
    public void Check_EveryHostileValidationCase_ReportsErrorsSortedByPosition()
    {
        foreach (var (name, expected) in HostileCorpus.Table.Where(p => p.Value.Stage == "validation"))
        {
            var diagnostics = Engine.Check(Fixtures.ReadHostile(name)).Diagnostics;
            var positions = diagnostics.Select(d => d.Span.Start).ToArray();
            Assert.True(positions.SequenceEqual(positions.Order()), $"{name}: diagnostics are not sorted by position");
            Assert.All(diagnostics.Where(d => d.IsError), d => Assert.True(d.Line > 0 && d.Column > 0, $"{name}: {d} has no location"));
            Assert.All(diagnostics, d => Assert.False(string.IsNullOrWhiteSpace(d.Hint), $"{name}: {d} has no hint"));
        }
    }

    /// <summary>A clock that advances by a fixed amount every time it is read.</summary>
    private sealed class SteppingClock(TimeSpan step) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);
    }
}
