using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Neptune.Clevr;
using Neptune.Configuration;
using Neptune.Language;
using Neptune.Language.Library;
using Neptune.Language.Syntax;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Service;

/// <summary>
/// The endpoints: <c>GET /healthz</c>, <c>POST /v1/programs/check</c> and <c>POST /v1/programs/run</c>. Request bodies
/// are JSON objects read against a schema (snake_case, unknown fields refused, the same messages as config files);
/// answers are snake_case JSON; refusals are problem details.
/// </summary>
internal static class ServiceEndpoints
{
    /// <summary>The body of <c>POST /v1/programs/check</c>.</summary>
    internal static ConfigSchema CheckRequest { get; } = new("request.programs_check", "The body of `POST /v1/programs/check`", [
        ConfigField.Text("program", "The program text (required)."),
    ]);

    /// <summary>The body of <c>POST /v1/programs/run</c>.</summary>
    internal static ConfigSchema RunRequest { get; } = new("request.programs_run", "The body of `POST /v1/programs/run`", [
        ConfigField.Text("program", "The program text (required)."),
        ConfigField.Integer("image_index", 0, int.MaxValue, "Run over this scene of the server's scenes file."),
        ConfigField.Json("scene", "Run over this CLEVR scene object (as in a CLEVR scenes file)."),
        ConfigField.Choice("logic", ["godel", "product", "lukasiewicz", "crisp"], "The soft logic.", "godel"),
        ConfigField.Boolean("trace", "Return every host call.", "false"),
    ]);

    private static readonly ConfigSource Body = new() { Name = "the request body", BaseDirectory = AppContext.BaseDirectory };

    public static void Map(IEndpointRouteBuilder app)
    {
        ImageEndpoints.Map(app);
        Viewer.ViewerEndpoints.Map(app);
        app.MapGet("/healthz", (ServiceState state) => Results.Json(new HealthResponse("ok", state.Scenes?.Count)))
            .WithSummary("Liveness: the process answers.");
        app.MapGet("/readyz", Ready)
            .WithSummary("Readiness: the program engine runs a probe program; 503 when it cannot.");
        app.MapPost("/v1/programs/check", CheckAsync)
            .WithSummary("Parse and validate a program without running it.")
            .Accepts<CheckRequestJson>("application/json");
        app.MapPost("/v1/programs/run", RunAsync)
            .WithSummary("Run a program alone, over a sent CLEVR scene, or over a scene of the server's scenes file.")
            .Accepts<RunRequestJson>("application/json");
    }

