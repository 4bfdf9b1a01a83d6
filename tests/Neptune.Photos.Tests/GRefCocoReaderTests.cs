using System.Text;
using Neptune.Photos;

namespace Neptune.Photos.Tests;

public sealed class GRefCocoReaderTests
{
    private const string Fixture = """
        [
          {"ref_id": 0, "ann_id": [1234], "image_id": 581857, "category_id": [1], "split": "train",
           "file_name": "COCO_train2014_000000581857_16.jpg", "sent_ids": [0], "no_target": false,
           "sentences": [{"tokens": ["the", "lady"], "raw": "The lady", "sent": "the lady", "sent_id": 0}]},
          {"ref_id": 1, "ann_id": [-1], "image_id": 581857, "category_id": [-1], "split": "testA",
           "file_name": "COCO_train2014_000000581857_17.jpg", "sent_ids": [1, 2], "no_target": true,
           "sentences": [{"tokens": ["dog"], "raw": "dog", "sent": "dog", "sent_id": 1},
                         {"tokens": ["a", "cat"], "raw": "a cat", "sent": "a cat", "sent_id": 2}]},
          {"ref_id": 2, "ann_id": [5, 6, 7], "image_id": 9, "category_id": [1, 1, 3], "split": "val",
           "file_name": "COCO_train2014_000000000009_2.jpg", "sent_ids": [3],
           "sentences": [{"tokens": ["all", "people"], "raw": "all people", "sent": "all people", "sent_id": 3}]}
        ]
        """;

    private static IReadOnlyList<PhotoRef> ReadText(string json) =>
        GRefCocoReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "grefs(unc).json");

    [Fact]
    public void Read_RealFormat_GivesSingleNoTargetAndMultiTargetRefs()
    {
        IReadOnlyList<PhotoRef> refs = ReadText(Fixture);

        Assert.Equal(3, refs.Count);
        Assert.Equal([1234], refs[0].AnnIds);
        Assert.False(refs[0].NoTarget);
        Assert.Equal("The lady", refs[0].Sentences[0].Raw);
        Assert.True(refs[1].NoTarget);
        Assert.Empty(refs[1].AnnIds);
        Assert.Equal("testA", refs[1].Split);
        Assert.Equal(2, refs[1].Sentences.Count);
        Assert.Equal([5, 6, 7], refs[2].AnnIds);
        Assert.Equal(9, refs[2].ImageId);
    }

    [Theory]
    [InlineData("{}", "expected a JSON array")]
    [InlineData("[{\"ref_id\": 3}]", "ref 0 (ref_id 3): 'image_id' must be an integer")]
    [InlineData("[{\"ref_id\": 3, \"image_id\": 1, \"split\": \"val\", \"ann_id\": [], \"sentences\": []}]", "'ann_id' is empty")]
    [InlineData("[{\"ref_id\": 3, \"image_id\": 1, \"split\": \"val\", \"ann_id\": [-1, 4], \"sentences\": []}]", "mixes -1")]
    [InlineData("[{\"ref_id\": 3, \"image_id\": 1, \"split\": \"val\", \"ann_id\": [4], \"no_target\": true, \"sentences\": []}]", "'no_target' is true")]
    [InlineData("[{\"ref_id\": 3, \"image_id\": 1, \"split\": \"val\", \"ann_id\": [4], \"sentences\": [{\"sent_id\": 1}]}]", "'sent' must be a string")]
    [InlineData("[", "not JSON")]
    public void Read_Malformed_ThrowsNamingFileAndRecord(string json, string expected)
    {
        PhotoDataException e = Assert.Throws<PhotoDataException>(() => ReadText(json));

        Assert.StartsWith("grefs(unc).json: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsTypedError()
    {
        string path = Path.Combine(Path.GetTempPath(), $"neptune-missing-{Guid.NewGuid():N}", "grefs(unc).json");

        PhotoDataException e = Assert.Throws<PhotoDataException>(() => GRefCocoReader.Read(path));
        Assert.Contains("cannot read", e.Message);
    }
}
