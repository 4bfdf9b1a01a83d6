using Neptune.Clevr;
using Neptune.Perception;

namespace Neptune.Clevr2D.Tests;

public class ConceptWorldTests
{
    private static readonly Lazy<PixelWorld> World = new(() => new PixelWorld(ClevrRenderer.Render(TestData.Scene(
        3,
        ("cube", "gray", "metal", "large", 100, 200, 9),
        ("sphere", "yellow", "rubber", "small", 250, 120, 12),
        ("cylinder", "cyan", "metal", "large", 380, 220, 8)))));

    // Object-major (color, shape, material, size) indices: red cube rubber small, red sphere metal large, blue cylinder rubber large.
    private static readonly int[] Values = [1, 0, 0, 1, 1, 1, 1, 0, 2, 2, 0, 0];

    [Fact]
    public async Task ScoreAsync_AttributeQuestion_IsOneExactlyForObjectsGivenTheValue()
    {
        var world = new ConceptWorld(new ConceptScene(World.Value), Values);

        var red = await world.ScoreAsync(ClevrQuestions.Attribute("red"), ["x"], CancellationToken.None);
        var metal = await world.ScoreAsync(ClevrQuestions.Attribute("metal"), ["x"], CancellationToken.None);

        Assert.Equal([1f, 1f, 0f], red.Values.ToArray());
        Assert.Equal([0f, 1f, 0f], metal.Values.ToArray());
    }

    [Fact]
    public async Task QueryAsync_AttributeQuery_ReturnsTheGivenValueNotThePixels()
    {
        var world = new ConceptWorld(new ConceptScene(World.Value), Values);

        Assert.Equal("red", await world.QueryAsync(ClevrQuestions.Query(ClevrAttribute.Color), 0, CancellationToken.None));
        Assert.Equal("cylinder", await world.QueryAsync(ClevrQuestions.Query(ClevrAttribute.Shape), 2, CancellationToken.None));
        Assert.Equal("large", await world.QueryAsync(ClevrQuestions.Query(ClevrAttribute.Size), 1, CancellationToken.None));
    }

    [Fact]
    public async Task ScoreAsync_SameColor_IsOneForDistinctObjectsWithEqualValues()
    {
        var world = new ConceptWorld(new ConceptScene(World.Value), Values);

        var same = await world.ScoreAsync(ClevrQuestions.Same(ClevrAttribute.Color), ["x", "y"], CancellationToken.None);

        // Cells (x, y) row-major: only (0, 1) and (1, 0) share red; the diagonal repeats an object.
        Assert.Equal([0f, 1f, 0f, 1f, 0f, 0f, 0f, 0f, 0f], same.Values.ToArray());
    }

    [Fact]
    public void RelationProbability_AnyValues_IsThePixelPerceptions()
    {
        PixelWorld pixels = World.Value;
        var world = new ConceptWorld(new ConceptScene(pixels), Values);

        foreach (var relation in new[] { SpatialRelation.Left, SpatialRelation.Right, SpatialRelation.Front, SpatialRelation.Behind })
        {
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    Assert.Equal(pixels.RelationProbability(relation, i, j), world.RelationProbability(relation, i, j));
                }
            }
        }

        Assert.True(world.RelationProbability(SpatialRelation.Left, 0, 2) > 0.9f);
    }

    [Fact]
    public void Constructor_ValueOutOfRange_Throws()
    {
        var scene = new ConceptScene(World.Value);
        int[] bad = (int[])Values.Clone();
        bad[1] = 3; // three shapes: 0..2

        Assert.Throws<ArgumentException>(() => new ConceptWorld(scene, bad));
        Assert.Throws<ArgumentException>(() => new ConceptWorld(scene, [0, 0, 0, 0]));
    }

    [Fact]
    public void ConceptFeatures_IsolatedObjects_ColorSharesPeakAtTheObjectsColor()
    {
        PixelWorld world = World.Value;
        string[] colors = ["gray", "yellow", "cyan"];
        for (int i = 0; i < 3; i++)
        {
            float[] f = world.ConceptFeatures(i);
            Assert.Equal(PixelWorld.ConceptFeatureCount, f.Length);
            Assert.Equal(1f, f.AsSpan(0, 8).ToArray().Sum(), 3);
            Assert.Equal(colors[i], ClevrVocabulary.Colors[Array.IndexOf(f, f.AsSpan(0, 8).ToArray().Max())]);
        }

        // The large cube is bigger in the world than the small sphere.
        Assert.True(world.ConceptFeatures(0)[14] > world.ConceptFeatures(1)[14]);
    }
}
