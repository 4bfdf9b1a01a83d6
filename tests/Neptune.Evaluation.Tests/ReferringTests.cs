using Neptune.Clevr;
using Neptune.Evaluation.Referring;
using Neptune.Logic;
using Neptune.Perception;
using Xunit.Abstractions;

namespace Neptune.Evaluation.Tests;

public class ReferringMetricsTests
{
    private static BoundingBox Box(float left, float width) => new(left, 0, left + width, 10);

    [Fact]
    public void Boxes_SingleTarget_IouOfExactlyHalfIsNotAMatch()
    {
        // [0,10] vs [0,20] over the same height: IoU = 10 / 20 = 0.5.
        var (correct, iou) = ReferringMetrics.BoxesCorrect(false, [Box(0, 10)], [Box(0, 20)]);
        Assert.False(correct);
        Assert.Equal(0.5, iou, 6);
        Assert.False(ReferringMetrics.BoxesCorrect(false, [Box(0, 9)], [Box(0, 20)]).Correct);
        Assert.True(ReferringMetrics.BoxesCorrect(false, [Box(0, 19)], [Box(0, 20)]).Correct);
    }

    [Fact]
    public void Boxes_MultiTarget_GreedyOneToOneAtHalf()
    {
        // Two referents; IoU exactly 0.5 counts for several referents (GREC).
        var (correct, iou) = ReferringMetrics.BoxesCorrect(false, [Box(0, 10), Box(100, 20)], [Box(0, 20), Box(100, 20)]);
        Assert.True(correct);
        Assert.Equal(0.75, iou, 6);
        // One box covering both referents matches at most one of them.
        Assert.False(ReferringMetrics.BoxesCorrect(false, [Box(0, 20)], [Box(0, 20), Box(100, 20)]).Correct);
        // An extra predicted box makes it wrong.
        Assert.False(ReferringMetrics.BoxesCorrect(false, [Box(0, 20), Box(100, 20), Box(200, 20)], [Box(0, 20), Box(100, 20)]).Correct);
        // Two predictions on the same referent: the second has nothing left to match.
        Assert.False(ReferringMetrics.BoxesCorrect(false, [Box(0, 20), Box(1, 20)], [Box(0, 20), Box(100, 20)]).Correct);
    }

    [Fact]
    public void NoTarget_CorrectOnlyWhenThePredictionAbstains()
    {
        Assert.True(ReferringMetrics.BoxesCorrect(true, [], []).Correct);
        Assert.False(ReferringMetrics.BoxesCorrect(false, [Box(0, 10)], []).Correct);
        Assert.False(ReferringMetrics.BoxesCorrect(true, [], [Box(0, 10)]).Correct);
        Assert.True(ReferringMetrics.SetCorrect(true, [], []));
        Assert.False(ReferringMetrics.SetCorrect(false, [3], []));
        Assert.True(ReferringMetrics.SetCorrect(false, [4, 2], [2, 4]));
        Assert.False(ReferringMetrics.SetCorrect(false, [2], [2, 4]));
    }

    [Fact]
    public void Summary_ComputesRatesFromTheConfusionCounts()
    {
        ReferringRow Row(bool target, bool correct, string? op = null, string? failure = null) => new()
        {
            Index = 0, Refexp = "r", ImageIndex = 0, Family = "f.json/0", Template = "f.json",
            Expected = target ? [1] : [], Correct = correct, AbstainedOperator = op, Failure = failure,
        };
        ReferringSummary s = ReferringSummary.Of([Row(true, true), Row(true, false, failure: "x"), Row(true, true), Row(false, true, "FIND"), Row(false, false)]);
        Assert.Equal(5, s.Total);
        Assert.Equal(2.0 / 3, s.Tpr, 9);
        Assert.Equal(0.5, s.Tnr, 9);
        Assert.Equal(0.5, s.Fpr, 9);
        Assert.Equal(((2.0 / 3) + 0.5) / 2, s.BalancedAccuracy, 9);
        Assert.Equal(0.6, s.Accuracy, 9);
        Assert.Equal(0.2, s.FailureRate, 9);
        Assert.Equal(0.75, s.AccuracyExcludingFailures, 9);
        Assert.Equal(1, s.EarlyExits["FIND"]);
        Assert.Equal((5L, 3L), s.ByFamily["f.json/0"]);
    }
}

public class RefexpReaderTests
{
    private static string Write(string json)
    {
        string path = Path.Combine(TestData.NewDirectory(), "refexps.json");
        File.WriteAllText(path, json);
        return path;
    }

    private const string Program = """[{"type": "scene", "inputs": [], "value_inputs": []}, {"type": "filter_ordinal", "inputs": [0], "value_inputs": ["the second one of the", "from left"]}]""";

    [Fact]
    public void Read_ItemWithoutOutputs_ReadsEveryField()
    {
        string path = Write($$"""{"refexps": [{"refexp": "The second thing from left", "program": {{Program}}, "answer": [3], "no_target": false, "image_index": 7, "template_filename": "zero_hop.json", "refexp_family_index": 1, "refexp_index": 0}]}""");
        ClevrRefexp r = Assert.Single(ClevrRefexpReader.Read(path));
        Assert.Equal([3], r.Answer);
        Assert.Equal(ClevrFunction.FilterOrdinal, r.Program[1].Function);
        Assert.Equal("zero_hop.json/1", r.Family);
        Assert.False(r.NoTarget);
    }

