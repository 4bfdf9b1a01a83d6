using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Neptune.Evaluation.Programs;
using Neptune.Language;
using Neptune.Perception;

namespace Neptune.Evaluation.Results;

/// <summary>
/// The settings that give a results file its meaning (<c>OUT/run.json</c>): question and scene files, perception,
/// programs, logic, threshold, noise and shard. A resumed run must match them; concurrency and limit may change.
/// </summary>
internal sealed class RunManifest
{
    public const int FormatVersion = 1;

    private RunManifest(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        Fields = fields;
    }

    /// <summary>Field name → raw JSON value, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    public static RunManifest From(EvaluationSettings settings, IProgramSource programs) => From(settings, programs.Name);

    public static RunManifest From(EvaluationSettings settings, string programs)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("format", FormatVersion.ToString(CultureInfo.InvariantCulture)),
            new(settings.Task == EvaluationTask.Rec ? "refexps" : "questions", Json(settings.QuestionsPath)),
            new("scenes", Json(settings.ScenesPath)),
            new("perception", Json(EvaluationSettings.PerceptionName(settings.Perception))),
            new("programs", Json(programs)),
            new("program_cache", settings.ProgramCachePath is null ? "null" : Json(settings.ProgramCachePath)),
            new("logic", Json(EvaluationSettings.LogicName(settings.Logic))),
            new("threshold", Number(settings.Threshold)),
            new("noise_seed", settings.Noise.Seed.ToString(CultureInfo.InvariantCulture)),
            new("noise_spread", Number(settings.Noise.Spread)),
            new("noise_flip", Number(settings.Noise.FlipRate)),
            new("shard", Json(settings.Shard.ToString())),
        };
        if (settings.Task == EvaluationTask.Rec)
        {
            // Only referring-expression runs name their task and its settings, so that question runs stay as they were.
            fields.Insert(1, new("task", Json(EvaluationSettings.TaskName(settings.Task))));
            fields.Add(new("style", Json(EvaluationSettings.StyleName(settings.Style))));
            fields.Add(new("detector_threshold", Number(settings.Verification.DetectorThreshold)));
            fields.Add(new("verifier_threshold", Number(settings.Verification.VerifierThreshold)));
            if (settings.Verification.LabelThresholds.Count > 0)
            {
                // Named only when given, so that the stored settings of runs without them stay as they were.
                fields.Add(new("label_thresholds", Json(LabelThresholds.Canonical(settings.Verification.LabelThresholds))));
            }
        }

        if (settings.Photos is { } photos)
        {
            // Photo runs name their dataset, split and verifier; CLEVR-Ref+ runs stay as they were.
            fields.Insert(2, new("dataset", Json(photos.Name)));
            fields.Add(new("split_by", photos.SplitBy is null ? "null" : Json(photos.SplitBy)));
            fields.Add(new("split", Json(photos.Split)));
            fields.Add(new("verifier", photos.VerifierPath is null ? "null" : Json(photos.VerifierPath)));
        }

        if (settings.Task == EvaluationTask.Rec || settings.GeometricRelations)
        {
            // Question runs name the setting only when it is not their default, so that their stored settings stay as they were.
            fields.Add(new("relations", Json(settings.GeometricRelations ? "geometry" : "perception")));
        }

        if (settings.Evaluation != EvaluationMode.Eager)
        {
            // Named only when not the default, so that the stored settings of earlier runs stay as they were.
            fields.Add(new("evaluation", Json(EvaluationModes.Name(settings.Evaluation))));
        }

        if (settings.Perception is PerceptionKind.Pixels or PerceptionKind.Vlm)
        {
            // Only picture runs (pixels, vlm) name their pictures, so that the stored settings of scene runs stay as they were.
            fields.Insert(fields.FindIndex(f => f.Key == "perception") + 1, new("images", settings.ImagesDirectory is null ? Json("rendered") : Json(settings.ImagesDirectory)));
        }

        return new RunManifest(fields);
    }

    /// <summary>A copy with another shard.</summary>
    public RunManifest WithShard(ShardSpec shard)
    {
        var fields = new List<KeyValuePair<string, string>>(Fields.Count);
        foreach (var (key, value) in Fields)
        {
            fields.Add(new(key, key == "shard" ? Json(shard.ToString()) : value));
        }

        return new RunManifest(fields);
    }

    /// <summary>Reads <c>run.json</c>; null when it is not a JSON object.</summary>
    public static RunManifest? TryRead(string path)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var fields = new List<KeyValuePair<string, string>>();
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                fields.Add(new(p.Name, p.Value.GetRawText()));
            }

            return new RunManifest(fields);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string? Get(string field)
    {
        foreach (var (key, value) in Fields)
        {
            if (key == field)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The fields that differ, as "field: stored X, now Y" lines; empty when equal.</summary>
    public List<string> Differences(RunManifest current, params string[] ignore)
    {
        var differences = new List<string>();
        var names = new List<string>();
        foreach (var (key, _) in current.Fields)
        {
            names.Add(key);
        }

        foreach (var (key, _) in Fields)
        {
            if (!names.Contains(key))
            {
                names.Add(key);
            }
        }

        foreach (string name in names)
        {
            if (Array.IndexOf(ignore, name) >= 0)
            {
                continue;
            }

            string? stored = Get(name);
            string? now = current.Get(name);
            if (!string.Equals(stored, now, StringComparison.Ordinal))
            {
                differences.Add($"{name}: stored {stored ?? "(absent)"}, now {now ?? "(absent)"}");
            }
        }

        return differences;
    }

    /// <summary>Writes <c>run.json</c> atomically.</summary>
    public void Write(string path)
    {
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096))
        {
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = ResultRowJson.WriterOptions.Encoder }))
            {
                w.WriteStartObject();
                foreach (var (key, value) in Fields)
                {
                    w.WritePropertyName(key);
                    w.WriteRawValue(value, skipInputValidation: true);
                }

                w.WriteEndObject();
            }

            stream.Write("\n"u8);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The fields as settings entries for a summary (values parsed back from JSON).</summary>
    public List<KeyValuePair<string, object?>> ToSettings()
    {
        var list = new List<KeyValuePair<string, object?>>();
        foreach (var (key, raw) in Fields)
        {
            using JsonDocument doc = JsonDocument.Parse(raw);
            JsonElement e = doc.RootElement;
            object? value = e.ValueKind switch
            {
                JsonValueKind.String => e.GetString(),
                JsonValueKind.Number when e.TryGetInt64(out long l) => l,
                JsonValueKind.Number => e.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            };
            list.Add(new(key, value));
        }

        return list;
    }

    private static string Json(string value)
    {
        var buffer = new ArrayBufferWriter<byte>(value.Length + 8);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ResultRowJson.WriterOptions.Encoder }))
        {
            w.WriteStringValue(value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
