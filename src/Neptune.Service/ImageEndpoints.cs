using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Neptune.Clevr2D;
using Neptune.Configuration;
using Neptune.Evaluation.Referring;
using Neptune.Imaging;
using Neptune.Language;
using Neptune.Language.Syntax;
using Neptune.Logic;
using Neptune.Programs.Extraction;
using Neptune.Programs.Generation;
using Neptune.Vision.Ask;

namespace Neptune.Service;

/// <summary>
/// The image endpoints: <c>POST /v1/ask</c> (a question about one image) and <c>POST /v1/find</c> (one referring
/// expression over one or many images, one program), on the embedded world by default — CLEVR-2D pictures perceived from
/// their pixels, no model server — or, for <c>/v1/ask</c>, through the detector and vision-language model of an
/// <c>ask</c> config. Both take a multipart form (image files and text fields) or a JSON object with base64 images. The
/// program is sent with the request, or written by the model server of the programs config.
/// </summary>
internal static class ImageEndpoints
{
    /// <summary>The JSON body of <c>POST /v1/ask</c>; a multipart form has the same fields, <c>image</c> as a file.</summary>
    internal static ConfigSchema AskRequest { get; } = new("request.ask", "The body of `POST /v1/ask`", [
        ConfigField.Text("image", "The image, base64 (a data: URI prefix is allowed); required."),
        ConfigField.Text("question", "The question or referring expression; required."),
        ConfigField.Text("program", "The program to run instead of writing one (its <objects> tag names what to detect)."),
        ConfigField.Text("objects", "Comma-separated object names to detect, with program."),
        ConfigField.Choice("logic", ["godel", "product", "lukasiewicz", "crisp"], "The soft logic.", "godel"),
    ]);

    /// <summary>The JSON body of <c>POST /v1/find</c>; a multipart form has the same fields, each image as an <c>image</c> file.</summary>
    internal static ConfigSchema FindRequest { get; } = new("request.find", "The body of `POST /v1/find`", [
        ConfigField.Text("image", "One image, base64."),
        ConfigField.Json("images", "A list of images, base64 strings."),
        ConfigField.Text("query", "The referring expression; required."),
        ConfigField.Text("program", "The program run on every image."),
        ConfigField.Choice("logic", ["godel", "product", "lukasiewicz", "crisp"], "The soft logic.", "godel"),
    ]);

