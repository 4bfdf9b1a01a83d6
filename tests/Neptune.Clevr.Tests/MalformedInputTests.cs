namespace Neptune.Clevr.Tests;

public sealed class MalformedInputTests
{
    private const string GoodQuestion = """{"question": "Is there a cube?", "answer": "yes", "image_index": 0, "question_index": 0, "program": [{"function": "scene", "inputs": [], "value_inputs": []}]}""";

    private static ClevrDataException QuestionsError(string json) =>
        Assert.Throws<ClevrDataException>(() => ClevrQuestionReader.Read(TestData.Utf8(json), "q.json").ToList());

    private static ClevrDataException ScenesError(string json) =>
        Assert.Throws<ClevrDataException>(() => ClevrSceneReader.Read(TestData.Utf8(json), "s.json").ToList());

    private static string Questions(string second) => $$"""{"info": {}, "questions": [{{GoodQuestion}}, {{second}}]}""";

    [Fact]
    public void Read_MissingQuestionField_NamesFileItemAndField()
    {
        var ex = QuestionsError(Questions("""{"answer": "no", "image_index": 0, "question_index": 7}"""));

        Assert.Equal("q.json", ex.FilePath);
        Assert.Equal(1, ex.ItemPosition);
        Assert.Contains("q.json, question_index 7 (item #1)", ex.Message);
        Assert.Contains("missing required field 'question'", ex.Message);
    }

    [Fact]
    public void Read_MissingImageIndex_ReportsField()
    {
        var ex = QuestionsError(Questions("""{"question": "Why?"}"""));
        Assert.Contains("missing required field 'image_index'", ex.Message);
        Assert.Equal(1, ex.ItemPosition);
    }

    [Fact]
    public void Read_WrongFieldType_NamesFieldAndTypes()
    {
        var ex = QuestionsError(Questions("""{"question": "Q", "image_index": "zero"}"""));
        Assert.Contains("field 'image_index' must be an integer, found a string", ex.Message);
        Assert.NotNull(ex.ByteOffset);
    }

    [Fact]
    public void Read_FractionalInteger_IsWrongType()
    {
        var ex = QuestionsError(Questions("""{"question": "Q", "image_index": 1.5}"""));
        Assert.Contains("field 'image_index' must be an integer, found a number", ex.Message);
    }

    [Fact]
    public void Read_QuestionNotAnObject_IsReported()
    {
        var ex = QuestionsError(Questions("42"));
        Assert.Contains("each question must be a JSON object, found a number", ex.Message);
    }

    [Fact]
    public void Read_TruncatedInsideQuestion_ReportsTruncation()
    {
        string json = Questions(GoodQuestion);
        var ex = QuestionsError(json[..(json.Length - 40)]);
        Assert.Contains("truncated JSON", ex.Message);
        Assert.Equal("q.json", ex.FilePath);
    }

    [Fact]
    public void Read_TruncatedAfterLastQuestion_ReportsTruncation()
    {
        string json = Questions(GoodQuestion);
        var ex = QuestionsError(json[..^2]);
        Assert.Contains("truncated JSON", ex.Message);
    }

