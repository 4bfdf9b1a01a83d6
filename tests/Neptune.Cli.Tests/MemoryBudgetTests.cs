using System.Diagnostics;
using System.Globalization;

namespace Neptune.Cli.Tests;

/// <summary>
/// Hostile programs run by the real executable under the default budgets: the memory budget ends each one with a
/// budget error while the process's peak resident memory (VmHWM) stays a few hundred MB.
/// </summary>
public sealed class MemoryBudgetTests
{
    /// <summary>The peak resident set the process may reach: the runtime's own footprint plus the 256 MB budget.</summary>
    private const long PeakLimitKiB = 450 * 1024;

    private readonly string _dir = Cli.NewDirectory();

    public static TheoryData<string, string> Programs => new()
    {
        { "append_strings", "x = []\nwhile True:\n    x.append(\"a\" * 1000)\nreturn x\n" },
        { "dict_of_strings", "d = {}\nfor i in range(10000000):\n    d[i] = \"abc\" * 10\nreturn len(d)\n" },
        { "slices", "s = \"a\" * 1000000\nx = []\nwhile True:\n    x.append(s[1:])\nreturn x\n" },
        { "nested_lists", "x = []\nwhile True:\n    x.append([len(x)] * 1000)\nreturn x\n" },
        { "caught", "x = []\ntry:\n    while True:\n        x.append(\"ab\" * 5000)\nexcept BaseException:\n    x = 0\nreturn x\n" },
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void ProgramRun_HostileAllocation_EndsWithMemoryBudgetBelowAFewHundredMB(string name, string source)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Fail("this test reads /proc and runs on Linux");
        }

        string file = Path.Combine(_dir, name + ".py");
        File.WriteAllText(file, source);

        // The time budget is raised far above the seconds these take, so that a loaded machine cannot stop them first.
        (int exitCode, string stderr, long peakKiB) = RunMeasuringPeak("program", "run", file, "--time-limit", "120");

        Assert.True(exitCode == 1, $"exit {exitCode}\nstderr: {stderr}");
        Assert.Contains("BudgetExceeded", stderr, StringComparison.Ordinal);
        Assert.Contains("memory budget of 256 MB exhausted", stderr, StringComparison.Ordinal);
        Assert.True(peakKiB > 0, "VmHWM was never read");
        Assert.True(peakKiB < PeakLimitKiB, $"peak resident memory {peakKiB / 1024} MB, limit {PeakLimitKiB / 1024} MB");
    }

    [Fact]
    public void ProgramRun_MemoryFlag_SetsTheBudget()
    {
        string file = Path.Combine(_dir, "append.py");
        File.WriteAllText(file, "x = []\nwhile True:\n    x.append(\"a\" * 1000)\nreturn x\n");

        (int exitCode, string stderr, long peakKiB) = RunMeasuringPeak("program", "run", file, "--memory-mb", "32", "--time-limit", "120");

        Assert.True(exitCode == 1, $"exit {exitCode}\nstderr: {stderr}");
        Assert.Contains("memory budget of 32 MB exhausted", stderr, StringComparison.Ordinal);
        Assert.True(peakKiB < 200 * 1024, $"peak resident memory {peakKiB / 1024} MB under a 32 MB budget");
    }

    [Fact]
    public void ProgramRun_TimeLimitFlag_SetsTheBudget()
    {
        string file = Path.Combine(_dir, "spin.py");
        File.WriteAllText(file, "i = 0\nwhile True:\n    i = (i + 1) % 7\nreturn i\n");

        (int exitCode, string stderr, _) = RunMeasuringPeak("program", "run", file, "--time-limit", "0.05");

        Assert.True(exitCode == 1, $"exit {exitCode}\nstderr: {stderr}");
        Assert.Contains("time budget of 50 ms exhausted", stderr, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Err, long PeakKiB) RunMeasuringPeak(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "neptune.dll"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment[Neptune.Cli.Conventions.CliRunner.LogDirectoryVariable] = Path.Combine(Path.GetTempPath(), "neptune-cli-tests", "logs");
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string status = $"/proc/{process.Id}/status";
        long peak = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!process.HasExited && DateTime.UtcNow < deadline)
        {
            peak = Math.Max(peak, ReadHighWaterMark(status));
            Thread.Sleep(10);
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"neptune {string.Join(' ', args)} did not finish in 3 minutes (peak {peak / 1024} MB)");
        }

        process.WaitForExit();
        _ = stdout.GetAwaiter().GetResult();
        return (process.ExitCode, stderr.GetAwaiter().GetResult(), peak);
    }

    /// <summary>Reads VmHWM (kB) from a /proc status file; 0 once the process is gone.</summary>
    private static long ReadHighWaterMark(string statusFile)
    {
        try
        {
            foreach (string line in File.ReadLines(statusFile))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }
}
