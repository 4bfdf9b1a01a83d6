using System.Diagnostics;
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

/// <summary>One item of an evaluation: a question (or a referring expression seen as one) and its id.</summary>
/// <param name="Id">The item's id: its <c>question_index</c> (or <c>refexp_index</c>), else its position in the file.</param>
/// <param name="Question">The question.</param>
/// <param name="Refexp">The referring expression the question stands for (<see cref="EvaluationTask.Rec"/>), else null.</param>
public readonly record struct EvaluationItem(long Id, ClevrQuestion Question, ClevrRefexp? Refexp);

/// <summary>
/// Evaluates single items into result rows: gets the item's program, prepares it (cached by source), runs it against
/// the item's scene under the run's perception and logic, and judges the answer. The same code serves the local
/// <see cref="EvaluationRunner"/> and workers that evaluate items handed out by a scheduler elsewhere.
/// </summary>
/// <remarks>Thread-safe: many workers may call <see cref="EvaluateAsync"/> at once.</remarks>
public sealed class ItemEvaluator
{
    private const int PixelCacheMinimum = 16;
    private readonly EvaluationSettings _settings;
    private readonly IProgramSource _programs;
    private readonly ClevrSceneSet _scenes;
    private readonly IScenePerceptionSource? _perception;
    private readonly PreparedProgramCache _prepared;
    private readonly LogicOptions _logic;
    private readonly ReferringOptions _referring;
    private readonly PixelPerceptionCache? _pixels;
    private readonly double _tickToMicroseconds = 1_000_000.0 / Stopwatch.Frequency;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="settings">The run's settings.</param>
    /// <param name="programs">The program source (see <see cref="DefaultProgramSource"/>).</param>
    /// <param name="scenes">The scenes the items refer to.</param>
    /// <param name="engine">The program engine; null for one with the default options.</param>
    /// <param name="perception">The perception for <see cref="PerceptionKind.Vlm"/> runs (required for them, unused otherwise).</param>
    /// <exception cref="ArgumentException">A <see cref="PerceptionKind.Vlm"/> run has no perception source.</exception>
    public ItemEvaluator(EvaluationSettings settings, IProgramSource programs, ClevrSceneSet scenes, ProgramEngine? engine = null, IScenePerceptionSource? perception = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(programs);
        ArgumentNullException.ThrowIfNull(scenes);
        if (settings.Perception == PerceptionKind.Vlm && perception is null)
        {
            throw new ArgumentException("'vlm' perception needs a perception source (a vision config)", nameof(perception));
        }

        _settings = settings;
        _programs = programs;
        _scenes = scenes;
        _perception = perception;
        _prepared = new PreparedProgramCache(engine ?? new ProgramEngine(), settings.ProgramCacheCapacity);
        _logic = settings.LogicOptions;
        _referring = ReferringOptions.Default with { Settings = settings.Verification };
        if (settings.Perception == PerceptionKind.Pixels)
        {
            // Workers take questions in file order and the questions about one image are contiguous, so a few
            // entries per worker keep every image in use.
            _pixels = new PixelPerceptionCache(settings.ImagesDirectory, Math.Max(PixelCacheMinimum, settings.Concurrency * 4));
        }
    }

    /// <summary>
    /// The program source a run uses when the caller gives none: the program cache for <see cref="ProgramSourceKind.Cache"/>,
    /// the ground-truth programs otherwise.
    /// </summary>
    /// <exception cref="EvaluationConfigException">The settings need a source only the caller can give (<see cref="ProgramSourceKind.Llm"/>), or a cache file is missing.</exception>
    /// <exception cref="ProgramCacheFormatException">The program-cache file is malformed.</exception>
    public static IProgramSource DefaultProgramSource(EvaluationSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Programs switch
        {
            ProgramSourceKind.Cache => CacheProgramSource.Load(s.ProgramCachePath
                ?? throw new EvaluationConfigException("programs: 'cache' needs a program-cache file (--program-cache).")),
            ProgramSourceKind.Llm => throw new EvaluationConfigException("programs: 'llm' needs a program generator from the caller (neptune eval --programs llm --llm-config FILE)."),
            _ => s.Task == EvaluationTask.Rec && s.Style == ReferringStyle.Viro ? GroundTruthProgramSource.Operators : GroundTruthProgramSource.Instance,
        };
    }