    [Fact]
    public void Read_TruncatedFile_FromDisk_NamesThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"clevr-truncated-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, File.ReadAllBytes(TestData.QuestionsPath).AsSpan(0, 300_000).ToArray());
        try
        {
            var ex = Assert.Throws<ClevrDataException>(() => ClevrQuestionReader.Read(path).Count());
            Assert.Equal(path, ex.FilePath);
            Assert.StartsWith(path, ex.Message);
            Assert.Contains("truncated JSON", ex.Message);
            Assert.NotNull(ex.ItemPosition);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_MalformedJson_ReportsSyntaxError()
    {
        var ex = QuestionsError(Questions("""{"question": , "image_index": 0}"""));
        Assert.Contains("malformed JSON", ex.Message);
        Assert.IsType<System.Text.Json.JsonException>(ex.InnerException, exactMatch: false);
    }

    [Fact]
    public void Read_TrailingContent_IsReported()
    {
        var ex = QuestionsError(Questions(GoodQuestion) + " {}");
        Assert.Contains("malformed JSON", ex.Message);
        Assert.Equal(ex.ByteOffset, Questions(GoodQuestion).Length + 1);
    }

    [Fact]
    public void Read_UnknownFunctionName_NamesFunctionAndNode()
    {
        var ex = QuestionsError(Questions("""{"question": "Q", "image_index": 0, "question_index": 1, "program": [{"function": "scene", "inputs": []}, {"function": "filter_colour", "inputs": [0], "value_inputs": ["red"]}]}"""));
        Assert.Contains("program node 1: unknown function 'filter_colour'", ex.Message);
        Assert.Contains("question_index 1", ex.Message);
    }

    [Fact]
    public void Read_InputReferringForward_IsReported()
    {
        var ex = QuestionsError(Questions("""{"question": "Q", "image_index": 0, "program": [{"function": "scene", "inputs": []}, {"function": "count", "inputs": [1]}]}"""));
        Assert.Contains("program node 1 (count): input 1 refers forward", ex.Message);
    }

    [Fact]
    public void Read_WrongInputCount_IsReported()
    {
        var ex = QuestionsError(Questions("""{"question": "Q", "image_index": 0, "program": [{"function": "scene", "inputs": []}, {"function": "union", "inputs": [0]}]}"""));
        Assert.Contains("program node 1 (union) takes 2 input(s), found 1", ex.Message);
    }

    [Fact]
    public void Read_MissingFunction_IsReported()
    {
        var ex = QuestionsError(Questions("""{"question": "Q", "image_index": 0, "program": [{"inputs": []}]}"""));
        Assert.Contains("program node 0: missing required field 'function'", ex.Message);
    }

    [Fact]
    public void Read_NoQuestionsArray_IsReported()
    {
        var ex = QuestionsError("""{"info": {"version": "1.0"}, "scenes": []}""");
        Assert.Contains("the file has no 'questions' array", ex.Message);
        Assert.Null(ex.ItemPosition);
    }

    [Fact]
    public void Read_EmptyFile_ReportsTruncation()
    {
        Assert.Contains("truncated JSON", QuestionsError(string.Empty).Message);
    }

    [Fact]
    public void Read_QuestionsNotAnArray_IsReported()
    {
        Assert.Contains("'questions' must be an array, found an object", QuestionsError("""{"questions": {}}""").Message);
    }

    private const string GoodObject = """{"color": "red", "size": "large", "shape": "cube", "material": "metal", "3d_coords": [0, 0, 0.7], "pixel_coords": [100, 100, 10.0], "rotation": 0}""";

    private static string Scene(string objects, string relationships) =>
        $$$"""{"scenes": [{"image_index": 4, "objects": [{{{objects}}}], "relationships": {{{relationships}}}}]}""";

    private const string TwoObjectRelations = """{"left": [[1], []], "right": [[], [0]], "front": [[], []], "behind": [[], []]}""";

    [Fact]
    public void ReadScenes_ValidMinimalScene_Reads()
    {
        var scene = Assert.Single(ClevrSceneReader.Read(TestData.Utf8(Scene(GoodObject + ", " + GoodObject, TwoObjectRelations)), "s.json"));
        Assert.True(scene.Relationships.Holds(ClevrRelation.Left, 1, 0));
        Assert.Empty(scene.Directions);
    }

    [Fact]
    public void ReadScenes_UnknownAttributeValue_IsReported()
    {
        var ex = ScenesError(Scene(GoodObject + ", " + GoodObject.Replace("\"red\"", "\"pink\""), TwoObjectRelations));
        Assert.Contains("image_index 4 (item #0)", ex.Message);
        Assert.Contains("field 'objects[1].color' has unknown value 'pink'", ex.Message);
    }

    [Fact]
    public void ReadScenes_MissingPixelCoords_IsReported()
    {
        string obj = GoodObject.Replace(""", "pixel_coords": [100, 100, 10.0]""", string.Empty);
        var ex = ScenesError(Scene(GoodObject + ", " + obj, TwoObjectRelations));
        Assert.Contains("objects[1]: missing required field 'pixel_coords'", ex.Message);
    }

    [Fact]
    public void ReadScenes_PixelCoordsWrongLength_IsReported()
    {
        var ex = ScenesError(Scene(GoodObject.Replace("[100, 100, 10.0]", "[100, 100]") + ", " + GoodObject, TwoObjectRelations));
        Assert.Contains("field 'objects[0].pixel_coords' must have exactly 3 numbers, found 2", ex.Message);
    }

    [Fact]
    public void ReadScenes_MissingObjects_IsReported()
    {
        var ex = ScenesError("""{"scenes": [{"image_index": 2, "relationships": {}}]}""");
        Assert.Contains("missing required field 'objects'", ex.Message);
        Assert.Equal(0, ex.ItemPosition);
    }

    [Fact]
    public void ReadScenes_MissingRelation_IsReported()
    {
        var ex = ScenesError(Scene(GoodObject, """{"left": [[]], "right": [[]], "front": [[]]}"""));
        Assert.Contains("relationships: missing required relation 'behind'", ex.Message);
    }

    [Fact]
    public void ReadScenes_RelationIndexOutOfRange_IsReported()
    {
        var ex = ScenesError(Scene(GoodObject + ", " + GoodObject, """{"left": [[1], [5]], "right": [[], [0]], "front": [[], []], "behind": [[], []]}"""));
        Assert.Contains("relationships.left[1] holds 5, which is not another object of the scene", ex.Message);
    }

    [Fact]
    public void ReadScenes_RelationListCountDiffers_IsReported()
    {
        var ex = ScenesError(Scene(GoodObject + ", " + GoodObject, """{"left": [[1]], "right": [[], [0]], "front": [[], []], "behind": [[], []]}"""));
        Assert.Contains("relationships.left has 1 lists, but the scene has 2 objects", ex.Message);
    }

    [Fact]
    public void ReadScenes_RelationNotIntegers_IsReported()
    {
        var ex = ScenesError(Scene(GoodObject + ", " + GoodObject, """{"left": [[1], ["a"]], "right": [[], [0]], "front": [[], []], "behind": [[], []]}"""));
        Assert.Contains("field 'relationships.left[1]' must be an integer, found a string", ex.Message);
    }

    [Fact]
    public void LoadAll_DuplicateImageIndex_IsReported()
    {
        string path = Path.Combine(Path.GetTempPath(), $"clevr-dup-{Guid.NewGuid():N}.json");
        string scene = $$$"""{"image_index": 4, "objects": [{{{GoodObject}}}], "relationships": {"left": [[]], "right": [[]], "front": [[]], "behind": [[]]}}""";
        File.WriteAllText(path, $$"""{"scenes": [{{scene}}, {{scene}}]}""");
        try
        {
            var ex = Assert.Throws<ClevrDataException>(() => ClevrSceneReader.LoadAll(path));
            Assert.Contains("image_index 4 (item #1): image_index repeats an earlier scene", ex.Message);
            Assert.Equal(1, ex.ItemPosition);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
