using System.Text.Json;
using Neptune.Clevr;
using Neptune.Evaluation.Pixels;
using Neptune.Evaluation.Results;
using Neptune.Language;
using Neptune.Logic;

namespace Neptune.Evaluation.Tests;

public sealed class LazyEvaluationTests
{
    [Theory]
    [InlineData(PerceptionKind.Scene, LogicKind.Godel, false)]
    [InlineData(PerceptionKind.Scene, LogicKind.Product, false)]
    [InlineData(PerceptionKind.Scene, LogicKind.Lukasiewicz, false)]
    [InlineData(PerceptionKind.Scene, LogicKind.Crisp, false)]
    [InlineData(PerceptionKind.Scene, LogicKind.Godel, true)]
    [InlineData(PerceptionKind.Pixels, LogicKind.Godel, false)]
    [InlineData(PerceptionKind.Pixels, LogicKind.Product, true)]
    public async Task RunAsync_Lazy_SameAnswersAsEagerWithFewerScoredTuples(PerceptionKind perception, LogicKind logic, bool geometricRelations)
    {
        string eagerDir = TestData.NewDirectory();
        string lazyDir = TestData.NewDirectory();
        EvaluationSettings settings = TestData.Settings(eagerDir) with
        {
            Perception = perception,
            Logic = logic,
            GeometricRelations = geometricRelations,
            Noise = perception == PerceptionKind.Scene ? new NoiseOptions { Seed = 3, Spread = 0.3, FlipRate = 0.05 } : NoiseOptions.None,
        };
        EvaluationSummary eager = await new EvaluationRunner(settings).RunAsync();
        EvaluationSummary lazy = await new EvaluationRunner(settings with { OutputDirectory = lazyDir, Evaluation = EvaluationMode.Lazy }).RunAsync();

        Dictionary<string, string> eagerAnswers = Answers(eagerDir);
        Dictionary<string, string> lazyAnswers = Answers(lazyDir);
        Assert.Equal(eagerAnswers.Count, lazyAnswers.Count);
        foreach (var (id, answer) in eagerAnswers)
        {
            Assert.True(answer == lazyAnswers[id], $"question {id}: eager {answer}, lazy {lazyAnswers[id]}");
        }

        Assert.Equal(eager.Correct, lazy.Correct);
        Assert.True(lazy.Calls.ScoredTuples < eager.Calls.ScoredTuples * 0.8, $"lazy {lazy.Calls.ScoredTuples} vs eager {eager.Calls.ScoredTuples} tuples");
        using JsonDocument run = JsonDocument.Parse(File.ReadAllText(Path.Combine(lazyDir, EvaluationFiles.Run)));
        Assert.Equal("lazy", run.RootElement.GetProperty("evaluation").GetString());
        using JsonDocument plain = JsonDocument.Parse(File.ReadAllText(Path.Combine(eagerDir, EvaluationFiles.Run)));
        Assert.False(plain.RootElement.TryGetProperty("evaluation", out _));
    }

    [Theory]
    [InlineData(PerceptionKind.Scene)]
    [InlineData(PerceptionKind.Pixels)]
    public async Task RunAsync_Prefetch_SameAnswersAsEagerInFewerRoundTrips(PerceptionKind perception)
    {
        string eagerDir = TestData.NewDirectory();
        string prefetchDir = TestData.NewDirectory();
        EvaluationSettings settings = TestData.Settings(eagerDir) with { Perception = perception };
        EvaluationSummary eager = await new EvaluationRunner(settings).RunAsync();
        EvaluationSummary prefetch = await new EvaluationRunner(settings with { OutputDirectory = prefetchDir, Evaluation = EvaluationMode.Prefetch }).RunAsync();

        Assert.Equal(Answers(eagerDir), Answers(prefetchDir));
        Assert.Equal(eager.Correct, prefetch.Correct);
        // The literal score() calls of a program are issued together: one round trip for all of them.
        Assert.True(prefetch.Calls.RoundTrips < eager.Calls.RoundTrips, $"prefetch {prefetch.Calls.RoundTrips} vs eager {eager.Calls.RoundTrips} round trips");
        Assert.True(prefetch.Calls.ScoredTuples >= eager.Calls.ScoredTuples);
        Assert.Equal(0, eager.Calls.SpeculativeCalls);
        Assert.True(prefetch.Calls.ScoredTuples - eager.Calls.ScoredTuples <= prefetch.Calls.SpeculativeCalls,
            $"{prefetch.Calls.ScoredTuples - eager.Calls.ScoredTuples} extra tuples, {prefetch.Calls.SpeculativeCalls} counted speculative");
    }

    [Fact]
    public async Task ScoreTuplesAsync_ChosenCells_CountsOnlyDistinctTuplesAndOneRoundTrip()
    {
        var world = new SceneWorld(ClevrSceneReader.LoadAll(TestData.ScenesPath)[0]);
        QuestionPerception view = QuestionPerception.For(world);
        int n = world.Objects.Count;
        string left = ClevrQuestions.Relation(ClevrRelation.Left);

        float[] none = await view.ScoreTuplesAsync(left, ["x", "y"], ReadOnlyMemory<int>.Empty, CancellationToken.None);
        float[] some = await view.ScoreTuplesAsync(left, ["x", "y"], new[] { 1, n + 1, 2 * n }, CancellationToken.None);
        SoftTensor all = await world.ScoreAsync(left, ["x", "y"], CancellationToken.None);

        Assert.Empty(none);
        Assert.Equal([all.Values[1], 0f, all.Values[2 * n]], some);
        Assert.Equal(2, view.Calls.ScoredTuples);
        Assert.Equal(1, view.Calls.RoundTrips);
        await Assert.ThrowsAsync<Neptune.Perception.PerceptionException>(async () =>
            await view.ScoreTuplesAsync("What is this?", ["x"], ReadOnlyMemory<int>.Empty, CancellationToken.None));
    }

    private static Dictionary<string, string> Answers(string dir) =>
        File.ReadLines(Path.Combine(dir, EvaluationFiles.Results))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(r => r.GetProperty("id").ToString(), r => r.GetProperty("predicted").ToString() + "|" + r.GetProperty("failure_kind").ToString());
}
