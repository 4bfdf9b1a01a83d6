using Microsoft.Extensions.AI;
using Neptune.Clevr;
using Neptune.Clevr2D;
using Neptune.Imaging;
using Neptune.Language;
using Neptune.Models;
using Neptune.Perception;
using Neptune.Programs.Generation;
using Neptune.Testing;
using Neptune.Vision.Ask;
using Neptune.Vision.Caching;
using Neptune.Vision.Detection;
using Neptune.Vision.Scoring;

namespace Neptune.Vision.Tests;

public sealed class AskPipelineTests
{
    private sealed class Rig : IAsyncDisposable
    {
        public required FakeChatServer Server { get; init; }

        public required IChatClient Client { get; init; }

        public required AskPipeline Pipeline { get; init; }

        public required VisionLanguageModel Model { get; init; }

        public required RgbaImage Image { get; init; }

        public required ClevrScene Scene { get; init; }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Server.DisposeAsync();
        }
    }

    private static async Task<Rig> StartAsync(ScoreCache? cache = null)
    {
        ClevrScene scene = Clevr2DFakeVlm.Scene();
        FakeChatServer server = await FakeChatServer.StartAsync(r => Clevr2DFakeVlm.Script(r, scene));
        IChatClient client = ModelClientBuilder.ForEndpoint(VisionFixture.Endpoint(server.Endpoint));
        var engine = new ProgramEngine();
        var model = new VisionLanguageModel(client, "fake-vlm", VlmOptions.Default, cache);
        var pipeline = new AskPipeline(engine, new ProgramGenerator(client, engine), new VlmGroundingDetector(model), model);
        return new Rig { Server = server, Client = client, Pipeline = pipeline, Model = model, Image = ClevrRenderer.Render(scene), Scene = scene };
    }

    [Theory]
    [InlineData("Is there a yellow object?", "yes")]
    [InlineData("Is there a green object?", "no")]
    public async Task AskAsync_RenderedScene_AnswersFromThePixels(string question, string expected)
    {
        await using Rig rig = await StartAsync();
        AskResult result = await rig.Pipeline.AskAsync(rig.Image, question);
        Assert.Null(result.Error);
        Assert.Equal(AskOutcome.Answer, result.Outcome);
        Assert.Equal(expected, result.Answer);
        Assert.Equal(3, result.Objects.Count);
        Assert.Equal(["object"], result.ObjectNames);
        Assert.Empty(rig.Server.Problems);
        // One grounding request and one score per object.
        Assert.Equal(4, result.VisionRequests);
        TraceEventAssert(result);
    }

    [Fact]
    public async Task AskAsync_ReferringExpression_ReturnsTheTargetBox()
    {
        await using Rig rig = await StartAsync();
        AskResult result = await rig.Pipeline.AskAsync(rig.Image, "the red object");
        Assert.Equal(AskOutcome.Box, result.Outcome);
        BoundingBox expected = ClevrGeometry.BoxOf(rig.Scene.Objects[1]);
        Assert.True(result.Target!.Box.IntersectionOverUnion(expected) > 0.95f, $"{result.Target.Box} vs {expected}");
        Assert.Equal(1, result.Target.Index);
    }

    [Fact]
    public async Task AskAsync_NoMatchingObject_IsNoTarget()
    {
        await using Rig rig = await StartAsync();
        AskResult result = await rig.Pipeline.AskAsync(rig.Image, "the purple object");
        Assert.Equal(AskOutcome.NoTarget, result.Outcome);
        Assert.Null(result.Target);
    }

    [Fact]
    public async Task AskAsync_RelationAndQuery_AnswersTheColorOfTheLeftNeighbour()
    {
        await using Rig rig = await StartAsync();
        AskResult result = await rig.Pipeline.AskAsync(rig.Image, "What color is the object left of the red object?");
        Assert.Null(result.Error);
        Assert.Equal("blue", result.Answer);
        // Grounding 1, colour 3, relation 3·2 = 6, query 1.
        Assert.Equal(11, result.VisionRequests);
    }

    [Fact]
    public async Task AskAsync_SameQuestionTwiceWithCache_SecondSendsNoVisionRequests()
    {
        using ScoreCache cache = ScoreCache.InMemory();
        await using Rig rig = await StartAsync(cache);
        AskResult first = await rig.Pipeline.AskAsync(rig.Image, "What color is the object left of the red object?");
        AskResult second = await rig.Pipeline.AskAsync(rig.Image, "What color is the object left of the red object?");
        Assert.Equal(first.Answer, second.Answer);
        Assert.Equal(11, first.VisionRequests);
        Assert.Equal(0, second.VisionRequests);
        Assert.Equal(11, second.VisionCacheHits);
    }

    [Fact]
    public async Task AskAsync_GeneratorFindsNoProgram_FailsAtGeneration()
    {
        await using Rig rig = await StartAsync();
        AskResult result = await rig.Pipeline.AskAsync(rig.Image, "Why is the sky blue?");
        Assert.Equal(AskOutcome.Failed, result.Outcome);
        Assert.Equal(AskStage.Generation, result.FailedStage);
        Assert.Equal(0, result.VisionRequests);
    }

    [Fact]
    public async Task AskWithProgramAsync_EndpointDown_FailsAtExecutionWithPerceptionError()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(r => r.LastUserMessage.Contains("Locate every", StringComparison.Ordinal)
            ? FakeVision.Grounding(("object", 0, 0, 500, 500))
            : FakeReply.Error(503));
        IChatClient client = ModelClientBuilder.ForEndpoint(VisionFixture.Endpoint(server.Endpoint, maxRetries: 1));
        var model = new VisionLanguageModel(client, "fake-vlm");
        var pipeline = new AskPipeline(new ProgramEngine(), null, new VlmGroundingDetector(model), model);
        AskResult result = await pipeline.AskWithProgramAsync(new RgbaImage(64, 64), "Is it red?", "return score(\"Is the object in the red box red?\").exists(\"x\")\n", ["object"]);
        Assert.Equal(AskOutcome.Failed, result.Outcome);
        Assert.Equal(AskStage.Execution, result.FailedStage);
        Assert.Contains("PerceptionError", result.Error, StringComparison.Ordinal);
        Assert.Contains("unavailable", result.Error, StringComparison.Ordinal);
        Assert.Single(model.Counters.Failures);
        client.Dispose();
    }

    private static void TraceEventAssert(AskResult result)
    {
        Assert.NotNull(result.Trace);
        var score = Assert.Single(result.Trace!.Events, e => e.Function == "score");
        Assert.Equal(3, score.Values!.Count);
    }
}
