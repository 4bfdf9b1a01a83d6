namespace Neptune.Clevr.Tests;

public sealed class SceneReaderTests
{
    [Fact]
    public void LoadAll_TrainScenes_HasThousandScenesIndexedByImageIndex()
    {
        var scenes = TestData.TrainScenes;

        Assert.Equal(1_000, scenes.Count);
        for (int i = 0; i < scenes.Count; i++)
        {
            Assert.Equal(i, scenes[i].ImageIndex);
            Assert.Same(scenes[i], scenes.GetByImageIndex(i));
        }

        Assert.False(scenes.TryGetByImageIndex(1_000, out _));
        Assert.Throws<KeyNotFoundException>(() => scenes.GetByImageIndex(-1));
    }

    [Fact]
    public void LoadAll_TrainScenes_FirstSceneMatchesFile()
    {
        var scene = TestData.TrainScenes[0];

        Assert.Equal("CLEVR_train_000000.png", scene.ImageFilename);
        Assert.Equal("train", scene.Split);
        Assert.Equal(6, scene.Objects.Count);
        var o = scene.Objects[0];
        Assert.Equal(("cube", "blue", "rubber", "large"), (o.Shape, o.Color, o.Material, o.Size));
        Assert.Equal(new ClevrPixelCoordinates(269, 88, 12.661545753479004), o.PixelCoordinates);
        Assert.Equal(new ClevrVector(-1.3705521821975708, 2.0794010162353516, 0.699999988079071), o.Coordinates3D);
        Assert.Equal(269.8517172617167, o.Rotation);
        Assert.Equal(["cylinder", "cylinder", "sphere"], new[] { scene.Objects[1].Shape, scene.Objects[3].Shape, scene.Objects[5].Shape });
        Assert.Equal([2, 5], scene.Relationships.Right[0]);
        Assert.Equal([0, 1, 2, 3, 4], scene.Relationships.Left[5]);
        Assert.Equal([1, 2, 3, 4, 5], scene.Relationships.Front[0]);
        Assert.Empty(scene.Relationships.Behind[0]);
        Assert.Equal([0, 1, 2, 5], scene.Relationships.Of(ClevrRelation.Behind, 3));
        Assert.Equal(new ClevrVector(0.6563112735748291, 0.7544902563095093, -0.0), scene.Directions["right"]);
        Assert.Equal(6, scene.Directions.Count);
    }

    [Fact]
    public void LoadAll_ValScenes_HasFiveHundredScenes()
    {
        var scenes = ClevrSceneReader.LoadAll(TestData.ValScenesPath);

        Assert.Equal(500, scenes.Count);
        Assert.Equal("val", scenes[0].Split);
        Assert.Equal("CLEVR_val_000000.png", scenes[0].ImageFilename);
        Assert.Equal(5, scenes[0].Objects.Count);
        Assert.Equal(("cylinder", "brown", "rubber", "large"), (scenes[0].Objects[0].Shape, scenes[0].Objects[0].Color, scenes[0].Objects[0].Material, scenes[0].Objects[0].Size));
        Assert.Equal(499, scenes[^1].ImageIndex);
    }

    [Fact]
    public async Task ReadAsync_TrainScenes_MatchesSynchronousLoad()
    {
        int i = 0;
        await foreach (var scene in ClevrSceneReader.ReadAsync(TestData.TrainScenesPath))
        {
            var expected = TestData.TrainScenes[i++];
            Assert.Equal(expected.ImageIndex, scene.ImageIndex);
            Assert.Equal(expected.Objects, scene.Objects);
        }

        Assert.Equal(1_000, i);
        Assert.Equal(1_000, (await ClevrSceneReader.LoadAllAsync(TestData.TrainScenesPath)).Count);
    }

    [Fact]
    public void Relationships_RealScenes_LeftIsConverseOfRightAndFrontOfBehind()
    {
        foreach (var scene in TestData.TrainScenes.Take(50))
        {
            var r = scene.Relationships;
            for (int i = 0; i < scene.Objects.Count; i++)
            {
                for (int j = 0; j < scene.Objects.Count; j++)
                {
                    Assert.Equal(r.Holds(ClevrRelation.Left, i, j), r.Holds(ClevrRelation.Right, j, i));
                    Assert.Equal(r.Holds(ClevrRelation.Front, i, j), r.Holds(ClevrRelation.Behind, j, i));
                    Assert.Equal(r.Left[j].Contains(i), r.Holds(ClevrRelation.Left, i, j));
                }
            }
        }
    }
}
