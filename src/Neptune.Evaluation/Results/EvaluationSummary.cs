using System.Text.Json;

namespace Neptune.Evaluation.Results;

/// <summary>
/// The referring-expression measures of a run: TPR (target-present accuracy; Acc@0.5 when judged by boxes), TNR
/// (no-target accuracy), FPR = 1 − TNR, balanced accuracy = (TPR + TNR) / 2, mean IoU and early exits per operator.
/// </summary>
/// <param name="TargetItems">Items with a target.</param>
/// <param name="TruePositives">Correct items with a target.</param>
/// <param name="NoTargetItems">Items without a target.</param>
/// <param name="TrueNegatives">Items without a target that were answered "no target".</param>
/// <param name="MeanIou">Mean IoU over the target-present items judged by boxes; null when judged by objects.</param>
/// <param name="EarlyExits">Runs ended with no target, by the operator that abstained.</param>
/// <param name="Images">Distinct images.</param>
/// <param name="EvaluatedImages">Distinct images of the items evaluated by this session (not resumed).</param>
public sealed record ReferringTotals(long TargetItems, long TruePositives, long NoTargetItems, long TrueNegatives, double? MeanIou, IReadOnlyDictionary<string, long> EarlyExits, long Images, long EvaluatedImages)
{
    /// <summary>TP / target-present items.</summary>
    public double Tpr => TargetItems == 0 ? 0 : (double)TruePositives / TargetItems;

    /// <summary>TN / no-target items.</summary>
    public double Tnr => NoTargetItems == 0 ? 0 : (double)TrueNegatives / NoTargetItems;

    /// <summary>1 − TNR.</summary>
    public double Fpr => NoTargetItems == 0 ? 0 : 1 - Tnr;

    /// <summary>(TPR + TNR) / 2.</summary>
    public double BalancedAccuracy => (Tpr + Tnr) / 2;

    /// <summary>Items (with or without a target) whose GREC F1 is 1 (<see cref="Referring.ReferringMetrics.GrecF1"/>); failed items never are.</summary>
    public long GrecCorrect { get; init; }

    /// <summary>Target-present items that were answered with at least one referent (GREC's T-acc numerator).</summary>
    public long TargetPredicted { get; init; }

    /// <summary>Target-present items judged by boxes (the Acc@0.7 denominator: every target-present item of a run judged by boxes, failed ones included); 0 when judged by objects.</summary>
    public long BoxTargetItems { get; init; }

    /// <summary>Target-present items correct at IoU 0.7 (<see cref="Referring.ReferringMetrics.CorrectAt"/>).</summary>
    public long CorrectAt07 { get; init; }

    /// <summary>GREC's Pr@(F1=1, IoU≥0.5): the share of all items whose F1 is 1.</summary>
    public double GrecPrecision => TargetItems + NoTargetItems == 0 ? 0 : (double)GrecCorrect / (TargetItems + NoTargetItems);

    /// <summary>GREC's N-acc: no-target items answered "no target" / no-target items (the same count as <see cref="Tnr"/>).</summary>
    public double NAcc => Tnr;

    /// <summary>GREC's T-acc: target-present items not answered "no target" / target-present items.</summary>
    public double TAcc => TargetItems == 0 ? 0 : (double)TargetPredicted / TargetItems;

    /// <summary>Acc@0.7 over the target-present items judged by boxes; null when judged by objects.</summary>
    public double? AccAt07 => BoxTargetItems == 0 ? null : (double)CorrectAt07 / BoxTargetItems;
}

/// <summary>Questions and correct answers of one group (a category, template or family).</summary>
/// <param name="Total">The questions.</param>
/// <param name="Correct">The correct answers.</param>
public readonly record struct GroupAccuracy(long Total, long Correct)
{
    /// <summary>Correct / total; 0 for an empty group.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
}

/// <summary>
/// Object detection quality of a pixel run: the detections of each distinct image, matched one to one to its annotated
/// boxes at IoU 0.5 and summed over the images (each image counts once, however many questions ask about it).
/// </summary>
/// <param name="Images">The distinct images perceived.</param>
/// <param name="TruePositives">Detections matched to an annotated object.</param>
/// <param name="FalsePositives">Detections matching no annotated object.</param>
/// <param name="FalseNegatives">Annotated objects no detection matched.</param>
public sealed record DetectionSummary(long Images, long TruePositives, long FalsePositives, long FalseNegatives)
{
    /// <summary>The IoU a detection needs to match an annotated box.</summary>
    public const double IouThreshold = 0.5;

    /// <summary>TP / (TP + FP); 1 when nothing was detected.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1.0 : TruePositives / (double)(TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 1 when there was nothing to find.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 1.0 : TruePositives / (double)(TruePositives + FalseNegatives);

    /// <summary>The harmonic mean of precision and recall.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>The aggregate figures of an evaluation: the content of <c>summary.json</c>.</summary>
public sealed class EvaluationSummary
{
    internal EvaluationSummary()
    {
    }

    /// <summary>The questions with a result row.</summary>
    public long Total { get; internal init; }

