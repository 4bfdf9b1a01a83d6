using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Neptune.Cli.Conventions;
using Neptune.Configuration;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Language;
using Neptune.Language.Library;
using Neptune.Models;
using Neptune.Perception;
using Neptune.Programs;
using Neptune.Programs.Caching;
using Neptune.Programs.Extraction;
using Neptune.Programs.Generation;
using Neptune.Reporting;
using Neptune.Vision;
using Neptune.Vision.Ask;
using Neptune.Vision.Caching;
using Neptune.Vision.Detection;
using Neptune.Vision.Scoring;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>neptune ask</c>: answers one question about one image (JPEG, PNG, WebP, GIF or BMP) through an OpenAI-compatible VLM. Generates
/// the program (or takes it from the program cache, or from <c>--program</c>), detects, executes, and prints the
/// answer or box, the program and the trace. Exit codes: 0 answered (an answer, a box or no target), 1 the question
/// failed, 2 bad input (configuration, image, program file), 130 interrupted.
/// </summary>
internal static class AskCommand
{
    public static Command Build()
    {
        var image = new Option<FileInfo>("--image") { Description = "The image (JPEG, PNG, WebP, GIF or BMP).", Required = true };
        var question = new Option<string>("--question") { Description = "The question or referring expression.", Required = true };
        var config = new Option<FileInfo>("--config") { Description = "The ask config file (vision endpoints, detector, programs config).", Required = true };
        var program = new Option<FileInfo?>("--program") { Description = "Run this program file instead of generating one (its <objects> tag or --objects names what to detect)." };
        var objects = new Option<string?>("--objects") { Description = "Comma-separated object names to detect, with --program." };
        var boxes = new Option<FileInfo?>("--boxes") { Description = "A JSON list of [x1, y1, x2, y2] (or {\"box\": [...], \"label\": ...}) boxes for the annotations detector." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var evaluation = EvaluationOption.Create();
        var html = new Option<FileInfo?>("--html") { Description = "Write the visual trace (boxes over the image, program, trace) to this HTML file, its picture beside it in NAME_files/." };
        var command = new Command("ask", "Answer a question about an image with a generated program over a vision-language model.");
        foreach (Option o in new Option[] { image, question, config, program, objects, boxes, evaluation, json, html })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            VisionConfig settings = VisionConfig.Load(parse.GetValue(config)!.FullName, CliNotes.ForConfig());
            EvaluationMode mode = EvaluationOption.Read(parse, evaluation) ?? settings.Evaluation;
            FileInfo imageFile = parse.GetValue(image)!;
            RgbaImage picture = ImageCodecs.Default.Decode(await File.ReadAllBytesAsync(InputFiles.RequireFile(imageFile.FullName, "--image"), cancellationToken));
            string? programText = null;
            IReadOnlyList<string> names = [];
            if (parse.GetValue(program) is { } file)
            {
                string text = InputFiles.ReadText(file.FullName, "--program");
                if (!ProgramExtractor.TryExtract(text, out ExtractedProgram? extracted, out string? failure))
                {
                    throw new UsageException($"--program: {failure}");
                }

                programText = extracted!.Source;
                names = parse.GetValue(objects) is { } list
                    ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
                    : extracted.Objects;
            }

            List<DetectedObject>? annotations = parse.GetValue(boxes) is { } boxFile ? ReadBoxes(boxFile.FullName) : null;

            var engine = new ProgramEngine();
            IChatClient? llm = null;
            IChatClient? vlmClient = null;
            ScoreCache? cache = null;
            try
            {
                IProgramGenerator? generator = null;
                if (programText is null)
                {
                    if (settings.ProgramsConfigPath is null)
                    {
                        throw new UsageException("ask needs a program: name a programs config in the ask config (\"programs\": FILE) or pass --program");
                    }

                    ProgramsConfig programs = ProgramsConfig.Load(settings.ProgramsConfigPath, CliNotes.ForConfig(), ToolDefaults.Template);
                    llm = ModelClientBuilder.ForEndpoint(programs.Backend);
                    generator = programs.CreateGenerator(engine, chatClient: llm);
                }

                vlmClient = settings.CreateClient();
                cache = settings.OpenCache();
                VisionLanguageModel model = settings.CreateModel(vlmClient, cache);
                IObjectDetector detector = settings.CreateDetector(model, annotations);
                var pipeline = new AskPipeline(engine, generator, detector, model) { Evaluation = mode };
                string q = parse.GetValue(question)!;
                AskResult result = programText is null
                    ? await pipeline.AskAsync(picture, q, cancellationToken)
                    : await pipeline.AskWithProgramAsync(picture, q, programText, names, cancellationToken);

                if (parse.GetValue(json))
                {
                    Console.Out.Write(ToJson(result, model.Counters));
                }
                else
                {
                    Console.Out.Write(ToText(result, model.Counters));
                }

                if (parse.GetValue(html) is { } htmlFile)
                {
                    var item = new ReportItem
                    {
                        Question = q,
                        Image = picture,
                        ImageName = parse.GetValue(image)!.Name,
                        Objects = result.Target is { } target ? [target] : result.Objects,
                        Program = result.Program,
                        Trace = result.Trace,
                        Answer = AnswerText(result),
                        Error = result.Error,
                    };
                    await HtmlReport.WriteAsync(htmlFile.FullName, "neptune ask", [$"model {model.ModelId}", model.Counters.ToString()], [item], cancellationToken);
                }

                return result.Outcome == AskOutcome.Failed ? 1 : 0;
            }
            finally
            {
                llm?.Dispose();
                vlmClient?.Dispose();
                cache?.Dispose();
            }
        });
        return command;
    }

    internal static string AnswerText(AskResult result) => AskResultJson.AnswerText(result);

    private static List<DetectedObject> ReadBoxes(string path)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(InputFiles.ReadText(path, "--boxes"));
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new UsageException($"--boxes: {ConfigSource.Display(path)}: expected a JSON list of boxes");
            }

            var list = new List<DetectedObject>();
            foreach (JsonElement item in doc.RootElement.EnumerateArray())
            {
                JsonElement box = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("box", out JsonElement b) ? b : item;
                string? label = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("label", out JsonElement l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
                if (box.ValueKind != JsonValueKind.Array || box.GetArrayLength() != 4 || box.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
                {
                    throw new UsageException($"--boxes: {ConfigSource.Display(path)}: box {list.Count + 1} is not [x1, y1, x2, y2]");
                }

                double[] v = [.. box.EnumerateArray().Select(e => e.GetDouble())];
                list.Add(new DetectedObject(list.Count, new BoundingBox((float)v[0], (float)v[1], (float)v[2], (float)v[3]), label));
            }

            return list;
        }
        catch (JsonException e)
        {
            throw new UsageException($"--boxes: {ConfigSource.Display(path)}: not valid JSON: {e.Message}", e);
        }
    }

    internal static string ToText(AskResult r, VlmCounters counters)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"question: {r.Question}\n");
        switch (r.Outcome)
        {
            case AskOutcome.Answer:
                sb.Append(CultureInfo.InvariantCulture, $"answer: {r.Answer}\n");
                break;
            case AskOutcome.Box:
                sb.Append(CultureInfo.InvariantCulture, $"box: {r.Target!.Box} (object {r.Target.Index}, uniqueness {r.Uniqueness:0.###})\n");
                break;
            case AskOutcome.NoTarget:
                sb.Append("answer: no target\n");
                break;
            default:
                sb.Append(CultureInfo.InvariantCulture, $"failed ({r.FailedStage?.ToString().ToLowerInvariant()}): {r.Error}\n");
                break;
        }

        if (r.Generation is { } g)
        {
            if (g.FromCache)
            {
                sb.Append("program: from the program cache\n");
            }
            else if (g.Succeeded)
            {
                sb.Append(CultureInfo.InvariantCulture, $"program: generated by {g.Model} in {g.AttemptCount} round(s), {r.GenerationElapsed.TotalSeconds:0.00} s\n");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"program: none after {g.Attempts.Count} round(s), {r.GenerationElapsed.TotalSeconds:0.00} s\n");
                if (g.Attempts.LastOrDefault(a => a.Program is null && a.ResponseText is not null) is { ResponseText: { } reply })
                {
                    // No program could be extracted: show what the model said instead.
                    sb.Append("model's last reply:\n");
                    foreach (string line in Clip(reply).Split('\n'))
                    {
                        sb.Append("  ").Append(line.TrimEnd('\r')).Append('\n');
                    }
                }
            }
        }

        if (r.Objects.Count > 0 || (r.ObjectNames.Count > 0 && r.FailedStage != AskStage.Generation))
        {
            sb.Append(CultureInfo.InvariantCulture, $"objects ({r.Objects.Count}) for [{string.Join(", ", r.ObjectNames)}]:\n");
            foreach (DetectedObject o in r.Objects)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {o.Index}: {o.Box} {o.Label} {o.Confidence:0.##}\n");
            }
        }

        if (r.Program is { } program)
        {
            sb.Append("program:\n");
            foreach (string line in program.TrimEnd('\n').Split('\n'))
            {
                sb.Append("  ").Append(line).Append('\n');
            }
        }

        if (r.Trace is { } trace)
        {
            sb.Append("trace:\n");
            foreach (TraceEvent e in trace.Events)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {e.Sequence}. line {e.Line}: {e.Function}({string.Join(", ", e.Arguments)}) -> {e.Result}\n");
                if (e.Function == "score" && e.Tensor is { } t)
                {
                    AppendTuples(sb, t.Variables, t.DomainSize, t.ToArray());
                }
            }
        }

        if (r.FailedStage != AskStage.Generation)
        {
            TimeSpan vision = r.Elapsed - r.GenerationElapsed;
            sb.Append(CultureInfo.InvariantCulture, $"vision: {r.VisionRequests} requests, {r.VisionCacheHits} cached answers, {vision.TotalSeconds:0.00} s; totals: {counters}\n");
        }

        return sb.ToString();
    }

    private static string Clip(string reply)
    {
        const int MaxChars = 2000;
        string text = reply.Trim();
        return text.Length <= MaxChars ? text : string.Concat(text.AsSpan(0, MaxChars), "\n… (", (text.Length - MaxChars).ToString(CultureInfo.InvariantCulture), " more characters)");
    }

    private static void AppendTuples(StringBuilder sb, IReadOnlyList<string> variables, int n, float[] values)
    {
        int k = variables.Count;
        Span<int> tuple = stackalloc int[Math.Max(1, k)];
        for (int cell = 0; cell < values.Length; cell++)
        {
            int rest = cell;
            for (int a = k - 1; a >= 0; a--)
            {
                tuple[a] = rest % n;
                rest /= n;
            }

            bool repeated = false;
            for (int i = 0; i < k && !repeated; i++)
            {
                for (int j = i + 1; j < k; j++)
                {
                    repeated |= tuple[i] == tuple[j];
                }
            }

            if (repeated)
            {
                continue;
            }

            sb.Append("       (");
            for (int a = 0; a < k; a++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{(a > 0 ? ", " : string.Empty)}{variables[a]}={tuple[a]}");
            }

            sb.Append(CultureInfo.InvariantCulture, $") p={values[cell]:0.####}\n");
        }
    }

    internal static string ToJson(AskResult r, VlmCounters counters) => AskResultJson.ToJson(r, counters);
}
