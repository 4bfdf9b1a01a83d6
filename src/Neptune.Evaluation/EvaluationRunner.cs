using System.Diagnostics;
using System.Threading.Channels;
using Neptune.Clevr;
using Neptune.Clevr2D;
using Neptune.Evaluation.Pixels;
using Neptune.Evaluation.Programs;
using Neptune.Evaluation.Referring;
using Neptune.Evaluation.Results;
using Neptune.Language;
using Neptune.Language.Library;
using Neptune.Language.Syntax;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Evaluation;

/// <summary>A snapshot of a running evaluation.</summary>
/// <param name="Completed">Questions with a result row, including rows resumed from an earlier session.</param>
/// <param name="Total">
/// The questions selected: exact once the question file has been read to the end, estimated from the share of the file
/// read before that; null when not yet known.
/// </param>
/// <param name="Correct">Correct answers among <paramref name="Completed"/>.</param>
/// <param name="Failures">Failed programs among <paramref name="Completed"/>.</param>
/// <param name="Evaluated">Questions evaluated by this session.</param>
/// <param name="Elapsed">Time since this session started.</param>
/// <param name="TotalIsEstimate">Whether <paramref name="Total"/> is an estimate (the question file is not read to the end yet).</param>
/// <param name="Resumed">Rows of <paramref name="Completed"/> that an earlier session made.</param>
public readonly record struct EvaluationProgress(long Completed, long? Total, long Correct, long Failures, long Evaluated, TimeSpan Elapsed, bool TotalIsEstimate = false, long Resumed = 0)
{
    /// <summary>Correct / completed so far.</summary>
    public double Accuracy => Completed == 0 ? 0 : (double)Correct / Completed;

    /// <summary>Questions per second in this session.</summary>
    public double QuestionsPerSecond => Elapsed.TotalSeconds > 0 ? Evaluated / Elapsed.TotalSeconds : 0;

    /// <summary>The estimated time to finish, when the total and a rate are known.</summary>
    public TimeSpan? Remaining => Total is long total && QuestionsPerSecond > 0
        ? TimeSpan.FromSeconds(Math.Max(0, total - Completed) / QuestionsPerSecond)
        : null;
}

