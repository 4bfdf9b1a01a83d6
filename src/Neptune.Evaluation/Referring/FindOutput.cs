using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Neptune.Perception;

namespace Neptune.Evaluation.Referring;

/// <summary>The file names of a <c>find</c> output directory.</summary>
public static class FindFiles
{
    /// <summary>One JSON line per image, in input order.</summary>
    public const string Results = "results.jsonl";

    /// <summary>The totals and timings of the run.</summary>
    public const string Summary = "summary.json";
}

/// <summary>
/// Writes <c>results.jsonl</c> of a <c>find</c> run in input order while rows arrive in any order (each row is written
/// as soon as every earlier one is), and keeps the totals for the summary. Not thread-safe: the finder serialises calls.
/// </summary>
public sealed class FindResultsWriter : IDisposable
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly StreamWriter _writer;
    private readonly Dictionary<int, FindRow> _pending = [];
    private readonly Dictionary<string, int> _failuresByKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _abstentions = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, SequenceLabel>? _labels;
    private readonly List<SequenceFrame> _frames = [];
    private int _next;

    /// <summary>Creates (or replaces) the results file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="labels">
    /// The ground truth of a frame sequence by image name, when there is one: each written row with a label becomes a
    /// <see cref="SequenceFrame"/> (its first box is the predicted region).
    /// </param>
    public FindResultsWriter(string path, IReadOnlyDictionary<string, SequenceLabel>? labels = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _labels = labels;
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
    }

    /// <summary>The labelled rows written so far as frames (empty without ground truth).</summary>
    public IReadOnlyList<SequenceFrame> Frames => _frames;

    /// <summary>Rows written whose image has no ground truth (0 without ground truth).</summary>
    public int Unlabelled { get; private set; }

    /// <summary>Rows written.</summary>
    public int Written { get; private set; }

    /// <summary>Images with a target.</summary>
    public int Targets { get; private set; }

    /// <summary>Images without a target.</summary>
    public int NoTarget { get; private set; }

    /// <summary>Failed images.</summary>
    public int Failures { get; private set; }

    /// <summary>Sum of the rows' execution times (ms).</summary>
    public double ExecMilliseconds { get; private set; }

    /// <summary>Sum of the rows' perception times (ms).</summary>
    public double PerceiveMilliseconds { get; private set; }

    /// <summary>Sum of the rows' program times (ms).</summary>
    public double RunMilliseconds { get; private set; }

    /// <summary>Failed images by error kind.</summary>
    public IReadOnlyDictionary<string, int> FailuresByKind => _failuresByKind;

    /// <summary>No-target images by the operator that abstained (<c>none</c> when no operator did).</summary>
    public IReadOnlyDictionary<string, int> AbstentionsByOperator => _abstentions;

    /// <summary>Takes the row at a position; writes it and every following row already here once all earlier rows are written.</summary>
    /// <param name="position">The image's position in the input (0-based, each once).</param>
    /// <param name="row">Its row.</param>
    public void Add(int position, FindRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        _pending.Add(position, row);
        bool wrote = false;
        while (_pending.Remove(_next, out FindRow? ready))
        {
            Write(ready);
            _next++;
            wrote = true;
        }

        if (wrote)
        {
            _writer.Flush();
        }
    }

    /// <summary>The JSON line of a row (snake_case).</summary>
    /// <param name="row">The row.</param>
    /// <returns>The line, without its newline.</returns>
    public static string ToJson(FindRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOptions))
        {
            w.WriteStartObject();
            w.WriteString("image", row.Image);
            if (row.ImageIndex is int index)
            {
                w.WriteNumber("image_index", index);
            }

            w.WriteString("outcome", OutcomeName(row.Outcome));
            w.WriteStartArray("boxes");
            foreach (BoundingBox b in row.Boxes)
            {
                w.WriteStartArray();
                w.WriteNumberValue(Math.Round(b.Left, 2));
                w.WriteNumberValue(Math.Round(b.Top, 2));
                w.WriteNumberValue(Math.Round(b.Right, 2));
                w.WriteNumberValue(Math.Round(b.Bottom, 2));
                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteStartArray("objects");
            foreach (int o in row.Objects)
            {
                w.WriteNumberValue(o);
            }

            w.WriteEndArray();
            if (row.Confidence is double c)
            {
                w.WriteNumber("confidence", Math.Round(c, 4));
            }
            else
            {
                w.WriteNull("confidence");
            }

            w.WriteString("abstained_by", row.AbstainedBy);
            if (row.Reason is not null)
            {
                w.WriteString("reason", row.Reason);
            }

            if (row.Error is { } e)
            {
                w.WriteStartObject("error");
                w.WriteString("kind", e.Kind);
                w.WriteString("code", e.Code);
                w.WriteString("message", e.Message);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("error");
            }

            w.WriteNumber("exec_ms", Math.Round(row.ExecMilliseconds, 3));
            w.WriteNumber("perceive_ms", Math.Round(row.PerceiveMilliseconds, 3));
            w.WriteNumber("run_ms", Math.Round(row.RunMilliseconds, 3));
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The spelling of an outcome in the results: <c>target</c>, <c>no_target</c>, <c>failed</c>.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>Its name.</returns>
    public static string OutcomeName(FindOutcome outcome) => outcome switch
    {
        FindOutcome.Target => "target",
        FindOutcome.NoTarget => "no_target",
        _ => "failed",
    };

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private void Write(FindRow row)
    {
        _writer.WriteLine(ToJson(row));
        Written++;
        if (_labels is not null)
        {
            if (_labels.TryGetValue(row.Image, out SequenceLabel label))
            {
                BoundingBox? predicted = row.Outcome == FindOutcome.Target && row.Boxes.Count > 0 ? row.Boxes[0] : null;
                _frames.Add(new SequenceFrame(label.Clip, label.Frame, predicted, label.Box, row.Outcome == FindOutcome.Failed));
            }
            else
            {
                Unlabelled++;
            }
        }

        ExecMilliseconds += row.ExecMilliseconds;
        PerceiveMilliseconds += row.PerceiveMilliseconds;
        RunMilliseconds += row.RunMilliseconds;
        switch (row.Outcome)
        {
            case FindOutcome.Target:
                Targets++;
                break;
            case FindOutcome.NoTarget:
                NoTarget++;
                string op = row.AbstainedBy ?? "none";
                _abstentions[op] = _abstentions.GetValueOrDefault(op) + 1;
                break;
            default:
                Failures++;
                string kind = row.Error?.Kind ?? "unknown";
                _failuresByKind[kind] = _failuresByKind.GetValueOrDefault(kind) + 1;
                break;
        }
    }
}

/// <summary>What the vision-language model of a <c>find --perception vlm</c> run did, over the whole run.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Requests">Requests sent to the model (detection, scores and queries; cache hits excluded).</param>
/// <param name="CacheHits">Answers taken from the score cache (or from an identical request in flight).</param>
/// <param name="ScoredTuples">Tuples of objects whose P(yes) was needed.</param>
/// <param name="FailedRequests">Requests that failed after every retry and endpoint.</param>
public sealed record FindVisionCounters(string Model, long Requests, long CacheHits, long ScoredTuples, long FailedRequests);

/// <summary>
/// The summary of a <c>find</c> run (<c>summary.json</c>): totals, and the timings of VIRO's cost model
/// T_total = T_pre + N · T_exec, with T_pre the one-time program cost and T_exec the mean execution time per image.
/// </summary>
public sealed record FindSummary
{
    /// <summary>The query.</summary>
    public required string Query { get; init; }

    /// <summary>Where the images came from: <c>scenes</c> or <c>images</c>.</summary>
    public required string Input { get; init; }

    /// <summary>The scenes file or images directory.</summary>
    public required string InputPath { get; init; }

    /// <summary><c>scene</c> or <c>pixels</c>.</summary>
    public required string Perception { get; init; }

    /// <summary>The logic's name.</summary>
    public required string Logic { get; init; }

    /// <summary>Images worked on at once.</summary>
    public required int Concurrency { get; init; }

    /// <summary>Where the program came from: <c>file</c>, <c>llm</c> (generated) or <c>cache</c> (the program cache).</summary>
    public required string ProgramSource { get; init; }

    /// <summary>The program file, when given with <c>--program</c>.</summary>
    public string? ProgramPath { get; init; }

    /// <summary>The SHA-256 of the program text.</summary>
    public required string ProgramHash { get; init; }

    /// <summary>How many times the one prepared program was run (once per perceived image).</summary>
    public required long ProgramRuns { get; init; }

    /// <summary>Images selected.</summary>
    public required int Selected { get; init; }

    /// <summary>The rows written and their totals.</summary>
    public required FindResultsWriter Rows { get; init; }

    /// <summary>Milliseconds reading the inputs (the scenes file, the directory listing); outside T_total.</summary>
    public required double LoadMilliseconds { get; init; }

    /// <summary>T_pre: milliseconds to produce the program (read, or generate / look up in the cache), validate and prepare it, once.</summary>
    public required double PreMilliseconds { get; init; }

    /// <summary>Wall-clock milliseconds of the execution phase (all images).</summary>
    public required double ExecWallMilliseconds { get; init; }

    /// <summary>Whether the run ended by being interrupted.</summary>
    public bool Interrupted { get; init; }

    /// <summary>The ground-truth file of a frame sequence (<c>--ground-truth</c>), when given.</summary>
    public string? GroundTruthPath { get; init; }

    /// <summary>RefEgo's metrics over the labelled rows (<see cref="SequenceMetrics"/>), when there is ground truth.</summary>
    public SequenceSummary? Sequence { get; init; }

    /// <summary>The vision-language model's counters, for a <c>vlm</c> perception; null otherwise.</summary>
    public FindVisionCounters? Vision { get; init; }

    /// <summary>T_total: wall-clock milliseconds from the start of the program's preparation to the last row written.</summary>
    public required double TotalMilliseconds { get; init; }

    /// <summary>T_exec: the mean execution time per image (ms), perception plus the program run.</summary>
    public double ExecMillisecondsPerImage => Rows.Written == 0 ? 0 : Rows.ExecMilliseconds / Rows.Written;

    /// <summary>Images per second of the execution phase.</summary>
    public double ImagesPerSecond => ExecWallMilliseconds > 0 ? Rows.Written / (ExecWallMilliseconds / 1000) : 0;

    /// <summary>T_pre + N · T_exec (ms): the sequential cost model.</summary>
    public double ModelMilliseconds => PreMilliseconds + (Rows.Written * ExecMillisecondsPerImage);

    /// <summary>The summary as indented JSON (snake_case).</summary>
    /// <returns>The text, ending in a newline.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("query", Query);
            w.WriteString("input", Input);
            w.WriteString("input_path", InputPath);
            w.WriteString("perception", Perception);
            w.WriteString("logic", Logic);
            w.WriteNumber("concurrency", Concurrency);
            w.WriteStartObject("program");
            w.WriteString("source", ProgramSource);
            if (ProgramPath is not null)
            {
                w.WriteString("path", ProgramPath);
            }

            w.WriteString("sha256", ProgramHash);
            w.WriteNumber("runs", ProgramRuns);
            w.WriteEndObject();
            w.WriteNumber("selected", Selected);
            w.WriteNumber("images", Rows.Written);
            w.WriteNumber("targets", Rows.Targets);
            w.WriteNumber("no_target", Rows.NoTarget);
            w.WriteNumber("failures", Rows.Failures);
            WriteCounts(w, "failures_by_kind", Rows.FailuresByKind);
            WriteCounts(w, "abstained_by", Rows.AbstentionsByOperator);
            if (Sequence is { } q)
            {
                w.WriteString("ground_truth", GroundTruthPath);
                w.WriteNumber("clips", q.Clips);
                w.WriteNumber("clips_scored", q.ScoredClips);
                w.WriteNumber("frames", q.Frames);
                w.WriteNumber("target_frames", q.TargetFrames);
                w.WriteNumber("no_target_frames", q.NoTargetFrames);
                w.WriteNumber("unlabelled_images", Rows.Unlabelled);
                if (q.MStIoU is double m)
                {
                    w.WriteNumber("mstiou", Math.Round(m, 6));
                }
                else
                {
                    w.WriteNull("mstiou");
                }

                w.WriteNumber("acc_05_n", Math.Round(q.AccuracyWithNoTarget, 6));
                w.WriteNumber("tpr", Math.Round(q.Tpr, 6));
                w.WriteStartObject("clip_stiou");
                foreach ((string clip, double? v) in q.ClipStIoU)
                {
                    if (v is double d)
                    {
                        w.WriteNumber(clip, Math.Round(d, 6));
                    }
                    else
                    {
                        w.WriteNull(clip);
                    }
                }

                w.WriteEndObject();
            }

            if (Vision is { } vision)
            {
                w.WriteStartObject("vision");
                w.WriteString("model", vision.Model);
                w.WriteNumber("requests", vision.Requests);
                w.WriteNumber("cache_hits", vision.CacheHits);
                w.WriteNumber("scored_tuples", vision.ScoredTuples);
                w.WriteNumber("failed_requests", vision.FailedRequests);
                w.WriteEndObject();
            }

            w.WriteNumber("t_load_ms", Round(LoadMilliseconds));
            w.WriteNumber("t_pre_ms", Round(PreMilliseconds));
            w.WriteNumber("t_exec_ms_per_image", Round(ExecMillisecondsPerImage));
            w.WriteNumber("t_perceive_ms_per_image", Round(Rows.Written == 0 ? 0 : Rows.PerceiveMilliseconds / Rows.Written));
            w.WriteNumber("t_run_ms_per_image", Round(Rows.Written == 0 ? 0 : Rows.RunMilliseconds / Rows.Written));
            w.WriteNumber("t_exec_wall_ms", Round(ExecWallMilliseconds));
            w.WriteNumber("t_total_ms", Round(TotalMilliseconds));
            w.WriteNumber("images_per_second", Round(ImagesPerSecond));
            w.WriteStartObject("check");
            w.WriteString("model", "t_total = t_pre + n * t_exec");
            w.WriteNumber("n", Rows.Written);
            w.WriteNumber("t_pre_plus_n_t_exec_ms", Round(ModelMilliseconds));
            w.WriteNumber("t_total_ms", Round(TotalMilliseconds));
            w.WriteNumber("ratio", ModelMilliseconds > 0 ? Math.Round(TotalMilliseconds / ModelMilliseconds, 4) : 0);
            w.WriteNumber("effective_parallelism", ExecWallMilliseconds > 0 ? Math.Round(Rows.ExecMilliseconds / ExecWallMilliseconds, 3) : 0);
            w.WriteEndObject();
            w.WriteBoolean("complete", !Interrupted && Rows.Written == Selected);
            w.WriteBoolean("interrupted", Interrupted);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes <see cref="ToJson"/> to a file atomically (a temporary file renamed over it).</summary>
    /// <param name="path">The summary file.</param>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string temp = path + ".tmp";
        File.WriteAllText(temp, ToJson(), new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>One line for the console: the totals, T_pre, T_exec, T_total and the check.</summary>
    /// <returns>The line.</returns>
    public string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        return string.Create(c, $"{Rows.Written} images: {Rows.Targets} target, {Rows.NoTarget} no target, {Rows.Failures} failed; ")
            + string.Create(c, $"T_pre {PreMilliseconds:0.0} ms, T_exec {ExecMillisecondsPerImage:0.00} ms/image, T_total {TotalMilliseconds / 1000:0.00} s ")
            + string.Create(c, $"(T_pre + N·T_exec = {ModelMilliseconds / 1000:0.00} s, ratio {(ModelMilliseconds > 0 ? TotalMilliseconds / ModelMilliseconds : 0):0.00} at concurrency {Concurrency}), ")
            + string.Create(c, $"{ImagesPerSecond:0.0} images/s")
            + (Vision is { } vision ? string.Create(c, $"; vision: {vision.Requests} requests, {vision.CacheHits} cache hits, {vision.FailedRequests} failed") : "")
            + (Sequence is { } q
                ? string.Create(c, $"; mSTIoU {(q.MStIoU is double m ? (m * 100).ToString("0.0", c) : "n/a")}, Acc@0.5+n {q.AccuracyWithNoTarget * 100:0.0}%, TPR {q.Tpr * 100:0.0}% over {q.Frames} frames in {q.Clips} clips")
                : "");
    }

    private static double Round(double value) => Math.Round(value, 3);

    private static void WriteCounts(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, int> counts)
    {
        w.WriteStartObject(name);
        foreach ((string key, int value) in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(key, value);
        }

        w.WriteEndObject();
    }
}
