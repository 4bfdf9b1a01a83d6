using System.Text.Json;
using Neptune.Clevr;
using Neptune.Testing;

namespace Neptune.Service.Tests;

/// <summary>
/// Jobs with <c>programs: llm</c> and <c>perception: vlm</c> run on the server's own model configs (its programs
/// config, its ask config), here fake OpenAI-compatible servers; model failures are failed rows of a job that still
/// succeeds; fields that would name other model servers are refused.
/// </summary>
public sealed class JobModelTests : JobTestBase
{
    [Fact]
    public async Task LlmJob_ModelFailsSomeQuestionsWith500Or429_JobSucceedsAndCountsThemAsFailures()
    {
        const int Limit = 24;
        List<ClevrQuestion> questions = [.. ClevrQuestionReader.Read(Questions).Take(Limit)];
        string[] distinct = [.. questions.Select(q => q.Question.Trim()).Distinct(StringComparer.Ordinal)];
        // Every third distinct question is refused by the model server, alternately with 500 and 429.
        var failing = new HashSet<string>(distinct.Where((_, i) => i % 3 == 0), StringComparer.Ordinal);
        Assert.NotEmpty(failing);
        await using FakeChatServer llm = await FakeChatServer.StartAsync(r =>
        {
            string question = r.LastUserMessage["Question: ".Length..];
            return !failing.Contains(question)
                ? FakeReply.Completion("```python\nreturn 'yes'\n```")
                : question.Length % 2 == 0 ? FakeReply.Error(500) : FakeReply.Error(429, "slow down", retryAfter: "0");
        });
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { Jobs = JobsDirectory, Programs = WriteProgramsConfig(llm) });

        (int status, JsonElement job, _) = await host.PostAsync("/v1/jobs", new { questions = Questions, scenes = Scenes, programs = "llm", limit = Limit, concurrency = 2 });

        Assert.Equal(202, status);
        JsonElement done = await WaitForAsync(host, job.GetProperty("id").GetString()!, j => j.GetProperty("state").GetString() is "succeeded" or "failed");
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        JsonElement summary = done.GetProperty("summary");
        int expectedFailures = questions.Count(q => failing.Contains(q.Question.Trim()));
        Assert.Equal(Limit, summary.GetProperty("total").GetInt64());
        Assert.Equal(expectedFailures, summary.GetProperty("failures").GetInt64());
        Assert.Equal(expectedFailures, done.GetProperty("progress").GetProperty("failures").GetInt64());
        // The rows say why: the model server's failure, not a wrong answer.
        JsonElement[] rows = [.. File.ReadLines(Path.Combine(done.GetProperty("out").GetString()!, "results.jsonl")).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
        Assert.Equal(Limit, rows.Length);
        Assert.Equal(expectedFailures, rows.Count(r => r.ToString().Contains("model_error", StringComparison.Ordinal)));
        // Each distinct question was asked of the server's model (one generation per question, no retries configured).
        Assert.Equal(distinct.Length, llm.Requests.Select(r => r.LastUserMessage).Distinct(StringComparer.Ordinal).Count());
        Assert.All(llm.Requests, r => Assert.Equal("fake-coder", r.Model));
    }

    [Fact]
    public async Task VlmJob_ScoresThroughTheServersAskConfigModel()
    {
        await using FakeChatServer vlm = await FakeChatServer.StartAsync(_ => FakeVision.Probability(0.9));
        string ask = Path.Combine(Root, "ask.json");
        File.WriteAllText(ask, $$$"""
            {"vision": {"endpoints": [{"endpoint": "{{{vlm.Endpoint}}}", "model": "fake-vlm", "max_retries": 0}]},
             "detector": {"kind": "vlm"}}
            """);
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { Jobs = JobsDirectory, Ask = ask });

        (int status, JsonElement job, _) = await host.PostAsync("/v1/jobs", new { questions = Questions, scenes = Scenes, perception = "vlm", limit = 4, concurrency = 1 });