    [Theory]
    [InlineData("\"answer\": [3, 1], \"no_target\": false", "ascending")]
    [InlineData("\"answer\": [], \"no_target\": false", "'answer' is empty but 'no_target' is false")]
    [InlineData("\"answer\": [2], \"no_target\": true", "'no_target' is true")]
    [InlineData("\"no_target\": false", "answer")]
    [InlineData("\"answer\": \"3\"", "answer")]
    public void Read_MalformedItem_IsATypedErrorNamingFileAndItem(string fields, string message)
    {
        string path = Write($$"""{"refexps": [{"refexp": "x", "program": {{Program}}, {{fields}}, "image_index": 7, "refexp_index": 41}]}""");
        var e = Assert.Throws<ClevrDataException>(() => ClevrRefexpReader.Read(path).ToList());
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains("refexps.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("item #0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownFunction_IsATypedError()
    {
        string path = Write("""{"refexps": [{"refexp": "x", "program": [{"type": "teleport", "inputs": []}], "answer": [], "image_index": 0}]}""");
        var e = Assert.Throws<ClevrDataException>(() => ClevrRefexpReader.Read(path).ToList());
        Assert.Contains("unknown function 'teleport'", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>
/// Every CLEVR-Ref+ dev expression, through the translation of its official program, the validator, the interpreter
/// and the scene world, must refer to exactly the official objects (or abstain) under every logic.
/// </summary>
public class ReferringDevSetTests
{
    internal static readonly Lazy<List<ClevrRefexp>> Items = new(() =>
        ClevrRefexpReader.Read(Path.Combine(ClevrDataFiles.LocateDataDirectory(AppContext.BaseDirectory), "..", "clevr_ref", "clevr_ref_train1000_dev.json")).ToList());

    internal static readonly Lazy<ClevrSceneSet> Scenes = new(() => ClevrSceneReader.LoadAll(TestData.SharedScenes));

    [Theory]
    [InlineData(LogicKind.Godel, ReferringStyle.Neptune)]
    [InlineData(LogicKind.Product, ReferringStyle.Neptune)]
    [InlineData(LogicKind.Lukasiewicz, ReferringStyle.Neptune)]
    [InlineData(LogicKind.Crisp, ReferringStyle.Neptune)]
    [InlineData(LogicKind.Godel, ReferringStyle.Viro)]
    [InlineData(LogicKind.Product, ReferringStyle.Viro)]
    [InlineData(LogicKind.Lukasiewicz, ReferringStyle.Viro)]
    [InlineData(LogicKind.Crisp, ReferringStyle.Viro)]
    public void DevSet_GroundTruthPrograms_ReferExactlyUnderEveryLogic(LogicKind kind, ReferringStyle style)
    {
        var evaluation = new ReferringEvaluation { Logic = LogicOptions.Default with { Kind = kind }, Style = style };
        List<ReferringRow> rows = [.. evaluation.Evaluate(Items.Value, Scenes.Value)];
        ReferringSummary s = ReferringSummary.Of(rows);
        Assert.Equal(13_032, s.Total);
        Assert.Equal(3_258, s.NoTargetItems);
        ReferringRow? wrong = rows.FirstOrDefault(r => !r.Correct);
        Assert.True(wrong is null, wrong is null ? null : $"{wrong.Index} '{wrong.Refexp}': expected [{string.Join(", ", wrong.Expected)}], got [{string.Join(", ", wrong.Predicted)}] {wrong.Failure}");
        Assert.Equal(1.0, s.Tnr);
    }

    [Theory]
    [InlineData(LogicKind.Godel, ReferringStyle.Neptune, 0.951)]
    [InlineData(LogicKind.Godel, ReferringStyle.Viro, 0.950)]
    public void DevSet_FromPixels_KeepsTheMeasuredBalancedAccuracy(LogicKind kind, ReferringStyle style, double measured)
    {
        var evaluation = new ReferringEvaluation { Logic = LogicOptions.Default with { Kind = kind }, Style = style, Perception = ReferringPerception.Pixels };
        ReferringSummary s = ReferringSummary.Of([.. evaluation.Evaluate(Items.Value, Scenes.Value)]);
        Assert.Equal(13_032, s.Total);
        Assert.Equal(0, s.Failures);
        Assert.InRange(s.BalancedAccuracy, measured - 0.005, 1.0);
        Assert.InRange(s.Tnr, 0.9, 1.0);
    }
}

public class ReferringDiagnosisTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ReferringStyle.Viro, LogicKind.Godel)]
    [InlineData(ReferringStyle.Neptune, LogicKind.Godel)]
    [InlineData(ReferringStyle.Viro, LogicKind.Crisp)]
    [InlineData(ReferringStyle.Neptune, LogicKind.Crisp)]
    public void DevSet_FromPixels_Explain_GivesEveryMissAPerceptionCause(ReferringStyle style, LogicKind kind)
    {
        var evaluation = new ReferringEvaluation
        {
            Style = style, Logic = LogicOptions.Default with { Kind = kind }, Perception = ReferringPerception.Pixels, Explain = true,
        };
        List<ReferringRow> rows = [.. evaluation.Evaluate(ReferringDevSetTests.Items.Value, ReferringDevSetTests.Scenes.Value)];
        ReferringSummary s = ReferringSummary.Of(rows);
        output.WriteLine(FormattableString.Invariant(
            $"accuracy {s.Accuracy:P2} TPR {s.Tpr:P2} TNR {s.Tnr:P2} balanced {s.BalancedAccuracy:P2} mean IoU {s.MeanIou:F3} failures {s.Failures}"));
        output.WriteLine("early exits: " + string.Join(", ", s.EarlyExits.Select(e => $"{e.Key} {e.Value}")));
        output.WriteLine(FormattableString.Invariant(
            $"wrong: {rows.Count(r => !r.Correct && r.Expected.Count > 0)} target-present ({rows.Count(r => !r.Correct && r.Expected.Count > 0 && r.PredictedNoTarget)} abstained), {rows.Count(r => !r.Correct && r.Expected.Count == 0)} no-target answered with a box"));
        output.WriteLine("templates (TPR / TNR): " + string.Join(", ", rows.GroupBy(r => r.Template).OrderBy(g => g.Key).Select(g =>
            FormattableString.Invariant($"{g.Key} {g.Count(r => r.Expected.Count > 0 && r.Correct) / (double)g.Count(r => r.Expected.Count > 0):P1} / {g.Count(r => r.Expected.Count == 0 && r.Correct) / (double)g.Count(r => r.Expected.Count == 0):P1}"))));
        foreach (var (cause, count) in s.Causes.OrderByDescending(c => c.Value))
        {
            output.WriteLine($"{cause}: {count} ({rows.Count(r => r.Cause == cause && r.Expected.Count > 0)} target-present, {rows.Count(r => r.Cause == cause && r.Expected.Count == 0)} no-target)");
        }

        foreach (var (detail, count) in rows.Where(r => r.CauseDetail is not null)
            .SelectMany(r => r.CauseDetail!.Split(", ").Select(d => $"{r.Cause} {d}"))
            .GroupBy(d => d).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).Take(30))
        {
            output.WriteLine($"  {detail}: {count}");
        }

        // Every wrong row has a cause, every right row none; and none lies in the translation (the annotations answer right).
        Assert.All(rows, r => Assert.Equal(r.Correct, r.Cause is null));
        Assert.Equal(s.Total - s.Correct, s.Causes.Values.Sum());
        Assert.False(s.Causes.ContainsKey(ReferringDiagnosis.Translation));
    }
}

public class OperatorTranslationTests
{
    [Fact]
    public void TranslateOperators_Union_WritesNoOperatorLinesForItsBranches()
    {
        // "the cubes or the red things": both branches are written in soft logic inside the union, so no operator
        // line for a branch can end the run when only that branch is empty.
        ClevrProgramNode[] program =
        [
            new(ClevrFunction.Scene, [], []),
            new(ClevrFunction.FilterShape, [0], ["cube"]),
            new(ClevrFunction.Scene, [], []),
            new(ClevrFunction.FilterColor, [2], ["red"]),
            new(ClevrFunction.Union, [1, 3], []),
        ];
        string source = Neptune.Clevr.Translation.ClevrProgramTranslator.TranslateOperators(program);
        Assert.DoesNotContain("FIND(", source, StringComparison.Ordinal);
        Assert.DoesNotContain("PROPERTY(", source, StringComparison.Ordinal);
        Assert.EndsWith("FINAL_RESULT = RESULT(object=SET_4)\n", source, StringComparison.Ordinal);
    }

