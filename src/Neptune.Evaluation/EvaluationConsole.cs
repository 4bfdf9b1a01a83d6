using System.Globalization;
using Spectre.Console;

namespace Neptune.Evaluation;

/// <summary>
/// Shows the progress of a run: a live progress bar (questions/s, accuracy so far, ETA) on a terminal, plain periodic
/// lines when the output is redirected, nothing when quiet. Never both.
/// </summary>
public static class EvaluationConsole
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="run"/> with a progress display suited to the console.</summary>
    /// <param name="run">Starts the evaluation with the given progress sink.</param>
    /// <param name="quiet">Show nothing.</param>
    /// <returns>The summary.</returns>
    public static async Task<T> RunWithProgressAsync<T>(Func<IProgress<EvaluationProgress>?, Task<T>> run, bool quiet)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (quiet)
        {
            return await run(null).ConfigureAwait(false);
        }

        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await run(new LineProgress(Console.Out)).ConfigureAwait(false);
        }

        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new SpinnerColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask("eval", autoStart: true, maxValue: 1);
                task.IsIndeterminate = true;
                var sink = new BarProgress(task);
                result = await run(sink).ConfigureAwait(false);
                sink.Finish();
            }).ConfigureAwait(false);
        return result;
    }

    /// <summary>Formats a snapshot as one line: done/total, rate, accuracy, ETA.</summary>
    /// <param name="p">The snapshot.</param>
    /// <returns>The line.</returns>
    public static string Describe(EvaluationProgress p)
    {
        var c = CultureInfo.InvariantCulture;
        string total = Total(p);
        string eta = p.Remaining is TimeSpan r ? $", eta {(p.TotalIsEstimate ? "about " : "")}{r.TotalSeconds.ToString("0", c)} s" : "";
        string resumed = p.Resumed > 0 ? $" ({p.Resumed.ToString(c)} resumed)" : "";
        return $"{p.Completed.ToString(c)}/{total} questions{resumed}, {p.QuestionsPerSecond.ToString("0", c)} q/s, accuracy {(p.Accuracy * 100).ToString("0.00", c)}%, failures {p.Failures.ToString(c)}{eta}";
    }

    private static string Total(EvaluationProgress p) => p.Total switch
    {
        null => "?",
        long t when p.TotalIsEstimate => "about " + t.ToString(CultureInfo.InvariantCulture),
        long t => t.ToString(CultureInfo.InvariantCulture),
    };

    private static string Compact(EvaluationProgress p)
    {
        var c = CultureInfo.InvariantCulture;
        string total = Total(p);
        string eta = p.Remaining is TimeSpan r ? $" eta {(p.TotalIsEstimate ? "~" : "")}{r.TotalSeconds.ToString("0", c)}s" : "";
        return $"{p.Completed.ToString(c)}/{total} {p.QuestionsPerSecond.ToString("0", c)} q/s acc {(p.Accuracy * 100).ToString("0.0", c)}% fail {p.Failures.ToString(c)}{eta}";
    }

    private sealed class LineProgress(TextWriter writer) : IProgress<EvaluationProgress>
    {
        private DateTime _last = DateTime.UtcNow;

        public void Report(EvaluationProgress value)
        {
            DateTime now = DateTime.UtcNow;
            if (now - _last < LineInterval)
            {
                return;
            }

            _last = now;
            writer.WriteLine("eval: " + Describe(value));
            writer.Flush();
        }
    }

    private sealed class BarProgress(ProgressTask task) : IProgress<EvaluationProgress>
    {
        private readonly Lock _gate = new();

        public void Report(EvaluationProgress value)
        {
            lock (_gate)
            {
                if (value.Total is long total)
                {
                    task.IsIndeterminate = false;
                    task.MaxValue = Math.Max(1, total);
                }

                task.Value = Math.Min(value.Completed, task.MaxValue);
                task.Description = Markup.Escape(Compact(value));
            }
        }

        public void Finish()
        {
            lock (_gate)
            {
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
                task.StopTask();
            }
        }
    }
}
