using Neptune.Perception;
using Neptune.Vision.Grounding;

namespace Neptune.Vision.Tests;

public sealed class GroundingTests
{
    [Theory]
    [InlineData(480, 320, 476, 308)]
    [InlineData(1920, 1080, 1316, 728)]
    [InlineData(20, 20, 56, 56)]
    [InlineData(70, 42, 56, 56)]
    [InlineData(4000, 3000, 1148, 840)]
    public void Apply_QwenDefaults_MatchesPublishedRule(int width, int height, int expectedWidth, int expectedHeight) =>
        Assert.Equal((expectedWidth, expectedHeight), QwenResizeRule.Default.Apply(width, height));

    [Fact]
    public void TryParse_FencedListWithTrailingText_ReadsEveryBox()
    {
        const string answer = "Here you go:\n```json\n[\n {\"bbox_2d\": [10, 20, 110, 220], \"label\": \"cube\"},\n {\"bbox_2d\": [5.5, 6, 7, 8], \"label\": \"sphere\"}\n]\n```\nLet me know if you need more.";
        Assert.True(GroundingParser.TryParse(answer, out List<RawGrounding> boxes, out _));
        Assert.Equal([new RawGrounding(10, 20, 110, 220, "cube", null), new RawGrounding(5.5, 6, 7, 8, "sphere", null)], boxes);
    }

    [Fact]
    public void TryParse_BareListAfterThinking_ReadsBoxes()
    {
        const string answer = "<think>the [cube] is left</think>[{\"bbox_2d\": [1, 2, 3, 4], \"label\": \"cube\"}] trailing";
        Assert.True(GroundingParser.TryParse(answer, out List<RawGrounding> boxes, out _));
        Assert.Single(boxes);
        Assert.Equal(4, boxes[0].Y2);
    }

    [Fact]
    public void TryParse_SingleObject_ReadsOneBox()
    {
        Assert.True(GroundingParser.TryParse("{\"bbox_2d\": [1, 2, 3, 4], \"label\": \"dog\", \"score\": 0.8}", out List<RawGrounding> boxes, out _));
        Assert.Equal(0.8, boxes[0].Score);
    }

    [Fact]
    public void TryParse_EmptyList_SucceedsWithNoBoxes()
    {
        Assert.True(GroundingParser.TryParse("```json\n[]\n```", out List<RawGrounding> boxes, out _));
        Assert.Empty(boxes);
    }

    [Theory]
    [InlineData("I cannot see any cube.")]
    [InlineData("[{\"bbox_2d\": [1, 2, 3], \"label\": \"x\"}]")]
    [InlineData("[{\"bbox_2d\": [1, 2, \"a\", 4]}]")]
    [InlineData("[{\"bbox_2d\": [1, 2, 3, 4]")]
    [InlineData("")]
    public void TryParse_NoReadableBoxes_Fails(string answer)
    {
        Assert.False(GroundingParser.TryParse(answer, out _, out string? failure));
        Assert.False(string.IsNullOrEmpty(failure));
    }

    [Fact]
    public void ToImage_Relative1000_ScalesToImage()
    {
        BoundingBox box = GroundingParser.ToImage(new RawGrounding(100, 250, 500, 1000, null, null), GroundingCoordinates.Relative1000, 480, 320, 480, 320, QwenResizeRule.Default);
        Assert.Equal(new BoundingBox(48, 80, 240, 320), box);
    }

    [Fact]
    public void ToImage_ResizedPixels_MapsBackThroughQwenResize()
    {
        // 480×320 is seen as 476×308 by Qwen2.5-VL.
        BoundingBox box = GroundingParser.ToImage(new RawGrounding(119, 77, 238, 154, null, null), GroundingCoordinates.ResizedPixels, 480, 320, 480, 320, QwenResizeRule.Default);
        Assert.Equal(120f, box.Left, 3);
        Assert.Equal(80f, box.Top, 3);
        Assert.Equal(240f, box.Right, 3);
        Assert.Equal(160f, box.Bottom, 3);
    }

    [Fact]
    public void ToImage_SwappedAndOutOfRangeCorners_AreOrderedAndClipped()
    {
        BoundingBox box = GroundingParser.ToImage(new RawGrounding(500, -10, 100, 40, null, null), GroundingCoordinates.ImagePixels, 200, 100, 400, 200, QwenResizeRule.Default);
        Assert.Equal(new BoundingBox(200, 0, 400, 80), box);
    }
}