    /// <summary>Evaluates one item. Failures of the program (invalid, budget, runtime, bad result) are rows, never exceptions.</summary>
    /// <param name="item">The item.</param>
    /// <param name="token">Cancels a running program.</param>
    /// <returns>The item's result row.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled while the program ran.</exception>
    public async ValueTask<ResultRow> EvaluateAsync(EvaluationItem item, CancellationToken token = default)
    {
        using Activity? activity = EvaluationTelemetry.Source.StartActivity("neptune.evaluation.item");
        long start = Stopwatch.GetTimestamp();
        ResultRow row = await EvaluateCoreAsync(item.Id, item.Question, item.Refexp, token).ConfigureAwait(false);
        EvaluationTelemetry.Record(activity, row, Stopwatch.GetElapsedTime(start));
        return row;
    }

    private async ValueTask<ResultRow> EvaluateCoreAsync(long id, ClevrQuestion q, ClevrRefexp? refexp, CancellationToken token)
    {
        string category = refexp is null ? AnswerCategories.Name(AnswerCategories.Of(q.Program)) : refexp.Answer.Count == 0 ? ReferringCategories.NoTarget : ReferringCategories.Target;
        string? expected = refexp is null ? q.Answer?.Trim().ToLowerInvariant() : ReferringCategories.Describe(refexp.Answer, noTarget: refexp.Answer.Count == 0);
        var row = new ResultRow
        {
            Id = id,
            Question = q.Question,
            ImageIndex = q.ImageIndex,
            Template = q.TemplateFilename,
            FamilyIndex = q.QuestionFamilyIndex,
            Category = category,
            Expected = expected,
            Correct = false,
            Referring = refexp is null ? null : new ReferringOutcome { ExpectedObjects = refexp.Answer },
        };

        long t0 = Stopwatch.GetTimestamp();
        string source;
        try
        {
            source = await _programs.GetProgramAsync(q, token).ConfigureAwait(false);
        }
        catch (ProgramSourceException e)
        {
            return row with { FailureKind = e.Kind, Error = e.Error, FailureMessage = e.Message, PrepareMicroseconds = Micro(t0) };
        }

        PreparedEntry entry = _prepared.Get(source);
        long t1 = Stopwatch.GetTimestamp();
        row = row with { ProgramHash = entry.Hash, PrepareMicroseconds = (t1 - t0) * _tickToMicroseconds };
        if (entry.Program is not { } program)
        {
            Diagnostic? d = entry.FirstError;
            return row with
            {
                Program = source,
                FailureKind = FailureKinds.Validation,
                Error = d?.Code ?? "invalid",
                FailureMessage = d?.ToString() ?? "the program is invalid",
            };
        }

        if (!_scenes.TryGetByImageIndex(q.ImageIndex, out ClevrScene? scene))
        {
            return row with
            {
                FailureKind = FailureKinds.NoScene,
                Error = FailureKinds.NoScene,
                FailureMessage = $"the scene file has no scene with image_index {q.ImageIndex}",
            };
        }

        if (refexp is not null)
        {
            row = row with
            {
                Referring = row.Referring! with
                {
                    ExpectedBoxes = [.. refexp.Answer.Where(i => i >= 0 && i < scene.Objects.Count).Select(i => ClevrGeometry.BoxOf(scene.Objects[i]))],
                },
            };
        }

        RunResult result;
        PerceptionCalls calls;
        IScenePerception used;
        ReferringOptions? referring = refexp is null ? null : _referring;

        // A question's answer reads a rank-0 result at the logic's cut only: a lazy run decides just that, inside the
        // run, so that the row counts its calls and nothing waits after the run.
        float? answerThreshold = refexp is null ? _logic.CrispThreshold : null;
        if (_settings.Perception == PerceptionKind.Vlm)
        {
            PerceivedScene perceived;
            try
            {
                perceived = _perception!.For(scene);
            }
            catch (PerceptionException e)
            {
                return row with { FailureKind = FailureKinds.Image, Error = FailureKinds.Image, FailureMessage = e.Message, RunMicroseconds = Micro(t1) };
            }

            QuestionPerception? counted = perceived.Calls is null ? QuestionPerception.For(perceived.Perception) : null;
            used = Route(counted ?? perceived.Perception);
            result = await program.RunAsync(new RunOptions { Perception = used, Logic = _logic, Referring = referring, Evaluation = _settings.Evaluation, AnswerThreshold = answerThreshold }, token).ConfigureAwait(false);
            calls = (counted?.Calls ?? perceived.Calls!()) with { SpeculativeCalls = result.SpeculativeRequests };
        }
        else if (_pixels is null)
        {
            var world = new SceneWorld(scene, _settings.Noise);
            var view = QuestionPerception.For(world);
            used = Route(view);
            result = await program.RunAsync(new RunOptions { Perception = used, Logic = _logic, Referring = referring, Evaluation = _settings.Evaluation, AnswerThreshold = answerThreshold }, token).ConfigureAwait(false);
            calls = view.Calls with { ScoredTuples = world.ScoredTuples, SpeculativeCalls = result.SpeculativeRequests };
        }
        else
        {
            PerceivedImage image = _pixels.Get(scene);
            if (image.World is not { } pixels)
            {
                return row with
                {
                    FailureKind = FailureKinds.Image,
                    Error = image.Error,
                    FailureMessage = image.FailureMessage,
                    RunMicroseconds = Micro(t1),
                };
            }

            row = row with { Detection = image.Detection };
            var view = QuestionPerception.For(pixels);
            used = Route(view);
            result = await program.RunAsync(new RunOptions { Perception = used, Logic = _logic, Referring = referring, Evaluation = _settings.Evaluation, AnswerThreshold = answerThreshold }, token).ConfigureAwait(false);
            calls = view.Calls with { SpeculativeCalls = result.SpeculativeRequests };
        }

        long t2 = Stopwatch.GetTimestamp();
        row = row with
        {
            ScoredTuples = calls.ScoredTuples,
            VlmRequests = calls.VlmRequests,
            CacheHits = calls.CacheHits,
            SpeculativeCalls = calls.SpeculativeCalls,
            RoundTrips = calls.RoundTrips,
            RunMicroseconds = (t2 - t1) * _tickToMicroseconds,
        };
        if (result.Error is { } error)
        {
            token.ThrowIfCancellationRequested();
            return (row with { Program = source }).WithProgramError(error);
        }

        if (refexp is not null)
        {
            return Judge(row with { Program = source }, result, used, refexp);
        }

        if (!AnswerMapper.TryMap(result.Value, _logic.CrispThreshold, out string answer, out string problem))
        {
            return (row with { Program = source }).WithBadResult(problem, result);
        }

        return row with { Predicted = answer, Correct = expected is not null && string.Equals(answer, expected, StringComparison.Ordinal) };
    }

