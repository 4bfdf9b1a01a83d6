using System.Diagnostics;
using Microsoft.Extensions.AI;
using Neptune.Testing;

namespace Neptune.Models.Tests;

/// <summary>
/// The fake model server with a capacity (the measurement of concurrent model calls against a server that serves 16
/// requests at once): requests beyond it wait, none is refused, and the latency is paid once per wave.
/// </summary>
public sealed class FakeServerCapacityTests
{
    [Fact]
    public async Task Capacity_MoreRequestsThanCapacity_AtMostCapacityAnsweredAtOnceAndAllAnswered()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(
            FakeScript.Always(FakeReply.Delayed(TimeSpan.FromMilliseconds(400), FakeReply.Completion("ok"))),
            capacity: 4,
            recordRequests: false);
        ModelEndpointOptions options = ChatClientTests.Options(server) with { MaxConcurrentRequests = 64 };
        using IChatClient client = ModelClientBuilder.ForEndpoint(options, new ModelPipelineOptions());

        var clock = Stopwatch.StartNew();
        ChatResponse[] answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.GetResponseAsync(ChatClientTests.Hello)));
        clock.Stop();

        Assert.All(answers, a => Assert.Equal("ok", a.Text));
        Assert.Equal(10, server.RequestCount);
        Assert.Equal(4, server.MaxInFlight);
        Assert.Empty(server.Requests);
        Assert.Empty(server.Problems);

        // Ten requests through four places take three waves of the fixed 400 ms latency.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(1150), $"took {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task StartAsync_CapacityBelowOne_Refused() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("ok")), capacity: 0, recordRequests: true));
}
