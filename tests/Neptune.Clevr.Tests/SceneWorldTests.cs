using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Clevr.Tests;

public sealed class SceneWorldTests
{
    private static readonly string[] X = ["x"];
    private static readonly string[] XY = ["x", "y"];

    /// <summary>Every word the world must read as an attribute value, with the official value it means.</summary>
    public static TheoryData<string, string> ValueWords => new()
    {
        { "gray", "gray" }, { "grey", "gray" }, { "red", "red" }, { "blue", "blue" }, { "green", "green" },
        { "brown", "brown" }, { "purple", "purple" }, { "cyan", "cyan" }, { "yellow", "yellow" },
        { "a cube", "cube" }, { "a block", "cube" }, { "cubes", "cube" }, { "blocks", "cube" },
        { "a sphere", "sphere" }, { "a ball", "sphere" }, { "spheres", "sphere" }, { "balls", "sphere" },
        { "a cylinder", "cylinder" }, { "cylinders", "cylinder" },
        { "metal", "metal" }, { "metallic", "metal" }, { "shiny", "metal" }, { "made of metal", "metal" },
        { "rubber", "rubber" }, { "matte", "rubber" }, { "made of rubber", "rubber" },
        { "large", "large" }, { "big", "large" }, { "small", "small" }, { "tiny", "small" },
    };

    private static SceneWorld World(int image = 0, NoiseOptions? noise = null) => new(TestData.TrainScenes[image], noise);

    private static float[] Score(IScenePerception world, string question, params string[] variables) =>
        world.ScoreAsync(question, variables, CancellationToken.None).AsTask().GetAwaiter().GetResult().ToArray();

    [Theory]
    [MemberData(nameof(ValueWords))]
    public void ScoreAsync_AttributeWordOnScene0_MatchesAnnotations(string word, string value)
    {
        var world = World();
        Assert.True(ClevrVocabulary.TryGetAttributeOf(value, out var attribute));
        float[] expected = world.Scene.Objects.Select(o => o.Get(attribute) == value ? 1f : 0f).ToArray();

        Assert.Equal(expected, Score(world, $"Is the object in the red box {word}?", "x"));
        Assert.Equal(expected, Score(world, $"Is it {word}?", "x"));
        Assert.Equal(expected, Score(world, $"Is this object {word}?", "x"));
        Assert.Equal(expected, Score(world, $"Are the objects in the red box {word}?", "x"));
    }

    [Fact]
    public void ScoreAsync_EveryCanonicalAttributeQuestion_MatchesEveryObjectOfScene0()
    {
        var world = World();
        foreach (var attribute in Enum.GetValues<ClevrAttribute>())
        {
            foreach (string value in ClevrVocabulary.ValuesOf(attribute))
            {
                float[] scores = Score(world, ClevrQuestions.Attribute(value), "x");
                for (int i = 0; i < scores.Length; i++)
                {
                    Assert.Equal(world.Scene.Objects[i].Get(attribute) == value ? 1f : 0f, scores[i]);
                }
            }
        }
    }

