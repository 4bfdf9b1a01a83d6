using System.Text.Json;
using Neptune.Imaging;
using Neptune.Perception;
using Neptune.Vision.Datasets;
using Neptune.Vision.Scoring;

namespace Neptune.Vision.Tests;

public sealed class AnnotatedImagePerceptionTests
{
    private sealed record Item(string Image, int Objects);

    private sealed class CountingSource : IAnnotatedImageSource<Item>
    {
        public int Loads { get; private set; }

        public string ImageKey(Item item) => item.Image;

        public RgbaImage LoadImage(Item item)
        {
            Loads++;
            return new RgbaImage(40, 30);
        }

        public IReadOnlyList<DetectedObject> Objects(Item item) =>
            [.. Enumerable.Range(0, item.Objects).Select(i => new DetectedObject(i, new BoundingBox(i, i, i + 5, i + 5), "thing"))];
    }

    private static VisionConfig Config()
    {
        string json = JsonSerializer.Serialize(new { vision = new { endpoints = new[] { new { endpoint = "http://127.0.0.1:1/v1", model = "fake-vlm" } } } });
        using JsonDocument doc = JsonDocument.Parse(json);
        return VisionConfig.Parse(doc.RootElement, "test");
    }

    [Fact]
    public void For_ItemsSharingAnImage_DecodeItOnceAndKeepEachItemsObjects()
    {
        var source = new CountingSource();
        using var perception = new AnnotatedImagePerception<Item>(Config(), source);

        VlmScenePerception first = perception.For(new Item("a.png", 2));
        VlmScenePerception second = perception.For(new Item("a.png", 3));
        perception.For(new Item("b.png", 1));

        Assert.Equal(2, source.Loads);
        Assert.Equal(2, first.Objects.Count);
        Assert.Equal(3, second.Objects.Count);
        Assert.Equal(new BoundingBox(2, 2, 7, 7), second.Objects[2].Box);
    }

    [Fact]
    public void For_CapacityReached_ForgetsDecodedImages()
    {
        var source = new CountingSource();
        using var perception = new AnnotatedImagePerception<Item>(Config(), source, imageCacheCapacity: 1);

        perception.For(new Item("a.png", 1));
        perception.For(new Item("b.png", 1));
        perception.For(new Item("a.png", 1));

        Assert.Equal(3, source.Loads);
    }
}