        Assert.Equal(202, status);
        JsonElement done = await WaitForAsync(host, job.GetProperty("id").GetString()!, j => j.GetProperty("state").GetString() is "succeeded" or "failed");
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        Assert.Equal(4, done.GetProperty("summary").GetProperty("total").GetInt64());
        Assert.True(vlm.RequestCount >= 4, $"{vlm.RequestCount} model requests");
        Assert.All(vlm.Requests, r => Assert.Equal("fake-vlm", r.Model));
        Assert.All(vlm.Requests, r => Assert.NotEmpty(FakeVision.Images(r)));
    }

    [Fact]
    public async Task VlmJob_ModelFailsSomeRequests_JobSucceedsAndCountsTheFailedRows()
    {
        const int Limit = 12;
        // The server answers 500 to every fortieth request (the first among them), 0.9 to every other; a question takes
        // about ten requests, so some rows fail and most do not.
        await using FakeChatServer vlm = await FakeChatServer.StartAsync(r => r.Index % 40 == 0 ? FakeReply.Error(500) : FakeVision.Probability(0.9));
        string ask = Path.Combine(Root, "ask.json");
        File.WriteAllText(ask, $$$"""
            {"vision": {"endpoints": [{"endpoint": "{{{vlm.Endpoint}}}", "model": "fake-vlm", "max_retries": 0}]},
             "detector": {"kind": "vlm"}}
            """);
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { Jobs = JobsDirectory, Ask = ask });

        (_, JsonElement job, _) = await host.PostAsync("/v1/jobs", new { questions = Questions, scenes = Scenes, perception = "vlm", limit = Limit, concurrency = 1 });

        JsonElement done = await WaitForAsync(host, job.GetProperty("id").GetString()!, j => j.GetProperty("state").GetString() is "succeeded" or "failed");
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        JsonElement[] rows = [.. File.ReadLines(Path.Combine(done.GetProperty("out").GetString()!, "results.jsonl")).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
        Assert.Equal(Limit, rows.Length);
        // The rows that failed are perception failures naming the server's 500; the others were answered.
        JsonElement[] failed = [.. rows.Where(r => r.TryGetProperty("failure_kind", out JsonElement kind) && kind.ValueKind == JsonValueKind.String)];
        Assert.InRange(failed.Length, 1, Limit - 1);
        Assert.All(failed, r =>
        {
            Assert.Equal("perception", r.GetProperty("failure_kind").GetString());
            Assert.Contains("HTTP 500", r.GetProperty("failure_message").GetString(), StringComparison.Ordinal);
        });

        JsonElement summary = done.GetProperty("summary");
        int expected = failed.Length;
        Assert.Equal(expected, summary.GetProperty("failures").GetInt64());
        Assert.Equal(expected, summary.GetProperty("failures_by_kind").GetProperty("perception").GetInt64());
        Assert.Equal(expected, done.GetProperty("progress").GetProperty("failures").GetInt64());
    }

    [Fact]
    public async Task LlmJob_CancelledWhileTheModelAnswersSlowly_StopsAskingIt()
    {
        const int Limit = 40;
        // 300 ms a reply, one at a time: the job takes at least 12 s, whatever the machine's speed.
        await using FakeChatServer llm = await FakeChatServer.StartAsync(_ => FakeReply.Delayed(TimeSpan.FromMilliseconds(300), FakeReply.Completion("```python\nreturn 'yes'\n```")));
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { Jobs = JobsDirectory, Programs = WriteProgramsConfig(llm) });
        (_, JsonElement job, _) = await host.PostAsync("/v1/jobs", new { questions = Questions, scenes = Scenes, programs = "llm", limit = Limit, concurrency = 1 });
        string id = job.GetProperty("id").GetString()!;
        await WaitForAsync(host, id, j => j.GetProperty("progress").GetProperty("completed").GetInt64() >= 2);

        using HttpResponseMessage response = await host.Client.DeleteAsync($"/v1/jobs/{id}");
        Assert.Equal(200, (int)response.StatusCode);
        JsonElement cancelled = await WaitForAsync(host, id, j => j.GetProperty("state").GetString() == "cancelled", allowFinal: true);

        long rows = cancelled.GetProperty("progress").GetProperty("completed").GetInt64();
        Assert.InRange(rows, 2, Limit - 1);
        int asked = llm.RequestCount;
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(asked, llm.RequestCount);
        Assert.True(asked < Limit, $"{asked} model requests");
    }

    public static TheoryData<string, string> ModelFieldBodies => new()
    {
        { """{"programs": "llm", "llm_config": "configs/programs/vllm.json"}""", "`llm_config` in the request body" },
        { """{"perception": "vlm", "vision": "configs/ask/vllm.json"}""", "`vision` in the request body" },
        { """{"verifier": "x.json"}""", "`verifier` in the request body" },
        { """{"judge_config": "x.json"}""", "`judge_config` in the request body" },
        { """{"programs": "llm"}""", "start it with a programs config (`programs` in its config, or --programs FILE" },
        { """{"perception": "vlm"}""", "start it with an ask config (`ask` in its config, or --ask FILE)" },
    };

    [Theory]
    [MemberData(nameof(ModelFieldBodies))]
    public async Task Submit_FieldNamingAModelServer_OrAModelTheServerLacks_Is400(string json, string expected)
    {
        await using FakeChatServer llm = await FakeChatServer.StartAsync(_ => FakeReply.Completion("```python\nreturn 'yes'\n```"));
        // The server has neither a programs config nor an ask config.
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { Jobs = JobsDirectory });

        (int status, JsonElement body, string? media) = await host.PostJsonAsync("/v1/jobs", json);

        Assert.Equal(400, status);
        BadInputTests.AssertProblem(body, media, 400, "bad-input");
        Assert.Contains(expected, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(llm.Requests);
    }

    [Fact]
    public async Task Submit_LlmConfigOnAServerWithAGenerator_IsStillRefused()
    {
        await using FakeChatServer server = await FakeChatServer.StartAsync(_ => FakeReply.Completion("```python\nreturn 'yes'\n```"));
        await using FakeChatServer other = await FakeChatServer.StartAsync(_ => FakeReply.Completion("```python\nreturn 'no'\n```"));
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { Jobs = JobsDirectory, Programs = WriteProgramsConfig(server) });

        (int status, JsonElement body, _) = await host.PostAsync("/v1/jobs", new { programs = "llm", llm_config = WriteProgramsConfig(other, "other.json"), limit = 2 });

        Assert.Equal(400, status);
        Assert.Contains("never a model server named in a request", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(other.Requests);
    }

    private string WriteProgramsConfig(FakeChatServer llm, string name = "programs.json")
    {
        string path = Path.Combine(Root, name);
        File.WriteAllText(path, $$"""
            {
              "backend": { "endpoint": "{{llm.Endpoint}}", "model": "fake-coder", "temperature": 0, "max_retries": 0 },
              "programs": { "cache": null, "repair_rounds": 0 }
            }
            """);
        return path;
    }
}
