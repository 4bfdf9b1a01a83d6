using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using Neptune.Clevr;

namespace Neptune.Service.Tests;

/// <summary>
/// <c>/v1/jobs</c>: evaluation runs started over HTTP, their state in SQLite across restarts, progress as server-sent
/// events, cancellation, the bound on running jobs and every refusal.
/// </summary>
public sealed class JobTests : JobTestBase
{
    [Fact]
    public async Task Submit_SceneRun_SucceedsWithSummaryAndOneRowPerQuestion()
    {
        await using ServiceHost host = await StartAsync();

        (int status, JsonElement job, _) = await host.PostAsync("/v1/jobs", new { questions = Questions, scenes = Scenes, limit = 30, concurrency = 2 });

        Assert.Equal(202, status);
        string id = job.GetProperty("id").GetString()!;
        Assert.Equal("queued", job.GetProperty("state").GetString());
        Assert.Equal(30, job.GetProperty("config").GetProperty("limit").GetInt32());
        JsonElement done = await WaitForAsync(host, id, j => j.GetProperty("state").GetString() is "succeeded" or "failed");
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        Assert.Equal(30, done.GetProperty("progress").GetProperty("completed").GetInt64());
        Assert.Equal(30, done.GetProperty("progress").GetProperty("total").GetInt64());
        JsonElement summary = done.GetProperty("summary");
        Assert.Equal(30, summary.GetProperty("total").GetInt64());
        Assert.Equal(summary.GetProperty("correct").GetInt64(), done.GetProperty("progress").GetProperty("correct").GetInt64());
        // Ground-truth programs on the annotations answer almost every dev question correctly.
        Assert.True(summary.GetProperty("correct").GetInt64() >= 28, summary.ToString());
        string outDirectory = done.GetProperty("out").GetString()!;
        Assert.Equal(Path.Combine(JobsDirectory, id), outDirectory);
        AssertEveryItemOnce(outDirectory, 30);

        (int listStatus, JsonElement list, _) = await GetAsync(host, "/v1/jobs");
        Assert.Equal(200, listStatus);
        Assert.Equal(id, Assert.Single(list.GetProperty("jobs").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Restart_MidJob_ResumesAndEveryItemGetsExactlyOneRow()
    {
        int limit = ItemsLasting(TimeSpan.FromSeconds(3), atLeast: 80);
        string cache = WriteSlowCache(limit);
        string id;
        await using (ServiceHost first = await StartAsync())
        {
            (_, JsonElement job, _) = await first.PostAsync("/v1/jobs", SlowJob(cache, limit));
            id = job.GetProperty("id").GetString()!;
            JsonElement running = await WaitForAsync(first, id, j => j.GetProperty("progress").GetProperty("completed").GetInt64() >= 5);
            Assert.Equal("running", running.GetProperty("state").GetString());
        }

        // The first server is gone: its rows are on disk, the job is waiting in the database.
        long before = File.ReadLines(Path.Combine(JobsDirectory, id, "results.jsonl")).Count(l => l.Length > 0);
        Assert.InRange(before, 5, limit - 1);

        await using ServiceHost second = await StartAsync();
        JsonElement done = await WaitForAsync(second, id, j => j.GetProperty("state").GetString() is "succeeded" or "failed");

        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        Assert.Equal(2, done.GetProperty("sessions").GetInt32());
        Assert.Equal(limit, done.GetProperty("progress").GetProperty("completed").GetInt64());
        Assert.Equal(limit, done.GetProperty("summary").GetProperty("total").GetInt64());
        Assert.True(done.GetProperty("summary").GetProperty("resumed").GetInt64() >= before, done.ToString());
        AssertEveryItemOnce(done.GetProperty("out").GetString()!, limit);
    }

    [Fact]
    public async Task Events_StreamProgressThenDone_AsServerSentEvents()
    {
        int total = ItemsLasting(TimeSpan.FromSeconds(2), atLeast: 40);
        string cache = WriteSlowCache(total);
        await using ServiceHost host = await StartAsync();
        (_, JsonElement job, _) = await host.PostAsync("/v1/jobs", SlowJob(cache, total));
        string id = job.GetProperty("id").GetString()!;

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/jobs/{id}/events");
        using HttpResponseMessage response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using Stream stream = await response.Content.ReadAsStreamAsync();
        var events = new List<SseItem<string>>();
        await foreach (SseItem<string> item in SseParser.Create(stream).EnumerateAsync())
        {
            events.Add(item);
        }

        Assert.True(events.Count >= 2, $"{events.Count} events");
        Assert.All(events[..^1], e => Assert.Equal("progress", e.EventType));
        Assert.Equal("done", events[^1].EventType);
        long[] completed = [.. events.Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("progress").GetProperty("completed").GetInt64())];
        Assert.Equal(completed.Order(), completed);
        Assert.Contains(completed, c => c > 0 && c < total);
        JsonElement last = JsonDocument.Parse(events[^1].Data).RootElement;
        Assert.Equal("succeeded", last.GetProperty("state").GetString());
        Assert.Equal(total, last.GetProperty("summary").GetProperty("total").GetInt64());
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task Events_DoNotTakeARequestSlot()
    {
        string cache = WriteSlowCache(60);
        await using ServiceHost host = await StartAsync(new ServiceConfig { MaxConcurrentRequests = 1, MaxQueuedRequests = 0 });
        (_, JsonElement job, _) = await host.PostAsync("/v1/jobs", SlowJob(cache, 60));
        string id = job.GetProperty("id").GetString()!;
        using HttpResponseMessage stream = await host.Client.GetAsync($"/v1/jobs/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)stream.StatusCode);

        // With one slot and no queue, a stream holding the slot would make this 503.
        (int status, JsonElement body, _) = await host.PostAsync("/v1/programs/run", new { program = "return 1 + 1" });

        Assert.Equal(200, status);
        Assert.Equal("2", body.GetProperty("result").GetString());
        await DeleteAsync(host, id);
    }

    [Fact]
    public async Task Delete_RunningJob_CancelsIt_AndASecondDeleteIs409()
    {
        string cache = WriteSlowCache(400);
        await using ServiceHost host = await StartAsync();
        (_, JsonElement job, _) = await host.PostAsync("/v1/jobs", SlowJob(cache, 400));
        string id = job.GetProperty("id").GetString()!;
        await WaitForAsync(host, id, j => j.GetProperty("progress").GetProperty("completed").GetInt64() >= 2);

        (int status, JsonElement cancelled, _) = await DeleteAsync(host, id);

        Assert.Equal(200, status);
        Assert.True(cancelled.GetProperty("cancel_requested").GetBoolean());
        JsonElement final = await WaitForAsync(host, id, j => j.GetProperty("state").GetString() != "running");
        Assert.Equal("cancelled", final.GetProperty("state").GetString());
        Assert.True(final.GetProperty("summary").GetProperty("interrupted").GetBoolean());
        long rows = File.ReadLines(Path.Combine(final.GetProperty("out").GetString()!, "results.jsonl")).Count(l => l.Length > 0);
        Assert.InRange(rows, 2, 399);

        (int again, JsonElement problem, string? media) = await DeleteAsync(host, id);
        Assert.Equal(409, again);
        BadInputTests.AssertProblem(problem, media, 409, "conflict");
        Assert.Contains("has already cancelled", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxConcurrentJobs_One_SecondJobWaitsQueued_AndCancelledWhileQueuedNeverRuns()
    {
        string cache = WriteSlowCache(400);
        await using ServiceHost host = await StartAsync(new ServiceConfig { MaxConcurrentJobs = 1 });
        (_, JsonElement a, _) = await host.PostAsync("/v1/jobs", SlowJob(cache, 400));
        (_, JsonElement b, _) = await host.PostAsync("/v1/jobs", SlowJob(cache, 400));
        string first = a.GetProperty("id").GetString()!;
        string second = b.GetProperty("id").GetString()!;

        await WaitForAsync(host, first, j => j.GetProperty("progress").GetProperty("completed").GetInt64() >= 3);
        (_, JsonElement waiting, _) = await GetAsync(host, $"/v1/jobs/{second}");
        Assert.Equal("queued", waiting.GetProperty("state").GetString());

        (int status, JsonElement cancelled, _) = await DeleteAsync(host, second);
        Assert.Equal(200, status);
        Assert.Equal("cancelled", cancelled.GetProperty("state").GetString());
        await DeleteAsync(host, first);
        await WaitForAsync(host, first, j => j.GetProperty("state").GetString() == "cancelled");
        (_, JsonElement never, _) = await GetAsync(host, $"/v1/jobs/{second}");
        Assert.Equal(0, never.GetProperty("sessions").GetInt32());
        Assert.False(Directory.Exists(Path.Combine(JobsDirectory, second)));
    }

    [Fact]
    public async Task Submit_BrokenProgramCache_JobFailsWithTheReadersMessage()
    {
        string cache = Path.Combine(Root, "broken.jsonl");
        File.WriteAllText(cache, "{\"question\": 1}\n");
        await using ServiceHost host = await StartAsync();

        (int status, JsonElement job, _) = await host.PostAsync("/v1/jobs", new { questions = Questions, scenes = Scenes, programs = "cache", program_cache = cache, limit = 5 });

        Assert.Equal(202, status);
        JsonElement done = await WaitForAsync(host, job.GetProperty("id").GetString()!, j => j.GetProperty("state").GetString() is "succeeded" or "failed");
        Assert.Equal("failed", done.GetProperty("state").GetString());
        Assert.Contains("broken.jsonl", done.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "[1, 2]", "expected a JSON object" },
        { "{\"limit\": 0}", "`limit`" },
        { "{\"limt\": 5}", "limt" },
        { "{\"out\": \"/tmp/x\"}", "`out` in the request body: the server chooses" },
        { "{\"programs\": \"llm\"}", "`programs` in the request body: 'llm'" },
        { "{\"perception\": \"vlm\"}", "`perception` in the request body: 'vlm'" },
        { "{\"questions\": \"no-such-questions.json\"}", "no-such-questions.json" },
        { "{\"programs\": \"cache\"}", "program_cache" },
        { "{\"task\": \"maybe\"}", "maybe" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Submit_BadConfig_Is400ProblemAndNoJob(string json, string expected)
    {
        await using ServiceHost host = await StartAsync();

        (int status, JsonElement body, string? media) = await host.PostJsonAsync("/v1/jobs", json);

        Assert.Equal(400, status);
        BadInputTests.AssertProblem(body, media, 400, "bad-input");
        Assert.Contains(expected, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (_, JsonElement list, _) = await GetAsync(host, "/v1/jobs");
        Assert.Empty(list.GetProperty("jobs").EnumerateArray());
    }

    [Fact]
    public async Task Submit_NotJson_Is415()
    {
        await using ServiceHost host = await StartAsync();

        (int status, JsonElement body, string? media) = await host.PostJsonAsync("/v1/jobs", "limit=5", "text/plain");

        Assert.Equal(415, status);
        BadInputTests.AssertProblem(body, media, 415, "unsupported-media-type");
    }

    [Theory]
    [InlineData("GET", "/v1/jobs/0190a0b0c0d0e0f00000000000000000")]
    [InlineData("DELETE", "/v1/jobs/0190a0b0c0d0e0f00000000000000000")]
    [InlineData("GET", "/v1/jobs/0190a0b0c0d0e0f00000000000000000/events")]
    public async Task UnknownJob_Is404Problem(string method, string path)
    {
        await using ServiceHost host = await StartAsync();

        using HttpResponseMessage response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        (int status, JsonElement body, string? media) = await ServiceHost.ReadAsync(response);

        Assert.Equal(404, status);
        BadInputTests.AssertProblem(body, media, 404, "not-found");
        Assert.Contains("no job with id '0190a0b0c0d0e0f00000000000000000'", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerWithoutJobsDirectory_Answers404NamingTheSetting()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, string? media) = await host.PostAsync("/v1/jobs", new { limit = 5 });

        Assert.Equal(404, status);
        BadInputTests.AssertProblem(body, media, 404, "not-found");
        Assert.Contains("--jobs DIR", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_WithApiKeys_NeedAKey()
    {
        const string Key = "jobs-key-0123456789abcdef";
        ServiceSettings settings = (new ServiceConfig { Jobs = JobsDirectory, ApiKeysVariable = "JOBS_TEST_KEYS" }).Resolve(n => n == "JOBS_TEST_KEYS" ? Key : null);
        await using ServiceHost host = await ServiceHost.StartAsync(settings);

        (int refused, JsonElement problem, string? media) = await host.SendAsync(JsonContent.Create(new { questions = Questions, scenes = Scenes, limit = 5 }), "/v1/jobs");
        using HttpResponseMessage events = await host.Client.GetAsync("/v1/jobs/x/events");
        (int accepted, JsonElement job, _) = await host.SendAsync(JsonContent.Create(new { questions = Questions, scenes = Scenes, limit = 5 }), "/v1/jobs", Key);

        Assert.Equal(401, refused);
        BadInputTests.AssertProblem(problem, media, 401, "unauthorized");
        Assert.Equal(401, (int)events.StatusCode);
        Assert.Equal(202, accepted);
        Assert.Equal("queued", job.GetProperty("state").GetString());
    }

    [Fact]
    public async Task OpenApi_DescribesTheJobEndpoints()
    {
        await using ServiceHost host = await StartAsync();

        (int status, JsonElement document, _) = await GetAsync(host, "/openapi/v1.json");

        Assert.Equal(200, status);
        JsonElement paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/v1/jobs").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/v1/jobs").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/jobs/{id}").TryGetProperty("delete", out _));
        Assert.True(paths.GetProperty("/v1/jobs/{id}/events").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _));
    }

    private Task<ServiceHost> StartAsync(ServiceConfig? config = null) =>
        ServiceHost.StartAsync((config ?? new ServiceConfig()) with { Jobs = JobsDirectory });

    /// <summary>A program cache whose programs each count to 50,000 before answering, so a job takes seconds.</summary>
    /// <summary>Each question's program in <see cref="WriteSlowCache"/>: a million loop steps, then an answer.</summary>
    private const string SlowProgram = "n = 0\nfor i in range(1000000):\n    n = n + 1\nreturn 'yes'\n";

    /// <summary>How long <see cref="SlowProgram"/> takes on this machine: the fastest of three runs.</summary>
    private static readonly Lazy<TimeSpan> SlowProgramTime = new(() =>
    {
        Neptune.Language.PreparedProgram program = new Neptune.Language.ProgramEngine().Prepare(SlowProgram, "slow.py");
        TimeSpan fastest = TimeSpan.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            Assert.True(program.Run(new Neptune.Language.RunOptions()).Succeeded);
            TimeSpan took = System.Diagnostics.Stopwatch.GetElapsedTime(start);
            fastest = took < fastest ? took : fastest;
        }

        return fastest;
    });

    /// <summary>
    /// How many slow questions a one-at-a-time job needs to run for about <paramref name="duration"/> on this machine,
    /// so that a test can catch it mid-run however fast the machine is.
    /// </summary>
    private static int ItemsLasting(TimeSpan duration, int atLeast) =>
        Math.Clamp((int)Math.Ceiling(duration / SlowProgramTime.Value), atLeast, 2000);

    private string WriteSlowCache(int questions)
    {
        string path = Path.Combine(Root, "slow.jsonl");
        var text = new StringBuilder();
        foreach (ClevrQuestion q in ClevrQuestionReader.Read(Questions).Take(questions))
        {
            text.AppendLine(JsonSerializer.Serialize(new { question = q.Question, program = SlowProgram }));
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static object SlowJob(string cache, int limit) =>
        new { questions = Questions, scenes = Scenes, programs = "cache", program_cache = cache, limit, concurrency = 1 };

    private static void AssertEveryItemOnce(string outDirectory, int expected)
    {
        long[] ids = [.. File.ReadLines(Path.Combine(outDirectory, "results.jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64())];
        Assert.Equal(expected, ids.Length);
        Assert.Equal(expected, ids.Distinct().Count());
    }

    private static async Task<(int Status, JsonElement Body, string? MediaType)> GetAsync(ServiceHost host, string path)
    {
        using HttpResponseMessage response = await host.Client.GetAsync(path);
        return await ServiceHost.ReadAsync(response);
    }

    private static async Task<(int Status, JsonElement Body, string? MediaType)> DeleteAsync(ServiceHost host, string path)
    {
        using HttpResponseMessage response = await host.Client.DeleteAsync(path.StartsWith('/') ? path : $"/v1/jobs/{path}");
        return await ServiceHost.ReadAsync(response);
    }
}
