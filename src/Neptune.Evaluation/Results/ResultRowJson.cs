using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Neptune.Clevr2D;
using Neptune.Perception;

namespace Neptune.Evaluation.Results;

/// <summary>Writes and reads result rows as single JSON lines.</summary>
internal static class ResultRowJson
{
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    /// <summary>Appends one row and its newline to a buffer.</summary>
    public static void Write(ResultRow row, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", row.Id);
        writer.WriteString("question", row.Question);
        writer.WriteNumber("image_index", row.ImageIndex);
        WriteStringOrNull(writer, "template", row.Template);
        if (row.FamilyIndex is int family)
        {
            writer.WriteNumber("family_index", family);
        }
        else
        {
            writer.WriteNull("family_index");
        }

        writer.WriteString("family", row.FamilyKey);
        writer.WriteString("category", row.Category);
        WriteStringOrNull(writer, "program_hash", row.ProgramHash);
        if (row.Program is not null)
        {
            writer.WriteString("program", row.Program);
        }

        WriteStringOrNull(writer, "predicted", row.Predicted);
        WriteStringOrNull(writer, "expected", row.Expected);
        writer.WriteBoolean("correct", row.Correct);
        WriteStringOrNull(writer, "failure_kind", row.FailureKind);
        WriteStringOrNull(writer, "error", row.Error);
        WriteStringOrNull(writer, "failure_message", row.FailureMessage);
        writer.WriteNumber("vlm_requests", row.VlmRequests);
        writer.WriteNumber("scored_tuples", row.ScoredTuples);
        writer.WriteNumber("cache_hits", row.CacheHits);
        writer.WriteNumber("speculative_calls", row.SpeculativeCalls);
        writer.WriteNumber("round_trips", row.RoundTrips);
        writer.WriteNumber("prepare_us", Math.Round(row.PrepareMicroseconds, 1));
        writer.WriteNumber("run_us", Math.Round(row.RunMicroseconds, 1));
        if (row.Detection is { } detection)
        {
            writer.WriteStartObject("detection");
            writer.WriteNumber("tp", detection.TruePositives);
            writer.WriteNumber("fp", detection.FalsePositives);
            writer.WriteNumber("fn", detection.FalseNegatives);
            writer.WriteEndObject();
        }

        if (row.Referring is { } rec)
        {
            writer.WriteStartObject("rec");
            WriteInts(writer, "expected_objects", rec.ExpectedObjects);
            WriteBoxes(writer, "expected_boxes", rec.ExpectedBoxes);
            WriteInts(writer, "predicted_objects", rec.PredictedObjects);
            WriteBoxes(writer, "predicted_boxes", rec.PredictedBoxes);
            writer.WriteBoolean("predicted_no_target", rec.PredictedNoTarget);
            writer.WriteNumber("confidence", Math.Round(rec.Confidence, 6));
            WriteStringOrNull(writer, "abstained_by", rec.AbstainedBy);
            WriteStringOrNull(writer, "reason", rec.Reason);
            if (rec.Iou is double iou)
            {
                writer.WriteNumber("iou", Math.Round(iou, 6));
            }
            else
            {
                writer.WriteNull("iou");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteInts(Utf8JsonWriter writer, string name, IReadOnlyList<int> values)
    {
        writer.WriteStartArray(name);
        foreach (int v in values)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }

    private static void WriteBoxes(Utf8JsonWriter writer, string name, IReadOnlyList<BoundingBox> boxes)
    {
        writer.WriteStartArray(name);
        foreach (BoundingBox b in boxes)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(Math.Round(b.Left, 2));
            writer.WriteNumberValue(Math.Round(b.Top, 2));
            writer.WriteNumberValue(Math.Round(b.Right, 2));
            writer.WriteNumberValue(Math.Round(b.Bottom, 2));
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    /// <summary>Serialises one row to a line of UTF-8 (with its newline).</summary>
    public static byte[] ToLine(ResultRow row)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(row, writer);
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses one line; null when it is not a complete, well-formed row.</summary>
    public static ResultRow? TryParse(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using JsonDocument doc = JsonDocument.ParseValue(ref reader);
            if (reader.BytesConsumed != line.Length && !IsWhitespace(line[(int)reader.BytesConsumed..]))
            {
                return null;
            }

            JsonElement r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object
                || !r.TryGetProperty("id", out JsonElement id) || !id.TryGetInt64(out long idValue)
                || !r.TryGetProperty("question", out JsonElement question) || question.ValueKind != JsonValueKind.String
                || !r.TryGetProperty("image_index", out JsonElement image) || !image.TryGetInt32(out int imageIndex)
                || !r.TryGetProperty("correct", out JsonElement correct) || correct.ValueKind is not (JsonValueKind.True or JsonValueKind.False)
                || !r.TryGetProperty("run_us", out _))
            {
                return null;
            }

            return new ResultRow
            {
                Id = idValue,
                Question = question.GetString()!,
                ImageIndex = imageIndex,
                Template = OptionalString(r, "template"),
                FamilyIndex = r.TryGetProperty("family_index", out JsonElement f) && f.ValueKind == JsonValueKind.Number ? f.GetInt32() : null,
                Category = OptionalString(r, "category") ?? "Other",
                ProgramHash = OptionalString(r, "program_hash"),
                Program = OptionalString(r, "program"),
                Predicted = OptionalString(r, "predicted"),
                Expected = OptionalString(r, "expected"),
                Correct = correct.GetBoolean(),
                FailureKind = OptionalString(r, "failure_kind"),
                Error = OptionalString(r, "error"),
                FailureMessage = OptionalString(r, "failure_message"),
                ScoredTuples = r.TryGetProperty("scored_tuples", out JsonElement t) && t.TryGetInt64(out long tuples) ? tuples : 0,
                VlmRequests = Count(r, "vlm_requests"),
                CacheHits = Count(r, "cache_hits"),
                SpeculativeCalls = Count(r, "speculative_calls"),
                RoundTrips = Count(r, "round_trips"),
                PrepareMicroseconds = r.TryGetProperty("prepare_us", out JsonElement p) && p.TryGetDouble(out double pu) ? pu : 0,
                RunMicroseconds = r.TryGetProperty("run_us", out JsonElement u) && u.TryGetDouble(out double ru) ? ru : 0,
                Detection = ReadDetection(r),
                Referring = ReadReferring(r),
            };
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static DetectionMetrics? ReadDetection(JsonElement r)
    {
        if (!r.TryGetProperty("detection", out JsonElement d) || d.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return d.TryGetProperty("tp", out JsonElement tp) && tp.TryGetInt32(out int tpValue) && tpValue >= 0
            && d.TryGetProperty("fp", out JsonElement fp) && fp.TryGetInt32(out int fpValue) && fpValue >= 0
            && d.TryGetProperty("fn", out JsonElement fn) && fn.TryGetInt32(out int fnValue) && fnValue >= 0
            ? new DetectionMetrics(tpValue, fpValue, fnValue)
            : throw new FormatException("a detection must have non-negative whole numbers tp, fp and fn");
    }

    private static ReferringOutcome? ReadReferring(JsonElement r)
    {
        if (!r.TryGetProperty("rec", out JsonElement e) || e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new ReferringOutcome
        {
            ExpectedObjects = ReadInts(e, "expected_objects"),
            ExpectedBoxes = ReadBoxes(e, "expected_boxes"),
            PredictedObjects = ReadInts(e, "predicted_objects"),
            PredictedBoxes = ReadBoxes(e, "predicted_boxes"),
            PredictedNoTarget = e.TryGetProperty("predicted_no_target", out JsonElement n) && n.ValueKind == JsonValueKind.True,
            Confidence = e.TryGetProperty("confidence", out JsonElement c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : 0,
            AbstainedBy = OptionalString(e, "abstained_by"),
            Reason = OptionalString(e, "reason"),
            Iou = e.TryGetProperty("iou", out JsonElement i) && i.ValueKind == JsonValueKind.Number ? i.GetDouble() : null,
        };
    }

    private static int[] ReadInts(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out JsonElement a) || a.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"a rec row needs the array '{name}'");
        }

        var values = new int[a.GetArrayLength()];
        int k = 0;
        foreach (JsonElement v in a.EnumerateArray())
        {
            values[k++] = v.GetInt32();
        }

        return values;
    }

    private static BoundingBox[] ReadBoxes(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out JsonElement a) || a.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"a rec row needs the array '{name}'");
        }

        var boxes = new BoundingBox[a.GetArrayLength()];
        int k = 0;
        foreach (JsonElement b in a.EnumerateArray())
        {
            if (b.ValueKind != JsonValueKind.Array || b.GetArrayLength() != 4)
            {
                throw new FormatException("a box is [left, top, right, bottom]");
            }

            boxes[k++] = new BoundingBox(b[0].GetSingle(), b[1].GetSingle(), b[2].GetSingle(), b[3].GetSingle());
        }

        return boxes;
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> span)
    {
        foreach (byte b in span)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A count field; 0 when absent (rows written before the field existed).</summary>
    private static long Count(JsonElement r, string name) =>
        r.TryGetProperty(name, out JsonElement e) && e.TryGetInt64(out long n) ? n : 0;

    private static string? OptionalString(JsonElement r, string name) =>
        r.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
