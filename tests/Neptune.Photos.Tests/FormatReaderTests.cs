using System.Text;
using Neptune.Photos.Formats;
using Parquet.Schema;
using Parquet.Serialization;

namespace Neptune.Photos.Tests;

public sealed class MdetrRefExpReaderTests
{
    private static IReadOnlyList<MdetrExpression> ReadText(string json) =>
        MdetrRefExpReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "finetune_refcoco_testA.json");

    [Fact]
    public void Read_RealFormat_GivesOneExpressionPerImageEntryWithItsCocoIds()
    {
        MdetrRefExpFile file = MdetrRefExpReader.Read(FormatFixtures.Write("finetune_refcoco_testA.json", FormatFixtures.Mdetr));

        Assert.Equal("testA", file.Split);
        Assert.Equal(3, file.Expressions.Count);
        MdetrExpression first = file.Expressions[0];
        Assert.Equal(581857, first.ImageId);
        Assert.Equal("woman in cafe apron", first.Caption);
        Assert.Equal("COCO_train2014_000000581857.jpg", first.FileName);
        MdetrTarget target = Assert.Single(first.Targets);
        Assert.Equal(1719311, target.AnnId);
        Assert.Equal(10.5f, target.Box.Left);
        Assert.Equal(110.5f, target.Box.Right);
        Assert.Equal(220f, target.Box.Bottom);
        Assert.Equal(51, file.Expressions[2].Targets[0].CategoryId);
    }

    [Fact]
    public void Stats_MdetrFile_CountsRefsByAnnotationOriginalIdInTheNamedSplit()
    {
        DatasetStats stats = PhotoStats.Mdetr(MdetrRefExpReader.Read(FormatFixtures.Write("finetune_refcoco+_testB.json", FormatFixtures.Mdetr)));

        Assert.Equal(new SplitCounts(Images: 2, Refs: 2, Expressions: 3, NoTarget: 0, MultiTarget: 0), stats.Total);
        Assert.Equal(["testB"], stats.Splits.Keys);
    }

    [Theory]
    [InlineData("finetune_refcoco_testA.json", "testA")]
    [InlineData("/data/mdetr_annotations/finetune_refcoco+_val.json", "val")]
    [InlineData("finetune_grefcoco_train.json", "train")]
    [InlineData("refcoco.json", null)]
    public void SplitOf_FileName_GivesTheLastPart(string path, string? expected) =>
        Assert.Equal(expected, MdetrRefExpReader.SplitOf(path));

    [Theory]
    [InlineData("[]", "not an MDETR referring-expression file")]
    [InlineData("{\"images\": []}", "'annotations' is missing")]
    [InlineData("{\"images\": [{\"id\": 4, \"file_name\": \"a.jpg\", \"caption\": \"x\"}], \"annotations\": []}", "images[0] (id 4): 'original_id' is missing")]
    [InlineData("{\"images\": [{\"id\": 4, \"original_id\": 9, \"file_name\": \"a.jpg\"}], \"annotations\": []}", "images[0] (id 4): 'caption' is missing")]
    [InlineData("{\"images\": [{\"id\": 4, \"original_id\": 9, \"file_name\": \"a.jpg\", \"caption\": \"x\"}], \"annotations\": [{\"id\": 0, \"image_id\": 5, \"original_id\": 3, \"bbox\": [1, 2, 3, 4]}]}", "annotations[0] (id 0): 'image_id' 5 is not the id of an entry")]
    [InlineData("{\"images\": [{\"id\": 4, \"original_id\": 9, \"file_name\": \"a.jpg\", \"caption\": \"x\"}], \"annotations\": [{\"id\": 0, \"image_id\": 4, \"bbox\": [1, 2, 3, 4]}]}", "annotations[0] (id 0): 'original_id' is missing")]
    [InlineData("{\"images\": [{\"id\": 4, \"original_id\": 9, \"file_name\": \"a.jpg\", \"caption\": \"x\"}], \"annotations\": [{\"id\": 0, \"image_id\": 4, \"original_id\": 3, \"bbox\": [1, 2, -3, 4]}]}", "'bbox' must be [x, y, w, h]")]
    [InlineData("{\"images\": [{\"id\": \"four\"}], \"annotations\": []}", "at images[0].id")]
    [InlineData("{\"images\": [", "not an MDETR referring-expression file")]
    public void Read_Malformed_ThrowsNamingFileAndRecord(string json, string expected)
    {
        PhotoDataException e = Assert.Throws<PhotoDataException>(() => ReadText(json));

        Assert.StartsWith("finetune_refcoco_testA.json: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Read_FileNameWithoutSplit_IsRefused()
    {
        PhotoDataException e = Assert.Throws<PhotoDataException>(() => MdetrRefExpReader.Read(FormatFixtures.Write("refcoco.json", FormatFixtures.Mdetr)));

        Assert.Contains("must end in _{split}.json", e.Message);
    }
}

public sealed class ParquetRefsReaderTests
{
    [Fact]
    public async Task ReadAsync_ExportRows_GivesRefsWithSentencesAndSkipsExtraColumns()
    {
        string path = await FormatFixtures.WriteParquetAsync(Fixtures.TempFolder(), "testA-00000-of-00001.parquet");

        IReadOnlyList<PhotoRef> refs = await ParquetRefsReader.ReadAsync(path);

        Assert.Equal(3, refs.Count);
        Assert.Equal(1719310, refs[0].AnnIds[0]);
        Assert.Equal(581857, refs[0].ImageId);
        Assert.Equal("train", refs[0].Split);
        Assert.Equal([1], refs[0].CategoryIds);
        Assert.Equal("COCO_train2014_000000581857_0.jpg", refs[0].FileName);
        Assert.Equal(["THE LADY WITH THE BLUE SHIRT", "lady w back to us"], refs[0].Sentences.Select(s => s.Raw));
        Assert.Equal(["the", "lady", "with", "the", "blue", "shirt"], refs[0].Sentences[0].Tokens);
        Assert.Equal("woman in café apron", refs[1].Sentences[0].Raw);
        Assert.Equal([3, 4, 5], refs[2].Sentences.Select(s => s.SentId));
    }

    [Fact]
    public async Task ReadAsync_Folder_ReadsEveryParquetFileAndCountsPerSplit()
    {
        string dir = Fixtures.TempFolder();
        string data = Directory.CreateDirectory(Path.Combine(dir, "data")).FullName;
        FormatFixtures.ExportRow[] rows = FormatFixtures.ExportRows();
        await FormatFixtures.WriteParquetAsync(data, "train-00000-of-00001.parquet", rows[..1]);
        await FormatFixtures.WriteParquetAsync(data, "testA-00000-of-00001.parquet", rows[1..]);

        DatasetStats stats = DatasetStats.Of(await ParquetRefsReader.ReadAsync(dir));

        Assert.Equal(new SplitCounts(Images: 2, Refs: 3, Expressions: 6, NoTarget: 0, MultiTarget: 0), stats.Total);
        Assert.Equal(new SplitCounts(2, 2, 4, 0, 0), stats.Splits["testA"]);
    }

    [Fact]
    public async Task ReadAsync_RequiredColumnsAndLegacyListNames_AreRead()
    {
        // Required (non-null) columns and the older writers' list element name "item" instead of "element".
        var schema = new ParquetSchema(
            new DataField<long>("ref_id"),
            new DataField<long>("ann_id"),
            new DataField<long>("image_id"),
            new DataField<long>("category_id"),
            new DataField<string>("split"),
            new DataField<string>("file_name"),
            new ListField("sentences", new StructField("item", new DataField<string>("raw"), new DataField<string>("sent"), new DataField<long>("sent_id"), new ListField("tokens", new DataField<string>("item"), "list")), "list"));
        var row = new Dictionary<string, object?>
        {
            ["ref_id"] = 7L,
            ["ann_id"] = 70L,
            ["image_id"] = 9L,
            ["category_id"] = 51L,
            ["split"] = "val",
            ["file_name"] = "COCO_train2014_000000000009_7.jpg",
            ["sentences"] = new List<Dictionary<string, object?>>
            {
                new() { ["raw"] = "Left bowl", ["sent"] = "left bowl", ["sent_id"] = 11L, ["tokens"] = new List<ReadOnlyMemory<char>?> { "left".AsMemory(), "bowl".AsMemory() } },
            },
        };
        string path = Path.Combine(Fixtures.TempFolder(), "refs.parquet");
        await using (FileStream file = File.Create(path))
        {
            await ParquetSerializer.SerializeUntypedAsync([row], schema, file);
        }

        PhotoRef r = Assert.Single(await ParquetRefsReader.ReadAsync(path));

        Assert.Equal(7, r.RefId);
        Assert.Equal([70], r.AnnIds);
        Assert.Equal([51], r.CategoryIds);
        Assert.Equal("val", r.Split);
        RefSentence sentence = Assert.Single(r.Sentences);
        Assert.Equal((11, "left bowl", "Left bowl"), (sentence.SentId, sentence.Sent, sentence.Raw));
        Assert.Equal(["left", "bowl"], sentence.Tokens);
    }

    [Fact]
    public async Task ReadAsync_NotParquet_ThrowsNamingTheFile()
    {
        string path = FormatFixtures.Write("refs.parquet", "PAR1 this is not parquet");

        PhotoDataException e = await Assert.ThrowsAsync<PhotoDataException>(() => ParquetRefsReader.ReadAsync(path));

        Assert.StartsWith($"{path}: not a readable parquet file", e.Message);
    }

    [Fact]
    public async Task ReadAsync_MissingColumn_NamesTheColumnAndWhatTheFileHas()
    {
        string path = Path.Combine(Fixtures.TempFolder(), "refs.parquet");
        await ParquetSerializer.SerializeAsync(new[] { new FormatFixtures.RowWithoutSentences { RefId = 1, Split = "val" } }, path);

        PhotoDataException e = await Assert.ThrowsAsync<PhotoDataException>(() => ParquetRefsReader.ReadAsync(path));

        Assert.Contains("column 'ann_id' is missing; the file has ref_id, split", e.Message);
    }

    [Fact]
    public async Task ReadAsync_EmptySplitValue_NamesTheRow()
    {
        FormatFixtures.ExportRow[] rows = FormatFixtures.ExportRows();
        rows[1].Split = "";
        string path = await FormatFixtures.WriteParquetAsync(Fixtures.TempFolder(), "refs.parquet", rows);

        PhotoDataException e = await Assert.ThrowsAsync<PhotoDataException>(() => ParquetRefsReader.ReadAsync(path));

        Assert.Contains("row 1 (ref_id 1): 'split' is missing", e.Message);
    }

    [Fact]
    public async Task ReadAsync_FolderWithoutParquet_IsRefused()
    {
        PhotoDataException e = await Assert.ThrowsAsync<PhotoDataException>(() => ParquetRefsReader.ReadAsync(Fixtures.TempFolder()));

        Assert.Contains("holds no .parquet file", e.Message);
    }
}

public sealed class RefAdvReaderTests
{
    private static IReadOnlyList<RefAdvRecord> ReadText(string json) =>
        RefAdvReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "refcocog_adv_annotations.json");

    [Fact]
    public void Read_RealFormat_GivesTheAdversarialExpressionAndTheTargetBox()
    {
        IReadOnlyList<RefAdvRecord> records = RefAdvReader.Read(FormatFixtures.Write("refcocog_adv_annotations.json", FormatFixtures.RefAdv));

        Assert.Equal(2, records.Count);
        RefAdvRecord first = records[0];
        Assert.Equal("0", first.Key);
        Assert.Equal(254291, first.ImageId);
        Assert.Equal("A woman in a red shirt, feeding giraffes through a fence.", first.Expression);
        Assert.StartsWith("two giraffes", first.RawExpression);
        Assert.Equal(3, first.TargetNumber);
        Assert.Equal(3, first.Candidates.Count);
        Assert.Equal(62.37f, first.Target.Left, 3);
        Assert.Equal(0.14f + 292.73f, first.Target.Bottom, 3);
        Assert.Equal(64809, first.RefId);
        Assert.Equal(595839, first.AnnId);
        Assert.Equal("COCO_train2014_000000254291.jpg", first.ImageFileName);
    }

    [Fact]
    public void Stats_RefAdv_CountsOneExpressionPerRecordInSplitTest()
    {
        DatasetStats stats = PhotoStats.RefAdv(ReadText(FormatFixtures.RefAdv));

        Assert.Equal(new SplitCounts(Images: 1, Refs: 2, Expressions: 2, NoTarget: 0, MultiTarget: 0), stats.Total);
        Assert.Equal(["test"], stats.Splits.Keys);
    }

    private const string Good = "\"most_confused_bbox_GT_desc\": \"x\", \"imgID\": \"1\", \"img_file_name\": \"a.jpg\"";

    [Theory]
    [InlineData("[]", "expected a JSON object mapping keys to records")]
    [InlineData("{\"7\": 3}", "record '7': expected an object")]
    [InlineData("{\"7\": {\"imgID\": \"1\"}}", "record '7': 'most_confused_bbox_GT_desc' is missing")]
    [InlineData("{\"7\": {" + Good + ", \"GT_bbox_number\": \"one\", \"bbox_candidates_map\": \"{}\"}}", "record '7': 'GT_bbox_number' must be an integer")]
    [InlineData("{\"7\": {" + Good + ", \"GT_bbox_number\": \"2\", \"bbox_candidates_map\": \"{\\\"1\\\": [0, 0, 1, 1]}\"}}", "'GT_bbox_number' 2 is not a box of 'bbox_candidates_map' (1)")]
    [InlineData("{\"7\": {" + Good + ", \"GT_bbox_number\": \"1\", \"bbox_candidates_map\": \"{\\\"1\\\": [0, 0, 1]}\"}}", "box 1 must be [x, y, w, h]")]
    [InlineData("{\"7\": {" + Good + ", \"GT_bbox_number\": \"1\", \"bbox_candidates_map\": \"{1: \"}}", "'bbox_candidates_map' is not a JSON text")]
    [InlineData("{\"7\": {" + Good + ", \"GT_bbox_number\": \"1\"}}", "'bbox_candidates_map' is missing")]
    [InlineData("{\"7\": ", "not JSON")]
    public void Read_Malformed_ThrowsNamingFileAndRecord(string json, string expected)
    {
        PhotoDataException e = Assert.Throws<PhotoDataException>(() => ReadText(json));

        Assert.StartsWith("refcocog_adv_annotations.json: ", e.Message);
        Assert.Contains(expected, e.Message);
    }
}

