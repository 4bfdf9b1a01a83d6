using Neptune.Clevr;
using Neptune.Clevr.Vision.Perception;
using Neptune.Clevr2D;
using Neptune.Evaluation;
using Neptune.Models;
using Neptune.Vision;
using Neptune.Vision.Scoring;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>eval --perception vlm</c>: each scene's picture (read from <c>--images</c>, else rendered as CLEVR-2D) with the
/// scene's annotated boxes, scored by the vision model of a <c>neptune ask</c> config (<c>--vision FILE</c>).
/// </summary>
internal sealed class AskEvalPerception : IScenePerceptionSource, IDisposable
{
    private readonly ClevrVisionPerception _source;

    private AskEvalPerception(ClevrVisionPerception source)
    {
        _source = source;
    }

    /// <summary>The model's counters (requests, cache hits, missing logprobs, failures).</summary>
    public VlmCounters Counters => _source.Model.Counters;

    /// <summary>Builds the source.</summary>
    /// <exception cref="EvaluationConfigException">The vision config is missing or invalid.</exception>
    public static AskEvalPerception Create(string? visionConfig, string? imagesDirectory)
    {
        if (visionConfig is null)
        {
            throw new EvaluationConfigException("perception: 'vlm' needs a vision config: set 'vision' or pass --vision FILE (the config of neptune ask).");
        }

        VisionConfig config = VisionConfig.Load(visionConfig, Conventions.CliNotes.ForConfig());
        Func<ClevrScene, Imaging.RgbaImage> images = imagesDirectory is null ? ClevrRenderer.Render : ClevrVisionPerception.ImagesFromDirectory(imagesDirectory);
        return new AskEvalPerception(new ClevrVisionPerception(config, images, imageCacheCapacity: 64));
    }

    public PerceivedScene For(ClevrScene scene)
    {
        VlmScenePerception perception = _source.For(scene);
        return new PerceivedScene(
            perception,
            () => perception.ScoredTuples,
            () => new PerceptionCalls(perception.Requests, perception.ScoredTuples, perception.CacheHits, SpeculativeCalls: 0, perception.RoundTrips));
    }

    public void Dispose() => _source.Dispose();
}
