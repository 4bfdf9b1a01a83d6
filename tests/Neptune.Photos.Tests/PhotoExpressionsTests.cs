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
