using Neptune.Language.Syntax;
using Neptune.Language.Library;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Language.Tests;

/// <summary>Objects with boxes and words; "Is the object in the red box … WORD?" scores 0.9 when the object has WORD, else 0.1.</summary>
internal class BoxScene(params (BoundingBox Box, string Words, float Confidence)[] objects) : IScenePerception
{
    public int ScoreCalls { get; private set; }

    public IReadOnlyList<DetectedObject> Objects { get; } =
        objects.Select((o, i) => new DetectedObject(i, o.Box, "object", o.Confidence)).ToArray();

    public ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken)
    {
        ScoreCalls++;
        string word = question.Replace("Is the object in the red box ", string.Empty, StringComparison.Ordinal).TrimEnd('?')
            .Replace("a ", string.Empty, StringComparison.Ordinal).Replace("an ", string.Empty, StringComparison.Ordinal);
        var v = objects.Select(o => o.Words.Split(' ').Contains(word) ? 0.9f : 0.1f).ToArray();
        return ValueTask.FromResult(SoftTensor.Create(variables, v.Length, v));
    }

    public ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken) =>
        ValueTask.FromResult(objects[objectIndex].Words);

    public static (BoundingBox, string, float) At(float left, float top, float size, string words, float confidence = 1f) =>
        (new BoundingBox(left, top, left + size, top + size), words, confidence);
}

/// <summary>A <see cref="BoxScene"/> with a 300×300 image, depths, and its own "left of" (reversed, to tell it from boxes).</summary>
internal sealed class GeometryScene((BoundingBox Box, string Words, float Confidence)[] objects, float[] depths) : BoxScene(objects), ISceneGeometry
{
    public int ImageWidth => 300;

    public int ImageHeight => 300;

    public ObjectPlacement PlacementOf(int objectIndex)
    {
        BoundingBox b = Objects[objectIndex].Box;
        return new ObjectPlacement(b.CenterX, b.CenterY, depths[objectIndex]);
    }

    public float RelationProbability(SpatialRelation relation, int subject, int reference) =>
        relation == SpatialRelation.Left ? (Objects[subject].Box.CenterX > Objects[reference].Box.CenterX ? 1f : 0f) : float.NaN;
}

public class ReferringTests
{
    // 0: red cube at the left, 1: blue cube in the middle, 2: red sphere at the right, 3: small red cube inside 1.
    private static BoxScene Scene() => new(
        BoxScene.At(10, 100, 40, "red cube"),
        BoxScene.At(130, 100, 40, "blue cube"),
        BoxScene.At(250, 100, 40, "red sphere"),
        BoxScene.At(140, 110, 10, "red cube"));

    private static RunOptions On(IScenePerception scene, ReferringOptions? referring = null) =>
        new() { Perception = scene, Trace = true, Referring = referring };

    private static ReferringResult Refer(string program, IScenePerception scene, ReferringOptions? referring = null)
    {
        RunResult r = Support.Run(program, On(scene, referring));
        Assert.True(r.Succeeded, r.Error?.FirstLine);
        return ReferringResult.FromValue(r.Value, scene.Objects, LogicOptions.Default.CrispThreshold);
    }

    [Fact]
    public void ViroShape_RunsAsIs_AndReturnsEveryReferent()
    {
        const string program = """
            CUBES = FIND(object_name='cube')
            RED = PROPERTY(object=CUBES, value='red')
            FINAL_RESULT = RESULT(object=RED)
            """;
        Assert.Equal(ProgramShape.ResultAssignment, Support.Engine.Prepare(program).Shape);
        ReferringResult r = Refer(program, Scene());
        Assert.False(r.NoTarget);
        Assert.Equal([0, 3], r.Objects);
        Assert.Equal([Scene().Objects[0].Box, Scene().Objects[3].Box], r.Boxes);
    }

