using System.Text.Json;

namespace Neptune.Service.Tests;

/// <summary>
/// Meter listeners match meters by name across the process, so another host's runs would show in this host's
/// counters; these tests run alone.
/// </summary>
[CollectionDefinition(nameof(ObservabilityTests), DisableParallelization = true)]
public sealed class ObservabilityCollection;

[Collection(nameof(ObservabilityTests))]
public sealed class ObservabilityTests
{
    [Fact]
    public async Task Readyz_EngineAnswers_ReadyWithChecks()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();
        using HttpResponseMessage response = await host.Client.GetAsync("/readyz");
        (int status, JsonElement body, _) = await ServiceHost.ReadAsync(response);
        Assert.Equal(200, status);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("engine").GetString());
    }

    [Fact]
    public async Task Metrics_AfterRuns_CountsRunsByOutcomeInPrometheusText()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();
        await host.PostAsync("/v1/programs/run", new { program = "return 1 + 1" });
        await host.PostAsync("/v1/programs/run", new { program = "return 1 / 0" });

        using HttpResponseMessage response = await host.Client.GetAsync("/metrics");
        string text = await response.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("neptune_program_runs_total{otel_scope_name=\"Neptune.Service\",outcome=\"succeeded\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("outcome=\"runtime\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_Document_ListsEveryEndpoint()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();
        using HttpResponseMessage response = await host.Client.GetAsync("/openapi/v1.json");
        (int status, JsonElement body, _) = await ServiceHost.ReadAsync(response);
        Assert.Equal(200, status);
        Assert.StartsWith("3.", body.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        JsonElement paths = body.GetProperty("paths");
        foreach (string path in new[] { "/healthz", "/readyz", "/v1/programs/check", "/v1/programs/run" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"no {path} in the OpenAPI document");
        }

        Assert.True(paths.GetProperty("/v1/programs/run").GetProperty("post").TryGetProperty("requestBody", out _));
    }
}
