using System.Net.Http.Json;
using System.Text.Json;

namespace Neptune.Service.Tests;

/// <summary>API keys, the per-key rate limit and the concurrency limit with its queue.</summary>
public sealed class AccessTests
{
    private const string KeyA = "key-a-0123456789abcdef";
    private const string KeyB = "key-b-0123456789abcdef";

    /// <summary>Runs until its time budget ends (each step scans a string, so the step budget is far away).</summary>
    /// <summary>
    /// A program that ends only at its time budget: each step scans 800,000 characters, so even a fast machine runs out
    /// of time long before it runs out of steps (10 million).
    /// </summary>
    private const string Slow = "s = 'ab' * 400000\nn = 0\nwhile True:\n    n += s.count('c')\nreturn n\n";

    private static ServiceSettings WithKeys(ServiceConfig config) =>
        (config with { ApiKeysVariable = "SERVE_TEST_KEYS" }).Resolve(name => name == "SERVE_TEST_KEYS" ? $"{KeyA};{KeyB}" : null);

    public static TheoryData<string?> RefusedKeys => new() { null, "key-c-0123456789abcdef" };

    [Theory]
    [MemberData(nameof(RefusedKeys))]
    public async Task V1_MissingOrWrongKey_Is401ProblemWithBearerChallenge(string? key)
    {
        await using ServiceHost host = await ServiceHost.StartAsync(WithKeys(new ServiceConfig()));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/programs/run") { Content = JsonContent.Create(new { program = "return 1 + 1" }) };
        if (key is not null)
        {
            request.Headers.Authorization = new("Bearer", key);
        }

        using HttpResponseMessage response = await host.Client.SendAsync(request);
        (int status, JsonElement body, string? media) = await ServiceHost.ReadAsync(response);

        Assert.Equal(401, status);
        BadInputTests.AssertProblem(body, media, 401, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains(key is null ? "an API key is required" : "the API key is not valid", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("key-c", body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task V1_ValidKey_IsServed()
    {
        await using ServiceHost host = await ServiceHost.StartAsync(WithKeys(new ServiceConfig()));

        (int status, JsonElement body, _) = await host.SendAsync(JsonContent.Create(new { program = "return 1 + 1" }), "/v1/programs/run", KeyB);

        Assert.Equal(200, status);
        Assert.Equal("2", body.GetProperty("result").GetString());
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/openapi/v1.json")]
    public async Task HealthEndpoints_WithKeysConfigured_StayOpen(string path)
    {
        await using ServiceHost host = await ServiceHost.StartAsync(WithKeys(new ServiceConfig()));

        using HttpResponseMessage response = await host.Client.GetAsync(path);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task RateLimit_KeyOverItsMinute_Is429WithRetryAfterAndOtherKeysGoOn()
    {
        await using ServiceHost host = await ServiceHost.StartAsync(WithKeys(new ServiceConfig { RateLimitPerMinute = 2 }));

        for (int i = 0; i < 2; i++)
        {
            (int ok, _, _) = await host.SendAsync(JsonContent.Create(new { program = "return 1" }), "/v1/programs/run", KeyA);
            Assert.Equal(200, ok);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/programs/run") { Content = JsonContent.Create(new { program = "return 1" }) };
        request.Headers.Authorization = new("Bearer", KeyA);
        using HttpResponseMessage refused = await host.Client.SendAsync(request);
        (int status, JsonElement body, string? media) = await ServiceHost.ReadAsync(refused);
        (int other, _, _) = await host.SendAsync(JsonContent.Create(new { program = "return 1" }), "/v1/programs/run", KeyB);

        Assert.Equal(429, status);
        BadInputTests.AssertProblem(body, media, 429, "rate-limited");
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal(200, other);
    }

    [Fact]
    public async Task Concurrency_BusyWithAFullQueue_Is503WithRetryAfter()
    {
        // The slow run holds its permit for its whole 8 s budget, so that a loaded machine still has seconds to probe.
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { MaxConcurrentRequests = 1, MaxQueuedRequests = 0, RunTimeoutMs = 8000 });
        await WarmUpAsync(host);
        Task<(int, JsonElement, string?)> slow = host.PostAsync("/v1/programs/run", new { program = Slow });

        // Until the slow run holds the only permit a probe is served; once it does, the next one is refused.
        HttpResponseMessage? refused = null;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (refused is null && !slow.IsCompleted && waited.ElapsedMilliseconds < 7500)
        {
            HttpResponseMessage probe = await host.Client.PostAsJsonAsync("/v1/programs/run", new { program = "return 1" });
            if ((int)probe.StatusCode == 503)
            {
                refused = probe;
            }
            else
            {
                Assert.Equal(200, (int)probe.StatusCode);
                probe.Dispose();
                await Task.Delay(50);
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            (int status, JsonElement body, string? media) = await ServiceHost.ReadAsync(refused);
            (int slowStatus, JsonElement slowBody, _) = await slow;

            Assert.Equal(503, status);
            BadInputTests.AssertProblem(body, media, 503, "overloaded");
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter!.Delta);
            Assert.Equal(200, slowStatus);
            Assert.Equal("budget", slowBody.GetProperty("error").GetProperty("category").GetString());
        }
    }

    [Fact]
    public async Task Concurrency_BusyWithRoomInTheQueue_WaitsItsTurn()
    {
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { MaxConcurrentRequests = 1, MaxQueuedRequests = 1, RunTimeoutMs = 3000 });
        await WarmUpAsync(host);
        // The clock starts before the slow request is sent, so its 3 s budget, which starts on the server later, ends
        // after 3 s on this clock, however late this test's own continuations run on a loaded machine.
        var sinceSlowSent = System.Diagnostics.Stopwatch.StartNew();
        Task<(int, JsonElement, string?)> slow = host.PostAsync("/v1/programs/run", new { program = Slow });
        await Task.Delay(1000);

        (int status, JsonElement body, _) = await host.PostAsync("/v1/programs/run", new { program = "return 1 + 1" });
        long quickDone = sinceSlowSent.ElapsedMilliseconds;
        await slow;

        Assert.Equal(200, status);
        Assert.Equal("2", body.GetProperty("result").GetString());
        // It waited for the slow run's budget to end rather than running beside it (which would end it at about 1 s).
        Assert.True(quickDone >= 3000, quickDone.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>One request through the whole pipeline first, so that the slow run reaches the limiter at once.</summary>
    private static async Task WarmUpAsync(ServiceHost host)
    {
        (int status, _, _) = await host.PostAsync("/v1/programs/run", new { program = "return 0" });
        Assert.Equal(200, status);
    }
}
