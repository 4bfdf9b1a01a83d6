using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Neptune.Testing;

/// <summary>
/// An in-process OpenTelemetry collector speaking OTLP over HTTP with protobuf bodies (<c>POST /v1/traces</c>,
/// <c>/v1/metrics</c>, <c>/v1/logs</c>), as a real collector's HTTP receiver does: it records each body and answers
/// 200 with an empty export response.
/// </summary>
public sealed class FakeOtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, string ContentType, byte[] Body)> _exports = new();

    private FakeOtlpCollector(WebApplication app) => _app = app;

    /// <summary>The collector's base URL (for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The exports received: path, content type and body.</summary>
    public IReadOnlyList<(string Path, string ContentType, byte[] Body)> Exports => [.. _exports];

    /// <summary>The bodies received on one path, e.g. <c>/v1/traces</c>, concatenated.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The bytes.</returns>
    public byte[] Received(string path) => [.. _exports.Where(e => e.Path == path).SelectMany(e => e.Body)];

    /// <summary>Starts a collector on 127.0.0.1 with a random port.</summary>
    /// <returns>The running collector.</returns>
    public static async Task<FakeOtlpCollector> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var collector = new FakeOtlpCollector(app);
        app.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
            collector._exports.Enqueue(($"/v1/{signal}", context.Request.ContentType ?? string.Empty, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        collector.Endpoint = new Uri(address);
        return collector;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
