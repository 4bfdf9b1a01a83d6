using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Neptune.Clevr;
using OpenTelemetry.Metrics;

namespace Neptune.Service;

/// <summary>
/// Builds Neptune's HTTP service on ASP.NET Core minimal APIs: the generic host, Kestrel with the request size limit,
/// problem-details errors (RFC 9457) for every refusal, API keys and limits (<see cref="AccessControl"/>), and the
/// endpoints of <see cref="ServiceEndpoints"/> and <see cref="ImageEndpoints"/>.
/// </summary>
public static class NeptuneServer
{
    /// <summary>
    /// Creates the application: loads the scenes file (once), configures Kestrel, the JSON conventions (snake_case)
    /// and the error handling, and maps the endpoints. The caller starts it (<c>RunAsync</c>, or a test server).
    /// </summary>
    /// <param name="settings">The checked settings.</param>
    /// <param name="configure">Adjusts the builder before the app is built (tests swap in a test server).</param>
    /// <returns>The application, not started.</returns>
    /// <exception cref="ClevrDataException">The scenes file is malformed.</exception>
    /// <exception cref="ServiceConfigException">The programs config cannot be read.</exception>
    public static WebApplication Create(ServiceSettings settings, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ClevrSceneSet? scenes = settings.ScenesPath is { } path ? ClevrSceneReader.LoadAll(path) : null;

        // Never the Development environment: its exception page would show stack traces to callers.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(NeptuneServer).Assembly.GetName().Name,
        });
        builder.WebHost.UseUrls([.. settings.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBytes;
        });
        // Per-request framework logs and the host's start-up banner stay quiet; faults are logged as errors.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // Refusals from the framework itself (no route, wrong method) get the service's problem types too.
            if (c.ProblemDetails.Type?.StartsWith(ServiceProblems.TypePrefix, StringComparison.Ordinal) != true)
            {
                c.ProblemDetails.Type = ServiceProblems.TypePrefix + ServiceProblems.ForStatus(c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode);
            }

            c.ProblemDetails.Extensions.Remove("traceId");
            c.ProblemDetails.Extensions["trace_id"] = TraceIds.Of(c.HttpContext);
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddSingleton(settings);
        var state = new ServiceState(settings, scenes);
        builder.Services.AddSingleton(_ => state);
        AccessControl.AddLimits(builder.Services, settings);
        builder.Services.AddSingleton<ServiceMetrics>();
        builder.Services.AddSingleton<Jobs.JobManager>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Jobs.JobManager>());
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(ServiceMetrics.MeterName)
            .AddPrometheusExporter());
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Neptune";
            document.Info.Description = "Neptune over HTTP: ask questions and find referring expressions on images (the embedded CLEVR-2D world), check and run programs, run evaluation jobs, liveness, readiness and metrics. /v1 takes `Authorization: Bearer KEY` when the server has API keys.";
            return Task.CompletedTask;
        }));
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", ApiPage.AddSecurity);
        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        AccessControl.UseApiKeys(app, settings);
        app.UseRateLimiter();
        ServiceEndpoints.Map(app);
        Jobs.JobEndpoints.Map(app);
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi("/openapi/{documentName}.json");
        ApiPage.Use(app);
        return app;
    }
}
