using System.CommandLine;
using System.Diagnostics;
using Neptune.Cli;
using Neptune.Cli.Conventions;

namespace Neptune.Cli.Tests;

/// <summary>The outcome of one <c>neptune</c> invocation.</summary>
public sealed record CliRun(int ExitCode, string Out, string Err)
{
    /// <summary>The lines written to stderr.</summary>
    public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Asserts the convention of a bad-input failure: exit 2, every stderr line a one-line <c>neptune: error:</c> message, no stack trace.</summary>
    /// <param name="expected">Text the message must contain.</param>
    /// <returns>This run.</returns>
    public CliRun FailsWithBadInput(string expected)
    {
        Assert.True(ExitCode == 2, $"exit {ExitCode}, expected 2\nstdout: {Out}\nstderr: {Err}");
        AssertNoStackTrace();
        Assert.All(ErrLines, l => Assert.True(l.StartsWith("neptune: error: ", StringComparison.Ordinal) || l.StartsWith("neptune: note: ", StringComparison.Ordinal), $"not a convention line: {l}"));
        Assert.Contains(expected, Err, StringComparison.Ordinal);
        return this;
    }

    /// <summary>Asserts stderr holds no .NET stack trace and no .NET type name.</summary>
    public void AssertNoStackTrace()
    {
        Assert.DoesNotContain("   at ", Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", Err, StringComparison.Ordinal);
    }
}

/// <summary>Runs <c>neptune</c>: in process through the real command tree and top-level handler, or as the real built executable.</summary>
public static class Cli
{
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, "neptune.dll");

    /// <summary>The repository root (holding Neptune.slnx).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The shared CLEVR data directory beside the repository.</summary>
    public static string DataDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data", "clevr"));

    /// <summary>A new empty temporary directory.</summary>
    /// <returns>Its path.</returns>
    public static string NewDirectory() =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "neptune-cli-tests", Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Parses and runs a command line in process (stdout/stderr of the handler captured; commands that write to the console directly are not).</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The outcome.</returns>
    public static CliRun InProcess(params string[] args) => InProcess(CommandLineApp.Build(), args);

    /// <summary>Parses and runs a command line in process against a given tree.</summary>
    /// <param name="root">The tree (with the convention applied).</param>
    /// <param name="args">The arguments.</param>
    /// <returns>The outcome.</returns>
    public static CliRun InProcess(RootCommand root, params string[] args)
    {
        using var o = new StringWriter();
        using var e = new StringWriter();
        int code = CliRunner.RunAsync(root, args, o, e).GetAwaiter().GetResult();
        return new CliRun(code, o.ToString(), e.ToString());
    }

    /// <summary>Runs the built <c>neptune</c> executable.</summary>
    /// <param name="workingDirectory">Its working directory.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>The outcome.</returns>
    public static CliRun Process(string workingDirectory, params string[] args) => Process(workingDirectory, null, args);

    /// <summary>Runs the built <c>neptune</c> executable with extra environment variables.</summary>
    /// <param name="workingDirectory">Its working directory.</param>
    /// <param name="environment">Variables to set; null for none.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>The outcome.</returns>
    public static CliRun Process(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Executable);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment[CliRunner.LogDirectoryVariable] = Path.Combine(Path.GetTempPath(), "neptune-cli-tests", "logs");
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"neptune {string.Join(' ', args)} did not finish in 5 minutes");
        }

        return new CliRun(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Neptune.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("no Neptune.slnx above the test directory");
    }
}
