using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Neptune.Language.Library;
using Neptune.Perception;
using Neptune.Vision.Scoring;

namespace Neptune.Vision.Ask;

/// <summary>
/// The JSON form of an <see cref="AskResult"/>, shared by <c>neptune ask --json</c> and the service's <c>/v1/ask</c>:
/// snake_case fields <c>question</c>, <c>outcome</c> (<c>answer</c>, <c>box</c>, <c>no-target</c>, <c>failed</c>),
/// <c>answer</c>, <c>target</c>, <c>error</c>, <c>failed_stage</c>, <c>program</c>, <c>objects</c>, <c>trace</c>,
/// <c>vision</c> and the timings.
/// </summary>
public static class AskResultJson
{
    /// <summary>The outcome's name in JSON.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns><c>answer</c>, <c>box</c>, <c>no-target</c> or <c>failed</c>.</returns>
    public static string OutcomeName(AskOutcome outcome) => outcome switch
    {
        AskOutcome.Answer => "answer",
        AskOutcome.Box => "box",
        AskOutcome.NoTarget => "no-target",
        _ => "failed",
    };

    /// <summary>The answer as one line of text: the answer, the box, <c>no target</c> or <c>(failed)</c>.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The text.</returns>
    public static string AnswerText(AskResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Outcome switch
        {
            AskOutcome.Answer => result.Answer!,
            AskOutcome.Box => result.Target!.Box.ToString(),
            AskOutcome.NoTarget => "no target",
            _ => "(failed)",
        };
    }

    /// <summary>The result as one indented JSON object and a newline.</summary>
    /// <param name="result">The result.</param>
    /// <param name="counters">The vision model's running totals; null when no model answered.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(AskResult result, VlmCounters? counters)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            WriteProperties(w, result, counters);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }

    /// <summary>Writes the result's fields into the object the writer is in (the caller opens and closes it).</summary>
    /// <param name="w">The writer, inside an object.</param>
    /// <param name="r">The result.</param>
    /// <param name="counters">The vision model's running totals; null when no model answered.</param>
    public static void WriteProperties(Utf8JsonWriter w, AskResult r, VlmCounters? counters)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(r);
        w.WriteString("question", r.Question);
        w.WriteString("outcome", OutcomeName(r.Outcome));
        WriteNullable(w, "answer", r.Answer);
        if (r.Target is { } target)
        {
            w.WriteStartObject("target");
            w.WriteNumber("index", target.Index);
            WriteBox(w, "box", target.Box);
            w.WriteNumber("uniqueness", r.Uniqueness ?? 0);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("target");
        }

        WriteNullable(w, "error", r.Error);
        WriteNullable(w, "failed_stage", r.FailedStage?.ToString().ToLowerInvariant());
        WriteNullable(w, "program", r.Program);
        w.WriteBoolean("program_from_cache", r.Generation?.FromCache ?? false);
        w.WriteStartArray("object_names");
        foreach (string name in r.ObjectNames)
        {
            w.WriteStringValue(name);
        }

        w.WriteEndArray();
        w.WriteStartArray("objects");
        foreach (DetectedObject o in r.Objects)
        {
            w.WriteStartObject();
            w.WriteNumber("index", o.Index);
            WriteBox(w, "box", o.Box);
            WriteNullable(w, "label", o.Label);
            w.WriteNumber("confidence", o.Confidence);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("trace");
        foreach (TraceEvent e in r.Trace?.Events ?? [])
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
            if (e.Tensor is { } t && e.Values is { } values)
            {
                w.WriteStartArray("variables");
                foreach (string v in t.Variables)
                {
                    w.WriteStringValue(v);
                }

                w.WriteEndArray();
                w.WriteStartArray("values");
                foreach (float v in values)
                {
                    w.WriteNumberValue(v);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("vision");
        w.WriteNumber("requests", r.VisionRequests);
        w.WriteNumber("cache_hits", r.VisionCacheHits);
        if (counters is not null)
        {
            w.WriteNumber("missing_yes", counters.MissingYes);
            w.WriteNumber("missing_no", counters.MissingNo);
            w.WriteNumber("both_missing", counters.BothMissing);
            w.WriteNumber("no_logprobs", counters.NoLogprobs);
            w.WriteNumber("failed_requests", counters.FailedRequests);
        }

        w.WriteEndObject();
        w.WriteNumber("seconds", Math.Round(r.Elapsed.TotalSeconds, 3));
        w.WriteNumber("generation_seconds", Math.Round(r.GenerationElapsed.TotalSeconds, 3));
        if (r.Generation is { Succeeded: false } failed && failed.Attempts.LastOrDefault(a => a.Program is null && a.ResponseText is not null) is { ResponseText: { } lastReply })
        {
            w.WriteString("model_reply", lastReply);
        }
    }

    /// <summary>Writes a box as <c>[left, top, right, bottom]</c>.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="box">The box.</param>
    public static void WriteBox(Utf8JsonWriter w, string name, BoundingBox box)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartArray(name);
        w.WriteNumberValue(box.Left);
        w.WriteNumberValue(box.Top);
        w.WriteNumberValue(box.Right);
        w.WriteNumberValue(box.Bottom);
        w.WriteEndArray();
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
}