    /// <summary>Judges a referring expression's result: object sets for scene perception, boxes (IoU, GREC matching) for pictures.</summary>
    /// <summary>The perception a program sees: spatial relations answered from geometry when the run says so.</summary>
    private IScenePerception Route(IScenePerception perception) =>
        _settings.GeometricRelations ? new GeometricRelationPerception(perception) : perception;

    private ResultRow Judge(ResultRow row, RunResult result, IScenePerception perception, ClevrRefexp refexp)
    {
        ReferringResult referent;
        try
        {
            referent = ReferringResult.FromValue(result.Value, perception.Objects, _logic.CrispThreshold);
        }
        catch (ReferringResultException e)
        {
            return row.WithBadResult(e.Message, result);
        }

        ReferringOutcome outcome = row.Referring!.WithPrediction(referent);
        bool correct;
        if (_settings.Perception == PerceptionKind.Scene)
        {
            correct = ReferringMetrics.SetCorrect(referent.NoTarget, referent.Objects, refexp.Answer);
        }
        else
        {
            (correct, double iou) = ReferringMetrics.BoxesCorrect(referent.NoTarget, referent.Boxes, outcome.ExpectedBoxes);
            outcome = outcome with { Iou = double.IsNaN(iou) ? null : iou };
        }

        return row with
        {
            Program = correct ? null : row.Program,
            Predicted = ReferringCategories.Describe(outcome.PredictedObjects, referent.NoTarget),
            Correct = correct,
            Referring = outcome,
        };
    }

    private double Micro(long start) => (Stopwatch.GetTimestamp() - start) * _tickToMicroseconds;
}
