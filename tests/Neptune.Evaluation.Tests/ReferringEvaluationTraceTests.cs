using Neptune.Clevr;
using Neptune.Evaluation.Referring;

namespace Neptune.Evaluation.Tests;

/// <summary>The hooks the demo uses: perceptions supplied by the caller, and each row's program and trace.</summary>
public class ReferringEvaluationTraceTests
{
    private static readonly Lazy<ClevrSceneSet> Scenes = new(() => ClevrSceneReader.LoadAll(TestData.SharedScenes));

    private static readonly string[] Colors = ["gray", "red", "blue", "green", "brown", "purple", "cyan", "yellow"];

    /// <summary>"The {absent colour} thing(s)" and "The {present colour} thing(s)" on scene 0.</summary>
    private static (ClevrRefexp Absent, ClevrRefexp Present) Items()
    {
        ClevrScene scene = Scenes.Value.GetByImageIndex(0);
        string absent = Colors.First(c => scene.Objects.All(o => o.Color != c));
        string present = scene.Objects[0].Color;
        ClevrRefexp Item(string color, int index) => new()
        {
            Refexp = $"The {color} thing(s)",
            Program = [new(ClevrFunction.Scene, [], []), new(ClevrFunction.FilterColor, [0], [color])],
            Answer = [.. Enumerable.Range(0, scene.Objects.Count).Where(i => scene.Objects[i].Color == color)],
            NoTarget = color == absent,
            ImageIndex = 0,
            TemplateFilename = "zero_hop.json",
            FamilyIndex = 0,
            RefexpIndex = index,
        };
        return (Item(absent, 0), Item(present, 1));
    }

    [Fact]
    public void Trace_KeepsTheProgramAndTheAbstainingOperatorWithItsReason()
    {
        var (absent, present) = Items();
        var evaluation = new ReferringEvaluation { Style = ReferringStyle.Viro, Trace = true };

        ReferringRow none = evaluation.Evaluate(absent, Scenes.Value);
        Assert.True(none.Correct);
        Assert.True(none.PredictedNoTarget);
        Assert.Contains("PROPERTY(object=OBJECTS, value=", none.Program, StringComparison.Ordinal);
        Assert.NotNull(none.Trace);
        Assert.Equal("PROPERTY", none.Trace.Abstention?.Operator);
        Assert.Equal(none.AbstainedOperator, none.Trace.Abstention?.Operator);
        Assert.Equal(2, none.Trace.Abstention?.Line);
        Assert.Equal(none.Trace.Abstention?.Reason, none.NoTargetReason);
        Assert.NotEmpty(none.Trace.Events);

        ReferringRow found = evaluation.Evaluate(present, Scenes.Value);
        Assert.True(found.Correct);
        Assert.Null(found.Trace?.Abstention);
        Assert.Null(found.NoTargetReason);
        Assert.NotNull(found.Confidence);
    }

    [Fact]
    public void NoTrace_RowsCarryNone()
    {
        var (absent, _) = Items();
        ReferringRow row = new ReferringEvaluation { Style = ReferringStyle.Viro }.Evaluate(absent, Scenes.Value);
        Assert.Null(row.Trace);
        Assert.Equal("PROPERTY", row.AbstainedOperator);
    }

    [Fact]
    public void Worlds_TheCallersPerceptionIsUsed_OncePerScene()
    {
        var (absent, present) = Items();
        int calls = 0;
        var evaluation = new ReferringEvaluation
        {
            Style = ReferringStyle.Neptune,
            Worlds = scene =>
            {
                Interlocked.Increment(ref calls);
                return new SceneWorld(scene);
            },
        };

        Assert.True(evaluation.Evaluate(absent, Scenes.Value).Correct);
        Assert.True(evaluation.Evaluate(present, Scenes.Value).Correct);
        Assert.Equal(1, calls);
    }
}
