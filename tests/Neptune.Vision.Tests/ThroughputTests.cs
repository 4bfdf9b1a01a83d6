using Microsoft.Extensions.AI;
using Neptune.Imaging;
using Neptune.Models;
using Neptune.Perception;
using Neptune.Testing;
using Neptune.Vision.Endpoints;
using Neptune.Vision.Scoring;
using Xunit.Abstractions;

namespace Neptune.Vision.Tests;

public sealed class ThroughputTests(ITestOutputHelper output)
{
    /// <summary>
    /// Two fake servers with latency L = 100 ms behind a pool with capacity C = 8 each score 17 objects pairwise
    /// (272 requests, 17 full waves). The bound per endpoint must hold; the measured rate against the limit 2C/L is reported, not asserted.
    /// </summary>
    [Fact]
    public async Task ScoreAsync_PoolOfTwoEndpoints_StaysWithinEachEndpointsCapacity()
    {
        const int capacity = 8;
        var latency = TimeSpan.FromMilliseconds(100);
        await using FakeChatServer s1 = await FakeChatServer.StartAsync(_ => FakeReply.Delayed(latency, FakeVision.Probability(0.7)));
        await using FakeChatServer s2 = await FakeChatServer.StartAsync(_ => FakeReply.Delayed(latency, FakeVision.Probability(0.7)));
        using var pool = new EndpointPool(
            [
                new PoolMember("a", ModelClientBuilder.ForEndpoint(VisionFixture.Endpoint(s1.Endpoint, concurrency: capacity)), capacity),
                new PoolMember("b", ModelClientBuilder.ForEndpoint(VisionFixture.Endpoint(s2.Endpoint, concurrency: capacity)), capacity),
            ],
            PoolStrategy.LeastBusy);
        var model = new VisionLanguageModel(pool, "fake-vlm", new VlmOptions { Prompt = new() { AttachCrops = false, MaxImageSide = 64 } });
        var image = new RgbaImage(64, 64);
        DetectedObject[] objects = [.. Enumerable.Range(0, 17).Select(i => new DetectedObject(i, new BoundingBox(i * 3, i, (i * 3) + 6, i + 6)))];

        // Warm up connections and code paths, then measure.
        await model.CreatePerception(image, objects[..5]).ScoreAsync("warm?", ["x", "y"], default);
        long started = TimeProvider.System.GetTimestamp();
        await model.CreatePerception(image, objects).ScoreAsync("Is the object in the red box left of the object in the green box?", ["x", "y"], default);
        TimeSpan elapsed = TimeProvider.System.GetElapsedTime(started);

        Assert.Equal(20 + 272, s1.RequestCount + s2.RequestCount);
        Assert.InRange(s1.MaxInFlight, 1, capacity);
        Assert.InRange(s2.MaxInFlight, 1, capacity);
        double rate = 272 / elapsed.TotalSeconds;
        double limit = 2 * capacity / latency.TotalSeconds;
        output.WriteLine($"throughput: {rate:0.0} requests/s against the limit 2C/L = {limit:0.0} ({100 * rate / limit:0}%); max in flight {s1.MaxInFlight}, {s2.MaxInFlight}");
    }
}
