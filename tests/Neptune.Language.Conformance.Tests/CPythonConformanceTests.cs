using Neptune.Language.Conformance.Tests.Support;

namespace Neptune.Language.Conformance.Tests;

/// <summary>
/// Runs every program in Conformance/programs through the engine and compares the result, the error and the
/// printed output with what CPython 3.11 recorded in Conformance/expected.jsonl (see make_fixtures.py).
/// </summary>
public sealed class CPythonConformanceTests
{
    public static TheoryData<string> ProgramNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Fixtures.ProgramNames())
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Corpus_EveryProgram_HasACPythonFixtureAndViceVersa()
    {
        var programs = Fixtures.ProgramNames();
        Assert.True(programs.Count >= 120, $"the corpus has {programs.Count} programs; it must keep at least 120");
        Assert.Equal(programs.Order(StringComparer.Ordinal), Fixtures.Conformance.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ProgramNames))]
    public void Run_BodyProgram_MatchesCPython(string name)
    {
        var program = EngineRunner.PrepareOrFail(EngineRunner.Default, Fixtures.ReadProgram(name), name + ".py");
        Assert.Equal(ProgramShape.Body, program.Shape);

        var result = program.Run(new RunOptions());

        AssertMatches(Fixtures.Conformance[name], result);
    }

    [Theory]
    [MemberData(nameof(ProgramNames))]
    public void Run_SameBodyInsideExecuteFunction_MatchesCPython(string name)
    {
        var body = Fixtures.ReadProgram(name);
        var module = "def execute():\n" + string.Join('\n', body.TrimEnd('\n').Split('\n').Select(l => l.Length == 0 ? l : "    " + l)) + "\n";
        var program = EngineRunner.PrepareOrFail(EngineRunner.Default, module, name + ".py");
        Assert.Equal(ProgramShape.ExecuteFunction, program.Shape);

        var result = program.Run(new RunOptions());

        AssertMatches(Fixtures.Conformance[name], result);
    }

    private static void AssertMatches(CPythonOutcome expected, RunResult result)
    {
        if (expected.Ok)
        {
            Assert.True(result.Succeeded, $"{expected.Name}: CPython returned {expected.Repr}; Neptune {EngineRunner.Describe(result)}");
            Assert.Equal(expected.Repr, result.ValueRepr);
            Assert.Null(result.Error);
        }
        else
        {
            Assert.False(result.Succeeded, $"{expected.Name}: CPython raised {expected.Kind}: {expected.Message}; Neptune {EngineRunner.Describe(result)}");
            var error = Assert.IsType<ProgramError>(result.Error);
            Assert.Equal(ProgramErrorCategory.Runtime, error.Category);
            Assert.Equal($"{expected.Kind}: {expected.Message}", error.FirstLine);
            Assert.True(error.Line > 0, $"{expected.Name}: the error carries no line number");
        }

        Assert.Equal(expected.Output, result.Output);
    }
}
