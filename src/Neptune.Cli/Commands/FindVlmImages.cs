using Microsoft.Extensions.AI;
using Neptune.Clevr;
using Neptune.Clevr2D;
using Neptune.Evaluation.Referring;
using Neptune.Imaging;
using Neptune.Perception;
using Neptune.Vision;
using Neptune.Vision.Caching;
using Neptune.Vision.Detection;
using Neptune.Vision.Scoring;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>find --perception vlm</c>: the images of a run perceived through the vision-language model of a
/// <c>neptune ask</c> config (<c>--vision FILE</c>). A scene of <c>--scenes</c> is rendered as a CLEVR-2D picture whose
/// objects are the scene's annotated boxes, as <c>eval --perception vlm</c> perceives it; a file of <c>--images</c> is
/// decoded and its objects are proposed by the config's detector (VLM grounding, Grounding DINO, with the operators'
/// detector threshold as its confidence cut; its answers kept in the score cache). The model answers every
/// <c>score</c>, <c>query</c> and verifier question. One client, cache and model serve every image; thread-safe.
/// </summary>
internal sealed class FindVlmImages : IDisposable
{
    private readonly IChatClient _client;
    private readonly ScoreCache _cache;
    private readonly VisionLanguageModel _model;
    private readonly VisionConfig _config;
    private readonly float _detectorThreshold;
    private readonly CancellationToken _cancellationToken;
    private IObjectDetector? _detector;

    private FindVlmImages(VisionConfig config, float detectorThreshold, CancellationToken cancellationToken)
    {
        _config = config;
        _detectorThreshold = detectorThreshold;
        _cancellationToken = cancellationToken;
        _client = config.CreateClient();
        try
        {
            _cache = config.OpenCache();
        }
        catch
        {
            _client.Dispose();
            throw;
        }

        _model = config.CreateModel(_client, _cache);
    }

    /// <summary>The model's name.</summary>
    public string ModelId => _model.ModelId;

    /// <summary>The model's counters so far.</summary>
    public FindVisionCounters Counters
    {
        get
        {
            VlmCounters c = _model.Counters;
            return new FindVisionCounters(_model.ModelId, c.Requests, c.CacheHits, c.ScoredTuples, c.FailedRequests);
        }
    }

    /// <summary>Builds the model from a vision config.</summary>
    /// <param name="path">The config file (the config of <c>neptune ask</c>).</param>
    /// <param name="detectorThreshold">The operators' detector threshold, the detector's confidence cut.</param>
    /// <param name="cancellationToken">Cancels detection requests.</param>
    /// <returns>The source.</returns>
    /// <exception cref="Configuration.ConfigException">The config is invalid.</exception>
    /// <exception cref="Models.ModelConfigurationException">An endpoint is invalid or its key variable is not set.</exception>
    public static FindVlmImages Create(string path, float detectorThreshold, CancellationToken cancellationToken)
    {
        VisionConfig config = VisionConfig.Load(path, Conventions.CliNotes.ForConfig());
        return new FindVlmImages(config, detectorThreshold, cancellationToken);
    }

    /// <summary>One image per scene: the rendered CLEVR-2D picture with the scene's annotated boxes as the objects.</summary>
    /// <param name="scenes">The scenes, in order.</param>
    /// <returns>The images.</returns>
    public IReadOnlyList<FindImage> FromScenes(IEnumerable<ClevrScene> scenes) => [.. scenes.Select(s => new SceneImage(this, s))];

    /// <summary>
    /// Image files (as <see cref="FindImages.Files"/> lists them), each decoded and its objects detected by the config's
    /// detector under the given names.
    /// </summary>
    /// <param name="paths">The files, in order.</param>
    /// <param name="objectNames">What the detector looks for.</param>
    /// <returns>The images.</returns>
    /// <exception cref="Models.ModelConfigurationException">The config's detector cannot be built (an annotations detector has no boxes for a directory).</exception>
    public IReadOnlyList<FindImage> FromFiles(IEnumerable<string> paths, IReadOnlyList<string> objectNames)
    {
        if (_config.Detector == DetectorKind.Annotations)
        {
            throw new Models.ModelConfigurationException("detector: 'annotations' needs boxes given with each image; find --images needs a 'vlm' or 'roboflow' detector");
        }

        _detector ??= _config.CreateReferringDetector(_model, _cache, _detectorThreshold);
        return [.. paths.Select(f => new FileImage(this, f, objectNames))];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _client.Dispose();
        _cache.Dispose();
    }

    private sealed class SceneImage(FindVlmImages owner, ClevrScene scene)
        : FindImage(string.IsNullOrWhiteSpace(scene.ImageFilename) ? ClevrRenderer.FileNameOf(scene) : scene.ImageFilename)
    {
        public override int? ImageIndex => scene.ImageIndex;

        public override ValueTask<IScenePerception> PerceiveAsync(CancellationToken cancellationToken)
        {
            RgbaImage picture = FindImages.Render(scene);
            DetectedObject[] objects = [.. scene.Objects.Select((o, i) => new DetectedObject(i, ClevrGeometry.BoxOf(o), o.Shape))];
            return ValueTask.FromResult<IScenePerception>(owner._model.CreatePerception(picture, objects));
        }
    }

    private sealed class FileImage(FindVlmImages owner, string path, IReadOnlyList<string> names) : FindImage(Path.GetFileName(path))
    {
        public override async ValueTask<IScenePerception> PerceiveAsync(CancellationToken cancellationToken)
        {
            RgbaImage picture = FindImages.Decode(path, Name);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, owner._cancellationToken);
            IReadOnlyList<DetectedObject> objects = await owner._detector!.DetectAsync(picture, names, linked.Token).ConfigureAwait(false);
            return owner._model.CreatePerception(picture, objects);
        }
    }
}
