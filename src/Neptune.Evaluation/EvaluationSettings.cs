using System.Globalization;
using Neptune.Clevr;
using Neptune.Language;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Evaluation;

/// <summary>What an evaluation judges.</summary>
public enum EvaluationTask
{
    /// <summary>Questions (CLEVR): the answer is a word or number, correct when it equals the expected one.</summary>
    Vqa = 0,

    /// <summary>Referring expressions (CLEVR-Ref+): the answer is a set of objects or boxes, or no target.</summary>
    Rec = 1,
}

/// <summary>Where a run's scores come from.</summary>
public enum PerceptionKind
{
    /// <summary>The scene annotations, optionally through the seeded noise model (<see cref="SceneWorld"/>).</summary>
    Scene = 0,

    /// <summary>
    /// The pixels of each scene's picture, rendered from the scene (<c>ClevrRenderer</c>) or read from
    /// <see cref="EvaluationSettings.ImagesDirectory"/>, perceived by <c>PixelWorld</c> from the pixels alone.
    /// </summary>
    Pixels = 1,

    /// <summary>
    /// A vision-language model over each scene's picture (rendered or read from <see cref="EvaluationSettings.ImagesDirectory"/>)
    /// with the annotated boxes as objects, supplied by the caller as an <see cref="IScenePerceptionSource"/>.
    /// </summary>
    Vlm = 2,
}

/// <summary>Where a run's programs come from.</summary>
public enum ProgramSourceKind
{
    /// <summary>The translation of each question's official functional program (<c>gt</c>).</summary>
    GroundTruth = 0,

    /// <summary>A program-cache file keyed by question text (<c>cache</c>).</summary>
    Cache = 1,

    /// <summary>Programs generated on demand by a language model (<c>llm</c>); the caller supplies the source.</summary>
    Llm = 2,
}

/// <summary>
/// The complete, validated settings of one evaluation run. Build them with <see cref="EvaluationConfig.Resolve"/>
/// (which checks every value); paths are absolute.
/// </summary>
public sealed record EvaluationSettings
{
    /// <summary>The CLEVR question file, or for <see cref="EvaluationTask.Rec"/> the CLEVR-Ref+ referring-expression file.</summary>
    public required string QuestionsPath { get; init; }

    /// <summary>The CLEVR scene file.</summary>
    public required string ScenesPath { get; init; }

    /// <summary>The output directory (results, summary, run settings).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Where scores come from.</summary>
    public PerceptionKind Perception { get; init; } = PerceptionKind.Scene;

    /// <summary>
    /// The directory of the pictures for <see cref="PerceptionKind.Pixels"/> (JPEG, PNG, WebP, GIF or BMP files named by each scene's
    /// <c>image_filename</c>); null to render each scene.
    /// </summary>
    public string? ImagesDirectory { get; init; }

    /// <summary>Where programs come from.</summary>
    public ProgramSourceKind Programs { get; init; } = ProgramSourceKind.GroundTruth;

    /// <summary>The program-cache file; required when <see cref="Programs"/> is <see cref="ProgramSourceKind.Cache"/>.</summary>
    public string? ProgramCachePath { get; init; }

    /// <summary>The soft logic.</summary>
    public LogicKind Logic { get; init; } = LogicKind.Godel;

    /// <summary>The cut at which a rank-0 tensor answers yes (and the crisp logic's threshold), in (0, 1].</summary>
    public float Threshold { get; init; } = 0.5f;

    /// <summary>The noise model applied to the scene annotations (scene perception only).</summary>
    public NoiseOptions Noise { get; init; } = NoiseOptions.None;

    /// <summary>The largest number of questions to evaluate (after sharding); null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>The number of worker threads.</summary>
    public int Concurrency { get; init; } = Environment.ProcessorCount;

    /// <summary>The shard of the questions to evaluate; <see cref="ShardSpec.All"/> for every question.</summary>
    public ShardSpec Shard { get; init; } = ShardSpec.All;

    /// <summary>When true, an output directory holding a run with different settings is cleared instead of rejected.</summary>
    public bool ForceRestart { get; init; }

    /// <summary>The largest number of prepared programs kept in memory.</summary>
    public int ProgramCacheCapacity { get; init; } = 4096;

    /// <summary>Questions or referring expressions; for <see cref="EvaluationTask.Rec"/>, <see cref="QuestionsPath"/> is the CLEVR-Ref+ file.</summary>
    public EvaluationTask Task { get; init; } = EvaluationTask.Vqa;

    /// <summary>For referring expressions with official programs: the style they are translated into.</summary>
    public Referring.ReferringStyle Style { get; init; } = Referring.ReferringStyle.Neptune;

    /// <summary>For referring expressions: the verified operators' detector and verifier thresholds.</summary>
    public VerificationSettings Verification { get; init; } = VerificationSettings.Default;

