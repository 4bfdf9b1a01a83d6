using System.Globalization;
using System.Text.Json;
using Neptune.Clevr;
using Neptune.Clevr2D;
using Neptune.Evaluation;
using Neptune.Evaluation.Programs;
using Neptune.Language;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Service.Viewer;

/// <summary>
/// Replays one row of an evaluation run to show its trace: <c>results.jsonl</c> keeps outcomes, not traces, so the
/// row's program (recorded in the row for failures, or the official program of its question translated again for
/// <c>programs: gt</c> runs) is run once more over the row's scene with the run's perception (annotations with the
/// run's noise, or the rendered CLEVR-2D picture perceived from its pixels) and logic, with tracing on. The replay says
/// whether its answer equals the recorded one; when the data it needs is not here (a VLM run, a moved scenes or
/// questions file, a referring run) it says why and the row alone is shown.
/// </summary>
internal static class ItemReplay
{
    /// <summary>The result of a replay attempt: a run, or the reason there is none.</summary>
    internal sealed record Outcome(string? Unavailable, string? Program, RunResult? Result, IReadOnlyList<DetectedObject> Objects, string? Answer, bool? MatchesRun);

    /// <summary>Whether the row's scene can be rendered here (a scene or pixel run whose scenes file is readable).</summary>
    public static bool CanRender(JsonElement? manifest, JsonElement row) => SceneOf(manifest, row, out _) is not null && RendersPictures(manifest);

    /// <summary>The row's picture as the run saw it, or null.</summary>
    public static byte[]? Picture(JsonElement? manifest, JsonElement row) =>
        RendersPictures(manifest) && SceneOf(manifest, row, out _) is { } scene ? ClevrRenderer.RenderPng(scene) : null;

    /// <summary>Replays the row; never throws for missing or malformed run data.</summary>
    public static Outcome Run(JsonElement row, JsonElement? manifest, ServiceState state, CancellationToken cancellationToken)
    {
        string perception = Setting(manifest, "perception") ?? "scene";
        if ((Setting(manifest, "task") ?? "vqa") != "vqa")
        {
            return Unavailable("referring runs are shown from their rows (boxes, abstentions); their programs are not replayed here");
        }

        if (perception is not ("scene" or "pixels"))
        {
            return Unavailable($"the run perceived through '{perception}'; only scene and pixel runs are replayed here");
        }

        string? why = null;
        string? program = RunCatalog.Text(row, "program") ?? OfficialProgram(manifest, row, out why);
        if (program is null)
        {
            return Unavailable(why ?? "the row has no program");
        }

        ClevrScene? scene = SceneOf(manifest, row, out string? sceneProblem);
        if (scene is null)
        {
            return Unavailable(sceneProblem!, program);
        }

        if (perception == "pixels" && !RendersPictures(manifest))
        {
            return Unavailable("the run read its pictures from an images folder; only rendered pictures are replayed here", program);
        }

        IScenePerception world = perception == "pixels"
            ? new PixelWorld(ClevrRenderer.Render(scene))
            : new SceneWorld(scene, Noise(manifest));
        ProgramCheck check = state.Engine.Check(program);
        if (!check.IsValid)
        {
            return new Outcome(null, program, null, world.Objects, null, RunCatalog.Text(row, "predicted") is null);
        }

        RunResult result = check.Program!.Run(new RunOptions
        {
            Perception = world,
            Logic = LogicOptions.Default with { Kind = LogicOf(Setting(manifest, "logic")) },
            Trace = true,
            Evaluation = state.Settings.Evaluation,
            CancellationToken = cancellationToken,
        });
        float threshold = manifest is { } m && m.TryGetProperty("threshold", out JsonElement t) && t.ValueKind == JsonValueKind.Number ? t.GetSingle() : 0.5f;
        string? answer = result.Succeeded && AnswerMapper.TryMap(result.Value, threshold, out string mapped, out _) ? mapped : null;
        return new Outcome(null, program, result, world.Objects, answer, answer == RunCatalog.Text(row, "predicted"));
    }

