using System.Text.Json;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Testing;

namespace Neptune.Service.Tests;

/// <summary><c>/v1/ask</c> through an ask config's vision-language model instead of the embedded world.</summary>
public sealed class VisionBackendTests
{
    [Fact]
    public async Task Ask_WithAnAskConfig_DetectsThroughTheModelServerOnAnyPicture()
    {
        await using FakeChatServer vlm = await FakeChatServer.StartAsync(_ => FakeVision.Grounding(("cup", 10, 20, 200, 220), ("laptop", 300, 40, 600, 400)));
        string dir = Directory.CreateTempSubdirectory("neptune-serve-").FullName;
        string ask = Path.Combine(dir, "ask.json");
        File.WriteAllText(ask, $$$"""
            {"vision": {"endpoints": [{"endpoint": "{{{vlm.Endpoint}}}", "model": "fake-vlm", "max_retries": 0}]},
             "detector": {"kind": "vlm"}}
            """);
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { Ask = ask });
        byte[] photo = ImageCodecs.Default.Encode(new RgbaImage(640, 480));

        (int status, JsonElement body, _) = await host.SendAsync(
            ImageEndpointTests.Form(photo, ("question", "How many things are there?"), ("program", "return len(objects())"), ("objects", "cup, laptop")),
            "/v1/ask");

        Assert.Equal(200, status);
        Assert.Equal("answer", body.GetProperty("outcome").GetString());
        Assert.Equal("2", body.GetProperty("answer").GetString());
        Assert.Equal(["cup", "laptop"], body.GetProperty("object_names").EnumerateArray().Select(e => e.GetString()));
        Assert.True(body.GetProperty("vision").GetProperty("requests").GetInt64() >= 1);
        Assert.True(body.GetProperty("vision").TryGetProperty("failed_requests", out _));
        Assert.True(vlm.RequestCount >= 1);
    }

    [Fact]
    public void Create_AskConfigThatIsNotValid_FailsAtStartUpNamingIt()
    {
        string dir = Directory.CreateTempSubdirectory("neptune-serve-").FullName;
        string ask = Path.Combine(dir, "ask.json");
        File.WriteAllText(ask, """{"vision": {"endpoints": []}, "detector": {"kind": "vlm"}}""");
        ServiceSettings settings = new ServiceConfig { Ask = ask }.Resolve();

        var e = Assert.Throws<ServiceConfigException>(() => NeptuneServer.Create(settings));

        Assert.StartsWith("ask: ", e.Message, StringComparison.Ordinal);
    }
}
