using System.Diagnostics;
using Neptune.Evaluation.Pixels;
using Neptune.Evaluation.Programs;
using Neptune.Evaluation.Results;
using Neptune.Language;
using Neptune.Language.Library;
using Neptune.Language.Syntax;
using Neptune.Logic;
using Neptune.Perception;
using Neptune.Photos;

namespace Neptune.Evaluation.Referring;

/// <summary>A referring expression's program and the object names its detector is asked for.</summary>
/// <param name="Source">The program text.</param>
/// <param name="ObjectNames">The object names the generator listed (the FIND labels of the program are added to them).</param>
public sealed record PhotoProgram(string Source, IReadOnlyList<string> ObjectNames);

/// <summary>Supplies the program of a referring expression on photos (generated once per distinct text, or read from a cache). Thread-safe.</summary>
public interface IPhotoProgramSource
{
    /// <summary>The source's configuration name (<c>llm</c>, <c>cache</c>), stored with the results.</summary>
    string Name { get; }

    /// <summary>The program for an expression.</summary>
    /// <param name="expression">The referring expression.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The program.</returns>
    /// <exception cref="ProgramSourceException">There is no program for the expression; it fails with the exception's kind.</exception>
    ValueTask<PhotoProgram> GetAsync(string expression, CancellationToken cancellationToken);
}

/// <summary>
/// Perceives a photo for one program: the detector proposes the objects it names, a vision-language model scores them,
/// and <see cref="Verifier"/> verifies FIND's and PROPERTY's candidates. Supplied by the caller (the CLI builds it from a
/// vision config), so the evaluation layer needs no model clients. Thread-safe.
/// </summary>
public interface IPhotoPerceptionSource
{
    /// <summary>The verifier of the verified operators.</summary>
    IRegionVerifier Verifier { get; }

    /// <summary>Reads the photo and detects the named objects in it.</summary>
    /// <param name="imagePath">The photo.</param>
    /// <param name="objectNames">The object names to detect.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The perception and readers of the calls it made.</returns>
    /// <exception cref="PerceptionException">The photo cannot be read (<see cref="PerceptionErrorKind.InvalidImage"/>) or the detector failed.</exception>
    ValueTask<PerceivedScene> PerceiveAsync(string imagePath, IReadOnlyList<string> objectNames, CancellationToken cancellationToken);
}

