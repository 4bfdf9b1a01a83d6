using System.Globalization;
using System.Text.RegularExpressions;

namespace Neptune.Cli.Tests;

/// <summary><c>neptune demo</c> end to end through the real executable: both halves run and report what they did.</summary>
public sealed partial class DemoTests
{
    private readonly string _dir = Cli.NewDirectory();

    [GeneratedRegex(@"^referring expressions: (\d+) over (\d+) template families \((\d+) without a target\), TPR (\d+)/(\d+) \([\d.]+%\), TNR (\d+)/(\d+) \([\d.]+%\), balanced accuracy ([\d.]+)%", RegexOptions.Multiline)]
    private static partial Regex ReferringLine();

    [GeneratedRegex(@"^\[R\d+/(\d+)\] (ok |XX ) .*\n(?:      \|.*\n)*      (.*)   expected: (.*)$", RegexOptions.Multiline)]
    private static partial Regex ReferringItem();

    [Fact]
    public void Demo_GroundsReferringExpressionsWithAndWithoutATarget_AndCountsWhatItPrinted()
    {
        string outDir = Path.Combine(_dir, "out");
        CliRun run = Cli.Process(_dir, "demo", "--families", "3", "--out", outDir);

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Matches(@"(?m)^accuracy: \d+/3 \(", run.Out);
        Match summary = ReferringLine().Match(run.Out);
        Assert.True(summary.Success, run.Out);
        int Group(int g) => int.Parse(summary.Groups[g].Value, CultureInfo.InvariantCulture);

        // One item with a target and one without of each of the 26 template families.
        Assert.Equal(52, Group(1));
        Assert.Equal(26, Group(2));
        Assert.Equal(26, Group(3));
        Assert.Equal(26, Group(5));
        Assert.Equal(26, Group(7));

        MatchCollection items = ReferringItem().Matches(run.Out);
        Assert.Equal(52, items.Count);
        int tp = items.Count(m => m.Groups[2].Value == "ok " && m.Groups[4].Value != "no target");
        int tn = items.Count(m => m.Groups[2].Value == "ok " && m.Groups[4].Value == "no target");
        Assert.Equal(26, items.Count(m => m.Groups[4].Value == "no target"));
        Assert.Equal(tp, Group(4));
        Assert.Equal(tn, Group(6));
        Assert.Equal(100.0 * ((tp / 26.0) + (tn / 26.0)) / 2, double.Parse(summary.Groups[8].Value, CultureInfo.InvariantCulture), 1);
        Assert.True(tn > 0, "some no-target item abstained");

        // Every abstention names its operator, line and reason; operator-style programs end in RESULT.
        Assert.Matches(@"found: no target \((FIND|PROPERTY|FIND_DIRECTION|RELATIVE_DEPTH|ORDER|RESULT) abstained at line \d+: .+\)   expected: no target", run.Out);
        Assert.Contains("      | FINAL_RESULT = RESULT(object=", run.Out, StringComparison.Ordinal);

        string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("<h1 id=\"rec\">Referring expressions (52)</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<rect class=\"predicted\"", html, StringComparison.Ordinal);
        Assert.Contains("<rect class=\"expected\"", html, StringComparison.Ordinal);
        Assert.Matches(@"<td class=""abstention"">(FIND|PROPERTY|FIND_DIRECTION|RELATIVE_DEPTH|ORDER|RESULT) abstained at line \d+: ", html);
        Assert.Matches(@"<tr><td><a href=""#r\d+"">\d+</a></td><td>[^<]+</td><td><code>[A-Z_]+</code></td><td>\d+</td>", html);
        Assert.Equal(52, Regex.Count(html, "<section class=\"item rec "));
        Assert.Equal(3, Regex.Count(html, "<section class=\"item (correct|wrong|unknown)\""));
        if (items.Any(m => m.Groups[2].Value == "XX "))
        {
            Assert.Contains("wrong or failed of 52 referring expressions", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Demo_RecZero_SkipsTheReferringHalf()
    {
        string outDir = Path.Combine(_dir, "out");
        CliRun run = Cli.Process(_dir, "demo", "--families", "2", "--rec", "0", "--out", outDir);

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Matches(@"(?m)^accuracy: \d+/2 \(", run.Out);
        Assert.DoesNotContain("referring expressions:", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("[R1/", run.Out, StringComparison.Ordinal);
        string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.DoesNotContain("id=\"rec\"", html, StringComparison.Ordinal);

        // The pictures are files beside the page, each referenced by a lazily loaded <img>; none is inline.
        Assert.DoesNotContain("data:image", html, StringComparison.Ordinal);
        string[] pictures = Directory.GetFiles(Path.Combine(outDir, "report_files"), "*.jpg");
        Assert.NotEmpty(pictures);
        foreach (string picture in pictures)
        {
            Assert.Contains($"<img src=\"report_files/{Path.GetFileName(picture)}\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Demo_SelfContained_PutsThePicturesInsideTheReport()
    {
        string outDir = Path.Combine(_dir, "out");
        CliRun run = Cli.Process(_dir, "demo", "--families", "1", "--rec", "0", "--self-contained", "--out", outDir);

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("href=\"data:image/png;base64,", File.ReadAllText(Path.Combine(outDir, "report.html")), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(outDir, "report_files")));
    }

    [Fact]
    public void Demo_RecStyleNeptune_TranslatesIntoSoftLogic_AndRecTwoPicksTwoOfEachKind()
    {
        CliRun run = Cli.Process(_dir, "demo", "--families", "1", "--rec", "2", "--rec-style", "neptune", "--out", Path.Combine(_dir, "out"));

        Assert.True(run.ExitCode == 0, run.Err);
        Match summary = ReferringLine().Match(run.Out);
        Assert.True(summary.Success, run.Out);
        Assert.Equal("104", summary.Groups[1].Value);
        Assert.Equal("52", summary.Groups[3].Value);
        string referring = run.Out[run.Out.IndexOf("[R1/", StringComparison.Ordinal)..];
        Assert.DoesNotContain("RESULT(object=", referring, StringComparison.Ordinal);
        Assert.Contains("      | return ", referring, StringComparison.Ordinal);
        Assert.Contains("soft-logic programs", run.Out[summary.Index..].Split('\n')[0], StringComparison.Ordinal);
    }
}
