using Neptune.Perception;

namespace Neptune.Clevr.Tests;

public sealed class GeometryAndTextTests
{
    [Fact]
    public void BoxOf_FirstObjectOfScene0_FollowsDocumentedFormula()
    {
        var obj = TestData.TrainScenes[0].Objects[0]; // large, pixel_coords [269, 88, 12.66]
        float half = 1.1f * 525f * 0.7f / 12.661545753479004f;
        var box = ClevrGeometry.BoxOf(obj);

        Assert.Equal(269f - half, box.Left, 3);
        Assert.Equal(88f - half, box.Top, 3);
        Assert.Equal(269f + half, box.Right, 3);
        Assert.Equal(88f + half, box.Bottom, 3);
        Assert.Equal(half, ClevrGeometry.HalfExtentOf(obj), 4);
    }

    [Fact]
    public void BoxOf_SmallObject_IsHalfTheSizeOfLargeAtSameDepth()
    {
        var large = TestData.TrainScenes[0].Objects[0];
        var small = large with { Size = "small" };
        Assert.Equal(ClevrGeometry.BoxOf(large).Width / 2f, ClevrGeometry.BoxOf(small).Width, 3);
    }

    [Fact]
    public void BoxOf_ObjectNearEdge_IsClippedToImage()
    {
        var obj = TestData.TrainScenes[0].Objects[0] with { PixelCoordinates = new ClevrPixelCoordinates(5, 315, 8) };
        var box = ClevrGeometry.BoxOf(obj);
        Assert.Equal(0f, box.Left);
        Assert.Equal(ClevrGeometry.ImageHeight, box.Bottom);
    }

    [Fact]
    public void BoxOf_AllRealObjects_ContainTheirCentreAndAreNonEmpty()
    {
        foreach (var scene in TestData.TrainScenes)
        {
            foreach (var obj in scene.Objects)
            {
                BoundingBox box = ClevrGeometry.BoxOf(obj);
                Assert.True(box.Area > 0f);
                Assert.InRange((float)obj.PixelCoordinates.X, box.Left, box.Right);
                Assert.InRange((float)obj.PixelCoordinates.Y, box.Top, box.Bottom);
                Assert.InRange(box.Width, 1f, 160f);
            }
        }
    }

    [Fact]
    public void CanonicalTexts_AreExact()
    {
        Assert.Equal("Is the object in the red box red?", ClevrQuestions.Attribute("red"));
        Assert.Equal("Is the object in the red box a cube?", ClevrQuestions.Attribute("cube"));
        Assert.Equal("Is the object in the red box left of the object in the green box?", ClevrQuestions.Relation("left"));
        Assert.Equal("Is the object in the red box in front of the object in the green box?", ClevrQuestions.Relation(ClevrRelation.Front));
        Assert.Equal("Does the object in the red box have the same color as the object in the green box?", ClevrQuestions.Same("color"));
        Assert.Equal("What color is the object in the red box?", ClevrQuestions.Query("color"));
        Assert.Equal("the object in the blue box", ClevrQuestions.ObjectIn(2));
    }

    [Fact]
    public void CanonicalTexts_UnknownNames_Throw()
    {
        Assert.Throws<ArgumentException>(() => ClevrQuestions.Attribute("pink"));
        Assert.Throws<ArgumentException>(() => ClevrQuestions.Relation("above"));
        Assert.Throws<ArgumentException>(() => ClevrQuestions.Same("weight"));
        Assert.Throws<ArgumentException>(() => ClevrQuestions.Query("texture"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClevrQuestions.ObjectIn(3));
    }

    [Fact]
    public void Interpret_Paraphrases_ShareCanonicalMeaning()
    {
        Assert.Equal(QuestionInterpreter.Interpret("Is the object in the red box grey?").Canonical, QuestionInterpreter.Interpret(ClevrQuestions.Attribute("gray")).Canonical);
        Assert.Equal("attribute:color=red,shape=sphere(0)", QuestionInterpreter.Interpret("Is it a red ball?").Canonical);
        Assert.Equal("relation:left(1,0)", QuestionInterpreter.Interpret("Is the object in the green box to the left of the object in the red box?").Canonical);
        Assert.Equal("same:size(0,1)", QuestionInterpreter.Interpret("Does the object in the green box have the same size as the object in the red box?").Canonical);
        Assert.Equal("query:material", QuestionInterpreter.Interpret("What is the object in the red box made of?").Canonical);
    }

    [Fact]
    public void DataFiles_FindRepositoryRoot_FindsSolutionAndReturnsNullAtFilesystemRoot()
    {
        string? root = ClevrDataFiles.FindRepositoryRoot(AppContext.BaseDirectory);
        Assert.NotNull(root);
        Assert.True(File.Exists(Path.Combine(root, "Neptune.slnx")));
        Assert.Null(ClevrDataFiles.FindRepositoryRoot(Path.GetPathRoot(Path.GetTempPath())!));
        Assert.Throws<DirectoryNotFoundException>(() => ClevrDataFiles.LocateDataDirectory(Path.GetPathRoot(Path.GetTempPath())!));
    }
}
