using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Neptune.Evaluation.Results;
using Neptune.Models;

namespace Neptune.Evaluation.Judging;

/// <summary>The judged figures of a run, written to <c>summary.json</c> as <c>judge</c>.</summary>
/// <param name="Model">The judging model.</param>
/// <param name="Rows">Result rows judged.</param>
/// <param name="ExactCorrect">Rows whose answer matched the expected one exactly (the run's own <c>correct</c>).</param>
/// <param name="JudgedCorrect">Rows judged correct: exact matches and the answers the judge accepted.</param>
/// <param name="Asked">Answers the judge was asked about (not exact, program ran).</param>
/// <param name="Calls">Model calls made by this session (cache misses).</param>
/// <param name="CacheHits">Verdicts found in the verdict cache by this session.</param>
/// <param name="Resumed">Verdicts kept from an earlier session's <c>judgements.jsonl</c>.</param>
/// <param name="Errors">Answers without a verdict (the judge failed or answered neither yes nor no); judged wrong here, asked again on the next run.</param>
public sealed record JudgeSummary(string Model, long Rows, long ExactCorrect, long JudgedCorrect, long Asked, long Calls, long CacheHits, long Resumed, long Errors)
{
    /// <summary>Exact-match accuracy.</summary>
    public double ExactAccuracy => Rows == 0 ? 0 : (double)ExactCorrect / Rows;

    /// <summary>Judged accuracy.</summary>
    public double JudgedAccuracy => Rows == 0 ? 0 : (double)JudgedCorrect / Rows;

    /// <summary>The <c>judge</c> object of summary.json.</summary>
    /// <returns>The JSON object.</returns>
    public JsonObject ToJson() => new()
    {
        ["model"] = Model,
        ["prompt"] = ChatAnswerJudge.PromptVersion,
        ["rows"] = Rows,
        ["exact_match_correct"] = ExactCorrect,
        ["exact_match_accuracy"] = Math.Round(ExactAccuracy, 6),
        ["judged_correct"] = JudgedCorrect,
        ["judged_accuracy"] = Math.Round(JudgedAccuracy, 6),
        ["asked"] = Asked,
        ["calls"] = Calls,
        ["cache_hits"] = CacheHits,
        ["resumed"] = Resumed,
        ["errors"] = Errors,
    };
}

/// <summary>
/// Judges a finished VQA run's answers after it ran: reads <c>results.jsonl</c>, asks the judge about every answer that
/// is not an exact match (an exact match is correct without asking; a failed program is wrong without asking), appends
/// each verdict to <c>judgements.jsonl</c> as it arrives (so an interrupted pass resumes where it stopped), and adds
/// the <c>judge</c> object to <c>summary.json</c>.
/// </summary>
/// <remarks>
/// <c>judgements.jsonl</c> holds one line per row: <c>{"id", "predicted", "verdict"}</c> with verdict <c>exact</c>, <c>failed</c>,
/// <c>yes</c>, <c>no</c> or <c>error</c> (with <c>message</c>); the last line of an id wins, and <c>error</c> rows are
/// asked again; a verdict whose <c>predicted</c> differs from the row's (the run was redone) is dropped. Identical (question, expected, predicted) cases are asked once per pass.
/// </remarks>
public static class AnswerJudging
{
    /// <summary>The verdicts file beside results.jsonl.</summary>
    public const string JudgementsFile = "judgements.jsonl";

