using Neptune.Language;
using Neptune.Models;
using Neptune.Models.Middleware;
using Neptune.Programs.Generation;
using Neptune.Testing;

namespace Neptune.Programs.Tests;

public sealed class GeneratorTests
{
    internal const string CubeProgram = "cube = score(\"Is the object in the red box a cube?\")\nreturn cube.count()\n";

    internal static string Answer(string program, string objects = "cube") => $"<objects>{objects}</objects>\n```python\n{program}```";

    internal static ModelEndpointOptions Backend(FakeChatServer server) => new()
    {
        Endpoint = server.Endpoint,
        Model = "fake-coder",
        Temperature = 0,
        Seed = 0,
        MaxTokens = 512,
        MaxRetries = 2,
        RetryBaseDelay = TimeSpan.Zero,
        Timeout = TimeSpan.FromSeconds(10),
    };

    private static ProgramGenerator Generator(FakeChatServer server, int repairRounds = 3, ModelUsage? usage = null) =>
        new(ModelClientBuilder.ForEndpoint(Backend(server), usage), new ProgramEngine(), new ProgramGeneratorOptions { RepairRounds = repairRounds });

    [Fact]
    public async Task GenerateAsync_ValidFirstAnswer_ReturnsProgramObjectsAndOneAttempt()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("Here you go:\n" + Answer(CubeProgram), promptTokens: 900, completionTokens: 40)));

        GenerationResult result = await Generator(server).GenerateAsync("How many cubes are there?");

        Assert.True(result.Succeeded);
        Assert.Equal(CubeProgram, result.Program);
        Assert.Equal(["cube"], result.Objects);
        GenerationAttempt attempt = Assert.Single(result.Attempts);
        Assert.Equal(AttemptOutcome.Valid, attempt.Outcome);
        Assert.Equal(900, attempt.InputTokens);
        Assert.Equal(40, attempt.OutputTokens);
        Assert.Equal("fake-coder", result.Model);
        Assert.Equal("Question: How many cubes are there?", Assert.Single(server.Requests).LastUserMessage);
        Assert.Empty(server.Problems);
    }

    [Fact]
    public async Task GenerateAsync_InvalidThenFixed_SendsDiagnosticsAndSucceedsInTwoRounds()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Sequence(
            FakeReply.Completion(Answer("cube = score(\"Is the object in the red box a cube?\")\nreturn cubes.count()\n")),
            FakeReply.Completion("<think>oops, a typo</think>\n" + Answer(CubeProgram))));

        GenerationResult result = await Generator(server).GenerateAsync("How many cubes are there?");

        Assert.True(result.Succeeded);
        Assert.Equal(CubeProgram, result.Program);
        Assert.Equal(2, result.AttemptCount);
        Assert.Equal(AttemptOutcome.Invalid, result.Attempts[0].Outcome);
        Assert.Contains(result.Attempts[0].Diagnostics, d => d.Contains("NPT2", StringComparison.Ordinal) && d.Contains("cubes", StringComparison.Ordinal));
        FakeChatRequest repair = server.Requests[1];
        Assert.Contains("cubes", repair.LastUserMessage, StringComparison.Ordinal);
        Assert.Contains("error NPT2", repair.LastUserMessage, StringComparison.Ordinal);
        Assert.Contains("program.py(2,", repair.LastUserMessage, StringComparison.Ordinal);
        Assert.Equal("assistant", repair.Messages[^2].Role);
        Assert.Equal(server.Requests[0].Messages.Count + 2, repair.Messages.Count);
    }

    [Fact]
    public async Task GenerateAsync_NeverValid_FailsInvalidAfterRepairsWithEveryRoundRecorded()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion(Answer("import os\nreturn os.getcwd()\n"))));

        GenerationResult result = await Generator(server, repairRounds: 2).GenerateAsync("What is this?");

        Assert.False(result.Succeeded);
        Assert.Equal(GenerationFailureKind.InvalidAfterRepairs, result.Failure);
        Assert.Equal(3, result.Attempts.Count);
        Assert.All(result.Attempts, a => Assert.Equal(AttemptOutcome.Invalid, a.Outcome));
        Assert.Equal(3, server.RequestCount);
        Assert.Contains("NPT2", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_NoProgramEver_FailsNoProgram()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Completion("I am not able to see images.")));

        GenerationResult result = await Generator(server, repairRounds: 1).GenerateAsync("What is this?");

        Assert.Equal(GenerationFailureKind.NoProgram, result.Failure);
        Assert.Equal(2, result.Attempts.Count);
        Assert.Contains("did not contain a program", server.Requests[1].LastUserMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_RuntimeErrorOnProbe_RepairsWithTheError()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Sequence(
            FakeReply.Completion(Answer("x = 0\nreturn 1 // x\n")),
            FakeReply.Completion(Answer("return 1\n"))));
        static ProgramError? Probe(PreparedProgram p) => p.Run(new RunOptions()).Error;

        GenerationResult result = await Generator(server).GenerateAsync("What is one?", Probe);

        Assert.True(result.Succeeded);
        Assert.Equal("return 1\n", result.Program);
        Assert.Equal(AttemptOutcome.RuntimeError, result.Attempts[0].Outcome);
        Assert.Contains("ZeroDivisionError", result.Attempts[0].Error, StringComparison.Ordinal);
        Assert.Contains("ZeroDivisionError", server.Requests[1].LastUserMessage, StringComparison.Ordinal);
        Assert.Contains("line 2", server.Requests[1].LastUserMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_ServerKeepsFailing_FailsModelErrorWithoutThrowing()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Always(FakeReply.Error(500, "down")));
        var usage = new ModelUsage();

        GenerationResult result = await Generator(server, usage: usage).GenerateAsync("What is this?");

        Assert.Equal(GenerationFailureKind.ModelError, result.Failure);
        Assert.Equal(AttemptOutcome.ModelError, Assert.Single(result.Attempts).Outcome);
        Assert.Equal(3, server.RequestCount);
        Assert.Equal(1, usage.Failures);
    }

    [Fact]
    public async Task GenerateAsync_RateLimitedThenValid_Succeeds()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.Sequence(
            FakeReply.Error(429, "slow down", retryAfter: "0"),
            FakeReply.Malformed(),
            FakeReply.Completion(Answer(CubeProgram))));

        GenerationResult result = await Generator(server).GenerateAsync("How many cubes are there?");

        Assert.True(result.Succeeded);
        Assert.Single(result.Attempts);
        Assert.Equal(3, server.RequestCount);
    }
}
