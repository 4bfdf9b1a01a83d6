using Neptune.Evaluation;
using Neptune.Programs.Generation;

namespace Neptune.Cluster;

/// <summary>
/// The model backends of one silo, built from that silo's own configuration (models usually sit next to a silo's
/// GPUs): the program generator for <c>programs: llm</c> jobs and the vision perception for <c>perception: vlm</c>
/// jobs. A silo without one leaves the jobs that need it to the other silos.
/// </summary>
public sealed class SiloModels
{
    /// <summary>A silo with no model backends (jobs with official or cached programs and scene or pixel perception only).</summary>
    public static SiloModels None { get; } = new();

    /// <summary>Generates the programs of <c>programs: llm</c> jobs; null when this silo has none.</summary>
    public IProgramGenerator? Programs { get; init; }

    /// <summary>What <see cref="Programs"/> calls, for logs (for example the model's name).</summary>
    public string? ProgramsDescription { get; init; }

    /// <summary>Builds the vision perception of a <c>perception: vlm</c> job from its settings (its images folder); null when this silo has none.</summary>
    /// <remarks>The source is disposed (when it is <see cref="IDisposable"/>) once the job is no longer running.</remarks>
    public Func<EvaluationSettings, IScenePerceptionSource>? Vision { get; init; }
}
