using System.Text.Json;

namespace Neptune.Cli.Tests;

/// <summary><c>neptune program run</c> through the real executable: JSON for every outcome, the trace without repeats.</summary>
public sealed class ProgramRunTests
{
    private readonly string _dir = Cli.NewDirectory();

    private string Program(string name, string source)
    {
        string file = Path.Combine(_dir, name);
        File.WriteAllText(file, source);
        return file;
    }

    [Theory]
    [InlineData("x = (\n", "SyntaxError", "Syntax", 1)]
    [InlineData("x = 1\nreturn spheres\n", "ValidationError", "Validation", 2)]
    public void Json_ProgramRejectedBeforeRunning_IsStillOneJsonObjectOnStdout(string source, string kind, string category, int line)
    {
        CliRun run = Cli.Process(_dir, "program", "run", "--json", Program("bad.py", source));

        Assert.Equal(1, run.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(run.Out);
        JsonElement root = doc.RootElement;
        Assert.False(root.GetProperty("succeeded").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("result").ValueKind);
        JsonElement error = root.GetProperty("error");
        Assert.Equal(kind, error.GetProperty("kind").GetString());
        Assert.Equal(category, error.GetProperty("category").GetString());
        Assert.Equal(line, error.GetProperty("line").GetInt32());
        Assert.StartsWith("NPT", error.GetProperty("code").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0, root.GetProperty("diagnostics").GetArrayLength());
    }

    [Fact]
    public void Json_RuntimeError_HasTheSameShape()
    {
        CliRun run = Cli.Process(_dir, "program", "run", "--json", Program("div.py", "x = 0\nreturn 1 / x\n"));

        Assert.Equal(1, run.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(run.Out);
        Assert.Equal("ZeroDivisionError", doc.RootElement.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal("Runtime", doc.RootElement.GetProperty("error").GetProperty("category").GetString());
    }

    [Fact]
    public void Trace_PrintsTheResultOnce()
    {
        CliRun run = Cli.Process(_dir, "program", "run", "--trace", Program("t.py", "x = 41\nreturn x + 1\n"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("42\n", run.Out);
    }
}
