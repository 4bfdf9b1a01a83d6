using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Neptune.Evaluation;
using Neptune.Evaluation.Referring;
using Neptune.Imaging;
using Neptune.Language.Library;
using Neptune.Perception;
using Neptune.Vision;
using Neptune.Vision.Caching;
using Neptune.Vision.Datasets;
using Neptune.Vision.Detection;
using Neptune.Vision.Embeddings;
using Neptune.Vision.Scoring;
using Neptune.Vision.Verification;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>eval --task rec --dataset refcoco|…</c>: each photo read from <c>--images</c>, the program's objects proposed by the
/// vision config's detector (Grounding DINO over HTTP or a grounding VLM, cut at the run's detector threshold, answers
/// cached), scored by its vision model, and verified by a CLIP-style embeddings verifier (<c>--verifier FILE</c>) or, without
/// one, by yes/no questions to the vision model.
/// </summary>
internal sealed class PhotoEvalPerception : IPhotoPerceptionSource, IDisposable
{
    private const int ImageCacheCapacity = 16;
    private readonly IChatClient _client;
    private readonly ScoreCache _cache;
    private readonly VisionLanguageModel _model;
    private readonly IObjectDetector _detector;
    private readonly EmbeddingsClient? _embeddings;
    private readonly ScoreCache? _verifierCache;
    private readonly ClipRegionVerifier? _clip;
    private readonly ConcurrentDictionary<string, Lazy<Task<RgbaImage>>> _images = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _imageOrder = new();

    private PhotoEvalPerception(IChatClient client, ScoreCache cache, VisionLanguageModel model, IObjectDetector detector, EmbeddingsClient? embeddings, ScoreCache? verifierCache, ClipRegionVerifier? clip)
    {
        _client = client;
        _cache = cache;
        _model = model;
        _detector = detector;
        _embeddings = embeddings;
        _verifierCache = verifierCache;
        _clip = clip;
        Verifier = clip is null ? new VlmRegionVerifier(model) : clip;
    }

    /// <inheritdoc />
    public IRegionVerifier Verifier { get; }

    /// <summary>Builds the perception of a photo run.</summary>
    /// <param name="settings">The run's settings.</param>
    /// <param name="visionConfig">The vision config (detector, endpoints, score cache).</param>
    /// <returns>The perception.</returns>
    /// <exception cref="EvaluationConfigException">The vision config is missing.</exception>
    public static PhotoEvalPerception Create(EvaluationSettings settings, string? visionConfig)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (visionConfig is null)
        {
            throw new EvaluationConfigException("vision: a photo dataset needs a vision config: set 'vision' or pass --vision FILE.");
        }

        VisionConfig config = VisionConfig.Load(visionConfig, Conventions.CliNotes.ForConfig());
        IChatClient client = config.CreateClient();
        ScoreCache cache = config.OpenCache();
        VisionLanguageModel model = config.CreateModel(client, cache);
        IObjectDetector detector = config.CreateReferringDetector(model, cache, settings.Verification.DetectorThreshold);
        if (settings.Photos?.VerifierPath is not { } verifierPath)
        {
            return new PhotoEvalPerception(client, cache, model, detector, null, null, null);
        }

        VerifierConfig verifier = VerifierConfig.Load(verifierPath);
        var embeddings = new EmbeddingsClient(verifier.Embeddings);
        ScoreCache verifierCache = verifier.OpenCache();
        return new PhotoEvalPerception(client, cache, model, detector, embeddings, verifierCache, new ClipRegionVerifier(embeddings, verifier.Clip, verifierCache));
    }

    /// <inheritdoc />
    public async ValueTask<PerceivedScene> PerceiveAsync(string imagePath, IReadOnlyList<string> objectNames, CancellationToken cancellationToken)
    {
        RgbaImage image = await ImageAsync(imagePath).WaitAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<DetectedObject> objects;
        try
        {
            objects = await _detector.DetectAsync(image, objectNames, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Models.ModelRequestException or HttpRequestException or TimeoutException)
        {
            throw new PerceptionException(PerceptionErrorKind.EndpointUnavailable, $"the detector failed on {Path.GetFileName(imagePath)}: {e.Message}", e);
        }

        VlmScenePerception perception = _model.CreatePerception(image, objects);
        return new PerceivedScene(
            perception,
            () => perception.ScoredTuples,
            () => new PerceptionCalls(perception.Requests, perception.ScoredTuples, perception.CacheHits, SpeculativeCalls: 0, perception.RoundTrips));
    }

    /// <summary>The requests the run sent, by service: the detector's, the vision model's and the embeddings server's.</summary>
    public JsonObject Requests()
    {
        var section = new JsonObject
        {
            ["vision_model"] = new JsonObject { ["requests"] = _model.Counters.Requests, ["cache_hits"] = _model.Counters.CacheHits, ["failed"] = _model.Counters.FailedRequests },
        };
        if (_detector is CachedObjectDetector cached)
        {
            section["detector"] = new JsonObject { ["requests"] = cached.Misses, ["cache_hits"] = cached.Hits };
        }

        if (_clip is not null)
        {
            section["embeddings"] = new JsonObject { ["crop_requests"] = _clip.CropRequests, ["crop_cache_hits"] = _clip.CropCacheHits, ["label_texts"] = _clip.LabelTexts };
        }

        return section;
    }

    /// <summary>One line about the requests, for the closing output.</summary>
    public string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        string detector = _detector is CachedObjectDetector d ? $"detector {d.Misses.ToString(c)} requests ({d.Hits.ToString(c)} cached), " : "";
        string clip = _clip is null ? "verifier: the vision model" : $"embeddings {_clip.CropRequests.ToString(c)} crop requests ({_clip.CropCacheHits.ToString(c)} cached)";
        return $"photos: {detector}vision model {_model.Counters.Requests.ToString(c)} requests ({_model.Counters.CacheHits.ToString(c)} cached), {clip}";
    }

    private Task<RgbaImage> ImageAsync(string path)
    {
        Lazy<Task<RgbaImage>> lazy = _images.GetOrAdd(path, p =>
        {
            _imageOrder.Enqueue(p);
            return new Lazy<Task<RgbaImage>>(() => Task.Run(() => ImageFiles.Read(p, Path.GetFileName(p))));
        });
        while (_imageOrder.Count > ImageCacheCapacity && _imageOrder.TryDequeue(out string? old))
        {
            // The expressions of one image usually come together: a few recent photos stay decoded.
            _images.TryRemove(old, out _);
        }

        return lazy.Value;
    }

    public void Dispose()
    {
        (_detector as IDisposable)?.Dispose();
        _embeddings?.Dispose();
        _verifierCache?.Dispose();
        _cache.Dispose();
        _client.Dispose();
    }
}
