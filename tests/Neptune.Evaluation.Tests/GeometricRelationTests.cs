using System.Text.Json;
using Neptune.Clevr;
using Neptune.Evaluation.Pixels;
using Neptune.Evaluation.Results;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Evaluation.Tests;

public sealed class GeometricRelationTests
{
    private static readonly Lazy<ClevrSceneSet> Scenes = new(() => ClevrSceneReader.LoadAll(TestData.ScenesPath));

    private static string RefexpsPath =>
        Path.Combine(ClevrDataFiles.LocateDataDirectory(AppContext.BaseDirectory), "..", "clevr_ref", "clevr_ref_train1000_dev.json");

    [Theory]
    [InlineData("Is the object in the red box left of the object in the green box?", SpatialRelation.Left, 0, 1)]
    [InlineData("Is the object in the green box to the right of the object in the red box?", SpatialRelation.Right, 1, 0)]
    [InlineData("is the object in the red box above the object in the green box ?", SpatialRelation.Above, 0, 1)]
    [InlineData("Is the object in the red box below the object in the blue box?", SpatialRelation.Below, 0, 2)]
    [InlineData("Is the object in the red box in front of the object in the green box?", SpatialRelation.Front, 0, 1)]
    [InlineData("Is  the object in the red box behind the object in the green box?", SpatialRelation.Behind, 0, 1)]
    public void TryParseRelation_PlainRelationQuestion_NamesRelationAndSlots(string question, SpatialRelation relation, int subject, int reference)
    {
        Assert.True(GeometricRelationPerception.TryParseRelation(question, out SpatialRelation r, out int s, out int f));
        Assert.Equal((relation, subject, reference), (r, s, f));
    }

    [Theory]
    [InlineData("Is the object in the red box a cube?")]
    [InlineData("Is the object in the red box a red cube left of the object in the green box?")]
    [InlineData("Is the object in the red box left of the object in the red box?")]
    [InlineData("Is the object in the red box left of or behind the object in the green box?")]
    [InlineData("Is the object in the red box to the above of the object in the green box?")]
    [InlineData("Does the object in the red box have the same color as the object in the green box?")]
    public void TryParseRelation_AnythingMore_IsNotRouted(string question) =>
        Assert.False(GeometricRelationPerception.TryParseRelation(question, out _, out _, out _));

    [Theory]
    [InlineData("left")]
    [InlineData("right")]
    [InlineData("front")]
    [InlineData("behind")]
    public async Task ScoreAsync_RelationQuestion_AnswersFromGeometryWithoutAskingThePerception(string name)
    {
        var world = new SceneWorld(Scenes.Value[0]);
        QuestionPerception view = QuestionPerception.For(world);
        var routed = new GeometricRelationPerception(view);

        SoftTensor fromGeometry = await routed.ScoreAsync(ClevrQuestions.Relation(name), ["x", "y"], CancellationToken.None);

        Assert.Equal(0, view.Calls.VlmRequests);
        Assert.Equal(0, view.Calls.RoundTrips);
        Assert.Equal(1, routed.RoutedCalls);
        // Exact scene annotations: the scene's own relations, so the answer is the one the perception gives.
        SoftTensor asked = await world.ScoreAsync(ClevrQuestions.Relation(name), ["x", "y"], CancellationToken.None);
        Assert.Equal(asked.ToArray(), fromGeometry.ToArray());
        Assert.Equal(asked.Variables, fromGeometry.Variables);
    }

    [Fact]
    public async Task ScoreAsync_SwappedBoxes_ScoresTheRelationTheOtherWayRound()
    {
        var world = new SceneWorld(Scenes.Value[0]);
        var routed = new GeometricRelationPerception(world);
        int n = world.Objects.Count;

        float[] leftOf = (await routed.ScoreAsync("Is the object in the red box left of the object in the green box?", ["x", "y"], CancellationToken.None)).ToArray();
        float[] rightOfSwapped = (await routed.ScoreAsync("Is the object in the green box right of the object in the red box?", ["x", "y"], CancellationToken.None)).ToArray();

        Assert.Equal(leftOf, rightOfSwapped);
        for (int a = 0; a < n; a++)
        {
            Assert.Equal(0f, leftOf[(a * n) + a]);
        }
    }

    [Fact]
    public async Task ScoreAsync_OtherQuestions_GoToThePerception()
    {
        var world = new SceneWorld(Scenes.Value[0]);
        QuestionPerception view = QuestionPerception.For(world);
        var routed = new GeometricRelationPerception(view);

        await routed.ScoreAsync(ClevrQuestions.Attribute("red"), ["x"], CancellationToken.None);

        Assert.Equal(world.Objects.Count, view.Calls.ScoredTuples);
        Assert.Equal(0, routed.RoutedCalls);
    }

    [Fact]
    public void Resolve_Relations_DefaultToPerceptionForQuestionsAndGeometryForReferringExpressions()
    {
        var vqa = new EvaluationConfig { Questions = TestData.QuestionsPath, Scenes = TestData.ScenesPath, Out = "o" };
        var rec = new EvaluationConfig { Task = "rec", Refexps = RefexpsPath, Scenes = TestData.ScenesPath, Out = "o" };

        Assert.False(vqa.Resolve().GeometricRelations);
        Assert.True(rec.Resolve().GeometricRelations);
        Assert.True((vqa with { Relations = "geometry" }).Resolve().GeometricRelations);
        Assert.False((rec with { Relations = "perception" }).Resolve().GeometricRelations);
        var e = Assert.Throws<EvaluationConfigException>(() => (vqa with { Relations = "boxes" }).Resolve());
        Assert.Contains("relations", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_GeometricRelations_SameAnswersWithFewerRequests()
    {
        string asked = TestData.NewDirectory();
        string routed = TestData.NewDirectory();
        EvaluationSummary perception = await new EvaluationRunner(TestData.Settings(asked)).RunAsync();
        EvaluationSummary geometry = await new EvaluationRunner(TestData.Settings(routed) with { GeometricRelations = true }).RunAsync();

        Assert.Equal(perception.Total, geometry.Total);
        Assert.Equal(perception.Correct, geometry.Correct);
        Assert.True(geometry.Calls.VlmRequests < perception.Calls.VlmRequests, $"{geometry.Calls.VlmRequests} vs {perception.Calls.VlmRequests}");
        using JsonDocument run = JsonDocument.Parse(File.ReadAllText(Path.Combine(routed, EvaluationFiles.Run)));
        Assert.Equal("geometry", run.RootElement.GetProperty("relations").GetString());
        using JsonDocument plain = JsonDocument.Parse(File.ReadAllText(Path.Combine(asked, EvaluationFiles.Run)));
        Assert.False(plain.RootElement.TryGetProperty("relations", out _));
    }
}
