using System.CommandLine;
using Neptune.Cli.Conventions;
using Neptune.Configuration;

namespace Neptune.Cli.Tests;

/// <summary>The top-level handler: typed errors are one line and exit 2, anything else is an internal error with a log file.</summary>
public sealed class TopLevelHandlerTests
{
    private static RootCommand Tree(Func<Exception> failure)
    {
        var root = new RootCommand("test");
        var fail = new Command("fail", "Throws.");
        fail.SetAction((Func<ParseResult, int>)(_ => throw failure()));
        root.Subcommands.Add(fail);
        CliConventions.Apply(root);
        return root;
    }

    [Fact]
    public void InternalError_PrintsOneLineNamingTheLogFile_WhichHoldsTheStackTrace()
    {
        string logs = Cli.NewDirectory();
        string? previous = Environment.GetEnvironmentVariable(CliRunner.LogDirectoryVariable);
        Environment.SetEnvironmentVariable(CliRunner.LogDirectoryVariable, logs);
        CliRun run;
        try
        {
            run = Cli.InProcess(Tree(() => new InvalidOperationException("the bug")), "fail");
        }
        finally
        {
            Environment.SetEnvironmentVariable(CliRunner.LogDirectoryVariable, previous);
        }

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.ErrLines);
        Assert.StartsWith("neptune: internal error: InvalidOperationException: the bug (the stack trace is in ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
        string log = Assert.Single(Directory.GetFiles(logs));
        Assert.Contains(log, line, StringComparison.Ordinal);
        string text = File.ReadAllText(log);
        Assert.Contains("command line: neptune fail", text, StringComparison.Ordinal);
        Assert.Contains("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TypedError_DeclaredByNeptune_IsOneLineAndExitsTwo()
    {
        CliRun run = Cli.InProcess(Tree(() => new ConfigException("`limit` in c.json: expected a whole number\nfrom 1")), "fail");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("neptune: error: fail: `limit` in c.json: expected a whole number; from 1", Assert.Single(run.ErrLines));
    }

    [Fact]
    public void TypedError_AlreadyNamingItsCommand_IsNotPrefixedTwice()
    {
        CliRun run = Cli.InProcess(Tree(() => new ConfigException("fail: --data: directory not found: 'x'")), "fail");

        Assert.Equal("neptune: error: fail: --data: directory not found: 'x'", Assert.Single(run.ErrLines));
    }

    [Fact]
    public void FileSystemErrors_AreTypedWithTheirPath()
    {
        Assert.Equal("neptune: error: fail: file not found: '/no/such/file'", Assert.Single(Cli.InProcess(Tree(() => new FileNotFoundException("Could not find file", "/no/such/file")), "fail").ErrLines));
        string dir = Cli.NewDirectory();
        CliRun denied = Cli.InProcess(Tree(() => new UnauthorizedAccessException($"Access to the path '{dir}' is denied.")), "fail");
        Assert.Equal(2, denied.ExitCode);
        Assert.Contains("is a directory, expected a file", denied.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_RequestedByTheUser_ExitsWith130()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        RootCommand root = Tree(() => new OperationCanceledException());
        using var o = new StringWriter();
        using var e = new StringWriter();

        int code = await CliRunner.RunAsync(root, ["fail"], o, e, cancelled.Token);

        Assert.Equal(130, code);
        Assert.Equal("neptune: interrupted", e.ToString().Trim());
    }

    [Fact]
    public void Cancellation_NotRequested_IsNotReportedAsAnInterruption()
    {
        CliRun run = Cli.InProcess(Tree(() => new TaskCanceledException("request timed out", new TimeoutException("the server did not answer in 120 s"))), "fail");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("neptune: error: fail: timed out: the server did not answer in 120 s", Assert.Single(run.ErrLines));
    }
}
