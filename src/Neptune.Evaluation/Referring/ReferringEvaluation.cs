using System.Collections.Concurrent;
using Neptune.Clevr;
using Neptune.Clevr.Translation;
using Neptune.Clevr2D;
using Neptune.Language;
using Neptune.Language.Library;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Evaluation.Referring;

/// <summary>Where a referring-expression run perceives its scenes.</summary>
public enum ReferringPerception
{
    /// <summary>The scene annotations; judged by object sets.</summary>
    Scene = 0,

    /// <summary>Rendered CLEVR-2D pictures, from pixels; judged by boxes.</summary>
    Pixels = 1,
}

/// <summary>Which style the official programs are translated into.</summary>
public enum ReferringStyle
{
    /// <summary>Soft logic: <c>score</c>, <c>&amp;</c>, <c>|</c>, <c>iota</c>, <c>nth_from</c>.</summary>
    Neptune = 0,

    /// <summary>VIRO's verified operators, ending in <c>FINAL_RESULT = RESULT(object=VAR)</c>.</summary>
    Viro = 1,
}

/// <summary>
/// Runs CLEVR-Ref+ referring expressions with their official programs translated into Neptune's language (through
/// the language, no native shortcut) and judges each against its answer (<see cref="ReferringMetrics"/>).
/// </summary>
public sealed class ReferringEvaluation
{
    private readonly ProgramEngine _engine = new();
    private readonly ConcurrentDictionary<string, PreparedProgram> _programs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, IScenePerception> _worlds = new();

    /// <summary>The logic of the runs.</summary>
    public LogicOptions Logic { get; init; } = LogicOptions.Default;

    /// <summary>Scene or pixel perception.</summary>
    public ReferringPerception Perception { get; init; } = ReferringPerception.Scene;

    /// <summary>The program style.</summary>
    public ReferringStyle Style { get; init; } = ReferringStyle.Neptune;

    /// <summary>Verifier settings of the operators.</summary>
    public ReferringOptions Referring { get; init; } = ReferringOptions.Default;

    /// <summary>
    /// The perception of one scene: its annotations (<see cref="SceneWorld"/>), or its CLEVR-2D picture rendered with
    /// <see cref="ClevrRenderer"/> and perceived from the pixels alone (<see cref="PixelWorld"/>).
    /// </summary>
    /// <param name="scene">The scene.</param>
    /// <param name="perception">Scene or pixel perception.</param>
    /// <returns>The perception.</returns>
    /// <exception cref="ArgumentException">Pixels: the scene has an object the renderer does not know.</exception>
    public static IScenePerception Perceive(ClevrScene scene, ReferringPerception perception)
    {
        ArgumentNullException.ThrowIfNull(scene);
        return perception == ReferringPerception.Scene ? new SceneWorld(scene) : new PixelWorld(ClevrRenderer.Render(scene));
    }

    /// <summary>
    /// How a scene is perceived, when the caller provides its perceptions (to share them with other runs over the same
    /// scenes); null: the scene world for <see cref="ReferringPerception.Scene"/>, the rendered picture perceived from
    /// pixels for <see cref="ReferringPerception.Pixels"/>. Called at most once per scene.
    /// </summary>
    public Func<ClevrScene, IScenePerception>? Worlds { get; init; }

    /// <summary>Whether each row keeps its run's trace (every host call, and the operator that abstained).</summary>
    public bool Trace { get; init; }

    /// <summary>
    /// Whether each wrong row perceived from CLEVR-2D pixels gets its cause (<see cref="ReferringDiagnosis"/>, which
    /// reads the annotations after the run to explain it).
    /// </summary>
    public bool Explain { get; init; }

    /// <summary>Judges one item.</summary>
    /// <param name="item">The expression.</param>
    /// <param name="scenes">The scenes it refers to.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The judged row.</returns>
    /// <exception cref="ClevrDataException">The item's scene is not in the scene file.</exception>
    public ReferringRow Evaluate(ClevrRefexp item, ClevrSceneSet scenes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(scenes);
        if (!scenes.TryGetByImageIndex(item.ImageIndex, out ClevrScene? scene))
        {
            throw new ClevrDataException($"scene {item.ImageIndex} of refexp {item.RefexpIndex} is not in the scene file", "scenes", item.RefexpIndex);
        }

        IScenePerception world = _worlds.GetOrAdd(item.ImageIndex, _ => Worlds is { } perceive ? perceive(scene) : Perceive(scene, Perception));
        IReadOnlyList<BoundingBox> expectedBoxes = [.. item.Answer.Select(i => ClevrGeometry.BoxOf(scene.Objects[i]))];
        var row = new ReferringRow
        {
            Index = item.RefexpIndex ?? -1,
            Refexp = item.Refexp,
            ImageIndex = item.ImageIndex,
            Family = item.Family,
            Template = item.TemplateFilename ?? "unknown",
            Expected = item.Answer,
            ExpectedBoxes = expectedBoxes,
            Correct = false,
        };

        string source;
        try
        {
            source = Style == ReferringStyle.Viro ? ClevrProgramTranslator.TranslateOperators(item.Program) : ClevrProgramTranslator.Translate(item.Program);
        }
        catch (ClevrTranslationException e)
        {
            return row with { Failure = $"translation: {e.Message}" };
        }

        row = row with { Program = source };
        PreparedProgram program = _programs.GetOrAdd(source, s => _engine.Prepare(s));
        var options = new RunOptions { Perception = world, Logic = Logic, Referring = Referring, Trace = Trace, CancellationToken = cancellationToken };
        RunResult run = program.Run(options);
        row = row with { Trace = run.Trace };
        if (!run.Succeeded)
        {
            return row with { Failure = run.Error!.FirstLine };
        }

        ReferringResult result;
        try
        {
            result = ReferringResult.FromValue(run.Value, world.Objects, Logic.CrispThreshold);
        }
        catch (ReferringResultException e)
        {
            return row with { Failure = e.Message };
        }

        row = row with
        {
            Predicted = result.Objects,
            PredictedBoxes = result.Boxes,
            PredictedNoTarget = result.NoTarget,
            AbstainedOperator = result.AbstainedOperator,
            NoTargetReason = result.NoTarget ? result.Reason : null,
            Confidence = result.Confidence,
        };
        if (Perception == ReferringPerception.Scene)
        {
            return row with { Correct = ReferringMetrics.SetCorrect(result.NoTarget, result.Objects, item.Answer) };
        }

        var (correct, iou) = ReferringMetrics.BoxesCorrect(result.NoTarget, result.Boxes, expectedBoxes);
        row = row with { Correct = correct, MeanIou = double.IsNaN(iou) ? null : iou };
        if (!correct && Explain && world is PixelWorld pixels)
        {
            var (cause, detail) = ReferringDiagnosis.Explain(row, scene, pixels, program, options);
            row = row with { Cause = cause, CauseDetail = detail };
        }

        return row;
    }

    /// <summary>Judges items in order.</summary>
    /// <param name="items">The expressions.</param>
    /// <param name="scenes">The scenes.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The rows.</returns>
    public IEnumerable<ReferringRow> Evaluate(IEnumerable<ClevrRefexp> items, ClevrSceneSet scenes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (ClevrRefexp item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Evaluate(item, scenes, cancellationToken);
        }
    }
}
