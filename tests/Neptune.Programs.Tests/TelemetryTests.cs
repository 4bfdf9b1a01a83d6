using System.Text;
using Neptune.Testing;

namespace Neptune.Programs.Tests;

/// <summary>OpenTelemetry export from the neptune CLI: off by default, console and OTLP by configuration.</summary>
public sealed class TelemetryTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"neptune-otel-{Guid.NewGuid():N}");

    public TelemetryTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Program()
    {
        string path = Path.Combine(Path.GetTempPath(), $"neptune-otel-{Guid.NewGuid():N}.py");
        File.WriteAllText(path, "total = 0\nfor i in range(10):\n    total += i\nreturn total\n");
        return path;
    }

    [Fact]
    public async Task ProgramRun_TelemetryUnset_PrintsOnlyTheResult()
    {
        string program = Program();

        (int code, string output) = await EndToEndTests.RunCliAsync("program", "run", program);

        Assert.Equal(0, code);
        Assert.Equal("45", output.Trim());
    }

    [Fact]
    public async Task ProgramRun_ConsoleExporter_PrintsTheRunSpanAndMetrics()
    {
        string program = Program();

        (int code, string output) = await EndToEndTests.RunCliAsync(new Dictionary<string, string> { ["NEPTUNE_TELEMETRY"] = "console" }, "program", "run", program);

        Assert.Equal(0, code);
        Assert.Contains("Activity.DisplayName:        neptune.program.run", output, StringComparison.Ordinal);
        Assert.Contains("neptune.program.outcome: ok", output, StringComparison.Ordinal);
        Assert.Contains("Metric Name: neptune.program.runs", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Telemetry_UnknownExporter_ExitsTwoNamingTheVariable()
    {
        (int code, string output) = await EndToEndTests.RunCliAsync(new Dictionary<string, string> { ["NEPTUNE_TELEMETRY"] = "zipkin" }, "program", "run", Program());

        Assert.Equal(2, code);
        Assert.Contains("neptune: error: NEPTUNE_TELEMETRY: unknown exporter 'zipkin'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalProgramsLlm_OtlpExporter_SendsItemGenerationModelAndRunSpansAndMetrics()
    {
        await using FakeOtlpCollector collector = await FakeOtlpCollector.StartAsync();
        await using FakeChatServer server = await FakeChatServer.StartAsync(FakeScript.WithFaults(EndToEndTests.TranslatingScript(), 0.3, seed: 5, maxFaultsPerRequest: 5, FakeReply.Error(503)));
        string config = Path.Combine(_dir, "config.json");
        File.WriteAllText(config, $$"""
            {
              "backend": { "endpoint": "{{server.Endpoint}}", "model": "fake-coder", "max_retries": 5, "retry_base_delay_seconds": 0.001, "max_retry_delay_seconds": 0.01 },
              "programs": { "cache": null, "repair_rounds": 1 }
            }
            """);
        var environment = new Dictionary<string, string>
        {
            ["NEPTUNE_TELEMETRY"] = "otlp",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        };

        (int code, string output) = await EndToEndTests.RunCliAsync(environment, "eval", "--programs", "llm", "--llm-config", config, "--perception", "scene", "--limit", "6", "--out", Path.Combine(_dir, "out"), "--quiet");

        Assert.True(code == 0, output);
        Assert.All(collector.Exports, e => Assert.Equal("application/x-protobuf", e.ContentType));
        string traces = Encoding.UTF8.GetString(collector.Received("/v1/traces"));
        foreach (string name in new[] { "neptune.evaluation.item", "neptune.program.generate", "neptune.program.run", "chat fake-coder", "neptune.model.retry", "Neptune.Models", "Neptune.Evaluation" })
        {
            Assert.Contains(name, traces, StringComparison.Ordinal);
        }

        string metrics = Encoding.UTF8.GetString(collector.Received("/v1/metrics"));
        foreach (string name in new[] { "neptune.evaluation.items", "neptune.program.generations", "neptune.program.runs", "neptune.model.retries", "gen_ai.client.operation.duration" })
        {
            Assert.Contains(name, metrics, StringComparison.Ordinal);
        }
    }
}
