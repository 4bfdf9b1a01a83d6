using System.Text.Json;
using Neptune.Logic;

namespace Neptune.Language.Tests;

public class SoftProgramTests
{
    private const string RedCube = """
        red = score("Is the object in the red box red?")
        cube = score("Is the object in the red box a cube?")
        both = (red & cube).exists()
        return both.value
        """;

    [Theory]
    [InlineData(LogicKind.Godel, "0.9")]
    [InlineData(LogicKind.Product, "0.8119")]
    [InlineData(LogicKind.Lukasiewicz, "0.8")]
    public void Run_SoftConjunction_UsesRunLogic(LogicKind kind, string expected)
    {
        var options = new RunOptions { Perception = new FakeScene("red cube", "blue sphere"), Logic = LogicOptions.Default with { Kind = kind } };
        RunResult r = Support.Engine.Prepare(RedCube).Run(options);
        Assert.True(r.Succeeded, r.Error?.FirstLine);
        Assert.Equal(double.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Assert.IsType<Neptune.Language.Runtime.PyFloat>(r.Value).Value, 3);
    }

    [Fact]
    public void Run_ConcurrentRuns_AreIndependent()
    {
        PreparedProgram program = Support.Engine.Prepare("""
            red = score("Is the object in the red box red?")
            n = red.count()
            names = [query("What is it?", o) for o in objects()]
            return (n, names)
            """);
        var results = new string[8];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            string[] scene = [.. Enumerable.Range(0, i + 1).Select(j => j % 2 == 0 ? "red cube" : "blue sphere")];
            for (int repeat = 0; repeat < 20; repeat++)
            {
                RunResult r = program.Run(new RunOptions { Perception = new FakeScene(scene) });
                results[i] = r.ValueRepr ?? r.Error!.FirstLine;
            }
        });
        for (int i = 0; i < 8; i++)
        {
            int reds = (i / 2) + 1;
            string names = string.Join(", ", Enumerable.Range(0, i + 1).Select(j => j % 2 == 0 ? "'red'" : "'blue'"));
            Assert.Equal($"({reds}, [{names}])", results[i]);
        }
    }

    [Fact]
    public void Run_WithTrace_RecordsHostCallsInOrderAndSerialises()
    {
        RunResult r = Support.Engine.Prepare(RedCube).Run(new RunOptions { Perception = new FakeScene("red cube"), Trace = true });
        Assert.True(r.Succeeded, r.Error?.FirstLine);
        Assert.NotNull(r.Trace);
        Assert.Equal(["score", "score", "Tensor.exists"], r.Trace.Events.Select(static e => e.Function));
        Assert.Equal([1, 2, 3], r.Trace.Events.Select(static e => e.Line));
        string json = JsonSerializer.Serialize(r.Trace.Events);
        Assert.Contains("\"Function\":\"Tensor.exists\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FailingRunWithTrace_KeepsCallsMadeSoFar()
    {
        RunResult r = Support.Engine.Prepare("t = score('Is it red?')\nx = 1 / 0\nreturn t").Run(new RunOptions { Perception = new FakeScene("red cube"), Trace = true });
        Assert.False(r.Succeeded);
        Assert.Single(r.Trace!.Events);
    }
}