    [Fact]
    public void TranslateOperators_WritesViroShape()
    {
        ClevrProgramNode[] program =
        [
            new(ClevrFunction.Scene, [], []),
            new(ClevrFunction.FilterShape, [0], ["sphere"]),
            new(ClevrFunction.FilterOrdinal, [1], ["the second one of the", "from front"]),
            new(ClevrFunction.Unique, [2], []),
            new(ClevrFunction.Relate, [3], ["left"]),
            new(ClevrFunction.FilterColor, [4], ["red"]),
        ];
        string source = Neptune.Clevr.Translation.ClevrProgramTranslator.TranslateOperators(program);
        Assert.Equal("""
            OBJECTS = FIND(object_name='object')
            SET_1 = FIND(object_name='sphere')
            SET_2 = ORDER(object=SET_1, criteria='front', rank=2)
            SET_4 = FIND_DIRECTION(object=OBJECTS, reference_object=SET_2, criteria='left')
            SET_5 = PROPERTY(object=SET_4, value='red')
            FINAL_RESULT = RESULT(object=SET_5)

            """.Replace("\r", string.Empty, StringComparison.Ordinal), source);
        Assert.Equal(Neptune.Language.ProgramShape.ResultAssignment, new Neptune.Language.ProgramEngine().Prepare(source).Shape);
    }
}