    [Fact]
    public void Find_NothingVerified_EndsTheRunWithNoTargetAndRecordsTheOperator()
    {
        const string program = """
            CONES = FIND(object_name='cone')
            BAD = 1 / 0
            FINAL_RESULT = RESULT(object=CONES)
            """;
        RunResult run = Support.Run(program, On(Scene()));
        Assert.True(run.Succeeded, run.Error?.FirstLine);
        var none = Assert.IsType<PyNoTarget>(run.Value);
        Assert.Equal("FIND", none.Operator);
        Assert.Contains("'cone'", none.Reason, StringComparison.Ordinal);
        Assert.Equal(new TraceAbstention("FIND", none.Reason, 1), run.Trace!.Abstention);
        ReferringResult r = ReferringResult.FromValue(run.Value, Scene().Objects, 0.5f);
        Assert.True(r.NoTarget);
        Assert.Equal("FIND", r.AbstainedOperator);
    }

    [Fact]
    public void Abstention_CannotBeCaughtByTheProgram()
    {
        const string program = """
            try:
                s = FIND(object_name='cone')
            except Exception:
                return 7
            return s
            """;
        Assert.IsType<PyNoTarget>(Support.Run(program, On(Scene())).Value);
    }

    [Fact]
    public void Find_SkipsDetectionsBelowTheDetectorThreshold()
    {
        var scene = new BoxScene(BoxScene.At(10, 10, 20, "cube", 0.9f), BoxScene.At(100, 10, 20, "cube", 0.1f));
        Assert.Equal([0], Refer("return FIND(object_name='cube')", scene).Objects);
        Assert.Equal([0, 1], Refer("return FIND(object_name='cube')", scene,
            new ReferringOptions { Settings = new VerificationSettings { DetectorThreshold = 0.05f } }).Objects);
    }

    [Fact]
    public void Find_PerLabelThreshold_RejectsScoresBelowIt()
    {
        var strict = new ReferringOptions
        {
            Settings = new VerificationSettings { LabelThresholds = new Dictionary<string, float> { ["Cube"] = 0.95f } },
        };
        ReferringResult r = Refer("return FIND(object_name='cube')", Scene(), strict);
        Assert.True(r.NoTarget);
        Assert.Equal("FIND", r.AbstainedOperator);
        Assert.Equal([0, 2, 3], Refer("return FIND(object_name='red')", Scene(), strict).Objects);
    }

    [Fact]
    public void Find_GenericNoun_IsEveryDetectionWithoutAVerifierCall()
    {
        BoxScene scene = Scene();
        Assert.Equal([0, 1, 2, 3], Refer("return FIND(object_name='thing')", scene).Objects);
        Assert.Equal(0, scene.ScoreCalls);
    }

    [Fact]
    public void Property_CombinesVerifierAndDetectorScores()
    {
        // Verifier 0.9 for red, detector 0.3: 0.8·0.9 + 0.2·0.3 = 0.78 (kept at δ 0.75); blue: 0.8·0.1 + 0.2·1 = 0.28.
        var scene = new BoxScene(BoxScene.At(10, 10, 20, "red cube", 0.3f), BoxScene.At(100, 10, 20, "blue cube"));
        var options = new ReferringOptions { Settings = new VerificationSettings { VerifierThreshold = 0.75f } };
        Assert.Equal([0], Refer("return PROPERTY(object=FIND(object_name='thing'), value='red')", scene, options).Objects);
        var stricter = new ReferringOptions { Settings = new VerificationSettings { VerifierThreshold = 0.79f } };
        Assert.Equal("PROPERTY", Refer("return PROPERTY(object=FIND(object_name='thing'), value='red')", scene, stricter).AbstainedOperator);
    }

    [Fact]
    public void FindDirection_KeepsCandidatesWithAtLeastOneDistinctReference()
    {
        Assert.Equal([0, 3], Refer("return FIND_DIRECTION(object=FIND(object_name='red'), reference_object=FIND(object_name='blue'), criteria='left')", Scene()).Objects);
        Assert.Equal([0, 3], Refer("return FIND_DIRECTION(object=FIND(object_name='cube'), reference_object=FIND(object_name='cube'), criteria='left')", Scene()).Objects);
        ReferringResult none = Refer("return FIND_DIRECTION(object=FIND(object_name='sphere'), reference_object=FIND(object_name='cube'), criteria='left')", Scene());
        Assert.Equal("FIND_DIRECTION", none.AbstainedOperator);
    }

