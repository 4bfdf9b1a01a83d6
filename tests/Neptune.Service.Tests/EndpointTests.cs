using System.Net;
using System.Text.Json;

namespace Neptune.Service.Tests;

public sealed class EndpointTests
{
    /// <summary>A two-object CLEVR scene: a large red rubber cube left of a small blue metal sphere.</summary>
    internal const string Scene = """
        {"image_index": 7,
         "objects": [
           {"shape": "cube", "color": "red", "material": "rubber", "size": "large", "pixel_coords": [100, 100, 10.0]},
           {"shape": "sphere", "color": "blue", "material": "metal", "size": "small", "pixel_coords": [300, 120, 12.0]}],
         "relationships": {"left": [[], [0]], "right": [[1], []], "front": [[], []], "behind": [[], []]}}
        """;

    private const string ColorOfCube = """
        cube = score("Is the object in the red box a cube?")
        return query("What color is the object in the red box?", cube.iota())
        """;

    [Fact]
    public async Task Healthz_Always_AnswersOkWithTheSceneCount()
    {
        string scenes = WriteScenes();
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { Scenes = scenes });

        using HttpResponseMessage response = await host.Client.GetAsync("/healthz");
        (int status, JsonElement body, string? media) = await ServiceHost.ReadAsync(response);

        Assert.Equal(200, status);
        Assert.Equal("application/json", media);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("scenes").GetInt32());
    }

    [Fact]
    public async Task Check_ValidProgram_IsValidWithNoErrors()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, _) = await host.PostAsync("/v1/programs/check", new { program = ColorOfCube });

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("valid").GetBoolean());
        Assert.DoesNotContain(body.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("severity").GetString() == "error");
    }

    [Fact]
    public async Task Check_UnknownFunction_ReportsALocatedDiagnostic()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, _) = await host.PostAsync("/v1/programs/check", new { program = "x = 1\nreturn frobnicate(x)\n" });

        Assert.Equal(200, status);
        Assert.False(body.GetProperty("valid").GetBoolean());
        JsonElement first = body.GetProperty("diagnostics")[0];
        Assert.Equal("error", first.GetProperty("severity").GetString());
        Assert.StartsWith("NPT", first.GetProperty("code").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, first.GetProperty("line").GetInt32());
        Assert.Contains("frobnicate", first.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ProgramWithoutScene_ReturnsThePythonReprOfTheResult()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, _) = await host.PostAsync("/v1/programs/run", new { program = "return 1 + 1" });

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("succeeded").GetBoolean());
        Assert.Equal("2", body.GetProperty("result").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("error").ValueKind);
        Assert.True(body.GetProperty("steps").GetInt64() > 0);
    }

    [Fact]
    public async Task Run_InlineScene_AnswersFromItsAnnotationsWithATrace()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();
        string json = $$"""{"program": {{JsonSerializer.Serialize(ColorOfCube)}}, "scene": {{Scene}}, "trace": true}""";

        (int status, JsonElement body, _) = await host.PostJsonAsync("/v1/programs/run", json);

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("succeeded").GetBoolean(), body.ToString());
        Assert.Equal("'red'", body.GetProperty("result").GetString());
        JsonElement[] trace = [.. body.GetProperty("trace").EnumerateArray()];
        Assert.Equal(["score", "Tensor.iota", "query"], trace.Select(e => e.GetProperty("function").GetString()));
        Assert.Equal([1f, 0f], trace[0].GetProperty("values").EnumerateArray().Select(v => v.GetSingle()));
    }

    [Fact]
    public async Task Run_ImageIndexOfTheScenesFile_RunsOverThatScene()
    {
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { Scenes = WriteScenes() });
        const string LeftOfSphere = """
            sphere = score("Is the object in the red box a sphere?")
            left = score("Is the object in the red box left of the object in the green box?", 2).given("y", sphere.iota())
            return query("What shape is the object in the red box?", left.iota())
            """;

        (int status, JsonElement body, _) = await host.PostAsync("/v1/programs/run", new { program = LeftOfSphere, image_index = 7 });

        Assert.Equal(200, status);
        Assert.Equal("'cube'", body.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Run_UnknownImageIndex_Is404Problem()
    {
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { Scenes = WriteScenes() });

        (int status, JsonElement body, string? media) = await host.PostAsync("/v1/programs/run", new { program = ColorOfCube, image_index = 8 });

        Assert.Equal(404, status);
        Assert.Equal("application/problem+json", media);
        Assert.Equal("urn:neptune:problem:not-found", body.GetProperty("type").GetString());
        Assert.Contains("image_index 8", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ImageIndexWithoutScenesFile_Is400Problem()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, _) = await host.PostAsync("/v1/programs/run", new { program = ColorOfCube, image_index = 0 });

        Assert.Equal(400, status);
        Assert.Contains("no scenes file", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RuntimeError_IsAFailedRunWithTheLocatedPythonError()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, _) = await host.PostAsync("/v1/programs/run", new { program = "x = 0\nreturn 1 / x\n" });

        Assert.Equal(200, status);
        Assert.False(body.GetProperty("succeeded").GetBoolean());
        JsonElement error = body.GetProperty("error");
        Assert.Equal("ZeroDivisionError", error.GetProperty("kind").GetString());
        Assert.Equal("runtime", error.GetProperty("category").GetString());
        Assert.Equal(2, error.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Run_InvalidProgram_IsAFailedRunWithDiagnostics()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, _) = await host.PostAsync("/v1/programs/run", new { program = "return (1 +" });

        Assert.Equal(200, status);
        Assert.False(body.GetProperty("succeeded").GetBoolean());
        Assert.Equal("SyntaxError", body.GetProperty("error").GetProperty("kind").GetString());
        Assert.NotEmpty(body.GetProperty("diagnostics").EnumerateArray());
    }

    [Fact]
    public async Task Run_EndlessLoop_StopsAtTheTimeBudget()
    {
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { RunTimeoutMs = 100 });

        (int status, JsonElement body, _) = await host.PostAsync("/v1/programs/run", new { program = "x = 0\nwhile True:\n    x = x + 1\nreturn x\n" });

        Assert.Equal(200, status);
        JsonElement error = body.GetProperty("error");
        Assert.Equal("budget", error.GetProperty("category").GetString());
        Assert.Equal("time", error.GetProperty("budget").GetString());
    }

    private static string WriteScenes()
    {
        string path = Path.Combine(Path.GetTempPath(), $"neptune-service-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""{"scenes": [{{Scene}}]}""");
        return path;
    }
}
