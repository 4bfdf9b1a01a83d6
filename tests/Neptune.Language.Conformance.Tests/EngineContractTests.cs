using System.Security.Cryptography;
using System.Text;
using Neptune.Language.Conformance.Tests.Support;
using Neptune.Language.Runtime;

namespace Neptune.Language.Conformance.Tests;

/// <summary>The façade's promises that the corpus tests rely on, asserted directly.</summary>
public sealed class EngineContractTests
{
    private static readonly ProgramEngine Engine = EngineRunner.Default;

    [Fact]
    public void Check_SyntaxError_ReturnsDiagnosticsInsteadOfThrowing()
    {
        var check = Engine.Check("return (1 +\n");

        Assert.False(check.IsValid);
        Assert.Null(check.Program);
        Assert.Contains(check.Diagnostics, d => d.IsError && d.Code.StartsWith("NPT1", StringComparison.Ordinal));
    }

    [Fact]
    public void Prepare_InvalidProgram_ThrowsValidationExceptionWithTheSameDiagnostics()
    {
        const string source = "import os\nreturn os.getcwd()\n";
        var check = Engine.Check(source);

        var ex = Assert.Throws<ProgramValidationException>(() => Engine.Prepare(source));

        Assert.Equal(check.Diagnostics.Select(d => d.ToString()), ex.Diagnostics.Select(d => d.ToString()));
        Assert.NotEmpty(ex.Diagnostics);
    }

    [Fact]
    public void Check_ProgramWithoutReturnOrExecute_IsRejectedWithMissingResult()
    {
        var check = Engine.Check("x = 1\nprint(x)\n");

        Assert.False(check.IsValid);
        Assert.Contains(check.Diagnostics, d => d.IsError && d.Code == "NPT2014");
    }