    [Fact]
    public void FindDirection_UsesTheScenesOwnRelationsWhenItHasThem()
    {
        var scene = new GeometryScene([BoxScene.At(10, 10, 20, "cube"), BoxScene.At(200, 10, 20, "sphere")], [5f, 9f]);
        // The scene's own "left" is reversed: the cube (object 0) is not left of the sphere there.
        Assert.Equal("FIND_DIRECTION", Refer("return FIND_DIRECTION(object=FIND(object_name='cube'), reference_object=FIND(object_name='sphere'), criteria='left')", scene).AbstainedOperator);
        // The geometric primitive uses the boxes.
        Assert.Equal("1", Support.Value("return round(is_left_of().prob(0, 1))", On(scene)));
    }

    [Fact]
    public void FindInside_RejectsPairsWithoutIntersection()
    {
        Assert.Equal([3], Refer("return FIND_INSIDE(object=FIND(object_name='red'), reference_object=FIND(object_name='blue'))", Scene()).Objects);
        Assert.Equal("FIND_INSIDE", Refer("return FIND_INSIDE(object=FIND(object_name='sphere'), reference_object=FIND(object_name='blue'))", Scene()).AbstainedOperator);
    }

    [Fact]
    public void FindNear_KeepsTouchingBoxesAndRejectsFarOnes()
    {
        Assert.Equal([3], Refer("return FIND_NEAR(object=FIND(object_name='red'), reference_object=FIND(object_name='blue'))", Scene()).Objects);
        Assert.Equal("FIND_NEAR", Refer("return FIND_NEAR(object=FIND(object_name='sphere'), reference_object=FIND(object_name='blue'))", Scene()).AbstainedOperator);
    }

    [Fact]
    public void Order_CountsFromEitherSide_TiesKeepObjectOrder()
    {
        // Objects 1 and 3 have centres 150 and 145; 0 at 30, 2 at 270.
        Assert.Equal([3], Refer("return ORDER(object=FIND(object_name='thing'), criteria='left', rank=2)", Scene()).Objects);
        Assert.Equal([1], Refer("return ORDER(object=FIND(object_name='thing'), criteria='right', rank=2)", Scene()).Objects);
        Assert.Equal("ORDER", Refer("return ORDER(object=FIND(object_name='sphere'), criteria='left', rank=2)", Scene()).AbstainedOperator);
        var tie = new BoxScene(BoxScene.At(10, 10, 20, "cube"), BoxScene.At(10, 50, 20, "cube"));
        Assert.Equal([0], Refer("return nth_from(FIND(object_name='cube'), 'left', 1)", tie).Objects);
        Assert.Equal([1], Refer("return nth_from(FIND(object_name='cube'), 'right', 1)", tie).Objects);
        Assert.True(Refer("return nth_from(FIND(object_name='cube'), 'left', 3)", tie).NoTarget);
    }

