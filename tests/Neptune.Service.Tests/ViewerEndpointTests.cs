using System.Text.Json;

namespace Neptune.Service.Tests;

/// <summary>The viewer's page and the read-only endpoints behind it: sample scenes and evaluation runs.</summary>
public sealed class ViewerEndpointTests : IDisposable
{
    private readonly string _runs = Path.Combine(Path.GetTempPath(), "neptune-runs-" + Guid.NewGuid().ToString("N"));

    public ViewerEndpointTests()
    {
        Directory.CreateDirectory(_runs);
    }

    public void Dispose() => Directory.Delete(_runs, recursive: true);

    [Fact]
    public async Task Root_ServesThePageAndItsFilesFromTheAssembly()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        using HttpResponseMessage page = await host.Client.GetAsync("/");
        using HttpResponseMessage script = await host.Client.GetAsync("/viewer/viewer.js");
        using HttpResponseMessage missing = await host.Client.GetAsync("/viewer/other.js");

        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"/viewer/viewer.js\"", html, StringComparison.Ordinal);
        // Everything is served by this server: no address of another host in the page.
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (int)missing.StatusCode);
    }

    [Fact]
    public async Task Samples_EachSceneHasQuestionsWithTranslatedProgramsAndARenderedPicture()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        using HttpResponseMessage response = await host.Client.GetAsync("/v1/samples");
        (_, JsonElement body, _) = await ServiceHost.ReadAsync(response);
        JsonElement[] samples = [.. body.GetProperty("samples").EnumerateArray()];
        using HttpResponseMessage picture = await host.Client.GetAsync(samples[0].GetProperty("image").GetString());
        byte[] png = await picture.Content.ReadAsByteArrayAsync();
        using HttpResponseMessage unknown = await host.Client.GetAsync("/v1/samples/12345/image");

        Assert.Equal(4, samples.Length);
        Assert.All(samples, s => Assert.NotEmpty(s.GetProperty("questions").EnumerateArray()));
        Assert.All(samples.SelectMany(s => s.GetProperty("questions").EnumerateArray()), q => Assert.Contains("return ", q.GetProperty("program").GetString(), StringComparison.Ordinal));
        Assert.Equal("image/png", picture.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal(404, (int)unknown.StatusCode);
    }

    [Fact]
    public async Task Runs_WithoutARunsFolder_AreNotConfiguredAndARunIs404()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body) = await GetAsync(host, "/v1/runs");
        (int runStatus, JsonElement problem) = await GetAsync(host, "/v1/runs/any");

        Assert.Equal(200, status);
        Assert.False(body.GetProperty("configured").GetBoolean());
        Assert.Equal(404, runStatus);
        Assert.Contains("--runs", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_FilteredByFamilyCorrectAndFailureKind_PagedInFileOrder()
    {
        WriteRun("a", [Row(1, "f#0", true, null), Row(2, "f#0", false, null), Row(3, "g#1", false, "runtime"), Row(4, "g#1", true, null), Row(5, "f#0", false, "runtime")]);
        Directory.CreateDirectory(Path.Combine(_runs, "not-a-run"));
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { Runs = _runs });

        (_, JsonElement runs) = await GetAsync(host, "/v1/runs");
        (_, JsonElement run) = await GetAsync(host, "/v1/runs/a");
        (_, JsonElement wrong) = await GetAsync(host, "/v1/runs/a/items?correct=false");
        (_, JsonElement wrongF) = await GetAsync(host, "/v1/runs/a/items?correct=false&family=f%230");
        (_, JsonElement answered) = await GetAsync(host, "/v1/runs/a/items?failure_kind=none&limit=1&offset=1");

        Assert.Equal(["a"], runs.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(5, run.GetProperty("rows").GetInt64());
        Assert.Equal(3, run.GetProperty("families").GetProperty("f#0").GetInt32());
        Assert.Equal(2, run.GetProperty("failure_kinds").GetProperty("runtime").GetInt32());
        Assert.Equal([2L, 3L, 5L], Ids(wrong));
        Assert.Equal([2L, 5L], Ids(wrongF));
        Assert.Equal(3, answered.GetProperty("matched").GetInt64());
        Assert.Equal([2L], Ids(answered));
    }

    [Fact]
    public async Task Items_TornLastLine_RowsBeforeItAndTornSaid()
    {
        WriteRun("torn", [Row(1, "f#0", true, null), Row(2, "f#0", true, null)]);
        File.AppendAllText(Path.Combine(_runs, "torn", "results.jsonl"), "{\"id\": 3, \"quest");
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { Runs = _runs });

        (int status, JsonElement items) = await GetAsync(host, "/v1/runs/torn/items");

        Assert.Equal(200, status);
        Assert.True(items.GetProperty("torn").GetBoolean());
        Assert.Equal([1L, 2L], Ids(items));
    }

    [Theory]
    [InlineData("/v1/runs/a/items?correct=maybe", 400, "`correct`")]
    [InlineData("/v1/runs/a/items?limit=5000", 400, "`limit`")]
    [InlineData("/v1/runs/a/items?offset=-1", 400, "`offset`")]
    [InlineData("/v1/runs/a/items?colour=red", 400, "`colour`")]
    [InlineData("/v1/runs/b", 404, "'b'")]
    [InlineData("/v1/runs/not-a-run", 404, "no evaluation run named 'not-a-run'")]
    [InlineData("/v1/runs/a/items/77", 404, "no row with id 77")]
    public async Task Runs_BadRequests_AreProblemsNamingTheParameter(string path, int expected, string named)
    {
        WriteRun("a", [Row(1, "f#0", true, null)]);
        // A folder without results.jsonl is not a run.
        Directory.CreateDirectory(Path.Combine(_runs, "not-a-run"));
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { Runs = _runs });

        (int status, JsonElement problem) = await GetAsync(host, path);

        Assert.Equal(expected, status);
        Assert.Contains(named, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Item_OfARunWhoseDataIsGone_IsShownWithoutReplayAndSaysWhy()
    {
        WriteRun("moved", [Row(1, "f#0", true, null)]);
        File.WriteAllText(Path.Combine(_runs, "moved", "run.json"), """{"format": 1, "questions": "/nonexistent/q.json", "scenes": "/nonexistent/s.json", "perception": "scene", "programs": "gt", "logic": "godel"}""");
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { Runs = _runs });

        (int status, JsonElement item) = await GetAsync(host, "/v1/runs/moved/items/1");
        (int imageStatus, _) = await GetAsync(host, "/v1/runs/moved/items/1/image");

        Assert.Equal(200, status);
        Assert.Equal(1, item.GetProperty("row").GetProperty("id").GetInt64());
        Assert.False(item.GetProperty("has_image").GetBoolean());
        Assert.False(item.GetProperty("replay").GetProperty("available").GetBoolean());
        Assert.Contains("questions file", item.GetProperty("replay").GetProperty("unavailable").GetString(), StringComparison.Ordinal);
        Assert.Equal(404, imageStatus);
    }

    private static long[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt64())];

    private static async Task<(int Status, JsonElement Body)> GetAsync(ServiceHost host, string path)
    {
        using HttpResponseMessage response = await host.Client.GetAsync(path);
        (int status, JsonElement body, _) = await ServiceHost.ReadAsync(response);
        return (status, body);
    }

    private static string Row(long id, string family, bool correct, string? failureKind) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["id"] = id,
        ["question"] = $"question {id}",
        ["image_index"] = 0,
        ["family"] = family,
        ["category"] = "Count",
        ["predicted"] = failureKind is null ? "1" : null,
        ["expected"] = "1",
        ["correct"] = correct,
        ["failure_kind"] = failureKind,
    });

    private void WriteRun(string name, string[] rows)
    {
        string folder = Path.Combine(_runs, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "results.jsonl"), string.Join("\n", rows) + "\n");
        File.WriteAllText(Path.Combine(folder, "summary.json"), "{\"total\": " + rows.Length + "}");
    }
}
