using Neptune.Perception;

namespace Neptune.Clevr.Tests;

public sealed class NoiseTests
{
    private static readonly string[] Questions =
    [
        ClevrQuestions.Attribute("red"), ClevrQuestions.Attribute("cube"), ClevrQuestions.Attribute("metal"),
        ClevrQuestions.Attribute("small"), ClevrQuestions.Relation("left"), ClevrQuestions.Relation("front"),
        ClevrQuestions.Same("color"), ClevrQuestions.Same("shape"),
    ];

    private static string[] VariablesFor(string question) =>
        question.Contains("green box", StringComparison.Ordinal) ? ["x", "y"] : ["x"];

    private static float[] Score(IScenePerception world, string question) =>
        world.ScoreAsync(question, VariablesFor(question), CancellationToken.None).AsTask().GetAwaiter().GetResult().ToArray();

    [Fact]
    public void ScoreAsync_ZeroNoise_IsExactlyZeroOrOneAndEqualsNoNoise()
    {
        var exact = new SceneWorld(TestData.TrainScenes[2]);
        var zero = new SceneWorld(TestData.TrainScenes[2], new NoiseOptions { Seed = 99, Spread = 0, FlipRate = 0 });
        foreach (string q in Questions)
        {
            float[] scores = Score(zero, q);
            Assert.All(scores, s => Assert.True(s is 0f or 1f));
            Assert.Equal(Score(exact, q), scores);
        }
    }

    [Fact]
    public async Task ScoreAsync_SameSeed_SameScoresRegardlessOfOrderAndThreads()
    {
        var options = new NoiseOptions { Seed = 1234, Spread = 0.25, FlipRate = 0.2 };
        var sequential = new SceneWorld(TestData.TrainScenes[8], options);
        var expected = Questions.ToDictionary(q => q, q => Score(sequential, q));

        var concurrent = new SceneWorld(TestData.TrainScenes[8], options with { });
        var results = new System.Collections.Concurrent.ConcurrentBag<(string Question, float[] Scores)>();
        var work = Enumerable.Range(0, 20).SelectMany(_ => Questions.Reverse()).ToArray();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (q, ct) =>
        {
            var t = await concurrent.ScoreAsync(q, VariablesFor(q), ct);
            results.Add((q, t.ToArray()));
        });

        Assert.Equal(work.Length, results.Count);
        foreach (var (q, scores) in results)
        {
            Assert.Equal(expected[q], scores);
        }