    [Fact]
    public void Locate_ThirdsOfTheImageAndExtremes()
    {
        Assert.Equal([0], Refer("return LOCATE(object=FIND(object_name='thing'), position='on the left')", Scene()).Objects);
        Assert.Equal([1, 3], Refer("return LOCATE(object=FIND(object_name='thing'), position='middle')", Scene()).Objects);
        Assert.Equal([1], Refer("return LOCATE(object=FIND(object_name='cube'), position='outmost right')", Scene()).Objects);
        Assert.Equal([0], Refer("return LOCATE(object=FIND(object_name='thing'), position='9 o clock')", Scene()).Objects);
        ProgramError e = Support.Error("return LOCATE(object=FIND(object_name='thing'), position='sideways')", On(Scene()));
        Assert.Equal("ValueError", e.Kind);
        Assert.Contains("unknown position 'sideways'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Size_SplitsAtTheMidpointArea()
    {
        Assert.Equal([0, 1, 2], Refer("return SIZE(object=FIND(object_name='thing'), criteria='big')", Scene()).Objects);
        Assert.Equal([3], Refer("return SIZE(object=FIND(object_name='thing'), criteria='small')", Scene()).Objects);
        Assert.Equal([3], Refer("return size_rank(FIND(object_name='thing'), 'small')", Scene()).Objects);
    }

    [Fact]
    public void Depth_OperatorsUseTheDepthSource()
    {
        var scene = new GeometryScene(
            [BoxScene.At(10, 10, 20, "cube"), BoxScene.At(100, 10, 20, "cube"), BoxScene.At(200, 10, 20, "sphere")], [7f, 3f, 5f]);
        Assert.Equal([1], Refer("return ABSOLUTE_DEPTH(object=FIND(object_name='cube'), criteria='front')", scene).Objects);
        Assert.Equal([0], Refer("return ABSOLUTE_DEPTH(object=FIND(object_name='cube'), criteria='behind')", scene).Objects);
        Assert.Equal([1], Refer("return RELATIVE_DEPTH(object=FIND(object_name='cube'), reference_object=FIND(object_name='sphere'), criteria='front')", scene).Objects);
        Assert.Equal([1], Refer("return nth_from(everything(), 'front', 1)", scene).Objects);
        Assert.Equal("3.0", Support.Value("return depth_of(1)", On(scene)));
    }

    [Fact]
    public void Depth_RelativeDepthWithNoCandidateOnThatSide_AbstainsWithNoTarget()
    {
        // One cube at depth 3 and one sphere at depth 5: the sphere is behind the cube, never in front of it.
        var scene = new GeometryScene([BoxScene.At(10, 10, 20, "cube"), BoxScene.At(100, 10, 20, "sphere")], [3f, 5f]);

        var none = Refer("return RELATIVE_DEPTH(object=FIND(object_name='sphere'), reference_object=FIND(object_name='cube'), criteria='front')", scene);
        var behind = Refer("return RELATIVE_DEPTH(object=FIND(object_name='sphere'), reference_object=FIND(object_name='cube'), criteria='behind')", scene);

        Assert.True(none.NoTarget);
        Assert.Equal("RELATIVE_DEPTH", none.AbstainedOperator);
        Assert.Equal([1], behind.Objects);
    }

    [Fact]
    public void Depth_WithoutADepthSource_IsTheBottomEdgeCue()
    {
        // Bottoms at 140, 140, 140, 120; the image extent is 140 high: lower in the picture is nearer.
        Assert.Equal("0.0", Support.Value("return depth_of(0)", On(Scene())));
        Assert.Equal("20.0", Support.Value("return depth_of(3)", On(Scene())));
        Assert.Equal([3], Refer("return ABSOLUTE_DEPTH(object=FIND(object_name='thing'), criteria='behind')", Scene()).Objects);
    }

    [Fact]
    public void GeometryPrimitives_FollowTheirDefinitions()
    {
        BoxScene s = Scene();
        Assert.Equal("(10.0, 100.0, 50.0, 140.0)", Support.Value("return box_of(0)", On(s)));
        Assert.Equal("(30.0, 120.0)", Support.Value("return center_of(0)", On(s)));
        Assert.Equal("1600.0", Support.Value("return area_of(0)", On(s)));
        Assert.Equal("1.0", Support.Value("return is_inside().prob(3, 1)", On(s)));
        Assert.Equal("0.0", Support.Value("return is_inside().prob(1, 3) < 0.1 and 0.0", On(s)));
        Assert.Equal("0.0", Support.Value("return is_left_of().prob(0, 0)", On(s)));
        // Equal centres: exactly 0.5 (on the boundary).
        var twin = new BoxScene(BoxScene.At(10, 10, 20, "cube"), BoxScene.At(10, 10, 20, "cube"));
        Assert.Equal("0.5", Support.Value("return is_left_of().prob(0, 1)", On(twin)));
        Assert.Equal("True", Support.Value("return is_left_of().prob(0, 2) > 0.99 and is_right_of().prob(2, 0) > 0.99 and is_above().prob(3, 0) > 0.85", On(s)));
    }

    [Fact]
    public void VerifiedFind_IntersectsWithASoftScore()
    {
        const string program = """
            cube = FIND(object_name='cube') & score("Is the object in the red box blue?")
            return cube.iota()
            """;
        ReferringResult r = Refer(program, Scene());
        Assert.Equal([1], r.Objects);
    }

    [Fact]
    public void NoTargetValue_ReturnedByTheProgram()
    {
        ReferringResult r = Refer("return no_target('nothing red')", Scene());
        Assert.True(r.NoTarget);
        Assert.Null(r.AbstainedOperator);
        Assert.Equal("nothing red", r.Reason);
        Assert.Equal("False", Support.Value("return bool(no_target())", On(Scene())));
    }

    [Fact]
    public void Result_EmptyFinalSet_IsNoTargetFromResult()
    {
        ReferringResult r = Refer("FINAL_RESULT = RESULT(object=FIND(object_name='cube') & score('Is the object in the red box sphere?'))", Scene());
        Assert.True(r.NoTarget);
        Assert.Equal("RESULT", r.AbstainedOperator);
    }

    [Fact]
    public void FromValue_ReadsEveryKindOfReferent()
    {
        IReadOnlyList<DetectedObject> objects = Scene().Objects;
        RunResult iota = Support.Run("return (FIND(object_name='sphere')).iota()", On(Scene()));
        Assert.Equal([2], ReferringResult.FromValue(iota.Value, objects, 0.5f).Objects);
        Assert.Equal([1, 3], ReferringResult.FromValue(Support.Run("return [3, 1, 3]").Value, objects, 0.5f).Objects);
        Assert.True(ReferringResult.FromValue(Support.Run("return None").Value, objects, 0.5f).NoTarget);
        Assert.Throws<ReferringResultException>(() => ReferringResult.FromValue(Support.Run("return True").Value, objects, 0.5f));
        Assert.Throws<ReferringResultException>(() => ReferringResult.FromValue(Support.Run("return 9").Value, objects, 0.5f));
        RunResult degenerate = Support.Run("return (everything() & score('Is the object in the red box cone?') & ~everything()).iota()", On(Scene()));
        Assert.True(ReferringResult.FromValue(degenerate.Value, objects, 0.5f).NoTarget);
    }

    [Fact]
    public void Validator_OperatorProgram_ResultOnlyInTheLastLine()
    {
        const string program = "A = FIND(object_name='cube')\nB = RESULT(object=A)\nFINAL_RESULT = RESULT(object=A)";
        Support.AssertDiagnostic(program, "NPT2018", 2, 5);
        Diagnostic d = Support.Single(program);
        Assert.Contains("in the last line 'FINAL_RESULT = RESULT(object=VAR)'", d.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_OperatorProgram_EachVariableDefinedOnce()
    {
        Support.AssertDiagnostic("A = FIND(object_name='cube')\nA = PROPERTY(object=A, value='red')\nFINAL_RESULT = RESULT(object=A)", "NPT2019", 2, 1);
        Support.AssertDiagnostic("A = FIND(object_name='cube')\nFINAL_RESULT = RESULT(object=B)", "NPT2005", 2, 30);
        Support.AssertDiagnostic("A = FIND(object_name='cube')\nFINAL_RESULT = RESULT(object=A, value='red')", "NPT2011", 2, 33);
        Support.AssertDiagnostic("A = FIND()\nFINAL_RESULT = RESULT(object=A)", "NPT2012", 1, 5);
        // Body programs keep Python's rules: reassignment is fine there.
        Support.AssertValid("a = FIND(object_name='cube')\na = PROPERTY(object=a, value='red')\nreturn a");
    }

    [Fact]
    public void Validator_ChecksOperatorCriteriaAndRank()
    {
        Support.AssertDiagnostic("FINAL_RESULT = RESULT(object=ORDER(object=FIND(object_name='cube'), criteria='up', rank=1))", "NPT2013", 1, 78);
        Support.AssertDiagnostic("FINAL_RESULT = RESULT(object=ORDER(object=FIND(object_name='cube'), criteria='left', rank=0))", "NPT2013", 1, 91);
        Support.AssertDiagnostic("x = FIND(object_name='cube')", "NPT2014", 1, 1);
    }
}
