using Neptune.Language.Syntax;

namespace Neptune.Language.Tests;

internal static class Support
{
    public static readonly ProgramEngine Engine = new();

    public static RunResult Run(string source, RunOptions? options = null) =>
        Engine.Prepare(source).Run(options ?? new RunOptions());

    public static string Value(string source, RunOptions? options = null)
    {
        RunResult r = Run(source, options);
        Assert.True(r.Succeeded, r.Error?.FirstLine);
        return r.ValueRepr!;
    }

    public static ProgramError Error(string source, RunOptions? options = null)
    {
        RunResult r = Run(source, options);
        Assert.False(r.Succeeded, r.ValueRepr);
        return r.Error!;
    }

    public static Diagnostic Single(string source)
    {
        ProgramCheck check = Engine.Check(source);
        Assert.False(check.IsValid);
        Assert.Null(check.Program);
        Diagnostic d = Assert.Single(check.Diagnostics, static d => d.IsError);
        return d;
    }

    public static void AssertDiagnostic(string source, string code, int line, int column)
    {
        Diagnostic d = Single(source);
        Assert.True(code == d.Code && line == d.Line && column == d.Column, $"expected {code} at ({line},{column}), got {d}");
    }

    public static void AssertValid(string source)
    {
        ProgramCheck check = Engine.Check(source);
        Assert.True(check.IsValid, string.Join("\n", check.Diagnostics));
    }
}