        Assert.Contains(expected.Values.SelectMany(v => v), s => s is > 0f and < 1f);
    }

    [Fact]
    public void ScoreAsync_DifferentSeed_GivesDifferentScores()
    {
        var a = new SceneWorld(TestData.TrainScenes[8], new NoiseOptions { Seed = 1, Spread = 0.2 });
        var b = new SceneWorld(TestData.TrainScenes[8], new NoiseOptions { Seed = 2, Spread = 0.2 });
        Assert.NotEqual(Score(a, ClevrQuestions.Relation("left")), Score(b, ClevrQuestions.Relation("left")));
    }

    [Fact]
    public void ScoreAsync_Paraphrases_ShareTheSameNoise()
    {
        var world = new SceneWorld(TestData.TrainScenes[4], new NoiseOptions { Seed = 7, Spread = 0.3, FlipRate = 0.3 });
        Assert.Equal(Score(world, "Is the object in the red box a sphere?"), Score(world, "Is it a ball?"));
        Assert.Equal(Score(world, "Is the object in the red box shiny?"), Score(world, "Is the object in the red box made of metal?"));
        Assert.Equal(
            Score(world, ClevrQuestions.Relation("behind")),
            Score(world, "Is the object in the red box farther from the camera than the object in the green box?"));
    }

    [Fact]
    public void ScoreAsync_SpreadAndFlipRate_StatisticsWithinBounds()
    {
        const double spread = 0.2, flipRate = 0.1;
        var options = new NoiseOptions { Seed = 2024, Spread = spread, FlipRate = flipRate };
        long cells = 0, flipped = 0;
        double deviationSum = 0;
        foreach (var scene in TestData.TrainScenes.Take(300))
        {
            var noisy = new SceneWorld(scene, options);
            var exact = new SceneWorld(scene);
            int n = scene.Objects.Count;
            foreach (string q in Questions)
            {
                float[] truth = Score(exact, q);
                float[] scores = Score(noisy, q);
                bool pairwise = VariablesFor(q).Length == 2;
                for (int c = 0; c < scores.Length; c++)
                {
                    if (pairwise && c / n == c % n)
                    {
                        Assert.Equal(0f, scores[c]);
                        continue;
                    }

                    Assert.InRange(scores[c], 0f, 1f);
                    cells++;
                    bool shownTrue = scores[c] > 0.5f || (scores[c] == 0.5f && truth[c] == 1f);
                    if (shownTrue != (truth[c] == 1f))
                    {
                        flipped++;
                    }

                    deviationSum += Math.Min(scores[c], 1f - scores[c]);
                }
            }
        }

        Assert.True(cells > 50_000, $"only {cells} cells");
        double flipFraction = (double)flipped / cells;
        double meanDeviation = deviationSum / cells;

        // E|N(0, σ)| = σ·√(2/π) ≈ 0.160 for σ = 0.2 (the 0.5 cap changes it by < 0.001).
        Assert.InRange(flipFraction, flipRate - 0.01, flipRate + 0.01);
        Assert.InRange(meanDeviation, (spread * Math.Sqrt(2 / Math.PI)) - 0.005, (spread * Math.Sqrt(2 / Math.PI)) + 0.005);
    }

    [Fact]
    public void ScoreAsync_SpreadOnly_NeverCrossesHalf()
    {
        var world = new SceneWorld(TestData.TrainScenes[0], new NoiseOptions { Seed = 3, Spread = 1.0 });
        var exact = new SceneWorld(TestData.TrainScenes[0]);
        foreach (string q in Questions)
        {
            float[] truth = Score(exact, q);
            float[] scores = Score(world, q);
            for (int c = 0; c < scores.Length; c++)
            {
                Assert.True(truth[c] == 1f ? scores[c] >= 0.5f : scores[c] <= 0.5f);
            }
        }
    }

    [Fact]
    public void ScoreAsync_FlipRateOne_InvertsEveryDistinctTuple()
    {
        var world = new SceneWorld(TestData.TrainScenes[0], new NoiseOptions { FlipRate = 1 });
        var exact = new SceneWorld(TestData.TrainScenes[0]);
        Assert.Equal(Score(exact, ClevrQuestions.Attribute("cube")).Select(v => 1f - v), Score(world, ClevrQuestions.Attribute("cube")));
        float[] left = Score(world, ClevrQuestions.Relation("left"));
        Assert.Equal(0f, left[0]);
        Assert.Equal(1f - Score(exact, ClevrQuestions.Relation("left"))[1], left[1]);
    }

    [Fact]
    public async Task QueryAsync_FlipRate_WrongAnswersAtRateAndAlwaysValidValues()
    {
        var options = new NoiseOptions { Seed = 5, FlipRate = 0.3 };
        int total = 0, wrong = 0;
        foreach (var scene in TestData.TrainScenes.Take(300))
        {
            var world = new SceneWorld(scene, options);
            foreach (var attribute in Enum.GetValues<ClevrAttribute>())
            {
                for (int i = 0; i < scene.Objects.Count; i++)
                {
                    string answer = await world.QueryAsync(ClevrQuestions.Query(attribute), i, default);
                    Assert.Contains(answer, ClevrVocabulary.ValuesOf(attribute));
                    Assert.Equal(answer, await world.QueryAsync(ClevrQuestions.Query(attribute), i, default));
                    total++;
                    wrong += answer == scene.Objects[i].Get(attribute) ? 0 : 1;
                }
            }
        }

        Assert.InRange((double)wrong / total, 0.27, 0.33);
    }

    [Theory]
    [InlineData(-0.1, 0)]
    [InlineData(1.5, 0)]
    [InlineData(0, -0.01)]
    [InlineData(0, 1.01)]
    [InlineData(double.NaN, 0)]
    public void Constructor_OutOfRangeNoise_Throws(double spread, double flipRate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SceneWorld(TestData.TrainScenes[0], new NoiseOptions { Spread = spread, FlipRate = flipRate }));
    }
}