    /// <summary>The correct answers.</summary>
    public long Correct { get; internal init; }

    /// <summary>Correct / total.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>The questions whose program failed (counted as wrong).</summary>
    public long Failures { get; internal init; }

    /// <summary>Failures / total.</summary>
    public double FailureRate => Total == 0 ? 0 : (double)Failures / Total;

    /// <summary>Failures per kind (<see cref="FailureKinds"/>).</summary>
    public required IReadOnlyDictionary<string, long> FailuresByKind { get; init; }

    /// <summary>Failures per specific error ("ZeroDivisionError", "BudgetExceeded:Steps", "NPT2006").</summary>
    public required IReadOnlyDictionary<string, long> FailuresByError { get; init; }

    /// <summary>Accuracy per answer category ("Count", "Exist", ...).</summary>
    public required IReadOnlyDictionary<string, GroupAccuracy> ByCategory { get; init; }

    /// <summary>Accuracy per template file.</summary>
    public required IReadOnlyDictionary<string, GroupAccuracy> ByTemplate { get; init; }

    /// <summary>Accuracy per question family (<c>template#index</c>).</summary>
    public required IReadOnlyDictionary<string, GroupAccuracy> ByFamily { get; init; }

    /// <summary>Detection quality over the distinct images of a pixel run; null when no row has detection counts.</summary>
    public DetectionSummary? Detection { get; internal init; }

    /// <summary>For a referring-expression run: TPR, TNR, FPR, balanced accuracy, mean IoU, early exits; null for questions.</summary>
    public ReferringTotals? Referring { get; internal init; }

    /// <summary>Mean object tuples scored per question.</summary>
    public double ScoredTuplesPerQuestion { get; internal init; }

    /// <summary>The model calls of the rows, summed (<see cref="PerceptionCalls"/>).</summary>
    public PerceptionCalls Calls { get; internal init; }

    /// <summary>Mean microseconds to obtain a prepared program.</summary>
    public double MeanPrepareMicroseconds { get; internal init; }

    /// <summary>Mean microseconds per run.</summary>
    public double MeanRunMicroseconds { get; internal init; }

    /// <summary>Questions evaluated by this session (excluding rows found from an earlier, interrupted session).</summary>
    public long Evaluated { get; internal init; }

    /// <summary>Rows of the selection found in the results file from an earlier session.</summary>
    public long Resumed { get; internal init; }

    /// <summary>The questions selected by the shard and limit; the run is complete when every one has a row.</summary>
    public long Selected { get; internal init; }

    /// <summary>
    /// Whether the session was interrupted (Ctrl+C) before it finished; its summary covers the rows made so far and
    /// <see cref="Selected"/> counts the questions selected by then.
    /// </summary>
    public bool Interrupted { get; internal init; }

    /// <summary>Whether every selected question has a row (never for an interrupted session).</summary>
    public bool Complete => !Interrupted && Total >= Selected;

    /// <summary>Wall-clock seconds of this session, from start to the summary.</summary>
    public double WallSeconds { get; internal init; }

    /// <summary>Questions evaluated per wall-clock second in this session.</summary>
    public double QuestionsPerSecond => WallSeconds > 0 ? Evaluated / WallSeconds : 0;

    /// <summary>The settings used, as written to <c>summary.json</c>.</summary>
    public required IReadOnlyList<KeyValuePair<string, object?>> Settings { get; init; }

    /// <summary>Writes the summary as indented JSON.</summary>
    /// <param name="stream">The destination.</param>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = ResultRowJson.WriterOptions.Encoder });
        w.WriteStartObject();
        w.WriteNumber("total", Total);
        w.WriteNumber("correct", Correct);
        w.WriteNumber("accuracy", Math.Round(Accuracy, 6));
        w.WriteNumber("failures", Failures);
        w.WriteNumber("failure_rate", Math.Round(FailureRate, 6));
        if (Referring is { } rec)
        {
            w.WriteNumber("accuracy_exc_failures", Math.Round(Total - Failures == 0 ? 0 : (double)Correct / (Total - Failures), 6));
            w.WriteNumber("accuracy_inc_failures", Math.Round(Accuracy, 6));
            w.WriteNumber("tpr", Math.Round(rec.Tpr, 6));
            w.WriteNumber("tnr", Math.Round(rec.Tnr, 6));
            w.WriteNumber("fpr", Math.Round(rec.Fpr, 6));
            w.WriteNumber("balanced_accuracy", Math.Round(rec.BalancedAccuracy, 6));
            w.WriteNumber("target_items", rec.TargetItems);
            w.WriteNumber("true_positives", rec.TruePositives);
            w.WriteNumber("no_target_items", rec.NoTargetItems);
            w.WriteNumber("true_negatives", rec.TrueNegatives);
            if (rec.MeanIou is double iou)
            {
                w.WriteNumber("mean_iou", Math.Round(iou, 6));
            }
            else
            {
                w.WriteNull("mean_iou");
            }

            w.WriteNumber("grec_precision", Math.Round(rec.GrecPrecision, 6));
            w.WriteNumber("n_acc", Math.Round(rec.NAcc, 6));
            w.WriteNumber("t_acc", Math.Round(rec.TAcc, 6));
            if (rec.AccAt07 is double at07)
            {
                w.WriteNumber("acc_at_0_7", Math.Round(at07, 6));
            }
            else
            {
                w.WriteNull("acc_at_0_7");
            }

            WriteCounts(w, "early_exits", rec.EarlyExits);
            w.WriteNumber("images", rec.Images);
            w.WriteNumber("images_per_second", Math.Round(WallSeconds > 0 ? rec.EvaluatedImages / WallSeconds : 0, 1));
        }