public sealed class ClevrHumansReaderTests
{
    [Fact]
    public void Read_RealFormat_GivesQuestionsWithTheFileNamesSplitAsDefault()
    {
        IReadOnlyList<ClevrHumansQuestion> questions = ClevrHumansReader.Read(FormatFixtures.Write("CLEVR-Humans-val.json", FormatFixtures.ClevrHumans));

        Assert.Equal(3, questions.Count);
        Assert.Equal("Are there more cubes than balls?", questions[0].Question);
        Assert.Equal("yes", questions[0].Answer);
        Assert.Equal("CLEVR_val_000001.png", questions[2].ImageFileName);
        Assert.Equal(1, questions[2].ImageIndex);
        Assert.All(questions, q => Assert.Equal("val", q.Split));
    }

    [Fact]
    public void Stats_ClevrHumans_CountsOneRefAndExpressionPerQuestion()
    {
        DatasetStats stats = PhotoStats.ClevrHumans(ClevrHumansReader.Read(FormatFixtures.Write("CLEVR-Humans-val.json", FormatFixtures.ClevrHumans)));

        Assert.Equal(new SplitCounts(Images: 2, Refs: 3, Expressions: 3, NoTarget: 0, MultiTarget: 0), stats.Total);
    }

    [Theory]
    [InlineData("[]", "not a CLEVR-Humans question file")]
    [InlineData("{\"info\": {}}", "expected a JSON object with a 'questions' list")]
    [InlineData("{\"questions\": [{\"image_filename\": \"a.png\", \"answer\": \"yes\"}]}", "questions[0]: 'question' is missing")]
    [InlineData("{\"questions\": [{\"image_filename\": \"a.png\", \"question\": \"q?\"}]}", "questions[0]: 'answer' is missing")]
    [InlineData("{\"questions\": [{\"question\": \"q?\", \"answer\": \"2\"}]}", "questions[0]: 'image_filename' is missing")]
    [InlineData("{\"questions\": [{\"image_filename\": \"a.png\", \"image_index\": \"zero\", \"question\": \"q?\", \"answer\": \"2\"}]}", "at questions[0].image_index")]
    [InlineData("{\"questions\": [", "not a CLEVR-Humans question file")]
    public void Read_Malformed_ThrowsNamingFileAndQuestion(string json, string expected)
    {
        PhotoDataException e = Assert.Throws<PhotoDataException>(() => ClevrHumansReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "CLEVR-Humans-val.json", "val"));

