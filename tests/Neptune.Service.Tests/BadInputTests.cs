using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Neptune.Service.Tests;

/// <summary>Every refusal is a problem-details object (RFC 9457) with a typed kind and a message; never a stack trace.</summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData("/v1/programs/run", "{\"program\": \"return 1\"", "not valid JSON")]
    [InlineData("/v1/programs/run", "[1, 2]", "the request body")]
    [InlineData("/v1/programs/run", "{}", "`program` in the request body: required")]
    [InlineData("/v1/programs/check", "{\"program\": 3}", "expected a string")]
    [InlineData("/v1/programs/run", "{\"program\": \"return 1\", \"scenes\": 1}", "scenes")]
    [InlineData("/v1/programs/run", "{\"program\": \"return 1\", \"logic\": \"fuzzy\"}", "fuzzy")]
    [InlineData("/v1/programs/run", "{\"program\": \"return 1\", \"image_index\": -1}", "image_index")]
    [InlineData("/v1/programs/run", "{\"program\": \"return 1\", \"scene\": 5}", "expected a CLEVR scene object")]
    [InlineData("/v1/programs/run", "{\"program\": \"return 1\", \"scene\": {\"image_index\": 0, \"objects\": [{\"shape\": \"hexagon\"}]}}", "scene")]
    [InlineData("/v1/programs/run", "{\"program\": \"return 1\", \"image_index\": 0, \"scene\": {}}", "not both")]
    public async Task Post_BadBody_Is400ProblemNamingTheFault(string path, string json, string expected)
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, string? media) = await host.PostJsonAsync(path, json);

        Assert.Equal(400, status);
        AssertProblem(body, media, 400, "bad-input");
        Assert.Contains(expected, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_NotJson_Is415Problem()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, string? media) = await host.PostJsonAsync("/v1/programs/run", "program=return 1", "application/x-www-form-urlencoded");

        Assert.Equal(415, status);
        AssertProblem(body, media, 415, "unsupported-media-type");
    }

    [Fact]
    public async Task Post_BodyOverTheLimit_Is413Problem()
    {
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { MaxRequestBytes = 2048 });
        string json = JsonSerializer.Serialize(new { program = "return 1\n" + new string('#', 4096) });

        (int status, JsonElement body, string? media) = await host.PostJsonAsync("/v1/programs/run", json);

        Assert.Equal(413, status);
        AssertProblem(body, media, 413, "too-large");
        Assert.Contains("2048 bytes", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ChunkedBodyOverTheLimit_Is413Problem()
    {
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { MaxRequestBytes = 2048 });
        byte[] bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { program = "return 1\n#" + new string('x', 8192) }));
        using var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/programs/run") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using HttpResponseMessage response = await host.Client.SendAsync(request);
        (int status, JsonElement body, string? media) = await ServiceHost.ReadAsync(response);

        Assert.Equal(413, status);
        AssertProblem(body, media, 413, "too-large");
    }

    [Fact]
    public async Task Post_ProgramOverTheCharacterLimit_Is400Problem()
    {
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { MaxProgramChars = 10 });

        (int status, JsonElement body, string? media) = await host.PostAsync("/v1/programs/check", new { program = "return 1 + 2 + 3" });

        Assert.Equal(400, status);
        AssertProblem(body, media, 400, "bad-input");
        Assert.Contains("max_program_chars", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownRoute_Is404Problem()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        using HttpResponseMessage response = await host.Client.GetAsync("/v1/nothing");
        (int status, JsonElement body, string? media) = await ServiceHost.ReadAsync(response);

        Assert.Equal(404, status);
        AssertProblem(body, media, 404, "not-found");
    }

    [Fact]
    public async Task Get_OnAPostRoute_Is405Problem()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        using HttpResponseMessage response = await host.Client.GetAsync("/v1/programs/run");
        (int status, JsonElement body, string? media) = await ServiceHost.ReadAsync(response);

        Assert.Equal(405, status);
        AssertProblem(body, media, 405, "method-not-allowed");
    }

    [Fact]
    public void Classify_UnexpectedException_Is500WithoutItsMessage()
    {
        (int status, string kind, string detail) = ProblemExceptionHandler.Classify(new InvalidOperationException("secret internals at Foo.Bar()"));

        Assert.Equal(500, status);
        Assert.Equal("internal", kind);
        Assert.DoesNotContain("secret", detail, StringComparison.Ordinal);
    }

    internal static void AssertProblem(JsonElement body, string? media, int status, string kind)
    {
        Assert.Equal("application/problem+json", media);
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.Equal(ServiceProblems.TypePrefix + kind, body.GetProperty("type").GetString());
        Assert.True(body.TryGetProperty("trace_id", out _), body.ToString());
        Assert.False(body.TryGetProperty("traceId", out _));
        string text = body.ToString();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }
}
