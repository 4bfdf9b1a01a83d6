namespace Neptune.Photos.Tests;

public sealed class ReferDatasetTests
{
    [Fact]
    public void Open_ReferFolder_JoinsRefsAndInstances()
    {
        ReferDataset data = ReferDataset.Open(Fixtures.RefCocoFolder, PhotoDatasetKind.RefCoco);

        Assert.Equal("unc", data.SplitBy);
        Assert.Equal(4, data.Refs.Count);
        Assert.Single(data.Split("testB"));
        Assert.Equal(Path.Combine("imgs", "COCO_train2014_000000000009.jpg"), data.ImagePath("imgs", 9));
    }

    [Fact]
    public void Stats_ReferFolder_CountsImagesRefsAndSentencesPerSplit()
    {
        DatasetStats stats = DatasetStats.Of(ReferDataset.Open(Fixtures.RefCocoFolder, PhotoDatasetKind.RefCoco).Refs);

        Assert.Equal(new SplitCounts(Images: 2, Refs: 4, Expressions: 7, NoTarget: 0, MultiTarget: 0), stats.Total);
        Assert.Equal(["testA", "testB", "train", "val"], stats.Splits.Keys);
        Assert.Equal(new SplitCounts(1, 1, 3, 0, 0), stats.Splits["testB"]);
        Assert.Equal(new SplitCounts(1, 1, 2, 0, 0), stats.ForSplit("train").Total);
    }

    [Fact]
    public void Stats_GRefCocoRefs_CountsNoTargetAndMultiTargetExpressions()
    {
        PhotoRef Ref(int id, string split, int[] anns, int sentences) => new()
        {
            RefId = id,
            ImageId = id % 2,
            Split = split,
            AnnIds = anns,
            Sentences = Enumerable.Range(0, sentences).Select(s => new RefSentence(s, "x", "x")).ToList(),
        };

        DatasetStats stats = DatasetStats.Of([Ref(0, "val", [], 2), Ref(1, "val", [1, 2], 3), Ref(2, "testA", [3], 1)]);

        Assert.Equal(new SplitCounts(2, 3, 6, 2, 3), stats.Total);
        Assert.Equal(new SplitCounts(2, 2, 5, 2, 3), stats.Splits["val"]);
        PhotoDataException e = Assert.Throws<PhotoDataException>(() => stats.ForSplit("testB"));
        Assert.Contains("the data has testA, val", e.Message);
    }

    [Fact]
    public void Open_MissingRefsFile_NamesItAndWhatTheFolderHolds()
    {
        PhotoDataException e = Assert.Throws<PhotoDataException>(() => ReferDataset.Open(Fixtures.RefCocoFolder, PhotoDatasetKind.RefCocoG));

        Assert.Contains("refs(umd).p: missing", e.Message);
        Assert.Contains("instances.json, refs(google).p, refs(unc).p", e.Message);
    }

    [Fact]
    public void Open_UnknownSplitBy_IsRefused()
    {
        PhotoDataException e = Assert.Throws<PhotoDataException>(() => ReferDataset.Open(Fixtures.RefCocoFolder, PhotoDatasetKind.RefCocoPlus, "google"));

        Assert.Contains("split-by 'google' does not exist for RefCOCO+", e.Message);
    }

    [Fact]
    public void Open_RefPointingAtAMissingAnnotation_NamesTheRef()
    {
        string dir = Fixtures.CopyOfRefCoco();
        string instances = Path.Combine(dir, "instances.json");
        File.WriteAllText(instances, File.ReadAllText(instances).Replace("\"id\": 1039564", "\"id\": 1039565", StringComparison.Ordinal));

        PhotoDataException e = Assert.Throws<PhotoDataException>(() => ReferDataset.Open(dir, PhotoDatasetKind.RefCoco));

        Assert.Contains("refs(unc).p: ref 3 (ref_id 3): ann_id 1039564 is not in", e.Message);
    }

    [Fact]
    public void Open_GRefCocoFolder_ReadsNoTargetAndMultiTargetRefs()
    {
        string dir = Fixtures.CopyOfRefCoco();
        File.WriteAllText(Path.Combine(dir, "grefs(unc).json"), """
            [{"ref_id": 0, "ann_id": [1038967, 1039564], "image_id": 9, "category_id": [51, 51], "split": "val",
              "file_name": "COCO_train2014_000000000009_0.jpg", "sent_ids": [0], "no_target": false,
              "sentences": [{"tokens": ["both", "bowls"], "raw": "both bowls", "sent": "both bowls", "sent_id": 0}]},
             {"ref_id": 1, "ann_id": [-1], "image_id": 9, "category_id": [-1], "split": "val",
              "file_name": "COCO_train2014_000000000009_1.jpg", "sent_ids": [1], "no_target": true,
              "sentences": [{"tokens": ["a", "cat"], "raw": "a cat", "sent": "a cat", "sent_id": 1}]}]
            """);

        ReferDataset data = ReferDataset.Open(dir, PhotoDatasetKind.GRefCoco);

        Assert.Equal([51, 51], data.Refs[0].CategoryIds);
        Assert.True(data.Refs[1].NoTarget);
        Assert.Equal(new SplitCounts(1, 2, 2, 1, 1), DatasetStats.Of(data.Refs).Total);
    }
}
