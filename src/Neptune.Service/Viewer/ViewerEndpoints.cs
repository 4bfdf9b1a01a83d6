using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Neptune.Evaluation;

namespace Neptune.Service.Viewer;

/// <summary>
/// The web viewer and the read-only endpoints it uses: <c>GET /</c> and <c>/viewer/*</c> (the page, its script and
/// style, embedded), <c>GET /v1/samples</c> and <c>/v1/samples/{image_index}/image</c> (the embedded world's sample
/// scenes), and <c>GET /v1/runs</c>, <c>/v1/runs/{name}</c>, <c>/v1/runs/{name}/items</c> and
/// <c>/v1/runs/{name}/items/{id}</c> (the evaluation runs of the <c>runs</c> folder, filtered, with a replayed trace per
/// item). The page itself is open; everything under <c>/v1</c> takes the API key like the other endpoints.
/// </summary>
internal static class ViewerEndpoints
{
    private static readonly JsonWriterOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly Lazy<ViewerSamples> Samples = new(ViewerSamples.Load);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Asset("index.html")).ExcludeFromDescription();
        app.MapGet("/viewer/{file}", (string file) => Asset(file)).ExcludeFromDescription();
        app.MapGet("/v1/samples", ListSamples)
            .WithSummary("The embedded world's sample scenes, each with questions and their programs (official programs translated).");
        app.MapGet("/v1/samples/{imageIndex:int}/image", SampleImage)
            .WithSummary("A sample scene rendered to its 480×320 CLEVR-2D picture (PNG).");
        app.MapGet("/v1/runs", ListRuns)
            .WithSummary("The evaluation runs of the server's runs folder, with their summaries.");
        app.MapGet("/v1/runs/{name}", GetRun)
            .WithSummary("One run: run.json, summary.json and the families and failure kinds of its rows.");
        app.MapGet("/v1/runs/{name}/items", ListItems)
            .WithSummary("A run's rows (results.jsonl), filtered by family, correct and failure_kind, a page at a time (offset, limit).");
        app.MapGet("/v1/runs/{name}/items/{id:long}", GetItem)
            .WithSummary("One row of a run, and its program replayed with a trace when the run's data is at hand.");
        app.MapGet("/v1/runs/{name}/items/{id:long}/image", ItemImage)
            .WithSummary("The picture of a row's scene, rendered as the run perceived it (PNG).");
    }

    private static IResult Asset(string file)
    {
        if (!ViewerAssets.Files.TryGetValue(file, out string? media))
        {
            throw ServiceProblemException.NotFound($"the viewer has no file '{file}'");
        }

        // The page and its files never change while the server runs; a new server may bring new ones.
        return Results.Bytes(ViewerAssets.Read(file), media);
    }

    private static IResult ListSamples()
    {
        ViewerSamples samples = Samples.Value;
        return Results.Json(new SamplesResponse([.. samples.Samples.Select(s => new SampleJson(
            s.ImageIndex,
            string.Create(CultureInfo.InvariantCulture, $"/v1/samples/{s.ImageIndex}/image"),
            s.Objects,
            s.Questions))]));
    }

    private static IResult SampleImage(int imageIndex) =>
        Samples.Value.TryGetPicture(imageIndex, out byte[] png)
            ? Results.Bytes(png, "image/png")
            : throw ServiceProblemException.NotFound(string.Create(CultureInfo.InvariantCulture, $"no sample scene with image_index {imageIndex}"));

    private static RunCatalog Catalog(ServiceState state) =>
        state.Settings.RunsPath is { } root
            ? new RunCatalog(root)
            : throw ServiceProblemException.NotFound("this server has no runs folder (start it with `--runs DIR`, or set `runs` in its config)");

    private static IResult ListRuns(ServiceState state)
    {
        if (state.Settings.RunsPath is null)
        {
            return Results.Json(new RunsResponse(false, []));
        }

        RunCatalog catalog = Catalog(state);
        return Results.Json(new RunsResponse(true, [.. catalog.List().Select(r => new RunJson(
            r.Name,
            RunCatalog.ReadJson(r, EvaluationFiles.Run),
            RunCatalog.ReadJson(r, EvaluationFiles.Summary)))]));
    }

    private static IResult GetRun(string name, ServiceState state, HttpContext context)
    {
        RunCatalog.RunEntry run = Catalog(state).Find(name);
        var families = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        long rows = 0;
        long correct = 0;
        bool torn = RunCatalog.ReadRows(run, row =>
        {
            rows++;
            if (row.TryGetProperty("correct", out JsonElement c) && c.ValueKind == JsonValueKind.True)
            {
                correct++;
            }

            string family = RunCatalog.Text(row, "family") ?? "unknown";
            families[family] = families.GetValueOrDefault(family) + 1;
            string kind = RunCatalog.Text(row, "failure_kind") ?? "none";
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
        }, context.RequestAborted);
        return Results.Json(new RunDetailResponse(
            run.Name,
            RunCatalog.ReadJson(run, EvaluationFiles.Run),
            RunCatalog.ReadJson(run, EvaluationFiles.Summary),
            rows,
            correct,
            torn,
            families,
            kinds));
    }

    private static IResult ListItems(string name, ServiceState state, HttpContext context)
    {
        IQueryCollection query = context.Request.Query;
        foreach (string key in query.Keys)
        {
            if (key is not ("family" or "correct" or "failure_kind" or "offset" or "limit"))
            {
                throw ServiceProblemException.BadInput($"`{key}`: unknown parameter; expected family, correct, failure_kind, offset, limit");
            }
        }

        RunCatalog.ItemFilter filter = RunCatalog.ItemFilter.Parse(query["family"], query["correct"], query["failure_kind"]);
        int offset = RunCatalog.PageNumber(query["offset"], "offset", 0, int.MaxValue);
        int limit = RunCatalog.PageNumber(query["limit"], "limit", 100, RunCatalog.MaxPageSize);
        RunCatalog.RunEntry run = Catalog(state).Find(name);
        var page = new List<JsonElement>();
        long matched = 0;
        long total = 0;
        bool torn = RunCatalog.ReadRows(run, row =>
        {
            total++;
            if (!filter.Matches(row))
            {
                return;
            }

            if (matched >= offset && page.Count < limit)
            {
                page.Add(row);
            }

            matched++;
        }, context.RequestAborted);
        return Results.Json(new ItemsResponse(run.Name, total, matched, offset, limit, torn, page));
    }

    private static IResult GetItem(string name, long id, ServiceState state, HttpContext context)
    {
        RunCatalog.RunEntry run = Catalog(state).Find(name);
        JsonElement row = FindRow(run, id, context);
        JsonElement? manifest = RunCatalog.ReadJson(run, EvaluationFiles.Run);
        ItemReplay.Outcome replay = ItemReplay.Run(row, manifest, state, context.RequestAborted);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Json))
        {
            w.WriteStartObject();
            w.WriteString("run", run.Name);
            w.WritePropertyName("row");
            row.WriteTo(w);
            w.WriteBoolean("has_image", ItemReplay.CanRender(manifest, row));
            ItemReplay.Write(w, replay);
            w.WriteEndObject();
        }

        return Results.Bytes(buffer.ToArray(), "application/json");
    }

    private static IResult ItemImage(string name, long id, ServiceState state, HttpContext context)
    {
        RunCatalog.RunEntry run = Catalog(state).Find(name);
        JsonElement row = FindRow(run, id, context);
        return ItemReplay.Picture(RunCatalog.ReadJson(run, EvaluationFiles.Run), row) is { } png
            ? Results.Bytes(png, "image/png")
            : throw ServiceProblemException.NotFound(string.Create(CultureInfo.InvariantCulture, $"row {id} of '{run.Name}' has no picture here: the run's scenes file is not readable, or its images were not rendered"));
    }

    private static JsonElement FindRow(RunCatalog.RunEntry run, long id, HttpContext context)
    {
        JsonElement? found = null;
        RunCatalog.ReadRows(run, row =>
        {
            if (found is null && row.TryGetProperty("id", out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long rowId) && rowId == id)
            {
                found = row;
            }
        }, context.RequestAborted);
        return found ?? throw ServiceProblemException.NotFound(string.Create(CultureInfo.InvariantCulture, $"run '{run.Name}' has no row with id {id}"));
    }

    internal sealed record SamplesResponse(IReadOnlyList<SampleJson> Samples);

    internal sealed record SampleJson(int ImageIndex, string Image, int Objects, IReadOnlyList<ViewerSamples.SampleQuestion> Questions);

    internal sealed record RunsResponse(bool Configured, IReadOnlyList<RunJson> Runs);

    internal sealed record RunJson(string Name, JsonElement? Settings, JsonElement? Summary);

    internal sealed record RunDetailResponse(string Name, JsonElement? Settings, JsonElement? Summary, long Rows, long Correct, bool Torn, IReadOnlyDictionary<string, int> Families, IReadOnlyDictionary<string, int> FailureKinds);

    internal sealed record ItemsResponse(string Run, long Total, long Matched, int Offset, int Limit, bool Torn, IReadOnlyList<JsonElement> Items);
}