    private static IResult Ready(ServiceState state)
    {
        // No model endpoint is configured yet: readiness is the engine itself answering a probe.
        ProgramCheck probe = state.Engine.Check("return 1 + 1");
        RunResult result = probe.Program!.Run(new RunOptions());
        bool ready = result.Succeeded && result.ValueRepr == "2";
        var checks = new Dictionary<string, string> { ["engine"] = ready ? "ok" : "failed" };
        if (state.Scenes is not null)
        {
            checks["scenes"] = state.Scenes.Count.ToString(CultureInfo.InvariantCulture);
        }

        return Results.Json(new ReadyResponse(ready ? "ready" : "not-ready", checks), statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> CheckAsync(HttpContext context, ServiceState state)
    {
        ConfigReader request = await ReadJsonAsync(context, CheckRequest, state.Settings).ConfigureAwait(false);
        string program = RequireProgram(request, state.Settings);
        ProgramCheck check = state.Engine.Check(program);
        return Results.Json(new CheckResponse(check.IsValid, [.. check.Diagnostics.Select(DiagnosticJson.From)]));
    }

    private static async Task<IResult> RunAsync(HttpContext context, ServiceState state, ServiceMetrics metrics)
    {
        ConfigReader request = await ReadJsonAsync(context, RunRequest, state.Settings).ConfigureAwait(false);
        string program = RequireProgram(request, state.Settings);
        IScenePerception? perception = Perception(request, state);
        LogicKind logic = request.Choice("logic") switch
        {
            "product" => LogicKind.Product,
            "lukasiewicz" => LogicKind.Lukasiewicz,
            "crisp" => LogicKind.Crisp,
            _ => LogicKind.Godel,
        };
        bool trace = request.Boolean("trace") ?? false;

        ProgramCheck check = state.Engine.Check(program);
        if (!check.IsValid)
        {
            // The same object as a failed run, so a caller reads every outcome of a program the same way.
            Diagnostic first = check.Diagnostics.First(d => d.IsError);
            bool syntax = first.Code.StartsWith("NPT1", StringComparison.Ordinal);
            metrics.RecordRun(syntax ? "syntax" : "validation", 0);
            return Results.Json(new RunResponse(
                false,
                null,
                new ErrorJson(syntax ? "syntax" : "validation", syntax ? "SyntaxError" : "ValidationError", first.Code, null, first.Message, first.Line, first.Column, SourceLine(program, first.Line)),
                [.. check.Diagnostics.Select(DiagnosticJson.From)],
                string.Empty,
                0,
                0,
                null));
        }

        RunResult result = await check.Program!.RunAsync(
            new RunOptions
            {
                Perception = perception,
                Logic = LogicOptions.Default with { Kind = logic },
                Trace = trace,
                Evaluation = state.Settings.Evaluation,
            },
            context.RequestAborted).ConfigureAwait(false);
        ErrorJson? error = result.Error is { } e ? ErrorJson.From(e) : null;
        metrics.RecordRun(error?.Category ?? "succeeded", result.Elapsed.TotalSeconds);
        return Results.Json(new RunResponse(
            result.Succeeded,
            result.ValueRepr,
            error,
            [.. check.Diagnostics.Select(DiagnosticJson.From)],
            result.Output,
            result.Steps,
            result.Elapsed.TotalMilliseconds,
            result.Trace is { } t ? [.. t.Events.Select(TraceJson.From)] : null));
    }

    private static IScenePerception? Perception(ConfigReader request, ServiceState state)
    {
        int? imageIndex = request.Int32("image_index");
        bool hasScene = request.Has("scene");
        if (imageIndex is not null && hasScene)
        {
            throw ServiceProblemException.BadInput("give `image_index` or `scene`, not both");
        }

        if (imageIndex is int index)
        {
            if (state.Scenes is null)
            {
                throw ServiceProblemException.BadInput("`image_index`: this server has no scenes file (set `scenes` in its config); send a `scene` instead");
            }

            return state.Scenes.TryGetByImageIndex(index, out ClevrScene? scene)
                ? new SceneWorld(scene)
                : throw ServiceProblemException.NotFound(string.Create(CultureInfo.InvariantCulture, $"`image_index`: the scenes file has no scene with image_index {index}"));
        }

        if (hasScene)
        {
            System.Text.Json.JsonElement element = request.Json("scene")!.Value;
            if (element.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                throw ServiceProblemException.BadInput($"`scene` in the request body: expected a CLEVR scene object, found {element.ValueKind.ToString().ToLowerInvariant()}");
            }

            using var stream = new MemoryStream(Encoding.UTF8.GetBytes("[" + element.GetRawText() + "]"));
            return new SceneWorld(ClevrSceneReader.Read(stream, "`scene` in the request body").Single());
        }

        return null;
    }

    private static string RequireProgram(ConfigReader request, ServiceSettings settings) =>
        CheckProgramLength(request.String("program") ?? throw ServiceProblemException.BadInput("`program` in the request body: required"), settings);

    /// <summary>Refuses a program over <c>max_program_chars</c>.</summary>
    internal static string CheckProgramLength(string program, ServiceSettings settings)
    {
        return program.Length <= settings.MaxProgramChars
            ? program
            : throw ServiceProblemException.BadInput(string.Create(CultureInfo.InvariantCulture, $"`program` in the request body: {program.Length} characters, more than the limit of {settings.MaxProgramChars} (max_program_chars)"));
    }

    /// <summary>Reads the body as a JSON object over <paramref name="schema"/>, refusing other media types and bodies over the size limit.</summary>
    internal static async Task<ConfigReader> ReadJsonAsync(HttpContext context, ConfigSchema schema, ServiceSettings settings)
    {
        HttpRequest request = context.Request;
        if (!request.HasJsonContentType())
        {
            throw new ServiceProblemException(StatusCodes.Status415UnsupportedMediaType, ServiceProblems.UnsupportedMediaType, $"expected a JSON body (Content-Type: application/json), got {(string.IsNullOrEmpty(request.ContentType) ? "none" : $"'{request.ContentType}'")}");
        }

        using MemoryStream buffer = await ReadBodyAsync(context, settings).ConfigureAwait(false);
        return ParseJson(buffer, schema);
    }

    /// <summary>Parses a buffered body as a JSON object over <paramref name="schema"/>.</summary>
    internal static ConfigReader ParseJson(MemoryStream buffer, ConfigSchema schema)
    {
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw ServiceProblemException.BadInput("the request body is not valid UTF-8");
        }

        try
        {
            return ConfigReader.ForJson(text, schema, Body);
        }
        catch (ConfigException e)
        {
            throw ServiceProblemException.BadInput(e.Message);
        }
    }

    /// <summary>Reads the whole body into memory, refusing it (413) as soon as it is over <c>max_request_bytes</c>.</summary>
    internal static async Task<MemoryStream> ReadBodyAsync(HttpContext context, ServiceSettings settings)
    {
        HttpRequest request = context.Request;
        long limit = settings.MaxRequestBytes;
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        // Kestrel enforces the limit too; reading with a bound here also covers chunked bodies and other servers.
        var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                buffer.Dispose();
                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }

    private static ServiceProblemException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, ServiceProblems.TooLarge, string.Create(CultureInfo.InvariantCulture, $"the request body is larger than the limit of {limit} bytes (max_request_bytes)"));