        WriteCounts(w, "failures_by_kind", FailuresByKind);
        WriteCounts(w, "failures_by_error", FailuresByError);
        WriteGroups(w, "accuracy_by_category", ByCategory);
        WriteGroups(w, "accuracy_by_template", ByTemplate);
        WriteGroups(w, "accuracy_by_family", ByFamily);
        if (Detection is { } detection)
        {
            w.WriteStartObject("detection");
            w.WriteNumber("iou", DetectionSummary.IouThreshold);
            w.WriteNumber("precision", Math.Round(detection.Precision, 6));
            w.WriteNumber("recall", Math.Round(detection.Recall, 6));
            w.WriteNumber("f1", Math.Round(detection.F1, 6));
            w.WriteNumber("images", detection.Images);
            w.WriteNumber("tp", detection.TruePositives);
            w.WriteNumber("fp", detection.FalsePositives);
            w.WriteNumber("fn", detection.FalseNegatives);
            w.WriteEndObject();
        }

        w.WriteNumber("questions_per_second", Math.Round(QuestionsPerSecond, 1));
        w.WriteNumber("scored_tuples_per_question", Math.Round(ScoredTuplesPerQuestion, 3));
        w.WriteNumber("vlm_requests", Calls.VlmRequests);
        w.WriteNumber("scored_tuples", Calls.ScoredTuples);
        w.WriteNumber("cache_hits", Calls.CacheHits);
        w.WriteNumber("speculative_calls", Calls.SpeculativeCalls);
        w.WriteNumber("round_trips", Calls.RoundTrips);
        w.WriteNumber("vlm_requests_per_question", Math.Round(Total == 0 ? 0 : (double)Calls.VlmRequests / Total, 3));
        w.WriteNumber("round_trips_per_question", Math.Round(Total == 0 ? 0 : (double)Calls.RoundTrips / Total, 3));
        w.WriteNumber("mean_prepare_us", Math.Round(MeanPrepareMicroseconds, 1));
        w.WriteNumber("mean_run_us", Math.Round(MeanRunMicroseconds, 1));
        w.WriteNumber("wall_seconds", Math.Round(WallSeconds, 3));
        w.WriteNumber("evaluated", Evaluated);
        w.WriteNumber("resumed", Resumed);
        w.WriteNumber("selected", Selected);
        w.WriteBoolean("complete", Complete);
        w.WriteBoolean("interrupted", Interrupted);
        w.WriteStartObject("settings");
        foreach (var (key, value) in Settings)
        {
            w.WritePropertyName(key);
            WriteValue(w, value);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Writes the summary to a file atomically: a temporary file beside it, flushed, then renamed over it.</summary>
    /// <param name="path">The destination file.</param>
    public void WriteAtomically(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 16384))
        {
            WriteTo(stream);
            stream.Write("\n"u8);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Adds (or replaces) one top-level object of a written summary.json, atomically, keeping every other field: how
    /// figures made after the run (program generation, judged accuracy) join the run's own.
    /// </summary>
    /// <param name="path">The summary.json file.</param>
    /// <param name="name">The field name.</param>
    /// <param name="value">Its value.</param>
    public static void MergeSection(string path, string name, System.Text.Json.Nodes.JsonNode value)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        summary[name] = value;
        string temp = path + ".tmp";
        File.WriteAllText(temp, summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        File.Move(temp, path, overwrite: true);
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case int i:
                w.WriteNumberValue(i);
                break;
            case long l:
                w.WriteNumberValue(l);
                break;
            case float f:
                w.WriteNumberValue(Math.Round((double)f, 6));
                break;
            case double d:
                w.WriteNumberValue(d);
                break;
            case IEnumerable<KeyValuePair<string, object?>> nested:
                w.WriteStartObject();
                foreach (var (k, v) in nested)
                {
                    w.WritePropertyName(k);
                    WriteValue(w, v);
                }

                w.WriteEndObject();
                break;
            default:
                w.WriteStringValue(value.ToString());
                break;
        }
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, long> counts)
    {
        w.WriteStartObject(name);
        foreach (var (key, count) in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(key, count);
        }

        w.WriteEndObject();
    }

    private static void WriteGroups(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, GroupAccuracy> groups)
    {
        w.WriteStartObject(name);
        foreach (var (key, group) in groups.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject(key);
            w.WriteNumber("total", group.Total);
            w.WriteNumber("correct", group.Correct);
            w.WriteNumber("accuracy", Math.Round(group.Accuracy, 6));
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
