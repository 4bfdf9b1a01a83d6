using System.Diagnostics;
using System.Text.Json;

namespace Neptune.Cli.Tests;

/// <summary><c>neptune eval</c> run by the real executable: starts that fail on their inputs, resumes and the closing line.</summary>
public sealed class EvalRunTests
{
    private readonly string _dir = Cli.NewDirectory();

    private static string Scenes => Path.Combine(Cli.DataDirectory, "CLEVR_train_scenes_1000.json");

    private static string Questions => Path.Combine(Cli.DataDirectory, "CLEVR_train1000_questions_dev.json");

    [Fact]
    public void Eval_TruncatedQuestions_ThenTheCorrectedCommandRuns()
    {
        string bad = Path.Combine(_dir, "bad.json");
        File.WriteAllBytes(bad, File.ReadAllBytes(Questions)[..100]);
        string outDir = Path.Combine(_dir, "out");

        Cli.Process(_dir, "eval", "--scenes", Scenes, "--questions", bad, "--out", outDir, "--quiet").FailsWithBadInput("truncated");

        CliRun fixedRun = Cli.Process(_dir, "eval", "--scenes", Scenes, "--questions", Questions, "--out", outDir, "--limit", "5");
        Assert.True(fixedRun.ExitCode == 0, fixedRun.Err);
        Assert.Contains("(5/5)", fixedRun.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_MalformedScenes_LeavesNoRunBehind()
    {
        string scenes = Path.Combine(_dir, "scenes.json");
        File.WriteAllText(scenes, "{\"scenes\": [");
        string outDir = Path.Combine(_dir, "out");

        Cli.Process(_dir, "eval", "--scenes", scenes, "--questions", Questions, "--out", outDir, "--quiet").FailsWithBadInput("scenes.json");

        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Eval_FullyResumed_ReportsResumedRowsNotZeroRate()
    {
        string outDir = Path.Combine(_dir, "out");
        Assert.Equal(0, Cli.Process(_dir, "eval", "--scenes", Scenes, "--questions", Questions, "--out", outDir, "--limit", "30", "--quiet").ExitCode);

        CliRun again = Cli.Process(_dir, "eval", "--scenes", Scenes, "--questions", Questions, "--out", outDir, "--limit", "10");

        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Contains("(10/10)", again.Out, StringComparison.Ordinal);
        Assert.Contains("nothing left to evaluate (10 rows resumed)", again.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("0 q/s", again.Out, StringComparison.Ordinal);
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.Equal(10, summary.RootElement.GetProperty("total").GetInt64());
        Assert.Equal(10, summary.RootElement.GetProperty("selected").GetInt64());
        Assert.Equal(10, summary.RootElement.GetProperty("resumed").GetInt64());
    }

    [Fact]
    public void Launcher_FirstRun_SaysItIsBuilding()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Fail("the launcher is a bash script; this test runs on Linux");
            return;
        }

        // A copy of the launcher over an empty source tree, with a stand-in `dotnet` that "builds" a tiny executable.
        string root = Directory.CreateDirectory(Path.Combine(_dir, "repo")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "src"));
        File.Copy(Path.Combine(Cli.RepositoryRoot, "neptune"), Path.Combine(root, "neptune"));
        string bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        string fakeDotnet = Path.Combine(bin, "dotnet");
        File.WriteAllText(fakeDotnet, "#!/usr/bin/env bash\nwhile [[ $# -gt 0 ]]; do if [[ $1 == -o ]]; then out=$2; fi; shift; done\nprintf '#!/usr/bin/env bash\\necho ran \"$@\"\\n' > \"$out/neptune\"\nchmod +x \"$out/neptune\"\n");
        File.SetUnixFileMode(fakeDotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        (int code, string stdout, string stderr) first = Bash(root, bin, "--version");
        (int code, string stdout, string stderr) second = Bash(root, bin, "--version");

        Assert.True(first.code == 0, first.stderr);
        Assert.Equal("neptune: building Neptune (first run, about 2 minutes)…\n", first.stderr);
        Assert.Equal("ran --version\n", first.stdout);
        Assert.Equal(string.Empty, second.stderr);
        Assert.Equal("ran --version\n", second.stdout);
    }

    private static (int, string, string) Bash(string root, string bin, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(root, "neptune"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr);
    }
}