    internal static string? SourceLine(string source, int line)
    {
        string[] lines = source.Split('\n');
        return line >= 1 && line <= lines.Length ? lines[line - 1].TrimEnd('\r') : null;
    }

    internal sealed record HealthResponse(string Status, int? Scenes);

    internal sealed record ReadyResponse(string Status, IReadOnlyDictionary<string, string> Checks);

    /// <summary>The body of <c>POST /v1/programs/check</c>, for the OpenAPI document (the endpoint reads it against <see cref="CheckRequest"/>).</summary>
    internal sealed record CheckRequestJson(string Program);

    /// <summary>The body of <c>POST /v1/programs/run</c>, for the OpenAPI document (the endpoint reads it against <see cref="RunRequest"/>).</summary>
    internal sealed record RunRequestJson(string Program, int? ImageIndex, System.Text.Json.JsonElement? Scene, string? Logic, bool? Trace);

    internal sealed record CheckResponse(bool Valid, IReadOnlyList<DiagnosticJson> Diagnostics);

    internal sealed record RunResponse(
        bool Succeeded,
        string? Result,
        ErrorJson? Error,
        IReadOnlyList<DiagnosticJson> Diagnostics,
        string Output,
        long Steps,
        double ElapsedMs,
        IReadOnlyList<TraceJson>? Trace);

    internal sealed record ErrorJson(string Category, string Kind, string? Code, string? Budget, string Message, int Line, int Column, string? SourceLine)
    {
        public static ErrorJson From(ProgramError e) =>
            new(e.Category.ToString().ToLowerInvariant(), e.Kind, null, e.Budget?.ToString().ToLowerInvariant(), e.Message, e.Line, e.Column, e.SourceLine);
    }

    internal sealed record TraceJson(int Sequence, int Line, int Column, string Function, IReadOnlyList<string> Arguments, string Result, double DurationMs, IReadOnlyList<string>? Variables, IReadOnlyList<float>? Values)
    {
        public static TraceJson From(TraceEvent e) => new(e.Sequence, e.Line, e.Column, e.Function, e.Arguments, e.Result, e.DurationMs, e.Variables, e.Values);
    }

    internal sealed record DiagnosticJson(string Code, string Severity, int Line, int Column, string Message, string Hint)
    {
        public static DiagnosticJson From(Diagnostic d) => new(d.Code, d.Severity.ToString().ToLowerInvariant(), d.Line, d.Column, d.Message, d.Hint);
    }
}
