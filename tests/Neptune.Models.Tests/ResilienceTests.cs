using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Neptune.Models.Middleware;

namespace Neptune.Models.Tests;

/// <summary>The retry layer on a fake clock: backoff, Retry-After, attempt timeouts, the budget.</summary>
public sealed class ResilienceTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "hello")];

    private static ModelEndpointOptions Options(int retries) => new()
    {
        Endpoint = new Uri("http://127.0.0.1:9/v1"),
        Model = "m",
        MaxRetries = retries,
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        MaxRetryDelay = TimeSpan.FromSeconds(10),
        Timeout = TimeSpan.FromSeconds(30),
        RetryBudget = null,
    };

    /// <summary>Runs a call to the end, moving the fake clock a second at a time while it waits.</summary>
    private static async Task<Exception?> RunAsync(FakeTimeProvider time, Func<Task> call)
    {
        Task task = call();
        for (int i = 0; i < 100_000 && !task.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(1);
        }

        try
        {
            await task;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    [Fact]
    public async Task Backoff_Jittered_GrowsAndCapsAtTheMaximum()
    {
        var time = new FakeTimeProvider();
        var delays = new List<TimeSpan>();
        using var client = new ResilientChatClient(ScriptedClient.Sync(_ => throw new ModelRequestException(ModelFailureKind.Http, "503", HttpStatusCode.ServiceUnavailable)), Options(12), timeProvider: time, seed: 5);
        client.Retrying += (_, _, d) => delays.Add(d);

        Exception? e = await RunAsync(time, () => client.GetResponseAsync(Hello));

        Assert.IsType<ModelRequestException>(e);
        Assert.Equal(12, delays.Count);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(10)));
        Assert.InRange(delays[0], TimeSpan.Zero, TimeSpan.FromSeconds(3));
        Assert.True(delays.Skip(6).Average(d => d.TotalSeconds) > 4, string.Join(", ", delays));
        Assert.True(delays.Distinct().Count() > 3, "jitter spreads the waits");
    }

    [Fact]
    public async Task Backoff_SameSeed_GivesTheSameSchedule()
    {
        async Task<List<TimeSpan>> Schedule()
        {
            var time = new FakeTimeProvider();
            var delays = new List<TimeSpan>();
            using var client = new ResilientChatClient(ScriptedClient.Sync(_ => throw new ModelRequestException(ModelFailureKind.Transport, "reset")), Options(6), timeProvider: time, seed: 11);
            client.Retrying += (_, _, d) => delays.Add(d);
            await RunAsync(time, () => client.GetResponseAsync(Hello));
            return delays;
        }

        Assert.Equal(await Schedule(), await Schedule());
    }

    [Fact]
    public async Task RetryAfter_Given_IsWaitedExactlyAndCapped()
    {
        var time = new FakeTimeProvider();
        var delays = new List<TimeSpan>();
        int calls = 0;
        using var client = new ResilientChatClient(
            ScriptedClient.Sync(_ => ++calls switch
            {
                1 => throw new ModelRequestException(ModelFailureKind.RateLimited, "429", HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(4)),
                2 => throw new ModelRequestException(ModelFailureKind.RateLimited, "429", HttpStatusCode.TooManyRequests, TimeSpan.FromMinutes(5)),
                _ => new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")),
            }),
            Options(3),
            timeProvider: time);
        client.Retrying += (_, _, d) => delays.Add(d);

        Assert.Null(await RunAsync(time, () => client.GetResponseAsync(Hello)));
        Assert.Equal([TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(10)], delays);
    }

    [Fact]
    public async Task AttemptTimeout_OnTheInjectedClock_IsRetriedThenTyped()
    {
        var time = new FakeTimeProvider();
        int calls = 0;
        using var client = new ResilientChatClient(
            new ScriptedClient(async ct =>
            {
                Interlocked.Increment(ref calls);
                await Task.Delay(Timeout.Infinite, ct);
                throw new InvalidOperationException("unreachable");
            }),
            Options(2),
            timeProvider: time);

        Exception? e = await RunAsync(time, () => client.GetResponseAsync(Hello));

        ModelRequestException m = Assert.IsType<ModelRequestException>(e);
        Assert.Equal(ModelFailureKind.Timeout, m.Kind);
        Assert.Contains("within 30 s", m.Message, StringComparison.Ordinal);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Budget_Spent_StopsRetryingWithATypedTimeout()
    {
        var time = new FakeTimeProvider();
        int calls = 0;
        using var client = new ResilientChatClient(
            ScriptedClient.Sync(_ =>
            {
                Interlocked.Increment(ref calls);
                throw new ModelRequestException(ModelFailureKind.Http, "502", HttpStatusCode.BadGateway);
            }),
            Options(20) with { RetryBaseDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromSeconds(5), RetryBudget = TimeSpan.FromSeconds(12) },
            timeProvider: time);

        Exception? e = await RunAsync(time, () => client.GetResponseAsync(Hello));

        ModelRequestException m = Assert.IsType<ModelRequestException>(e);
        Assert.Equal(ModelFailureKind.Timeout, m.Kind);
        Assert.Contains("retry budget of 12 s", m.Message, StringComparison.Ordinal);
        Assert.InRange(calls, 2, 6);
    }

    [Fact]
    public async Task NotTransient_IsThrownAtOnce()
    {
        int calls = 0;
        using var client = new ResilientChatClient(ScriptedClient.Sync(_ =>
        {
            calls++;
            throw new ModelRequestException(ModelFailureKind.Http, "401", HttpStatusCode.Unauthorized);
        }), Options(5));

        var e = await Assert.ThrowsAsync<ModelRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task CallerCancels_DuringTheWait_ThrowsOperationCanceled()
    {
        var time = new FakeTimeProvider();
        using var cts = new CancellationTokenSource();
        using var client = new ResilientChatClient(ScriptedClient.Sync(_ => throw new ModelRequestException(ModelFailureKind.Transport, "reset")), Options(5), timeProvider: time);
        client.Retrying += (_, _, _) => cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Hello, cancellationToken: cts.Token));
    }

    private sealed class ScriptedClient : IChatClient
    {
        private readonly Func<CancellationToken, Task<ChatResponse>> _answer;

        public static ScriptedClient Sync(Func<CancellationToken, ChatResponse> answer) => new(ct => Task.FromResult(answer(ct)));

        public ScriptedClient(Func<CancellationToken, Task<ChatResponse>> answer) => _answer = answer;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => _answer(cancellationToken);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
