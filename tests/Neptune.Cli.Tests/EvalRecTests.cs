using System.Text.Json;

namespace Neptune.Cli.Tests;

/// <summary>
/// <c>neptune eval --task rec</c>: CLEVR-Ref+ referring expressions on the shared runner — exact object sets from the
/// annotations, boxes from pixels, the REC measures in <c>summary.json</c> agreeing with the rows, resume, shards and
/// merge, and typed errors for bad input.
/// </summary>
public sealed class EvalRecTests
{
    private readonly string _dir = Cli.NewDirectory();

    private static string Scenes => Path.Combine(Cli.DataDirectory, "CLEVR_train_scenes_1000.json");

    private static string Refexps => Path.GetFullPath(Path.Combine(Cli.DataDirectory, "..", "clevr_ref", "clevr_ref_train1000_dev.json"));

    [Theory]
    [InlineData("neptune", "godel")]
    [InlineData("viro", "godel")]
    [InlineData("viro", "crisp")]
    [InlineData("neptune", "lukasiewicz")]
    public void Rec_OfficialProgramsOnTheAnnotations_AreExactlyRightIncludingNoTarget(string style, string logic)
    {
        string outDir = Path.Combine(_dir, "out");

        CliRun run = Cli.InProcess("eval", "--task", "rec", "--style", style, "--logic", logic, "--limit", "400", "--out", outDir, "--quiet");

        Assert.True(run.ExitCode == 0, run.Err);
        JsonElement s = Summary(outDir);
        Assert.Equal(400, s.GetProperty("total").GetInt64());
        Assert.Equal(1.0, s.GetProperty("accuracy").GetDouble());
        Assert.Equal(1.0, s.GetProperty("tpr").GetDouble());
        Assert.Equal(1.0, s.GetProperty("tnr").GetDouble());
        Assert.Equal(0.0, s.GetProperty("fpr").GetDouble());
        Assert.Equal(1.0, s.GetProperty("balanced_accuracy").GetDouble());
        Assert.True(s.GetProperty("no_target_items").GetInt64() > 50, "the sample must hold no-target items");
        Assert.Equal(JsonValueKind.Null, s.GetProperty("mean_iou").ValueKind);
        Assert.Equal(1.0, s.GetProperty("grec_precision").GetDouble());
        Assert.Equal(1.0, s.GetProperty("n_acc").GetDouble());
        Assert.Equal(1.0, s.GetProperty("t_acc").GetDouble());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("acc_at_0_7").ValueKind);
        List<JsonElement> rows = Rows(outDir);
        JsonElement none = rows.First(r => r.GetProperty("rec").GetProperty("expected_objects").GetArrayLength() == 0);
        Assert.True(none.GetProperty("rec").GetProperty("predicted_no_target").GetBoolean());
        Assert.Equal("no target", none.GetProperty("predicted").GetString());
        Assert.Equal("No target", none.GetProperty("category").GetString());
        JsonElement several = rows.First(r => r.GetProperty("rec").GetProperty("expected_objects").GetArrayLength() > 1);
        Assert.Equal(
            several.GetProperty("rec").GetProperty("expected_objects").EnumerateArray().Select(e => e.GetInt32()),
            several.GetProperty("rec").GetProperty("predicted_objects").EnumerateArray().Select(e => e.GetInt32()));
        if (style == "viro")
        {
            // Every no-target item ends in an operator's abstention, named in its row and counted in the summary.
            Assert.Equal(s.GetProperty("no_target_items").GetInt64(), s.GetProperty("early_exits").EnumerateObject().Sum(p => p.Value.GetInt64()));
            Assert.All(
                rows.Where(r => r.GetProperty("rec").GetProperty("expected_objects").GetArrayLength() == 0),
                r => Assert.False(string.IsNullOrEmpty(r.GetProperty("rec").GetProperty("abstained_by").GetString())));
        }
    }

    [Fact]
    public void Rec_FromPixels_JudgesBoxesAndTheSummaryAgreesWithTheRows()
    {
        string outDir = Path.Combine(_dir, "out");

        CliRun run = Cli.Process(_dir, "eval", "--task", "rec", "--refexps", Refexps, "--scenes", Scenes, "--style", "viro", "--perception", "pixels", "--limit", "150", "--out", outDir);

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Matches(@"TPR \d+\.\d\d% TNR \d+\.\d\d% balanced \d+\.\d\d% mean IoU 0\.\d{3}", run.Out);
        JsonElement s = Summary(outDir);
        List<JsonElement> rows = Rows(outDir);
        Assert.Equal(150, rows.Count);
        var target = rows.Where(r => r.GetProperty("rec").GetProperty("expected_objects").GetArrayLength() > 0).ToList();
        var none = rows.Where(r => r.GetProperty("rec").GetProperty("expected_objects").GetArrayLength() == 0).ToList();
        double tpr = target.Count(r => r.GetProperty("correct").GetBoolean()) / (double)target.Count;
        double tnr = none.Count(r => r.GetProperty("correct").GetBoolean()) / (double)none.Count;
        Assert.Equal(Math.Round(tpr, 6), s.GetProperty("tpr").GetDouble());
        Assert.Equal(Math.Round(tnr, 6), s.GetProperty("tnr").GetDouble());
        Assert.Equal(Math.Round((tpr + tnr) / 2, 6), s.GetProperty("balanced_accuracy").GetDouble(), 5);
        Assert.Equal(Math.Round(target.Average(r => r.GetProperty("rec").GetProperty("iou").GetDouble()), 6), s.GetProperty("mean_iou").GetDouble(), 5);
        Assert.InRange(tpr, 0.5, 1.0);
        // Acc@0.7 is at most Acc@0.5; T-acc counts target items answered with a referent, N-acc is TNR.
        Assert.InRange(s.GetProperty("acc_at_0_7").GetDouble(), 0.0, s.GetProperty("tpr").GetDouble());
        Assert.Equal(s.GetProperty("tnr").GetDouble(), s.GetProperty("n_acc").GetDouble());
        double answered = target.Count(r => r.GetProperty("rec").GetProperty("predicted_boxes").GetArrayLength() > 0) / (double)target.Count;
        Assert.Equal(Math.Round(answered, 6), s.GetProperty("t_acc").GetDouble(), 5);
        Assert.InRange(s.GetProperty("grec_precision").GetDouble(), s.GetProperty("accuracy").GetDouble(), 1.0);
        Assert.True(s.GetProperty("images_per_second").GetDouble() > 0);
        JsonElement hit = target.First(r => r.GetProperty("correct").GetBoolean());
        Assert.Equal(
            hit.GetProperty("rec").GetProperty("expected_boxes").GetArrayLength(),
            hit.GetProperty("rec").GetProperty("predicted_boxes").GetArrayLength());
        Assert.True(hit.GetProperty("rec").GetProperty("iou").GetDouble() >= 0.5);
        foreach (JsonElement miss in rows.Where(r => !r.GetProperty("correct").GetBoolean()))
        {
            Assert.False(string.IsNullOrEmpty(miss.GetProperty("program").GetString()), "a wrong row keeps its program");
        }
    }

    [Fact]
    public void Rec_Resume_ContinuesAndRefusesAnotherStyle()
    {
        string outDir = Path.Combine(_dir, "out");
        Assert.Equal(0, Cli.InProcess("eval", "--task", "rec", "--style", "viro", "--limit", "40", "--out", outDir, "--quiet").ExitCode);

        CliRun more = Cli.Process(_dir, "eval", "--task", "rec", "--refexps", Refexps, "--scenes", Scenes, "--style", "viro", "--limit", "90", "--out", outDir);

        Assert.True(more.ExitCode == 0, more.Err);
        Assert.Contains("50 evaluated + 40 resumed", more.Out, StringComparison.Ordinal);
        Assert.Equal(90, Rows(outDir).Count);
        Assert.Equal(90, Summary(outDir).GetProperty("total").GetInt64());
        Cli.InProcess("eval", "--task", "rec", "--style", "neptune", "--limit", "90", "--out", outDir, "--quiet")
            .FailsWithBadInput("style");
        Cli.InProcess("eval", "--limit", "90", "--out", outDir, "--quiet").FailsWithBadInput("cannot resume");
    }

    [Fact]
    public void Rec_TwoShardsMerged_EqualTheWholeRun()
    {
        string whole = Path.Combine(_dir, "whole");
        string a = Path.Combine(_dir, "a");
        string b = Path.Combine(_dir, "b");
        string merged = Path.Combine(_dir, "merged");
        string[] common = ["eval", "--task", "rec", "--perception", "pixels", "--limit", "60", "--quiet"];
        Assert.Equal(0, Cli.InProcess([.. common, "--out", whole]).ExitCode);
        Assert.Equal(0, Cli.InProcess([.. common, "--shard", "1/2", "--out", a]).ExitCode);
        Assert.Equal(0, Cli.InProcess([.. common, "--shard", "2/2", "--out", b]).ExitCode);

        CliRun merge = Cli.InProcess("eval", "merge", a, b, "--out", merged);

        Assert.True(merge.ExitCode == 0, merge.Err);
        JsonElement m = Summary(merged);
        Assert.Equal(120, m.GetProperty("total").GetInt64());
        Assert.Equal(
            Rows(a).Concat(Rows(b)).Count(r => r.GetProperty("correct").GetBoolean()),
            m.GetProperty("correct").GetInt64());
        long noTarget = Rows(merged).Count(r => r.GetProperty("rec").GetProperty("expected_objects").GetArrayLength() == 0);
        Assert.Equal(noTarget, m.GetProperty("no_target_items").GetInt64());
        Assert.True(m.TryGetProperty("tnr", out _));
        Assert.True(Summary(whole).TryGetProperty("balanced_accuracy", out _));
    }

    [Fact]
    public void Rec_BadInput_IsOneLineNamingTheField()
    {
        string outDir = Path.Combine(_dir, "out");
        string truncated = Path.Combine(_dir, "refexps.json");
        File.WriteAllBytes(truncated, File.ReadAllBytes(Refexps)[..3000]);

        Cli.InProcess("eval", "--task", "rec", "--refexps", truncated, "--out", outDir, "--quiet").FailsWithBadInput("refexps.json");
        CliRun corrected = Cli.InProcess("eval", "--task", "rec", "--limit", "5", "--out", outDir, "--quiet");
        Assert.True(corrected.ExitCode == 0, corrected.Err);
        Cli.InProcess("eval", "--task", "rec", "--questions", truncated, "--out", outDir).FailsWithBadInput("--refexps");
        Cli.InProcess("eval", "--refexps", Refexps, "--out", outDir).FailsWithBadInput("--task rec");
        Cli.InProcess("eval", "--style", "viro", "--out", outDir).FailsWithBadInput("referring expressions only");
        Cli.InProcess("eval", "--task", "rec", "--verifier-threshold", "0", "--out", outDir).FailsWithBadInput("--verifier-threshold");
        Cli.InProcess("eval", "--task", "find", "--out", outDir).FailsWithBadInput("expected one of: vqa, rec");
    }

    [Fact]
    public void Rec_StricterVerifier_AbstainsMoreOften()
    {
        string lenient = Path.Combine(_dir, "lenient");
        string strict = Path.Combine(_dir, "strict");
        string[] common = ["eval", "--task", "rec", "--style", "viro", "--perception", "pixels", "--limit", "120", "--quiet"];
        Assert.Equal(0, Cli.InProcess([.. common, "--out", lenient]).ExitCode);
        Assert.Equal(0, Cli.InProcess([.. common, "--verifier-threshold", "0.99", "--out", strict]).ExitCode);

        long Abstained(string dir) => Rows(dir).Count(r => r.GetProperty("rec").GetProperty("predicted_no_target").GetBoolean());

        Assert.True(Abstained(strict) > Abstained(lenient), $"strict {Abstained(strict)}, lenient {Abstained(lenient)}");
        using JsonDocument run = JsonDocument.Parse(File.ReadAllText(Path.Combine(strict, "run.json")));
        Assert.Equal(0.99, run.RootElement.GetProperty("verifier_threshold").GetDouble(), 5);
    }

    private static JsonElement Summary(string dir)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        return doc.RootElement.Clone();
    }

    private static List<JsonElement> Rows(string dir) =>
        [.. File.ReadLines(Path.Combine(dir, "results.jsonl")).Select(l =>
        {
            using JsonDocument doc = JsonDocument.Parse(l);
            return doc.RootElement.Clone();
        })];
}