    private static readonly JsonWriterOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/ask", AskAsync)
            .WithSummary("Answer a question about an image: an answer, a box or no target, with the program and its trace.")
            .Accepts<AskRequestJson>("application/json", "multipart/form-data")
            .DisableAntiforgery();
        app.MapPost("/v1/find", FindAsync)
            .WithSummary("Find what one referring expression refers to in one or many images, with one program.")
            .Accepts<FindRequestJson>("application/json", "multipart/form-data")
            .DisableAntiforgery();
    }

    private static async Task<IResult> AskAsync(HttpContext context, ServiceState state, ServiceMetrics metrics)
    {
        ImageRequest request = await ImageRequest.ReadAsync(context, AskRequest, state.Settings).ConfigureAwait(false);
        string question = request.RequireText("question");
        string? programText = request.Text("program") is { } p ? ServiceEndpoints.CheckProgramLength(p, state.Settings) : null;
        IReadOnlyList<string> names = [];
        if (programText is not null)
        {
            if (!ProgramExtractor.TryExtract(programText, out ExtractedProgram? extracted, out string? failure))
            {
                throw ServiceProblemException.BadInput($"`program`: {failure}");
            }

            programText = extracted!.Source;
            names = request.Text("objects") is { } list
                ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
                : extracted.Objects;
        }
        else
        {
            RequireGenerator(state, "question");
        }

        LogicKind logic = request.Logic();
        (string imageName, byte[] data) = request.Images.Count switch
        {
            0 => throw ServiceProblemException.BadInput("`image`: required (a file part of a multipart form, or base64 in a JSON body)"),
            1 => request.Images[0],
            _ => throw ServiceProblemException.BadInput("`image`: give one image; /v1/find takes several"),
        };
        RgbaImage picture = ImageInput.Decode(imageName, data, state);
        if (state.VisionModel is null && (picture.Width != ClevrRenderer.Width || picture.Height != ClevrRenderer.Height))
        {
            throw ServiceProblemException.BadInput(string.Create(CultureInfo.InvariantCulture, $"`image` '{imageName}': the embedded world perceives CLEVR-2D pictures of {ClevrRenderer.Width}×{ClevrRenderer.Height} pixels, but this one is {picture.Width}×{picture.Height}"));
        }

        var pipeline = new AskPipeline(state.Engine, state.Generator, state.AskPerception, state.VisionModel?.Counters, LogicOptions.Default with { Kind = logic })
        {
            Evaluation = state.Settings.Evaluation,
        };
        AskResult result = programText is null
            ? await pipeline.AskAsync(picture, question, context.RequestAborted).ConfigureAwait(false)
            : await pipeline.AskWithProgramAsync(picture, question, programText, names, context.RequestAborted).ConfigureAwait(false);
        metrics.RecordQuestion("ask", AskResultJson.OutcomeName(result.Outcome));

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Json))
        {
            w.WriteStartObject();
            AskResultJson.WriteProperties(w, result, state.VisionModel?.Counters);
            w.WriteStartArray("boxes");
            if (result.Target is { } target)
            {
                w.WriteStartArray();
                w.WriteNumberValue(target.Box.Left);
                w.WriteNumberValue(target.Box.Top);
                w.WriteNumberValue(target.Box.Right);
                w.WriteNumberValue(target.Box.Bottom);
                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteBoolean("no_target", result.Outcome == AskOutcome.NoTarget);
            w.WriteString("trace_id", TraceIds.Of(context));
            w.WriteEndObject();
        }

        return Results.Bytes(buffer.ToArray(), "application/json");
    }

    private static async Task<IResult> FindAsync(HttpContext context, ServiceState state, ServiceMetrics metrics)
    {
        ImageRequest request = await ImageRequest.ReadAsync(context, FindRequest, state.Settings).ConfigureAwait(false);
        string query = request.RequireText("query");
        string? programText = request.Text("program") is { } p ? ServiceEndpoints.CheckProgramLength(p, state.Settings) : null;
        if (programText is null)
        {
            RequireGenerator(state, "query");
        }

        LogicKind logic = request.Logic();
        if (request.Images.Count == 0)
        {
            throw ServiceProblemException.BadInput("`image`: required: one or more image files of a multipart form, or `image` / `images` (base64) in a JSON body");
        }

        if (request.Images.Count > state.Settings.MaxImages)
        {
            throw ServiceProblemException.TooLarge(string.Create(CultureInfo.InvariantCulture, $"{request.Images.Count} images, more than the limit of {state.Settings.MaxImages} (max_images)"));
        }

        // Every image is read before any work, so a bad one refuses the request rather than a row.
        var images = new FindImage[request.Images.Count];
        for (int i = 0; i < images.Length; i++)
        {
            (string name, byte[] data) = request.Images[i];
            images[i] = FindImages.FromPicture(name, ImageInput.Decode(name, data, state));
        }

        string source;
        string origin;
        if (programText is not null)
        {
            source = programText;
            origin = "request";
        }
        else
        {
            GenerationResult generated = await state.Generator!.GenerateAsync(query, null, context.RequestAborted).ConfigureAwait(false);
            if (generated.Program is null)
            {
                metrics.RecordQuestion("find", "failed");
                return Results.Bytes(FindAnswer(context, query, null, null, "none", [], generated.FailureMessage ?? "no program"), "application/json");
            }

            source = generated.Program;
            origin = generated.FromCache ? "cache" : "llm";
        }

        ProgramCheck check = state.Engine.Check(source, "program.py");
        if (!check.IsValid)
        {
            Diagnostic first = check.Diagnostics.First(d => d.IsError);
            int errors = check.Diagnostics.Count(d => d.IsError);
            string more = errors > 1 ? string.Create(CultureInfo.InvariantCulture, $" (and {errors - 1} more error(s); see /v1/programs/check)") : string.Empty;
            throw ServiceProblemException.BadInput(origin == "request" ? $"`program`: {first}{more}" : $"the written program is invalid: {first}{more}");
        }

        var finder = new ReferringFinder(check.Program!)
        {
            Logic = LogicOptions.Default with { Kind = logic },
            Concurrency = Math.Min(Environment.ProcessorCount, images.Length),
            Evaluation = state.Settings.Evaluation,
        };
        var rows = new FindRow[images.Length];
        await finder.RunAsync(images, (i, row) => rows[i] = row, null, context.RequestAborted).ConfigureAwait(false);
        foreach (FindRow row in rows)
        {
            metrics.RecordQuestion("find", FindResultsWriter.OutcomeName(row.Outcome));
        }

        return Results.Bytes(FindAnswer(context, query, source, check.Program!.Hash, origin, rows, null), "application/json");
    }

    private static byte[] FindAnswer(HttpContext context, string query, string? program, string? hash, string origin, IReadOnlyList<FindRow> rows, string? error)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Json))
        {
            w.WriteStartObject();
            w.WriteString("query", query.Trim());
            WriteNullable(w, "program", program);
            w.WriteString("program_source", origin);
            WriteNullable(w, "program_hash", hash);
            WriteNullable(w, "error", error);
            w.WriteNumber("targets", rows.Count(r => r.Outcome == FindOutcome.Target));
            w.WriteNumber("no_target", rows.Count(r => r.Outcome == FindOutcome.NoTarget));
            w.WriteNumber("failed", rows.Count(r => r.Outcome == FindOutcome.Failed));
            w.WriteStartArray("images");
            foreach (FindRow row in rows)
            {
                // The row as results.jsonl of `neptune find` holds it.
                w.WriteRawValue(FindResultsWriter.ToJson(row), skipInputValidation: true);
            }

            w.WriteEndArray();
            w.WriteString("trace_id", TraceIds.Of(context));
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void RequireGenerator(ServiceState state, string field)
    {
        if (state.Generator is null)
        {
            throw ServiceProblemException.BadInput($"`program`: required: this server writes no programs (start it with a `programs` config to send a `{field}` alone)");
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>The body of <c>POST /v1/ask</c>, for the OpenAPI document.</summary>
    internal sealed record AskRequestJson(string Image, string Question, string? Program, string? Objects, string? Logic);

    /// <summary>The body of <c>POST /v1/find</c>, for the OpenAPI document.</summary>
    internal sealed record FindRequestJson(string? Image, IReadOnlyList<string>? Images, string Query, string? Program, string? Logic);

    /// <summary>
    /// The fields and images of a request, read from a multipart form or a JSON body the same way: text fields by name,
    /// images with their names (the file name, or the JSON field and position).
    /// </summary>
    private sealed class ImageRequest
    {
        private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

        public List<(string Name, byte[] Data)> Images { get; } = [];

        public static async Task<ImageRequest> ReadAsync(HttpContext context, ConfigSchema schema, ServiceSettings settings)
        {
            HttpRequest http = context.Request;
            if (http.HasJsonContentType())
            {
                ConfigReader reader = await ServiceEndpoints.ReadJsonAsync(context, schema, settings).ConfigureAwait(false);
                return FromJson(reader, schema);
            }

            if (!http.HasFormContentType)
            {
                throw new ServiceProblemException(StatusCodes.Status415UnsupportedMediaType, ServiceProblems.UnsupportedMediaType, $"expected a multipart form (Content-Type: multipart/form-data) or a JSON body (application/json), got {(string.IsNullOrEmpty(http.ContentType) ? "none" : $"'{http.ContentType}'")}");
            }

            // The body is read under the size limit first; the form is then parsed from memory.
            using MemoryStream body = await ServiceEndpoints.ReadBodyAsync(context, settings).ConfigureAwait(false);
            http.Body = body;
            IFormCollection form;
            try
            {
                var feature = new FormFeature(http, new FormOptions { MultipartBodyLengthLimit = settings.MaxRequestBytes, ValueLengthLimit = (int)Math.Min(int.MaxValue, settings.MaxRequestBytes) });
                form = await feature.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                throw ServiceProblemException.BadInput($"the multipart form is malformed: {e.Message}");
            }

            var request = new ImageRequest();
            foreach ((string key, Microsoft.Extensions.Primitives.StringValues values) in form)
            {
                ConfigField field = schema.Fields.FirstOrDefault(f => f.Name == key && f.Kind != ConfigValueKind.Json)
                    ?? throw ServiceProblemException.BadInput($"`{key}` in the form: unknown field; expected {string.Join(", ", schema.Fields.Where(f => f.Kind != ConfigValueKind.Json).Select(f => f.Name))}");
                if (values.Count != 1)
                {
                    throw ServiceProblemException.BadInput($"`{key}` in the form: given {values.Count} times");
                }

                string value = values[0] ?? string.Empty;
                if (field.Kind == ConfigValueKind.Choice && ConfigReader.MatchChoice(field, value) is null)
                {
                    throw ServiceProblemException.BadInput($"`{key}` in the form: '{value}' is not one of {string.Join(", ", field.Choices)}");
                }

                request._texts[key] = field.Kind == ConfigValueKind.Choice ? ConfigReader.MatchChoice(field, value)! : value;
            }

            foreach (IFormFile file in form.Files)
            {
                if (file.Name != "image")
                {
                    throw ServiceProblemException.BadInput($"`{file.Name}` in the form: unknown file field; images are sent as `image`");
                }

                using var data = new MemoryStream();
                await file.CopyToAsync(data, context.RequestAborted).ConfigureAwait(false);
                string name = string.IsNullOrWhiteSpace(file.FileName) ? string.Create(CultureInfo.InvariantCulture, $"image {request.Images.Count + 1}") : Path.GetFileName(file.FileName);
                request.Images.Add((name, data.ToArray()));
            }

            return request;
        }

        private static ImageRequest FromJson(ConfigReader reader, ConfigSchema schema)
        {
            var request = new ImageRequest();
            foreach (ConfigField field in schema.Fields)
            {
                if (field.Kind == ConfigValueKind.Json)
                {
                    continue;
                }

                string? value = field.Kind == ConfigValueKind.Choice ? reader.Choice(field.Name) : reader.String(field.Name);
                if (value is not null && field.Name != "image")
                {
                    request._texts[field.Name] = value;
                }
            }

            if (reader.String("image") is { } one)
            {
                request.Images.Add(("image", FromBase64(one, "`image` in the request body")));
            }

            if (schema.Fields.Any(f => f.Name == "images") && reader.Json("images") is { } list)
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    throw ServiceProblemException.BadInput($"`images` in the request body: expected a list of base64 strings, found {list.ValueKind.ToString().ToLowerInvariant()}");
                }

                int i = 0;
                foreach (JsonElement item in list.EnumerateArray())
                {
                    string where = string.Create(CultureInfo.InvariantCulture, $"images[{i++}]");
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        throw ServiceProblemException.BadInput($"`{where}` in the request body: expected a base64 string, found {item.ValueKind.ToString().ToLowerInvariant()}");
                    }

                    request.Images.Add((where, FromBase64(item.GetString()!, $"`{where}` in the request body")));
                }
            }

            return request;
        }

        public string? Text(string field) => _texts.TryGetValue(field, out string? v) ? v : null;

        public string RequireText(string field) =>
            Text(field) is { } v && !string.IsNullOrWhiteSpace(v) ? v : throw ServiceProblemException.BadInput($"`{field}`: required and not empty");

        public LogicKind Logic() => Text("logic") switch
        {
            "product" => LogicKind.Product,
            "lukasiewicz" => LogicKind.Lukasiewicz,
            "crisp" => LogicKind.Crisp,
            _ => LogicKind.Godel,
        };

        private static byte[] FromBase64(string text, string where)
        {
            ReadOnlySpan<char> span = text.AsSpan().Trim();
            if (span.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                int comma = span.IndexOf(',');
                if (comma < 0 || !span[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
                {
                    throw ServiceProblemException.BadInput($"{where}: a data: URI that is not base64");
                }

                span = span[(comma + 1)..];
            }

            byte[] bytes = new byte[span.Length * 3 / 4 + 3];
            return Convert.TryFromBase64Chars(span, bytes, out int written)
                ? bytes[..written]
                : throw ServiceProblemException.BadInput($"{where}: not valid base64");
        }
    }
}

/// <summary>Decodes uploaded images under the service's limits.</summary>
internal static class ImageInput
{
    /// <summary>
    /// Reads the header first and refuses an image over <c>max_image_pixels</c> (413) before any pixel memory is
    /// allocated; then decodes with the same limit. A file that is not an image, or is corrupt, is 400 with the
    /// decoder's message — the one <c>neptune ask</c> and <c>neptune image info</c> print.
    /// </summary>
    public static RgbaImage Decode(string name, byte[] data, ServiceState state)
    {
        if (data.Length == 0)
        {
            throw ServiceProblemException.BadInput($"`image` '{name}': empty");
        }

        try
        {
            ImageInfo info = state.Headers.Identify(data);
            long pixels = (long)info.Width * info.Height;
            ServiceSettings settings = state.Settings;
            if (pixels > settings.MaxImagePixels)
            {
                throw ServiceProblemException.TooLarge(string.Create(CultureInfo.InvariantCulture, $"`image` '{name}': {info.Width}×{info.Height} is {pixels} pixels, more than the limit of {settings.MaxImagePixels} (max_image_pixels)"));
            }

            return state.Codecs.Decode(data);
        }
        catch (ImageLimitExceededException e)
        {
            throw ServiceProblemException.TooLarge($"`image` '{name}': {e.Message}");
        }
        catch (NeptuneImagingException e)
        {
            throw ServiceProblemException.BadInput($"`image` '{name}': {e.Message}");
        }
    }
}

/// <summary>The trace id answers and problems carry: the W3C trace of the request, or the server's request id.</summary>
internal static class TraceIds
{
    public static string Of(HttpContext context) => System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier;
}
