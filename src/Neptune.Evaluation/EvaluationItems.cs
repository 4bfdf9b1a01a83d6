using Neptune.Clevr;
using Neptune.Evaluation.Programs;
using Neptune.Evaluation.Results;

namespace Neptune.Evaluation;

/// <summary>The items a run selects, read from its question (or referring-expression) file.</summary>
public static class EvaluationItems
{
    /// <summary>
    /// Streams the items the settings select, in file order: those of <see cref="EvaluationSettings.Shard"/>, at most
    /// <see cref="EvaluationSettings.Limit"/> of them, as the local runner selects them.
    /// </summary>
    /// <param name="s">The run's settings.</param>
    /// <returns>The selected items.</returns>
    /// <exception cref="ClevrDataException">The file is malformed, or an id repeats.</exception>
    /// <exception cref="IOException">Reading the file failed.</exception>
    public static IEnumerable<EvaluationItem> Read(EvaluationSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        long position = 0;
        long selected = 0;
        var seen = new HashSet<long>();
        using var file = new FileStream(s.QuestionsPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        foreach ((ClevrQuestion question, ClevrRefexp? refexp) in ReadItems(file, s))
        {
            long id = question.QuestionIndex ?? position;
            position++;
            if (!s.Shard.Contains(id))
            {
                continue;
            }

            if (s.Limit is int limit && selected >= limit)
            {
                yield break;
            }

            if (!seen.Add(id))
            {
                throw new ClevrDataException(
                    $"{s.QuestionsPath}: {(refexp is null ? "question_index" : "refexp_index")} {id} (item #{position - 1}) repeats an earlier {(refexp is null ? "question" : "expression")}; ids must be unique.", s.QuestionsPath, (int)Math.Min(int.MaxValue, position - 1));
            }

            selected++;
            yield return new EvaluationItem(id, question, refexp);
        }
    }

    /// <summary>
    /// The summary of a run made from its rows, however they were produced (locally or by a cluster of workers): the
    /// same figures as <c>summary.json</c> of a local run with these settings.
    /// </summary>
    /// <param name="s">The run's settings.</param>
    /// <param name="programs">The run's program source (named in the summary's settings).</param>
    /// <param name="rows">The rows, one per item.</param>
    /// <param name="selected">The items the run selected.</param>
    /// <param name="wallSeconds">The run's wall time.</param>
    /// <param name="extraSettings">Further settings to record (for example where the rows were made).</param>
    /// <param name="interrupted">Whether the run stopped before every item had a row.</param>
    /// <returns>The summary.</returns>
    public static EvaluationSummary Summarize(EvaluationSettings s, IProgramSource programs, IEnumerable<ResultRow> rows, long selected, double wallSeconds, IEnumerable<KeyValuePair<string, object?>>? extraSettings = null, bool interrupted = false)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(programs);
        ArgumentNullException.ThrowIfNull(rows);
        var builder = new SummaryBuilder();
        foreach (ResultRow row in rows)
        {
            builder.Add(row);
        }

        List<KeyValuePair<string, object?>> settings = RunManifest.From(s, programs).ToSettings();
        settings.Add(new("limit", s.Limit));
        if (extraSettings is not null)
        {
            settings.AddRange(extraSettings);
        }

        return builder.Build(builder.Total, 0, selected, wallSeconds, settings, interrupted);
    }

    /// <summary>A row as one line of JSON (the <c>results.jsonl</c> format, without the newline).</summary>
    /// <param name="row">The row.</param>
    /// <returns>The UTF-8 JSON.</returns>
    public static byte[] ToJson(ResultRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        byte[] line = ResultRowJson.ToLine(row);
        return line[..^1];
    }

    /// <summary>Reads a row written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <returns>The row.</returns>
    /// <exception cref="FormatException">The text is not a complete result row.</exception>
    public static ResultRow ParseRow(ReadOnlySpan<byte> json) =>
        ResultRowJson.TryParse(json) ?? throw new FormatException("not a result row");

    /// <summary>The items of the input file: questions, or referring expressions seen as questions (text, scene, template, program) with their answer sets.</summary>
    internal static IEnumerable<(ClevrQuestion Question, ClevrRefexp? Refexp)> ReadItems(FileStream file, EvaluationSettings s)
    {
        if (s.Task != EvaluationTask.Rec)
        {
            foreach (ClevrQuestion q in ClevrQuestionReader.Read(file, s.QuestionsPath))
            {
                yield return (q, null);
            }

            yield break;
        }

        foreach (ClevrRefexp r in ClevrRefexpReader.Read(file, s.QuestionsPath))
        {
            yield return (new ClevrQuestion
            {
                Question = r.Refexp,
                ImageIndex = r.ImageIndex,
                ImageFilename = r.ImageFilename,
                TemplateFilename = r.TemplateFilename,
                QuestionFamilyIndex = r.FamilyIndex,
                QuestionIndex = r.RefexpIndex,
                Program = r.Program,
            }, r);
        }
    }
}