        Assert.StartsWith("CLEVR-Humans-val.json: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Read_NoSplitAnywhere_IsRefused()
    {
        PhotoDataException e = Assert.Throws<PhotoDataException>(() => ClevrHumansReader.Read(FormatFixtures.Write("humans.json", FormatFixtures.ClevrHumans)));

        Assert.Contains("questions[2]: 'split' is missing and the file name gives none", e.Message);
    }
}

public sealed class PhotoStatsTests
{
    [Fact]
    public async Task ReadAsync_ReferFolder_UsesTheDefaultSplitBy()
    {
        DatasetStats stats = await PhotoStats.ReadAsync("refcoco", Fixtures.RefCocoFolder, null);

        Assert.Equal(new SplitCounts(2, 4, 7, 0, 0), stats.Total);
    }

    [Fact]
    public async Task ReadAsync_ReferFolderGoogle_ReadsRefsGoogle()
    {
        DatasetStats stats = await PhotoStats.ReadAsync("refcoco", Fixtures.RefCocoFolder, "google");

        Assert.Equal(3, stats.Total.Refs);
    }

    [Fact]
    public async Task ReadAsync_FileTypes_PickTheMdetrAndParquetReaders()
    {
        string mdetr = FormatFixtures.Write("finetune_refcocog_val.json", FormatFixtures.Mdetr);
        string parquet = await FormatFixtures.WriteParquetAsync(Fixtures.TempFolder(), "refcoco.parquet");

        DatasetStats fromMdetr = await PhotoStats.ReadAsync("refcocog", mdetr, null);
        DatasetStats fromParquet = await PhotoStats.ReadAsync("refcoco", parquet, null);

        Assert.Equal(["val"], fromMdetr.Splits.Keys);
        Assert.Equal(3, fromMdetr.Total.Expressions);
        Assert.Equal(["testA", "train"], fromParquet.Splits.Keys);
        Assert.Equal(6, fromParquet.Total.Expressions);
    }