    /// <summary>Writes the replay's fields into the open object.</summary>
    public static void Write(Utf8JsonWriter w, Outcome o)
    {
        w.WriteStartObject("replay");
        w.WriteBoolean("available", o.Unavailable is null);
        Nullable(w, "unavailable", o.Unavailable);
        Nullable(w, "program", o.Program);
        Nullable(w, "answer", o.Answer);
        if (o.MatchesRun is bool matches)
        {
            w.WriteBoolean("matches_run", matches);
        }
        else
        {
            w.WriteNull("matches_run");
        }

        if (o.Result is { } r)
        {
            w.WriteBoolean("succeeded", r.Succeeded);
            Nullable(w, "result", r.ValueRepr);
            Nullable(w, "error", r.Error?.Message);
            if (r.Error is { } e)
            {
                w.WriteNumber("error_line", e.Line);
            }
        }

        w.WriteStartArray("objects");
        foreach (DetectedObject d in o.Objects)
        {
            w.WriteStartObject();
            w.WriteNumber("index", d.Index);
            w.WriteStartArray("box");
            w.WriteNumberValue(Math.Round(d.Box.Left, 2));
            w.WriteNumberValue(Math.Round(d.Box.Top, 2));
            w.WriteNumberValue(Math.Round(d.Box.Right, 2));
            w.WriteNumberValue(Math.Round(d.Box.Bottom, 2));
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("trace");
        foreach (var e in o.Result?.Trace?.Events ?? [])
        {
            w.WriteStartObject();
            w.WriteNumber("sequence", e.Sequence);
            w.WriteNumber("line", e.Line);
            w.WriteString("function", e.Function);
            w.WriteStartArray("arguments");
            foreach (string a in e.Arguments)
            {
                w.WriteStringValue(a);
            }

            w.WriteEndArray();
            w.WriteString("result", e.Result);
            if (e.Variables is { } variables && e.Values is { } values)
            {
                w.WriteStartArray("variables");
                foreach (string v in variables)
                {
                    w.WriteStringValue(v);
                }

                w.WriteEndArray();
                w.WriteStartArray("values");
                foreach (float v in values)
                {
                    w.WriteNumberValue(Math.Round(v, 4));
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static Outcome Unavailable(string why, string? program = null) => new(why, program, null, [], null, null);

    private static string? OfficialProgram(JsonElement? manifest, JsonElement row, out string? why)
    {
        why = null;
        if (Setting(manifest, "programs") != "gt")
        {
            why = $"the run's programs came from '{Setting(manifest, "programs") ?? "an unknown source"}' and only failed rows record theirs";
            return null;
        }

        if (Setting(manifest, "questions") is not { } path || !File.Exists(path))
        {
            why = "the run's questions file is not readable here";
            return null;
        }

        long id = row.TryGetProperty("id", out JsonElement v) && v.TryGetInt64(out long n) ? n : -1;
        try
        {
            long position = 0;
            foreach (ClevrQuestion q in ClevrQuestionReader.Read(path))
            {
                if ((q.QuestionIndex ?? position) == id)
                {
                    return GroundTruthProgramSource.Instance.GetProgram(q);
                }

                position++;
            }
        }
        catch (Exception e) when (e is ClevrDataException or IOException or ProgramSourceException)
        {
            why = "the run's questions file: " + e.Message;
            return null;
        }

        why = string.Create(CultureInfo.InvariantCulture, $"the run's questions file has no question {id}");
        return null;
    }

    private static ClevrScene? SceneOf(JsonElement? manifest, JsonElement row, out string? problem)
    {
        problem = null;
        if (Setting(manifest, "scenes") is not { } path || !File.Exists(path))
        {
            problem = "the run's scenes file is not readable here";
            return null;
        }

        int index = row.TryGetProperty("image_index", out JsonElement v) && v.TryGetInt32(out int n) ? n : -1;
        try
        {
            foreach (ClevrScene scene in ClevrSceneReader.Read(path))
            {
                if (scene.ImageIndex == index)
                {
                    return scene;
                }
            }
        }
        catch (Exception e) when (e is ClevrDataException or IOException)
        {
            problem = "the run's scenes file: " + e.Message;
            return null;
        }

        problem = string.Create(CultureInfo.InvariantCulture, $"the run's scenes file has no scene {index}");
        return null;
    }

    private static bool RendersPictures(JsonElement? manifest) =>
        Setting(manifest, "perception") is "scene" or null || Setting(manifest, "images") is "rendered" or null;

    private static NoiseOptions Noise(JsonElement? manifest)
    {
        if (manifest is not { } m)
        {
            return NoiseOptions.None;
        }

        double Number(string name) => m.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : 0;
        return new NoiseOptions { Seed = (long)Number("noise_seed"), Spread = Number("noise_spread"), FlipRate = Number("noise_flip") };
    }

    private static LogicKind LogicOf(string? name) => name switch
    {
        "product" => LogicKind.Product,
        "lukasiewicz" => LogicKind.Lukasiewicz,
        "crisp" => LogicKind.Crisp,
        _ => LogicKind.Godel,
    };

    private static string? Setting(JsonElement? manifest, string name) =>
        manifest is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static void Nullable(Utf8JsonWriter w, string name, string? value)
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
}
