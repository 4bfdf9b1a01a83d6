using Neptune.Perception;

namespace Neptune.Photos.Tests;

public sealed class PhotoExpressionsTests
{
    [Fact]
    public void Read_ReferFolder_OneExpressionPerSentenceWithItsImageAndBoxes()
    {
        ReferDataset data = ReferDataset.Open(Fixtures.RefCocoFolder, PhotoDatasetKind.RefCoco);

        IReadOnlyList<PhotoExpression> all = PhotoExpressions.Read(data, null);
        IReadOnlyList<PhotoExpression> testB = PhotoExpressions.Read(data, "testB");

        Assert.Equal(7, all.Count);
        Assert.Equal(all.Count, all.Select(e => e.Id).Distinct().Count());
        Assert.Equal(3, testB.Count);
        PhotoExpression first = testB[0];
        Assert.Equal("testB", first.Split);
        CocoImageCheck(data, first);
        int ann = Assert.Single(first.AnnIds);
        Assert.Equal(data.Instances.Annotations[ann].Box, Assert.Single(first.Boxes));
        Assert.False(first.NoTarget);
        Assert.All(testB, e => Assert.False(string.IsNullOrWhiteSpace(e.Expression)));
    }

    [Fact]
    public void Read_SplitWithoutRefs_ListsTheSplitsThereAre()
    {
        ReferDataset data = ReferDataset.Open(Fixtures.RefCocoFolder, PhotoDatasetKind.RefCoco);

        PhotoDataException e = Assert.Throws<PhotoDataException>(() => PhotoExpressions.Read(data, "test"));

        Assert.Contains("no ref is in split 'test'; the splits there are: testA, testB, train, val", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GRefCoco_NoTargetHasNoBoxesAndMultiTargetHasOnePerAnnotation()
    {
        string folder = Fixtures.TempFolder();
        File.WriteAllText(Path.Combine(folder, "instances.json"), """
            { "images": [ { "id": 5, "file_name": "COCO_train2014_000000000005.jpg", "width": 640, "height": 480 } ],
              "annotations": [ { "id": 2, "image_id": 5, "category_id": 1, "bbox": [10, 20, 30, 40] }, { "id": 1, "image_id": 5, "category_id": 1, "bbox": [0, 0, 5, 5] } ],
              "categories": [ { "id": 1, "name": "person", "supercategory": "person" } ] }
            """);
        File.WriteAllText(Path.Combine(folder, "grefs(unc).json"), """
            [ { "ref_id": 1, "image_id": 5, "split": "val", "ann_id": [2, 1], "sentences": [ { "sent_id": 7, "sent": "two people", "raw": "Two people " } ] },
              { "ref_id": 2, "image_id": 5, "split": "val", "ann_id": [-1], "no_target": true, "sentences": [ { "sent_id": 8, "sent": "a dog", "raw": "" } ] } ]
            """);
        ReferDataset data = ReferDataset.Open(folder, PhotoDatasetKind.GRefCoco);

        IReadOnlyList<PhotoExpression> val = PhotoExpressions.Read(data, "val");

        Assert.Equal([1, 2], val[0].AnnIds);
        Assert.Equal([new BoundingBox(0, 0, 5, 5), new BoundingBox(10, 20, 40, 60)], val[0].Boxes);
        Assert.Equal("Two people", val[0].Expression);
        Assert.Equal("person", val[0].Category);
        Assert.True(val[1].NoTarget);
        Assert.Empty(val[1].Boxes);
        Assert.Null(val[1].Category);
        Assert.Equal("a dog", val[1].Expression);  // no raw text: the normalised sentence
    }

    [Fact]
    public void Read_RepeatedSentenceId_IsADataError()
    {
        string folder = Fixtures.TempFolder();
        File.WriteAllText(Path.Combine(folder, "instances.json"), """
            { "images": [ { "id": 5, "file_name": "a.jpg", "width": 64, "height": 48 } ], "annotations": [], "categories": [] }
            """);
        File.WriteAllText(Path.Combine(folder, "grefs(unc).json"), """
            [ { "ref_id": 1, "image_id": 5, "split": "val", "ann_id": [-1], "sentences": [ { "sent_id": 7, "sent": "x", "raw": "x" } ] },
              { "ref_id": 2, "image_id": 5, "split": "val", "ann_id": [-1], "sentences": [ { "sent_id": 7, "sent": "y", "raw": "y" } ] } ]
            """);

        PhotoDataException e = Assert.Throws<PhotoDataException>(() => PhotoExpressions.Read(ReferDataset.Open(folder, PhotoDatasetKind.GRefCoco), null));

        Assert.Contains("sent_id 7 (ref_id 2) repeats an earlier sentence", e.Message, StringComparison.Ordinal);
    }

    private static void CocoImageCheck(ReferDataset data, PhotoExpression e) =>
        Assert.Equal(data.Instances.Images[e.ImageId].FileName, e.ImageFileName);
}

public sealed class PhotoExpressionLayoutsTests
{
    [Fact]
    public async Task ReadAsync_Mdetr_OneExpressionPerEntryWithItsTargetBoxesInTheFilesSplit()
    {
        string path = FormatFixtures.Write("finetune_refcoco_testA.json", FormatFixtures.Mdetr);

        IReadOnlyList<PhotoExpression> all = await PhotoExpressions.ReadAsync("refcoco", PhotoLayouts.Detect("refcoco", path), path, null, PhotoLayouts.DefaultSplit(PhotoLayout.Mdetr, path));

        Assert.Equal(PhotoLayout.Mdetr, PhotoLayouts.Detect("refcoco", path));
        Assert.Equal([0L, 1L, 2L], all.Select(e => e.Id));
        Assert.Equal("left woman", all[1].Expression);
        Assert.Equal(581857, all[1].ImageId);
        Assert.Equal("COCO_train2014_000000581857.jpg", all[1].ImageFileName);
        Assert.Equal([1719311], all[1].AnnIds);
        Assert.Equal(new BoundingBox(10.5f, 20, 110.5f, 220), Assert.Single(all[1].Boxes));
        Assert.All(all, e => Assert.Equal("testA", e.Split));
        PhotoDataException e = await Assert.ThrowsAsync<PhotoDataException>(() => PhotoExpressions.ReadAsync("refcoco", PhotoLayout.Mdetr, path, null, "val"));
        Assert.Contains("finetune_refcoco_testA.json: no ref is in split 'val'; the splits there are: testA", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Parquet_TakesTheBoxFromTheRowsBboxAsCornersAndTheCocoFileName()
    {
        string path = await FormatFixtures.WriteParquetAsync(Fixtures.TempFolder(), "refcoco_testA.parquet");

        IReadOnlyList<PhotoExpression> testA = await PhotoExpressions.ReadAsync("refcoco", PhotoLayouts.Detect("refcoco", path), path, null, "testA");

        Assert.Equal([2L, 3L, 4L, 5L], testA.Select(e => e.Id));
        Assert.Equal("woman in café apron", testA[0].Expression);
        Assert.Equal([1719311], testA[0].AnnIds);
        Assert.Equal(new BoundingBox(1.5f, 2.5f, 30, 40), Assert.Single(testA[0].Boxes));
        Assert.Equal("COCO_train2014_000000581857.jpg", testA[0].ImageFileName);
        Assert.Equal("COCO_train2014_000000000009.jpg", testA[1].ImageFileName);
    }

    [Theory]
    [InlineData(new double[0], "row 1 (ref_id 1): 'bbox' is missing")]
    [InlineData(new double[] { 10, 10, 5, 20 }, "row 1 (ref_id 1): 'bbox' must be [x0, y0, x1, y1] with x1 >= x0 and y1 >= y0, got [10, 10, 5, 20]")]
    [InlineData(new double[] { 1, 2, 3 }, "row 1 (ref_id 1): 'bbox' must be [x0, y0, x1, y1]")]
    public async Task ReadAsync_ParquetWithoutAUsableBox_NamesFileAndRow(double[] box, string expected)
    {
        FormatFixtures.ExportRow[] rows = FormatFixtures.ExportRows();
        rows[1].Bbox = [.. box.Select(v => (double?)v)];
        string path = await FormatFixtures.WriteParquetAsync(Fixtures.TempFolder(), "refcoco_testA.parquet", rows);

        PhotoDataException e = await Assert.ThrowsAsync<PhotoDataException>(() => PhotoExpressions.ReadAsync("refcoco", PhotoLayout.Parquet, path, null, "testA"));

        Assert.Contains("refcoco_testA.parquet: " + expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_RefAdv_OneExpressionPerRecordInSplitTestWithTheTargetCandidate()
    {
        string path = FormatFixtures.Write("refcocog_adv_annotations.json", FormatFixtures.RefAdv);

        IReadOnlyList<PhotoExpression> test = await PhotoExpressions.ReadAsync("refadv", PhotoLayouts.Detect("refadv", path), path, null, PhotoLayouts.DefaultSplit(PhotoLayout.RefAdv, path));

        Assert.Equal([0L, 1L], test.Select(e => e.Id));
        Assert.Equal("A woman in a red shirt, feeding giraffes through a fence.", test[0].Expression);
        Assert.Equal([595839], test[0].AnnIds);
        Assert.Equal(64809, test[0].RefId);
        Assert.Equal(new BoundingBox(62.37f, 0.14f, (float)(62.37 + 329.79), (float)(0.14 + 292.73)), Assert.Single(test[0].Boxes));
        Assert.Equal("test", test[1].Split);
        await Assert.ThrowsAsync<PhotoDataException>(() => PhotoExpressions.ReadAsync("refadv", PhotoLayout.RefAdv, path, null, "val"));
    }

    [Fact]
    public void Detect_FoldersAndFiles_FollowTheDataStatsConvention()
    {
        string parquetFolder = Fixtures.TempFolder();
        File.WriteAllBytes(Path.Combine(parquetFolder, "x.parquet"), [0]);
        string text = FormatFixtures.Write("notes.txt", "hello");

        Assert.Equal(PhotoLayout.Refer, PhotoLayouts.Detect("refcoco", Fixtures.RefCocoFolder));
        Assert.Equal(PhotoLayout.Parquet, PhotoLayouts.Detect("refcocog", parquetFolder));
        Assert.Equal(PhotoLayout.Refer, PhotoLayouts.Detect("grefcoco", parquetFolder));
        Assert.Contains("not a RefCOCO layout", Assert.Throws<PhotoDataException>(() => PhotoLayouts.Detect("refcoco", text)).Message, StringComparison.Ordinal);
        Assert.Contains("is a folder; refadv reads the file", Assert.Throws<PhotoDataException>(() => PhotoLayouts.Detect("refadv", parquetFolder)).Message, StringComparison.Ordinal);
        Assert.Contains("no such file or folder", Assert.Throws<PhotoDataException>(() => PhotoLayouts.Detect("refcoco", text + ".missing")).Message, StringComparison.Ordinal);
    }
}
