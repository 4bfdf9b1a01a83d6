using System.Collections.Concurrent;
using Neptune.Clevr;
using Neptune.Clevr.Vision.Perception;
using Neptune.Clevr2D;
using Neptune.Evaluation;
using Neptune.Evaluation.Programs;
using Neptune.Models;
using Neptune.Programs.Generation;
using Neptune.Vision.Scoring;

namespace Neptune.Service.Jobs;

/// <summary>
/// <c>programs: llm</c> in a job: the server's program generator (its <c>programs</c> config, or the ask config's),
/// shared with <c>/v1/ask</c> — the same model client, endpoint limits and program cache. One generation per distinct
/// question of the job, however many images share it.
/// </summary>
/// <remarks>
/// Failures map onto the runner's kinds through <see cref="GenerationFailures"/>, as <c>neptune eval --programs llm</c>
/// and the cluster map them: no program → <c>no_program</c>, invalid after the repair rounds → <c>validation</c>,
/// runtime error after repairs → <c>runtime</c>, a model server that failed (after its retries) → <c>model_error</c>;
/// each is a failed row of the job, counted in its summary.
/// </remarks>
internal sealed class ServerProgramSource(IProgramGenerator generator, CancellationToken jobCancellation) : IProgramSource
{
    private readonly ConcurrentDictionary<string, Lazy<Task<GenerationResult>>> _results = new(StringComparer.Ordinal);

    public string Name => "llm";

    public async ValueTask<string> GetProgramAsync(ClevrQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        Lazy<Task<GenerationResult>> lazy = _results.GetOrAdd(question.Question.Trim(), q => new Lazy<Task<GenerationResult>>(() => generator.GenerateAsync(q, null, jobCancellation)));
        GenerationResult result = await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.Program ?? throw GenerationFailures.ToException(result);
    }
}

/// <summary>
/// <c>perception: vlm</c> in a job: each scene's picture (read from <c>images</c>, else rendered as CLEVR-2D) with the
/// scene's annotated boxes, scored by the server's ask-config model — the same client, endpoint pool (and its
/// concurrency limits) and score cache as <c>/v1/ask</c>.
/// </summary>
internal sealed class ServerScenePerception : IScenePerceptionSource, IDisposable
{
    private readonly ClevrVisionPerception _source;

    public ServerScenePerception(VisionLanguageModel model, string? imagesDirectory)
    {
        Func<ClevrScene, Imaging.RgbaImage> images = imagesDirectory is null ? ClevrRenderer.Render : ClevrVisionPerception.ImagesFromDirectory(imagesDirectory);
        _source = new ClevrVisionPerception(model, images, imageCacheCapacity: 64);
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