    [Fact]
    public void ScoreAsync_ScoreOfScene0_HasKnownValues()
    {
        // Scene 0: blue cube, green cylinder, cyan cube, brown cylinder, gray cube, brown sphere.
        var world = World();
        Assert.Equal([1f, 0f, 1f, 0f, 1f, 0f], Score(world, "Is it a block?", "x"));
        Assert.Equal([0f, 0f, 0f, 1f, 0f, 1f], Score(world, "Is the object in the red box brown?", "x"));
        Assert.Equal([0f, 1f, 0f, 1f, 0f, 1f], Score(world, "Is the object in the red box made of metal?", "x"));
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 1f], Score(world, "Is the object in the red box a big shiny ball?", "x"));
    }

    [Theory]
    [InlineData("left", "Is the object in the red box to the left of the object in the green box?")]
    [InlineData("left", "Is the object in the red box on the left side of the object in the green box?")]
    [InlineData("right", "Is the object in the red box to the right of the one in the green box?")]
    [InlineData("front", "Is the object in the red box in front of the object in the green box?")]
    [InlineData("front", "Is the object in the red box closer to the camera than the object in the green box?")]
    [InlineData("behind", "Is the object in the red box behind the thing in the green box?")]
    [InlineData("behind", "Is the red box object farther from the camera than the green box object?")]
    public void ScoreAsync_RelationParaphrase_MatchesCanonical(string relation, string paraphrase)
    {
        var world = World(3);
        Assert.Equal(Score(world, ClevrQuestions.Relation(relation), "x", "y"), Score(world, paraphrase, "x", "y"));
    }

    [Fact]
    public void ScoreAsync_RelationsOnSeveralScenes_FollowRelationshipListsInBothDirections()
    {
        foreach (int image in new[] { 0, 1, 7, 42, 500, 999 })
        {
            var world = World(image);
            var rel = world.Scene.Relationships;
            int n = world.Scene.Objects.Count;
            foreach (var relation in Enum.GetValues<ClevrRelation>())
            {
                var lists = relation switch
                {
                    ClevrRelation.Left => rel.Left,
                    ClevrRelation.Right => rel.Right,
                    ClevrRelation.Front => rel.Front,
                    _ => rel.Behind,
                };
                string name = ClevrVocabulary.NameOf(relation);
                float[] forward = Score(world, ClevrQuestions.Relation(relation), "x", "y");
                string phrase = relation == ClevrRelation.Front ? "in front of" : relation == ClevrRelation.Behind ? "behind" : name + " of";
                float[] backward = Score(world, $"Is the object in the green box {phrase} the object in the red box?", "x", "y");
                for (int x = 0; x < n; x++)
                {
                    for (int y = 0; y < n; y++)
                    {
                        // x is R of y iff x ∈ relationships[R][y]; reversed wording: y is R of x iff y ∈ relationships[R][x].
                        Assert.Equal(x != y && lists[y].Contains(x) ? 1f : 0f, forward[(x * n) + y]);
                        Assert.Equal(x != y && lists[x].Contains(y) ? 1f : 0f, backward[(x * n) + y]);
                    }
                }
            }
        }
    }

    [Fact]
    public void ScoreAsync_LeftAndRight_AreConverse()
    {
        var world = World(11);
        int n = world.Objects.Count;
        float[] left = Score(world, ClevrQuestions.Relation("left"), "x", "y");
        float[] right = Score(world, ClevrQuestions.Relation("right"), "x", "y");
        for (int x = 0; x < n; x++)
        {
            for (int y = 0; y < n; y++)
            {
                Assert.Equal(left[(x * n) + y], right[(y * n) + x]);
            }
        }
    }

    [Theory]
    [InlineData("color")]
    [InlineData("shape")]
    [InlineData("material")]
    [InlineData("size")]
    public void ScoreAsync_SameAttribute_EqualValuesAndExcludesTheObjectItself(string attributeName)
    {
        Assert.True(ClevrVocabulary.TryParseAttribute(attributeName, out var attribute));
        foreach (int image in new[] { 0, 5, 77 })
        {
            var world = World(image);
            var objects = world.Scene.Objects;
            int n = objects.Count;
            float[] scores = Score(world, ClevrQuestions.Same(attributeName), "x", "y");
            for (int x = 0; x < n; x++)
            {
                for (int y = 0; y < n; y++)
                {
                    bool expected = x != y && objects[x].Get(attribute) == objects[y].Get(attribute);
                    Assert.Equal(expected ? 1f : 0f, scores[(x * n) + y]);
                }
            }

            Assert.Equal(scores, Score(world, $"Are the object in the red box and the object in the green box the same {attributeName}?", "x", "y"));
            Assert.Equal(scores, Score(world, $"Does the object in the red box have the same {attributeName} as the one in the green box?", "x", "y"));
        }
    }

    [Fact]
    public void ScoreAsync_SameMaterialParaphrases_AgreeWithCanonical()
    {
        var world = World(0);
        float[] canonical = Score(world, ClevrQuestions.Same(ClevrAttribute.Material), "x", "y");
        Assert.Equal(canonical, Score(world, "Is the object in the red box made of the same material as the object in the green box?", "x", "y"));
        Assert.Equal(canonical, Score(world, "Are the object in the red box and the object in the green box made of the same materials?", "x", "y"));
        Assert.Equal(canonical, Score(world, "Does the object in the green box have the same material as the object in the red box?", "x", "y"));
    }

    [Fact]
    public async Task ScoreAsync_ThreeVariableRelation_RepeatedTuplesAreZero()
    {
        var world = World(0);
        var tensor = await world.ScoreAsync("Is the object in the blue box left of the object in the red box?", ["a", "b", "c"], CancellationToken.None);
        int n = world.Objects.Count;
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                for (int c = 0; c < n; c++)
                {
                    bool distinct = a != b && b != c && a != c;
                    float expected = distinct && world.Scene.Relationships.Holds(ClevrRelation.Left, c, a) ? 1f : 0f;
                    Assert.Equal(expected, tensor[a, b, c]);
                }
            }
        }
    }

    [Fact]
    public async Task ScoreAsync_ResultTensor_HasGivenVariablesAndDomain()
    {
        var world = World(0);
        var t = await world.ScoreAsync(ClevrQuestions.Relation("front"), ["p", "q"], CancellationToken.None);
        Assert.Equal(["p", "q"], t.Variables);
        Assert.Equal(6, t.DomainSize);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(0f, t[i, i]);
        }
    }

    [Theory]
    [InlineData("Is the object in the red box happy?")]
    [InlineData("What is going on?")]
    [InlineData("")]
    [InlineData("Is the object in the red box not red?")]
    [InlineData("Isn't it red?")]
    [InlineData("Is it red or blue?")]
    [InlineData("Is it red and blue?")]
    [InlineData("Is the object in the red box left of the object in the green box and red?")]
    [InlineData("Is the object in the red box left?")]
    [InlineData("Does the object in the red box have the same color?")]
    [InlineData("Is the object in the red box to the left of and behind the object in the green box?")]
    [InlineData("What color is the object in the red box?")]
    public void ScoreAsync_UninterpretableQuestion_ThrowsNamingTheQuestion(string question)
    {
        var ex = Assert.Throws<PerceptionException>(() => Score(World(), question, "x"));
        Assert.Equal(PerceptionErrorKind.UninterpretableQuestion, ex.Kind);
        Assert.StartsWith($"cannot interpret question: '{question}'", ex.Message);
    }

    [Fact]
    public void ScoreAsync_RelationWithOneVariable_ThrowsInvalidArgumentNamingQuestion()
    {
        string q = ClevrQuestions.Relation("left");
        var ex = Assert.Throws<PerceptionException>(() => Score(World(), q, "x"));
        Assert.Equal(PerceptionErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains($"question '{q}' is about 2 object(s) but was scored with 1 variable(s)", ex.Message);
    }

    [Fact]
    public void ScoreAsync_AttributeWithTwoVariables_ThrowsInvalidArgument()
    {
        var ex = Assert.Throws<PerceptionException>(() => Score(World(), ClevrQuestions.Attribute("red"), "x", "y"));
        Assert.Equal(PerceptionErrorKind.InvalidArgument, ex.Kind);
    }

    [Theory]
    [InlineData("What color is the object in the red box?", "color")]
    [InlineData("What is the color of the object in the red box?", "color")]
    [InlineData("What colour is it?", "color")]
    [InlineData("What shape is this object?", "shape")]
    [InlineData("Which shape does the object in the red box have?", "shape")]
    [InlineData("What material is the object in the red box?", "material")]
    [InlineData("What is the object in the red box made of?", "material")]
    [InlineData("What material is the object in the red box made of?", "material")]
    [InlineData("What size is the object in the red box?", "size")]
    [InlineData("How big is the object in the red box?", "size")]
    [InlineData("What color is the cube in the red box?", "color")]
    public async Task QueryAsync_AttributeQuestion_ReturnsOfficialValue(string question, string attributeName)
    {
        Assert.True(ClevrVocabulary.TryParseAttribute(attributeName, out var attribute));
        var world = World(0);
        for (int i = 0; i < world.Objects.Count; i++)
        {
            Assert.Equal(world.Scene.Objects[i].Get(attribute), await world.QueryAsync(question, i, CancellationToken.None));
        }
    }

    [Fact]
    public async Task QueryAsync_CanonicalQueries_ReturnScene0Values()
    {
        var world = World(0);
        Assert.Equal("blue", await world.QueryAsync(ClevrQuestions.Query("color"), 0, default));
        Assert.Equal("cube", await world.QueryAsync(ClevrQuestions.Query("shape"), 0, default));
        Assert.Equal("rubber", await world.QueryAsync(ClevrQuestions.Query("material"), 0, default));
        Assert.Equal("large", await world.QueryAsync(ClevrQuestions.Query("size"), 0, default));
        Assert.Equal("metal", await world.QueryAsync(ClevrQuestions.Query(ClevrAttribute.Material), 5, default));
        Assert.Equal("yes", await world.QueryAsync("Is the object in the red box a sphere?", 5, default));
        Assert.Equal("no", await world.QueryAsync("Is the object in the red box a sphere?", 4, default));
    }

    [Fact]
    public async Task QueryAsync_BadIndexOrUnknownQuestion_ThrowsTyped()
    {
        var world = World(0);
        var range = await Assert.ThrowsAsync<PerceptionException>(() => world.QueryAsync(ClevrQuestions.Query("color"), 6, default).AsTask());
        Assert.Equal(PerceptionErrorKind.InvalidArgument, range.Kind);
        var unknown = await Assert.ThrowsAsync<PerceptionException>(() => world.QueryAsync("What is the meaning of it?", 0, default).AsTask());
        Assert.Equal(PerceptionErrorKind.UninterpretableQuestion, unknown.Kind);
        var pair = await Assert.ThrowsAsync<PerceptionException>(() => world.QueryAsync(ClevrQuestions.Relation("left"), 0, default).AsTask());
        Assert.Equal(PerceptionErrorKind.InvalidArgument, pair.Kind);
    }

    [Fact]
    public async Task Counters_CountCallsAndDistinctTuples()
    {
        var shared = new ScoringCounter();
        var a = new SceneWorld(TestData.TrainScenes[0], sharedCounter: shared);
        var b = new SceneWorld(TestData.TrainScenes[1], sharedCounter: shared);
        int nb = b.Objects.Count;

        Score(a, ClevrQuestions.Attribute("red"), "x");
        Score(a, ClevrQuestions.Relation("left"), "x", "y");
        Score(b, ClevrQuestions.Same("size"), "x", "y");
        Assert.Throws<PerceptionException>(() => Score(a, "Is it happy?", "x"));
        _ = await a.QueryAsync(ClevrQuestions.Query("color"), 0, default);

        Assert.Equal(2, a.ScoreCalls);
        Assert.Equal(6 + 30, a.ScoredTuples);
        Assert.Equal(1, a.QueryCalls);
        Assert.Equal(1, b.ScoreCalls);
        Assert.Equal(nb * (nb - 1), b.ScoredTuples);
        Assert.Equal(3, shared.ScoreCalls);
        Assert.Equal(36 + (nb * (nb - 1)), shared.ScoredTuples);
        Assert.Equal(1, shared.QueryCalls);
    }

    [Fact]
    public async Task Counters_ConcurrentCalls_CountExactly()
    {
        var world = World(0);
        await Parallel.ForEachAsync(Enumerable.Range(0, 400), async (i, ct) =>
        {
            _ = await world.ScoreAsync(i % 2 == 0 ? ClevrQuestions.Attribute("cube") : ClevrQuestions.Relation("behind"), i % 2 == 0 ? X : XY, ct);
        });

        Assert.Equal(400, world.ScoreCalls);
        Assert.Equal((200 * 6) + (200 * 30), world.ScoredTuples);
    }

    [Fact]
    public void Objects_FollowSceneOrderWithGeometryBoxes()
    {
        var world = World(0);
        Assert.Equal(6, world.Objects.Count);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(i, world.Objects[i].Index);
            Assert.Equal(ClevrGeometry.BoxOf(world.Scene.Objects[i]), world.Objects[i].Box);
        }
    }

    [Fact]
    public void ScoreAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => World().ScoreAsync(ClevrQuestions.Attribute("red"), X, cts.Token).AsTask().GetAwaiter().GetResult());
    }
}
