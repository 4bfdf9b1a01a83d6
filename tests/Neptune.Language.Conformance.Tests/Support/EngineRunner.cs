using Neptune.Language.Runtime;

namespace Neptune.Language.Conformance.Tests.Support;

/// <summary>Shared engine instances and helpers that turn outcomes into readable assertion messages.</summary>
internal static class EngineRunner
{
    /// <summary>An engine with the default options; the façade promises thread safety, so tests share it.</summary>
    public static ProgramEngine Default { get; } = new();

    /// <summary>Prepares <paramref name="source"/>, failing the test with every diagnostic when it is rejected.</summary>
    public static PreparedProgram PrepareOrFail(ProgramEngine engine, string source, string path)
    {
        var check = engine.Check(source, path);
        if (!check.IsValid)
        {
            Assert.Fail($"{path} was rejected:{Environment.NewLine}{string.Join(Environment.NewLine, check.Diagnostics)}");
        }

        Assert.NotNull(check.Program);
        return check.Program;
    }

    /// <summary>Describes a run result in one line for assertion messages.</summary>
    public static string Describe(RunResult result) =>
        result.Succeeded
            ? $"succeeded with {result.ValueRepr}"
            : $"failed: {result.Error?.Category} {result.Error?.FirstLine} (budget {result.Error?.Budget?.ToString() ?? "-"}, line {result.Error?.Line})";

    /// <summary>
    /// Limits for programs meant to be stopped: small enough that every bomb ends in well under a second. The time
    /// budget is only the backstop, far above that, so that a bomb expected to hit its step or element budget does so
    /// even on a machine loaded enough to slow it tenfold.
    /// </summary>
    public static ExecutionLimits HostileLimits { get; } = new()
    {
        MaxSteps = 1_000_000,
        Timeout = TimeSpan.FromSeconds(30),
        MaxCallDepth = 100,
        MaxElements = 1_000_000,
        MaxStringLength = 100_000,
        MaxHostCalls = 1_000,
        MaxOutputChars = 100_000,
    };
}
