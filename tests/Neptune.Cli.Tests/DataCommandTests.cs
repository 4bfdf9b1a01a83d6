using System.Text.Json;

namespace Neptune.Cli.Tests;

public sealed class DataCommandTests : IDisposable
{
    private readonly string _dir = Cli.NewDirectory();

    private static string ReferFixture => Path.Combine(Cli.RepositoryRoot, "tests", "Neptune.Photos.Tests", "Fixtures", "refcoco");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonElement Json(CliRun run)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Err}");
        using JsonDocument doc = JsonDocument.Parse(run.Out);
        return doc.RootElement.Clone();
    }

    private static int[] Five(JsonElement e) =>
        [e.GetProperty("images").GetInt32(), e.GetProperty("refs").GetInt32(), e.GetProperty("expressions").GetInt32(), e.GetProperty("no_target").GetInt32(), e.GetProperty("multi_target").GetInt32()];

    [Fact]
    public void Stats_ReferFolder_PrintsTheCountsAndEverySplitAsSnakeCaseJson()
    {
        JsonElement stats = Json(Cli.Process(_dir, "data", "stats", "--dataset", "refcoco", "--annotations", ReferFixture, "--json"));

        Assert.Equal([2, 4, 7, 0, 0], Five(stats));
        JsonElement splits = stats.GetProperty("splits");
        Assert.Equal(["testA", "testB", "train", "val"], splits.EnumerateObject().Select(p => p.Name));
        Assert.Equal([1, 1, 3, 0, 0], Five(splits.GetProperty("testB")));
        Assert.Equal(["images", "refs", "expressions", "no_target", "multi_target", "splits"], stats.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Stats_SplitAndSplitBy_GiveTheTopLevelCountsOfThatSplit()
    {
        JsonElement all = Json(Cli.Process(_dir, "data", "stats", "--dataset", "refcoco", "--annotations", ReferFixture, "--split-by", "google", "--json"));
        JsonElement train = Json(Cli.Process(_dir, "data", "stats", "--dataset", "refcoco", "--annotations", ReferFixture, "--split", "train", "--json"));

        Assert.Equal(3, all.GetProperty("refs").GetInt32());
        Assert.Equal([1, 1, 2, 0, 0], Five(train));
        Assert.Equal(4, train.GetProperty("splits").EnumerateObject().Count());
    }

    [Fact]
    public void Stats_GRefCocoFolder_CountsNoTargetAndMultiTargetExpressions()
    {
        foreach (string file in Directory.EnumerateFiles(ReferFixture))
        {
            File.Copy(file, Path.Combine(_dir, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(_dir, "grefs(unc).json"), """
            [{"ref_id": 0, "ann_id": [1038967, 1039564], "image_id": 9, "category_id": [51, 51], "split": "val",
              "sent_ids": [0, 1], "no_target": false,
              "sentences": [{"raw": "both bowls", "sent": "both bowls", "sent_id": 0}, {"raw": "two bowls", "sent": "two bowls", "sent_id": 1}]},
             {"ref_id": 1, "ann_id": [-1], "image_id": 9, "category_id": [-1], "split": "testB", "sent_ids": [2], "no_target": true,
              "sentences": [{"raw": "a cat", "sent": "a cat", "sent_id": 2}]}]
            """);

        JsonElement stats = Json(Cli.Process(_dir, "data", "stats", "--dataset", "grefcoco", "--annotations", _dir, "--json"));

        Assert.Equal([1, 2, 3, 1, 2], Five(stats));
        Assert.Equal([1, 1, 1, 1, 0], Five(stats.GetProperty("splits").GetProperty("testB")));
    }

    [Fact]
    public void Stats_MdetrFile_TakesTheSplitFromTheFileName()
    {
        string path = Path.Combine(_dir, "finetune_refcoco_testA.json");
        File.WriteAllText(path, """
            {"images": [{"file_name": "COCO_train2014_000000000009.jpg", "id": 0, "original_id": 9, "caption": "left bowl"},
                        {"file_name": "COCO_train2014_000000000009.jpg", "id": 1, "original_id": 9, "caption": "bowl on the left"}],
             "annotations": [{"image_id": 0, "id": 0, "bbox": [1, 2, 3, 4], "category_id": 51, "original_id": 1038967},
                             {"image_id": 1, "id": 1, "bbox": [1, 2, 3, 4], "category_id": 51, "original_id": 1038967}]}
            """);

        JsonElement stats = Json(Cli.Process(_dir, "data", "stats", "--dataset", "refcoco", "--annotations", path, "--json"));

        Assert.Equal([1, 1, 2, 0, 0], Five(stats));
        Assert.Equal(["testA"], stats.GetProperty("splits").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Stats_RefAdvFile_CountsOneExpressionPerRecordInTest()
    {
        string path = Path.Combine(_dir, "refcocog_adv_annotations.json");
        File.WriteAllText(path, """
            {"a": {"GT_bbox_number": "1", "most_confused_bbox_GT_desc": "the man on the left", "raw_str": "a man",
                   "bbox_candidates_map": "{\"1\": [0, 0, 10, 10]}", "imgID": "5", "img_file_name": "COCO_train2014_000000000005.jpg"},
             "b": {"GT_bbox_number": "2", "most_confused_bbox_GT_desc": "the dog", "raw_str": "a dog",
                   "bbox_candidates_map": "{\"1\": [0, 0, 10, 10], \"2\": [5, 5, 10, 10]}", "imgID": "6", "img_file_name": "COCO_train2014_000000000006.jpg"}}
            """);

        JsonElement stats = Json(Cli.Process(_dir, "data", "stats", "--dataset", "refadv", "--annotations", path, "--json"));

        Assert.Equal([2, 2, 2, 0, 0], Five(stats));
        Assert.Equal([2, 2, 2, 0, 0], Five(stats.GetProperty("splits").GetProperty("test")));
    }

    [Fact]
    public void Stats_WithoutJson_PrintsATableWithAnAllRow()
    {
        CliRun run = Cli.Process(_dir, "data", "stats", "--dataset", "refcoco", "--annotations", ReferFixture);

        Assert.Equal(0, run.ExitCode);
        string[] lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("split", lines[0]);
        Assert.Equal(["all", "2", "4", "7", "0", "0"], lines[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Stats_MalformedRecord_ExitsTwoWithOneLineNamingFileAndRecord()
    {
        string path = Path.Combine(_dir, "CLEVR-Humans-val.json");
        File.WriteAllText(path, """{"questions": [{"image_filename": "CLEVR_val_000000.png", "question": "What is it?"}]}""");

        Cli.Process(_dir, "data", "stats", "--dataset", "clevr-humans", "--annotations", path, "--json")
            .FailsWithBadInput("CLEVR-Humans-val.json: questions[0]: 'answer' is missing");
    }

    [Fact]
    public void Stats_UnknownSplit_ExitsTwoListingTheSplits()
    {
        CliRun run = Cli.Process(_dir, "data", "stats", "--dataset", "refcoco", "--annotations", ReferFixture, "--split", "testC", "--json");

        run.FailsWithBadInput("no split 'testC'; the data has testA, testB, train, val");
        Assert.Single(run.ErrLines);
    }

    [Theory]
    [InlineData("refcocog", "refs(umd).p: missing")]
    [InlineData("refadv", "refadv reads the file refcocog_adv_annotations.json")]
    public void Stats_WrongLayout_ExitsTwo(string dataset, string expected) =>
        Cli.Process(_dir, "data", "stats", "--dataset", dataset, "--annotations", ReferFixture, "--json").FailsWithBadInput(expected);

    [Fact]
    public void Stats_UnknownDataset_IsAUsageError() =>
        Cli.Process(_dir, "data", "stats", "--dataset", "refclef", "--annotations", ReferFixture).FailsWithBadInput("--dataset");

    [Fact]
    public void Stats_MissingPath_ExitsTwo() =>
        Cli.Process(_dir, "data", "stats", "--dataset", "refcoco", "--annotations", Path.Combine(_dir, "nothing"), "--json").FailsWithBadInput("no such file or folder");
}