    /// <summary>Judges the run in <paramref name="outputDirectory"/> and updates its summary.json.</summary>
    /// <param name="outputDirectory">The run's directory (results.jsonl, summary.json).</param>
    /// <param name="judge">The judge.</param>
    /// <param name="concurrency">Verdicts asked for at once.</param>
    /// <param name="progress">Receives progress, or null.</param>
    /// <param name="cancellationToken">Stops the pass; verdicts so far are kept.</param>
    /// <returns>The judged figures.</returns>
    /// <exception cref="EvaluationConfigException">The directory holds no results, or a referring-expression run.</exception>
    public static async Task<JudgeSummary> RunAsync(string outputDirectory, IAnswerJudge judge, int concurrency, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        string results = Path.Combine(outputDirectory, EvaluationFiles.Results);
        string summaryPath = Path.Combine(outputDirectory, EvaluationFiles.Summary);
        if (!File.Exists(results))
        {
            throw new EvaluationConfigException($"judge: {outputDirectory} has no {EvaluationFiles.Results}; run `neptune eval` into it first.");
        }

        var rows = new List<ResultRow>();
        ResultsFile.Read(results, rows.Add);
        if (rows.Any(r => r.Referring is not null))
        {
            throw new EvaluationConfigException($"judge: {results} holds referring expressions, which are judged by boxes or object sets, not by a judge.");
        }

        string judgementsPath = Path.Combine(outputDirectory, JudgementsFile);
        Dictionary<long, (string Verdict, string? Predicted)> stored = ReadVerdicts(judgementsPath);
        // A verdict stands for the answer it judged: one made for another answer (the run was redone) is dropped.
        var kept = new Dictionary<long, string>();
        foreach (ResultRow row in rows)
        {
            if (stored.TryGetValue(row.Id, out var s) && s.Predicted == row.Predicted)
            {
                kept[row.Id] = s.Verdict;
            }
        }

        long resumed = 0, calls = 0, hits = 0, errors = 0, asked = 0, done = 0, judgedCorrect = 0;
        var verdicts = new ConcurrentDictionary<long, string>();
        var pending = new List<ResultRow>();
        foreach (ResultRow row in rows)
        {
            string? final = row.FailureKind is not null || string.IsNullOrWhiteSpace(row.Predicted) ? "failed" : row.Correct ? "exact" : null;
            if (final is null)
            {
                asked++;
            }

            if (kept.TryGetValue(row.Id, out string? old) && old != "error" && (final is null ? old is "yes" or "no" : old == final))
            {
                verdicts[row.Id] = old;
                resumed += final is null ? 1 : 0;
            }
            else if (final is not null)
            {
                verdicts[row.Id] = final;
            }
            else
            {
                pending.Add(row);
            }
        }

        var started = Stopwatch.StartNew();
        long total = rows.Count;
        done = rows.Count - pending.Count;
        judgedCorrect = verdicts.Values.Count(v => v is "exact" or "yes");
        var writeLock = new object();
        var asks = new ConcurrentDictionary<JudgeCase, Lazy<Task<JudgeVerdict>>>();
        using (var writer = new StreamWriter(new FileStream(judgementsPath, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)))
        {
            // Exact and failed rows get their line too, so the file accounts for every row.
            foreach (ResultRow row in rows)
            {
                if (verdicts.TryGetValue(row.Id, out string? v) && (v is "exact" or "failed") && !(kept.TryGetValue(row.Id, out string? o) && o == v))
                {
                    writer.WriteLine(Line(row.Id, v, null, row.Predicted));
                }
            }

            writer.Flush();
            Report();
            try
            {
                await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (row, token) =>
                {
                    var item = new JudgeCase(row.Question, row.Expected ?? string.Empty, row.Predicted!);
                    string verdict;
                    string? message = null;
                    try
                    {
                        Lazy<Task<JudgeVerdict>> ask = asks.GetOrAdd(item, c => new Lazy<Task<JudgeVerdict>>(() => AskAsync(c, token)));
                        JudgeVerdict result = await ask.Value.ConfigureAwait(false);
                        verdict = result.Correct ? "yes" : "no";
                    }
                    catch (Exception e) when (e is JudgeAnswerException or ModelRequestException)
                    {
                        verdict = "error";
                        message = e.Message;
                        Interlocked.Increment(ref errors);
                    }

                    verdicts[row.Id] = verdict;
                    lock (writeLock)
                    {
                        writer.WriteLine(Line(row.Id, verdict, message, row.Predicted));
                        writer.Flush();
                        done++;
                        judgedCorrect += verdict == "yes" ? 1 : 0;
                        Report();
                    }
                }).ConfigureAwait(false);
            }
            finally
            {
                writer.Flush();
            }
        }

        var summary = new JudgeSummary(
            judge.Model, rows.Count, rows.LongCount(r => r.Correct), verdicts.Values.LongCount(v => v is "exact" or "yes"),
            asked, calls, hits, resumed, errors);
        if (File.Exists(summaryPath))
        {
            EvaluationSummary.MergeSection(summaryPath, "judge", summary.ToJson());
        }

        return summary;

        void Report() => progress?.Report(new EvaluationProgress(done, total, judgedCorrect, errors, done, started.Elapsed));

        // One model call (or cache hit) per distinct case, however many rows share it.
        async Task<JudgeVerdict> AskAsync(JudgeCase c, CancellationToken token)
        {
            JudgeVerdict v = await judge.JudgeAsync(c, token).ConfigureAwait(false);
            if (v.Cached)
            {
                Interlocked.Increment(ref hits);
            }
            else
            {
                Interlocked.Increment(ref calls);
            }

            return v;
        }
    }

    private static string Line(long id, string verdict, string? message, string? predicted)
    {
        var o = new JsonObject { ["id"] = id, ["predicted"] = predicted, ["verdict"] = verdict };
        if (message is not null)
        {
            o["message"] = message;
        }

        return o.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static Dictionary<long, (string, string?)> ReadVerdicts(string path)
    {
        var verdicts = new Dictionary<long, (string, string?)>();
        if (!File.Exists(path))
        {
            return verdicts;
        }

        foreach (string line in File.ReadLines(path))
        {
            // A line torn by a crash (or anything else unreadable) is skipped: its row is judged again.
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("id", out JsonElement id) && id.TryGetInt64(out long n)
                    && doc.RootElement.TryGetProperty("verdict", out JsonElement v) && v.ValueKind == JsonValueKind.String)
                {
                    string? predicted = doc.RootElement.TryGetProperty("predicted", out JsonElement p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                    verdicts[n] = (v.GetString()!, predicted);
                }
            }
            catch (JsonException)
            {
            }
        }

        return verdicts;
    }
}
