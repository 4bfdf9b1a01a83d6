using System.Text.Json;
using Neptune.Clevr.Vision.Perception;
using Neptune.Clevr2D;
using Neptune.Imaging;
using Neptune.Logic;
using Neptune.Perception;
using Neptune.Testing;
using Neptune.Vision;
using Neptune.Vision.Scoring;
using Neptune.Vision.Tests;

namespace Neptune.Clevr.Vision.Tests;

public sealed class ClevrVisionPerceptionTests
{
    private static VisionConfig Config(Uri endpoint)
    {
        string json = JsonSerializer.Serialize(new { vision = new { endpoints = new[] { new { endpoint = endpoint.ToString(), model = "fake-vlm" } }, crops = false } });
        using JsonDocument doc = JsonDocument.Parse(json);
        return VisionConfig.Parse(doc.RootElement, "test");
    }

    [Fact]
    public async Task For_RenderedScene_ScoresAnnotatedObjectsFromPixels()
    {
        ClevrScene scene = Clevr2DFakeVlm.Scene();
        await using FakeChatServer server = await FakeChatServer.StartAsync(r => Clevr2DFakeVlm.Script(r, scene));
        using var source = new ClevrVisionPerception(Config(server.Endpoint), ClevrRenderer.Render);

        VlmScenePerception perception = source.For(scene);
        SoftTensor blue = await perception.ScoreAsync("Is the object in the red box blue?", ["x"], default);

        Assert.Equal([0.92f, 0.03f, 0.03f], blue.ToArray().Select(v => MathF.Round(v, 2)));
        Assert.Equal(3, perception.ScoredTuples);
        Assert.Equal(ClevrGeometry.BoxOf(scene.Objects[2]), perception.Objects[2].Box);
        Assert.Equal(3, source.Model.Counters.Requests);
    }

    [Fact]
    public void ImagesFromDirectory_MissingFile_ThrowsInvalidImage()
    {
        ClevrScene scene = Clevr2DFakeVlm.Scene();
        Func<ClevrScene, RgbaImage> images = ClevrVisionPerception.ImagesFromDirectory(Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N")));
        PerceptionException e = Assert.Throws<PerceptionException>(() => images(scene));
        Assert.Equal(PerceptionErrorKind.InvalidImage, e.Kind);
        Assert.Contains("fake.png", e.Message, StringComparison.Ordinal);
    }
}