    [Fact]
    public void Prepare_ValidProgram_KeepsSourcePathAndSha256Hash()
    {
        const string source = "return 'é' * 2\n";

        var program = Engine.Prepare(source, "answer.py");

        Assert.Equal(source, program.Source);
        Assert.Equal("answer.py", program.Path);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source))), program.Hash, ignoreCase: true);
    }

    [Fact]
    public void Run_ExecuteShape_RunsModuleStatementsThenExecute()
    {
        const string source = """
            import math
            LIMIT = 3
            print("module")
            def helper(n):
                return n * LIMIT
            def execute():
                print("execute")
                return [helper(i) for i in range(LIMIT)], math.floor(2.5)
            """;

        var program = Engine.Prepare(source);
        var result = program.Run(new RunOptions());

        Assert.Equal(ProgramShape.ExecuteFunction, program.Shape);
        Assert.True(result.Succeeded, EngineRunner.Describe(result));
        Assert.Equal("([0, 3, 6], 2)", result.ValueRepr);
        Assert.Equal("module\nexecute\n", result.Output);
    }

    [Fact]
    public void Run_BodyThatFallsOffTheEnd_ReturnsNone()
    {
        var result = Engine.Prepare("x = 1\nif x > 5:\n    return x\nx += 1\n").Run(new RunOptions());

        Assert.True(result.Succeeded, EngineRunner.Describe(result));
        Assert.Equal("None", result.ValueRepr);
    }

    [Fact]
    public void Run_RuntimeError_CarriesLineColumnAndSourceLine()
    {
        var result = Engine.Prepare("a = 1\nb = [a]\nc = b[a + 4]\nreturn c\n").Run(new RunOptions());

        var error = Assert.IsType<ProgramError>(result.Error);
        Assert.Equal(ProgramErrorCategory.Runtime, error.Category);
        Assert.Equal("IndexError: list index out of range", error.FirstLine);
        Assert.Equal(3, error.Line);
        Assert.True(error.Column >= 1);
        Assert.Equal("c = b[a + 4]", error.SourceLine?.Trim());
    }

    [Fact]
    public void Run_BudgetFailure_KeepsOutputPrintedBeforeIt()
    {
        var program = Engine.Prepare("print('started')\nwhile True:\n    pass\nreturn 1\n");

        var result = program.Run(new RunOptions { Limits = EngineRunner.HostileLimits with { MaxSteps = 1_000 } });

        Assert.Equal(ProgramErrorCategory.Budget, result.Error!.Category);
        Assert.Equal("BudgetExceeded", result.Error.Kind);
        Assert.Equal(BudgetKind.Steps, result.Error.Budget);
        Assert.Equal("started\n", result.Output);
    }

    [Fact]
    public void Run_OnePreparedProgramOnManyThreads_RunsAreIndependent()
    {
        var program = Engine.Prepare("acc = []\nfor i in range(200):\n    acc.append(i)\nprint(len(acc))\nreturn sum(acc)\n");
        var results = new RunResult[64];

        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = program.Run(new RunOptions()));

        Assert.All(results, r =>
        {
            Assert.True(r.Succeeded, EngineRunner.Describe(r));
            Assert.Equal("19900", r.ValueRepr);
            Assert.Equal("200\n", r.Output);
        });
    }

    [Fact]
    public void Run_ScoreWithFakeScene_ExistsIsTheMaximumUnderGodelLogic()
    {
        const string question = "Is the object in the red box a cube?";
        var perception = new FakePerception(4);
        float expected = Enumerable.Range(0, 4).Max(i => FakePerception.Probability(question, [i]));

        var result = Engine.Prepare($"t = score(\"{question}\")\nreturn round(t.exists().value, 4), len(objects())\n")
            .Run(new RunOptions { Perception = perception, Trace = true });

        Assert.True(result.Succeeded, EngineRunner.Describe(result));
        Assert.Equal($"({Math.Round(expected, 4).ToString(System.Globalization.CultureInfo.InvariantCulture)}, 4)", result.ValueRepr);
        Assert.Equal(1, perception.ScoreCalls);
        Assert.NotNull(result.Trace);
        Assert.Contains(result.Trace.Events, e => e.Function == "score");
    }

    [Fact]
    public void Run_TracedRunThatFails_KeepsTheHostCallsMadeBeforeTheFailure()
    {
        var perception = new FakePerception(2);

        var result = Engine.Prepare("t = score(\"Is it red?\")\nc = query(\"What color is it?\", 1)\nreturn 1 / 0\n")
            .Run(new RunOptions { Perception = perception, Trace = true });

        Assert.Equal("ZeroDivisionError: division by zero", result.Error!.FirstLine);
        Assert.NotNull(result.Trace);
        Assert.Equal(["score", "query"], result.Trace.Events.Select(e => e.Function));
        Assert.Equal("green", result.Trace.Events[1].Result.Trim('\''));
    }

    [Fact]
    public void Run_ScoreWithoutPerception_FailsWithARuntimeErrorNamingTheMissingScene()
    {
        var result = Engine.Prepare("return score(\"Is it red?\").exists().value\n").Run(new RunOptions());

        Assert.False(result.Succeeded);
        Assert.Equal(ProgramErrorCategory.Runtime, result.Error!.Category);
        Assert.Equal("RuntimeError", result.Error.Kind);
        Assert.Contains("needs a scene", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.Error.Line);
    }

    [Fact]
    public void Check_ModuleNotInAllowedModules_IsRejected()
    {
        var engine = new ProgramEngine(new EngineOptions { AllowedModules = [] });

        Assert.True(Engine.Check("import math\nreturn math.pi\n").IsValid);
        Assert.False(engine.Check("import math\nreturn math.pi\n").IsValid);
    }

    [Fact]
    public void Constructor_InvalidLimits_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => new ProgramEngine(new EngineOptions { Limits = new ExecutionLimits { MaxSteps = 0 } }));
    }

    [Fact]
    public void EngineOptions_Default_AllowsOnlyMath()
    {
        Assert.Equal(["math"], EngineOptions.Default.AllowedModules);
        Assert.Same(EngineOptions.Default.Limits, ExecutionLimits.Default);
    }
}