    /// <summary>
    /// Whether <c>score()</c> questions about a spatial relation between two boxes (left of, right of, above, below, in
    /// front of, behind) are answered from geometry (<see cref="GeometricRelationPerception"/>) instead of by the
    /// perception. <see cref="EvaluationConfig.Resolve"/> turns it on for referring expressions and off for questions
    /// unless <c>relations</c> says otherwise.
    /// </summary>
    public bool GeometricRelations { get; init; }

    /// <summary>How programs make their model calls; every mode gives the same answers.</summary>
    public EvaluationMode Evaluation { get; init; }

    /// <summary>
    /// The photo dataset of a referring-expression run (RefCOCO, RefCOCO+, RefCOCOg, gRefCOCO); null for CLEVR-Ref+ and
    /// question runs. <see cref="QuestionsPath"/> is then its refs file and <see cref="ScenesPath"/> its instances.json.
    /// </summary>
    public PhotoRun? Photos { get; init; }

    /// <summary>The results file, <c>OUT/results.jsonl</c>.</summary>
    public string ResultsPath => Path.Combine(OutputDirectory, EvaluationFiles.Results);

    /// <summary>The summary file, <c>OUT/summary.json</c>.</summary>
    public string SummaryPath => Path.Combine(OutputDirectory, EvaluationFiles.Summary);

    /// <summary>The stored settings file, <c>OUT/run.json</c>.</summary>
    public string RunPath => Path.Combine(OutputDirectory, EvaluationFiles.Run);

    /// <summary>The logic options of every run.</summary>
    public LogicOptions LogicOptions => new() { Kind = Logic, CrispThreshold = Threshold };

    /// <summary>The configuration name of a logic kind (<c>godel</c>, <c>product</c>, <c>lukasiewicz</c>, <c>crisp</c>).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Its name.</returns>
    public static string LogicName(LogicKind kind) => kind switch
    {
        LogicKind.Godel => "godel",
        LogicKind.Product => "product",
        LogicKind.Lukasiewicz => "lukasiewicz",
        LogicKind.Crisp => "crisp",
        _ => ((int)kind).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The configuration name of a perception kind (<c>scene</c>, <c>pixels</c>).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Its name.</returns>
    public static string PerceptionName(PerceptionKind kind) => kind switch
    {
        PerceptionKind.Scene => "scene",
        PerceptionKind.Pixels => "pixels",
        PerceptionKind.Vlm => "vlm",
        _ => ((int)kind).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The configuration name of a task (<c>vqa</c>, <c>rec</c>).</summary>
    /// <param name="task">The task.</param>
    /// <returns>Its name.</returns>
    public static string TaskName(EvaluationTask task) => task == EvaluationTask.Rec ? "rec" : "vqa";

    /// <summary>The configuration name of a program style (<c>neptune</c>, <c>viro</c>).</summary>
    /// <param name="style">The style.</param>
    /// <returns>The name.</returns>
    public static string StyleName(Referring.ReferringStyle style) => style == Referring.ReferringStyle.Viro ? "viro" : "neptune";

    /// <summary>The configuration name of a program source (<c>gt</c>, <c>cache</c>).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Its name.</returns>
    public static string ProgramsName(ProgramSourceKind kind) => kind switch
    {
        ProgramSourceKind.GroundTruth => "gt",
        ProgramSourceKind.Cache => "cache",
        ProgramSourceKind.Llm => "llm",
        _ => ((int)kind).ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>The names of the files of an output directory.</summary>
public static class EvaluationFiles
{
    /// <summary>One JSON row per evaluated question.</summary>
    public const string Results = "results.jsonl";

    /// <summary>The aggregate figures, rewritten atomically at the end of a run.</summary>
    public const string Summary = "summary.json";

    /// <summary>The settings that give the results their meaning; a resumed run must match them.</summary>
    public const string Run = "run.json";
}

/// <summary>The photo dataset of a referring-expression run.</summary>
/// <param name="Dataset">Which dataset (RefAdv: RefCOCOg, whose test images it annotates).</param>
/// <param name="Name">Its configuration name (<c>refcoco</c>, <c>refcoco+</c>, <c>refcocog</c>, <c>grefcoco</c>, <c>refadv</c>).</param>
/// <param name="Annotations">The dataset folder (instances.json and the refs file, or parquet files) or file (MDETR JSON, parquet, RefAdv).</param>
/// <param name="Layout">How <paramref name="Annotations"/> stores the expressions.</param>
/// <param name="SplitBy">The refs file's split-by (unc, google, umd); null for the layouts other than the refer toolkit's.</param>
/// <param name="Split">The split evaluated.</param>
/// <param name="VerifierPath">The region-verifier config; null to verify with the vision model.</param>
public sealed record PhotoRun(Neptune.Photos.PhotoDatasetKind Dataset, string Name, string Annotations, Neptune.Photos.PhotoLayout Layout, string? SplitBy, string Split, string? VerifierPath);