/// <summary>
/// Runs an evaluation: streams the questions, runs each question's program against its scene on
/// <see cref="EvaluationSettings.Concurrency"/> workers, and appends one row per question to <c>OUT/results.jsonl</c>
/// from a single writer, then writes <c>OUT/summary.json</c> atomically.
/// </summary>
/// <remarks>
/// <para>Crash safety: rows are appended as they complete and handed to the operating system after every batch (the
/// rows that were waiting when the writer last looked). A process killed at any moment loses at most the rows of the
/// batch being written; they are redone on the next run, never lost or duplicated. A torn last line is detected
/// and cut off. Re-running into the same directory continues where the last run stopped.</para>
/// <para>Pixel perception renders (or reads) and perceives each picture once while its questions are being answered,
/// in a small cache of the most recently used images; every row records its image's detection counts, which the
/// summary sums over distinct images.</para>
/// <para>The settings that give the results their meaning are stored in <c>OUT/run.json</c>; a resumed run with
/// different ones is rejected with an <see cref="EvaluationConfigException"/> unless
/// <see cref="EvaluationSettings.ForceRestart"/> is set, which clears the directory's results.</para>
/// </remarks>
public sealed class EvaluationRunner
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);
    private readonly EvaluationSettings _settings;
    private readonly IProgramSource? _programs;
    private readonly ProgramEngine _engine;
    private readonly TimeProvider _time;
    private readonly IScenePerceptionSource? _perception;

    /// <summary>Creates a runner.</summary>
    /// <param name="settings">The settings (from <see cref="EvaluationConfig.Resolve"/>).</param>
    /// <param name="programs">The program source; null to build it from <see cref="EvaluationSettings.Programs"/>.</param>
    /// <param name="engine">The program engine; null for one with the default options.</param>
    /// <param name="time">The clock for timings; the system clock when null.</param>
    /// <param name="perception">The perception for <see cref="PerceptionKind.Vlm"/> runs (required for them, unused otherwise).</param>
    /// <exception cref="ArgumentException">A <see cref="PerceptionKind.Vlm"/> run has no perception source.</exception>
    public EvaluationRunner(EvaluationSettings settings, IProgramSource? programs = null, ProgramEngine? engine = null, TimeProvider? time = null, IScenePerceptionSource? perception = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Noise.Validate();
        settings.LogicOptions.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Concurrency, 1);
        _settings = settings;
        _programs = programs;
        _engine = engine ?? new ProgramEngine();
        _time = time ?? TimeProvider.System;
        _perception = perception;
        if (settings.Photos is not null)
        {
            throw new ArgumentException("a photo dataset is evaluated by PhotoReferringRunner", nameof(settings));
        }

        if (settings.Perception == PerceptionKind.Vlm && perception is null)
        {
            throw new ArgumentException("'vlm' perception needs a perception source (a vision config)", nameof(perception));
        }
    }

    /// <summary>Runs (or resumes) the evaluation.</summary>
    /// <param name="progress">Receives snapshots a few times a second; optional.</param>
    /// <param name="cancellationToken">Stops the run; completed rows are kept and the next run resumes after them.</param>
    /// <returns>The summary, also written to <c>OUT/summary.json</c>.</returns>
    /// <exception cref="EvaluationConfigException">The output directory holds a run with different settings.</exception>
    /// <exception cref="ClevrDataException">The question or scene file is malformed.</exception>
    /// <exception cref="ProgramCacheFormatException">The program-cache file is malformed.</exception>
    /// <exception cref="IOException">Reading or writing a file failed.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public async Task<EvaluationSummary> RunAsync(IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        long started = _time.GetTimestamp();
        EvaluationSettings s = _settings;
        Task<ClevrSceneSet> scenesTask = Task.Run(() => ClevrSceneReader.LoadAll(s.ScenesPath), cancellationToken);
        try
        {
            IProgramSource programs = _programs ?? ItemEvaluator.DefaultProgramSource(s);

            // The inputs read up front are read before anything is written, so a bad scene file leaves no run behind.
            ClevrSceneSet scenes = await scenesTask.ConfigureAwait(false);
            Directory.CreateDirectory(s.OutputDirectory);
            RunManifest manifest = RunManifest.From(s, programs);
            PrepareDirectory(s, manifest);

            var builder = new SummaryBuilder();
            var stored = new Dictionary<long, ResultRow>();
            ResultsFile.Scan scan = ResultsFile.Read(s.ResultsPath, row => stored[row.Id] = row);
            using var writer = new ResultsWriter(ResultsFile.OpenForAppend(s.ResultsPath, scan.ValidLength));
            var pipeline = new Pipeline(this, programs, scenes, stored);
            List<KeyValuePair<string, object?>> settings = manifest.ToSettings();
            settings.Add(new("limit", s.Limit));
            settings.Add(new("concurrency", s.Concurrency));
            settings.Add(new("prepared_cache", s.ProgramCacheCapacity));
            settings.Add(new("out", s.OutputDirectory));
            try
            {
                await pipeline.RunAsync(writer, builder, started, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Interrupted: the rows so far are kept, and the summary says what they are and that the run is not done.
                builder.Build(pipeline.Evaluated, pipeline.Resumed, pipeline.SelectedSoFar, _time.GetElapsedTime(started).TotalSeconds, settings, interrupted: true)
                    .WriteAtomically(s.SummaryPath);
                throw;
            }

            EvaluationSummary summary = builder.Build(pipeline.Evaluated, pipeline.Resumed, pipeline.Selected, _time.GetElapsedTime(started).TotalSeconds, settings);
            summary.WriteAtomically(s.SummaryPath);
            progress?.Report(new EvaluationProgress(
                builder.Total, pipeline.Selected, builder.Correct, builder.Failures, pipeline.Evaluated, _time.GetElapsedTime(started), Resumed: pipeline.Resumed));
            return summary;
        }
        finally
        {
            // Never leave the scene load running unobserved.
            try
            {
                await scenesTask.ConfigureAwait(false);
            }
            catch (Exception) when (!scenesTask.IsCompletedSuccessfully)
            {
                // Already reported through the first await, or superseded by the exception in flight.
            }
        }
    }

    /// <summary>Checks that the output directory holds no run with other settings (or clears it with --force-restart) and stores the run's settings.</summary>
    internal static void PrepareDirectory(EvaluationSettings s, RunManifest manifest)
    {
        bool hasRun = File.Exists(s.RunPath);
        bool hasResults = File.Exists(s.ResultsPath) && new FileInfo(s.ResultsPath).Length > 0;
        string? problem = null;
        if (hasRun)
        {
            RunManifest? stored = RunManifest.TryRead(s.RunPath);
            if (stored is null)
            {
                problem = $"'{s.RunPath}' is not a valid run settings file";
            }
            else
            {
                List<string> differences = stored.Differences(manifest);
                if (differences.Count > 0 && !hasResults)
                {
                    // No row was made with the stored settings (an earlier start failed on its inputs): start afresh.
                    hasRun = false;
                }
                else if (differences.Count > 0)
                {
                    problem = "the settings differ from the run stored there: " + string.Join("; ", differences) + ".";
                }
            }
        }
        else if (hasResults)
        {
            problem = $"it holds '{EvaluationFiles.Results}' but no '{EvaluationFiles.Run}', so its settings are unknown";
        }

        if (problem is not null)
        {
            if (!s.ForceRestart)
            {
                throw new EvaluationConfigException(
                    $"cannot resume into '{s.OutputDirectory}': {problem} Use another --out, or --force-restart to discard its results.");
            }

            File.Delete(s.ResultsPath);
            File.Delete(s.SummaryPath);
            hasRun = false;
        }

        if (!hasRun)
        {
            manifest.Write(s.RunPath);
        }
    }

    /// <summary>A row for the writer: made now, or found in the results file (kept there, counted in the summary).</summary>
    private readonly record struct Outcome(ResultRow Row, bool Stored);

    /// <summary>One session's producer, workers and writer.</summary>
    private sealed class Pipeline
    {
        private readonly EvaluationRunner _runner;
        private readonly ItemEvaluator _evaluator;
        private readonly Dictionary<long, ResultRow> _stored;
        private long _selected = -1;
        private long _selectedSoFar;
        private long _estimate = -1;

        public Pipeline(EvaluationRunner runner, IProgramSource programs, ClevrSceneSet scenes, Dictionary<long, ResultRow> stored)
        {
            _runner = runner;
            _stored = stored;
            _evaluator = new ItemEvaluator(runner._settings, programs, scenes, runner._engine, runner._perception);
        }

        /// <summary>The questions selected by shard and limit (valid once the run finished).</summary>
        public long Selected => Math.Max(0, Interlocked.Read(ref _selected));

        /// <summary>The questions selected so far (all of them once the question file was read to the end).</summary>
        public long SelectedSoFar => Interlocked.Read(ref _selected) is >= 0 and long all ? all : Interlocked.Read(ref _selectedSoFar);

        /// <summary>Rows made by this session and written.</summary>
        public long Evaluated { get; private set; }

        /// <summary>Rows of the selection found in the results file from an earlier session.</summary>
        public long Resumed { get; private set; }

        public async Task RunAsync(ResultsWriter writer, SummaryBuilder builder, long started, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
        {
            EvaluationSettings s = _runner._settings;
            int capacity = Math.Max(64, s.Concurrency * 64);
            var work = Channel.CreateBounded<EvaluationItem>(new BoundedChannelOptions(capacity) { SingleWriter = true, SingleReader = s.Concurrency == 1 });
            var results = Channel.CreateBounded<Outcome>(new BoundedChannelOptions(capacity) { SingleWriter = false, SingleReader = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            CancellationToken token = stop.Token;

            Task producer = Task.Run(() => Produce(work.Writer, results.Writer, token), token);
            var workers = new Task[s.Concurrency];
            for (int i = 0; i < workers.Length; i++)
            {
                workers[i] = Task.Run(() => WorkAsync(work.Reader, results.Writer, token), token);
            }

            Task workersDone = Task.WhenAll(workers).ContinueWith(
                t =>
                {
                    if (t.IsFaulted)
                    {
                        // Workers are gone: stop the producer, which may be waiting for room in the work channel.
                        stop.Cancel();
                    }

                    results.Writer.TryComplete();
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

            long lastReport = started;
            bool stoppedByFailure = false;
            try
            {
                ChannelReader<Outcome> reader = results.Reader;
                while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
                {
                    while (reader.TryRead(out Outcome outcome))
                    {
                        if (outcome.Stored)
                        {
                            Resumed++;
                        }
                        else
                        {
                            writer.Append(outcome.Row);
                            Evaluated++;
                        }

                        builder.Add(outcome.Row, outcome.Stored);
                    }

                    writer.Commit();
                    if (progress is not null && _runner._time.GetElapsedTime(lastReport) >= ProgressInterval)
                    {
                        lastReport = _runner._time.GetTimestamp();
                        long selected = Interlocked.Read(ref _selected);
                        long estimate = Interlocked.Read(ref _estimate);
                        long? total = selected >= 0 ? selected : estimate > 0 ? Math.Max(estimate, builder.Total) : null;
                        if (selected < 0 && s.Limit is int limit)
                        {
                            total = Math.Min(total ?? limit, limit);
                        }

                        progress.Report(new EvaluationProgress(
                            builder.Total, total, builder.Correct, builder.Failures, Evaluated, _runner._time.GetElapsedTime(started), TotalIsEstimate: selected < 0, Resumed: Resumed));
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not the caller: a failed worker stopped the run. Its failure is rethrown below, never an interruption.
                stop.Cancel();
                stoppedByFailure = true;
            }
            catch
            {
                stop.Cancel();
                throw;
            }
            finally
            {
                writer.Commit();
                await workersDone.ConfigureAwait(false);
                await ObserveAsync(producer).ConfigureAwait(false);
            }

            // Rethrow a producer or worker failure (a malformed question file, an engine bug).
            await Task.WhenAll(workers).ConfigureAwait(false);
            await producer.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (stoppedByFailure)
            {
                throw new InvalidOperationException("the evaluation stopped without a cancellation or a failure");
            }
        }

        private static async Task ObserveAsync(Task task)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception) when (task.IsFaulted || task.IsCanceled)
            {
                // Observed; the caller rethrows what matters.
            }
        }

        private async Task Produce(ChannelWriter<EvaluationItem> work, ChannelWriter<Outcome> results, CancellationToken token)
        {
            EvaluationSettings s = _runner._settings;
            try
            {
                long position = 0;
                long selected = 0;
                var seen = new HashSet<long>();
                using var file = new FileStream(s.QuestionsPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
                long length = Math.Max(1, file.Length);
                foreach ((ClevrQuestion question, ClevrRefexp? refexp) in EvaluationItems.ReadItems(file, s))
                {
                    if ((position & 255) == 0 && position > 0)
                    {
                        // Until the file is read to the end, estimate the selection from the share of the file read so far.
                        double read = Math.Clamp((double)file.Position / length, 1e-6, 1);
                        Interlocked.Exchange(ref _estimate, (long)(selected / read));
                    }

                    long id = question.QuestionIndex ?? position;
                    position++;
                    if (!s.Shard.Contains(id))
                    {
                        continue;
                    }

                    if (s.Limit is int limit && selected >= limit)
                    {
                        break;
                    }

                    if (!seen.Add(id))
                    {
                        throw new ClevrDataException(
                            $"{s.QuestionsPath}: {(refexp is null ? "question_index" : "refexp_index")} {id} (item #{position - 1}) repeats an earlier {(refexp is null ? "question" : "expression")}; ids must be unique.", s.QuestionsPath, (int)Math.Min(int.MaxValue, position - 1));
                    }

                    selected++;
                    Interlocked.Exchange(ref _selectedSoFar, selected);
                    if (_stored.TryGetValue(id, out ResultRow? stored))
                    {
                        if (!results.TryWrite(new Outcome(stored, Stored: true)))
                        {
                            await results.WriteAsync(new Outcome(stored, Stored: true), token).ConfigureAwait(false);
                        }

                        continue;
                    }

                    if (!work.TryWrite(new EvaluationItem(id, question, refexp)))
                    {
                        await work.WriteAsync(new EvaluationItem(id, question, refexp), token).ConfigureAwait(false);
                    }
                }

                Interlocked.Exchange(ref _selected, selected);
            }
            finally
            {
                work.TryComplete();
            }
        }

        private async Task WorkAsync(ChannelReader<EvaluationItem> work, ChannelWriter<Outcome> results, CancellationToken token)
        {
            while (await work.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (work.TryRead(out EvaluationItem item))
                {
                    var outcome = new Outcome(await _evaluator.EvaluateAsync(item, token).ConfigureAwait(false), Stored: false);
                    if (!results.TryWrite(outcome))
                    {
                        await results.WriteAsync(outcome, token).ConfigureAwait(false);
                    }
                }
            }
        }
    }
}