/// <summary>
/// Evaluates referring expressions on photos (RefCOCO, RefCOCO+, RefCOCOg, gRefCOCO, RefAdv; in any layout of
/// <see cref="PhotoLayouts"/>): for every expression of the split,
/// the program (generated or cached) runs over the photo's detections, scored and verified through
/// <see cref="IPhotoPerceptionSource"/>, and the boxes it returns are judged against the annotations — IoU &gt; 0.5
/// for one referent, GREC's one-to-one matching for several, abstention for no target. Rows go to
/// <c>OUT/results.jsonl</c> as they complete (a re-run resumes after them; <c>run.json</c> guards the settings) and
/// the summary, with the same metrics as every referring-expression run, to <c>OUT/summary.json</c>.
/// </summary>
public sealed class PhotoReferringRunner
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);
    private readonly EvaluationSettings _settings;
    private readonly PhotoRun _photos;
    private readonly IPhotoProgramSource _programs;
    private readonly IPhotoPerceptionSource _perception;
    private readonly PreparedProgramCache _prepared;
    private readonly TimeProvider _time;
    private readonly ReferringOptions _referring;
    private readonly LogicOptions _logic;

    /// <summary>Creates the runner.</summary>
    /// <param name="settings">The settings (from <see cref="EvaluationConfig.Resolve"/>), with <see cref="EvaluationSettings.Photos"/> set.</param>
    /// <param name="programs">The program source.</param>
    /// <param name="perception">The photo perception.</param>
    /// <param name="engine">The program engine; null for one with the default options.</param>
    /// <param name="time">The clock; the system clock when null.</param>
    /// <exception cref="ArgumentException">The settings are not those of a photo run.</exception>
    public PhotoReferringRunner(EvaluationSettings settings, IPhotoProgramSource programs, IPhotoPerceptionSource perception, ProgramEngine? engine = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(programs);
        ArgumentNullException.ThrowIfNull(perception);
        _photos = settings.Photos ?? throw new ArgumentException("the settings name no photo dataset", nameof(settings));
        if (settings.ImagesDirectory is null)
        {
            throw new ArgumentException("a photo run needs its images directory", nameof(settings));
        }

        settings.LogicOptions.Validate();
        _settings = settings;
        _programs = programs;
        _perception = perception;
        _prepared = new PreparedProgramCache(engine ?? new ProgramEngine(), settings.ProgramCacheCapacity);
        _time = time ?? TimeProvider.System;
        _logic = settings.LogicOptions;
        _referring = new ReferringOptions { Verifier = perception.Verifier, Settings = settings.Verification };
    }

    /// <summary>Runs (or resumes) the evaluation.</summary>
    /// <param name="progress">Receives snapshots a few times a second; optional.</param>
    /// <param name="cancellationToken">Stops the run; completed rows are kept and the next run resumes after them.</param>
    /// <returns>The summary, also written to <c>OUT/summary.json</c>.</returns>
    /// <exception cref="PhotoDataException">The dataset folder or file is malformed or the split has no ref.</exception>
    /// <exception cref="EvaluationConfigException">The output directory holds a run with different settings.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public async Task<EvaluationSummary> RunAsync(IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        long started = _time.GetTimestamp();
        EvaluationSettings s = _settings;
        IReadOnlyList<PhotoExpression> expressions = await PhotoExpressions.ReadAsync(_photos.Name, _photos.Layout, _photos.Annotations, _photos.SplitBy, _photos.Split, cancellationToken).ConfigureAwait(false);
        List<PhotoExpression> selected = [.. expressions.Where(e => s.Shard.Contains(e.Id))];
        if (s.Limit is int limit && selected.Count > limit)
        {
            selected.RemoveRange(limit, selected.Count - limit);
        }

        Directory.CreateDirectory(s.OutputDirectory);
        RunManifest manifest = RunManifest.From(s, _programs.Name);
        EvaluationRunner.PrepareDirectory(s, manifest);
        var stored = new Dictionary<long, ResultRow>();
        ResultsFile.Scan scan = ResultsFile.Read(s.ResultsPath, row => stored[row.Id] = row);
        var builder = new SummaryBuilder();
        List<KeyValuePair<string, object?>> settings = manifest.ToSettings();
        settings.Add(new("limit", s.Limit));
        settings.Add(new("concurrency", s.Concurrency));
        settings.Add(new("out", s.OutputDirectory));

        var pending = new List<PhotoExpression>(selected.Count);
        long resumed = 0;
        foreach (PhotoExpression e in selected)
        {
            if (stored.TryGetValue(e.Id, out ResultRow? row))
            {
                builder.Add(row, resumed: true);
                resumed++;
            }
            else
            {
                pending.Add(e);
            }
        }

        long evaluated = 0;
        long lastReport = started;
        var gate = new object();
        using (var writer = new ResultsWriter(ResultsFile.OpenForAppend(s.ResultsPath, scan.ValidLength)))
        {
            try
            {
                await Parallel.ForEachAsync(
                    pending,
                    new ParallelOptions { MaxDegreeOfParallelism = s.Concurrency, CancellationToken = cancellationToken },
                    async (expression, token) =>
                    {
                        ResultRow row = await EvaluateAsync(expression, token).ConfigureAwait(false);
                        token.ThrowIfCancellationRequested();
                        lock (gate)
                        {
                            writer.Append(row);
                            writer.Commit();
                            builder.Add(row);
                            evaluated++;
                            if (progress is not null && _time.GetElapsedTime(lastReport) >= ProgressInterval)
                            {
                                lastReport = _time.GetTimestamp();
                                progress.Report(new EvaluationProgress(builder.Total, selected.Count, builder.Correct, builder.Failures, evaluated, _time.GetElapsedTime(started), Resumed: resumed));
                            }
                        }
                    }).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                lock (gate)
                {
                    builder.Build(evaluated, resumed, selected.Count, _time.GetElapsedTime(started).TotalSeconds, settings, interrupted: true).WriteAtomically(s.SummaryPath);
                }

                throw;
            }
        }

        EvaluationSummary summary = builder.Build(evaluated, resumed, selected.Count, _time.GetElapsedTime(started).TotalSeconds, settings);
        summary.WriteAtomically(s.SummaryPath);
        progress?.Report(new EvaluationProgress(builder.Total, selected.Count, builder.Correct, builder.Failures, evaluated, _time.GetElapsedTime(started), Resumed: resumed));
        return summary;
    }

    /// <summary>
    /// The labels the detector is asked for: the generator's object names, then the literal <c>object_name</c> of every
    /// FIND call in the program (keyword or first positional argument), each once, in order of appearance.
    /// </summary>
    /// <param name="source">The program text.</param>
    /// <param name="objectNames">The generator's object names.</param>
    /// <returns>The labels.</returns>
    public static IReadOnlyList<string> DetectorLabels(string source, IReadOnlyList<string> objectNames)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(objectNames);
        var labels = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(string? label)
        {
            string? trimmed = label?.Trim();
            if (!string.IsNullOrEmpty(trimmed) && seen.Add(trimmed))
            {
                labels.Add(trimmed);
            }
        }

        foreach (string name in objectNames)
        {
            Add(name);
        }

        foreach (SyntaxNode node in SyntaxTree.Parse(source).Root.DescendantNodesAndSelf())
        {
            if (node is CallExpressionSyntax { Function: NameExpressionSyntax { Name: "FIND" } } call)
            {
                ArgumentSyntax? argument = call.Arguments.FirstOrDefault(a => a.Name?.Text == "object_name")
                    ?? (call.Arguments.Length > 0 && call.Arguments[0].Name is null ? call.Arguments[0] : null);
                if (argument?.Value is StringLiteralExpressionSyntax literal)
                {
                    Add(literal.Value);
                }
            }
        }

        return labels;
    }

    private async Task<ResultRow> EvaluateAsync(PhotoExpression e, CancellationToken token)
    {
        var row = new ResultRow
        {
            Id = e.Id,
            Question = e.Expression,
            ImageIndex = e.ImageId,
            Template = e.Category,
            Category = e.NoTarget ? ReferringCategories.NoTarget : ReferringCategories.Target,
            Expected = ReferringCategories.Describe(e.AnnIds, e.NoTarget),
            Correct = false,
            Referring = new ReferringOutcome { ExpectedObjects = e.AnnIds, ExpectedBoxes = e.Boxes },
        };

        long t0 = Stopwatch.GetTimestamp();
        PhotoProgram program;
        try
        {
            program = await _programs.GetAsync(e.Expression, token).ConfigureAwait(false);
        }
        catch (ProgramSourceException ex)
        {
            return row with { FailureKind = ex.Kind, Error = ex.Error, FailureMessage = ex.Message, PrepareMicroseconds = Micro(t0) };
        }

        PreparedEntry entry = _prepared.Get(program.Source);
        long t1 = Stopwatch.GetTimestamp();
        row = row with { ProgramHash = entry.Hash, PrepareMicroseconds = Micro(t0) };
        if (entry.Program is not { } prepared)
        {
            Diagnostic? d = entry.FirstError;
            return row with { Program = program.Source, FailureKind = FailureKinds.Validation, Error = d?.Code ?? "invalid", FailureMessage = d?.ToString() ?? "the program is invalid" };
        }

        PerceivedScene perceived;
        try
        {
            perceived = await _perception.PerceiveAsync(Path.Combine(_settings.ImagesDirectory!, e.ImageFileName), DetectorLabels(program.Source, program.ObjectNames), token).ConfigureAwait(false);
        }
        catch (PerceptionException ex)
        {
            string kind = ex.Kind == PerceptionErrorKind.InvalidImage ? FailureKinds.Image : FailureKinds.Perception;
            return row with { Program = program.Source, FailureKind = kind, Error = kind, FailureMessage = ex.Message, RunMicroseconds = Micro(t1) };
        }

        QuestionPerception? counted = perceived.Calls is null ? QuestionPerception.For(perceived.Perception) : null;
        IScenePerception used = counted ?? perceived.Perception;
        if (_settings.GeometricRelations)
        {
            used = new GeometricRelationPerception(used);
        }

        RunResult result = await prepared.RunAsync(new RunOptions { Perception = used, Logic = _logic, Referring = _referring, Evaluation = _settings.Evaluation }, token).ConfigureAwait(false);
        PerceptionCalls calls = (counted?.Calls ?? perceived.Calls!()) with { SpeculativeCalls = result.SpeculativeRequests };
        row = row with
        {
            Program = program.Source,
            ScoredTuples = calls.ScoredTuples,
            VlmRequests = calls.VlmRequests,
            CacheHits = calls.CacheHits,
            SpeculativeCalls = calls.SpeculativeCalls,
            RoundTrips = calls.RoundTrips,
            RunMicroseconds = Micro(t1),
        };
        if (result.Error is { } error)
        {
            token.ThrowIfCancellationRequested();
            return row.WithProgramError(error);
        }

        ReferringResult referent;
        try
        {
            referent = ReferringResult.FromValue(result.Value, used.Objects, _logic.CrispThreshold);
        }
        catch (ReferringResultException ex)
        {
            return row.WithBadResult(ex.Message, result);
        }

        (bool correct, double iou) = ReferringMetrics.BoxesCorrect(referent.NoTarget, referent.Boxes, e.Boxes);
        ReferringOutcome outcome = row.Referring!.WithPrediction(referent) with
        {
            // Box judging: every row has an IoU (0 when nothing matched), so the summary reports the box metrics.
            Iou = e.NoTarget ? null : double.IsNaN(iou) ? 0 : iou,
        };
        return row with
        {
            Program = correct ? null : row.Program,
            Predicted = ReferringCategories.Describe(outcome.PredictedObjects, referent.NoTarget),
            Correct = correct,
            Referring = outcome,
        };
    }

    private static double Micro(long start) => Stopwatch.GetElapsedTime(start).TotalMicroseconds;
}