    [Fact]
    public async Task ReadAsync_SplitByOnAnMdetrFile_IsRefused()
    {
        string mdetr = FormatFixtures.Write("finetune_refcoco_val.json", FormatFixtures.Mdetr);

        PhotoDataException e = await Assert.ThrowsAsync<PhotoDataException>(() => PhotoStats.ReadAsync("refcoco", mdetr, "unc"));

        Assert.Contains("applies to the refer layout only", e.Message);
    }

    [Fact]
    public async Task ReadAsync_UnknownFileType_NamesTheAcceptedLayouts()
    {
        string path = FormatFixtures.Write("refs.csv", "a,b");

        PhotoDataException e = await Assert.ThrowsAsync<PhotoDataException>(() => PhotoStats.ReadAsync("refcoco+", path, null));

        Assert.Contains("not a RefCOCO+ layout", e.Message);
    }

    [Fact]
    public async Task ReadAsync_MissingPath_IsATypedError()
    {
        string path = Path.Combine(Fixtures.TempFolder(), "nothing");

        PhotoDataException e = await Assert.ThrowsAsync<PhotoDataException>(() => PhotoStats.ReadAsync("refadv", path, null));

        Assert.Contains("no such file or folder", e.Message);
    }

    [Fact]
    public async Task ReadAsync_ClevrHumansFolder_ReadsEveryQuestionFile()
    {
        string dir = Fixtures.TempFolder();
        File.WriteAllText(Path.Combine(dir, "CLEVR-Humans-val.json"), FormatFixtures.ClevrHumans);
        File.WriteAllText(Path.Combine(dir, "CLEVR-Humans-train.json"), FormatFixtures.ClevrHumans.Replace("\"val\"", "\"train\"", StringComparison.Ordinal));

        DatasetStats stats = await PhotoStats.ReadAsync("clevr-humans", dir, null);

        // The third question of each file has no split field and takes the file name's.
        Assert.Equal(new SplitCounts(2, 6, 6, 0, 0), stats.Total);
        Assert.Equal(new SplitCounts(2, 3, 3, 0, 0), stats.Splits["train"]);
        Assert.Equal(new SplitCounts(2, 3, 3, 0, 0), stats.Splits["val"]);
    }
}
