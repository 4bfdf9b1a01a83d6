using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Neptune.Imaging;
using Neptune.Vision.Caching;
using Neptune.Vision.Scoring;

namespace Neptune.Vision.Datasets;

/// <summary>
/// VLM perception over a dataset's annotated images, as batch evaluation uses it: each item's image with the item's
/// annotated boxes as the objects, scored by the configured model. Decoded images are kept for the next items about
/// the same image. Datasets plug in through <see cref="IAnnotatedImageSource{TItem}"/>. Thread-safe.
/// </summary>
/// <typeparam name="TItem">The dataset's item type.</typeparam>
public sealed class AnnotatedImagePerception<TItem> : IDisposable
{
    private readonly IChatClient? _client;
    private readonly ScoreCache? _cache;
    private readonly IAnnotatedImageSource<TItem> _source;
    private readonly ConcurrentDictionary<string, RgbaImage> _decoded = new(StringComparer.Ordinal);
    private readonly int _capacity;

    /// <summary>Builds the model from a config.</summary>
    /// <param name="config">The vision config (endpoints, pool, cache, scoring).</param>
    /// <param name="source">The dataset's images and annotations.</param>
    /// <param name="imageCacheCapacity">Decoded images kept in memory.</param>
    /// <exception cref="Models.ModelConfigurationException">An endpoint is invalid or its key variable is not set.</exception>
    /// <exception cref="IOException">The score cache cannot be opened.</exception>
    public AnnotatedImagePerception(VisionConfig config, IAnnotatedImageSource<TItem> source, int imageCacheCapacity = 64)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageCacheCapacity, 1);
        _source = source;
        _capacity = imageCacheCapacity;
        _client = config.CreateClient();
        _cache = config.OpenCache();
        Model = config.CreateModel(_client, _cache);
    }

    /// <summary>
    /// Uses a model built (and owned) elsewhere, such as a server's, so that its client, endpoint pool and score cache
    /// are shared; disposing this perception leaves the model alone.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="source">The dataset's images and annotations.</param>
    /// <param name="imageCacheCapacity">Decoded images kept in memory.</param>
    public AnnotatedImagePerception(VisionLanguageModel model, IAnnotatedImageSource<TItem> source, int imageCacheCapacity = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageCacheCapacity, 1);
        _source = source;
        _capacity = imageCacheCapacity;
        Model = model;
    }

    /// <summary>The model (its counters report requests, cache hits and failures).</summary>
    public VisionLanguageModel Model { get; }

    /// <summary>The perception of one item: its image and its annotated boxes (in annotation order).</summary>
    /// <param name="item">The item.</param>
    /// <returns>The perception.</returns>
    /// <exception cref="Perception.PerceptionException">The image cannot be read.</exception>
    public VlmScenePerception For(TItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        string key = _source.ImageKey(item);
        if (!_decoded.TryGetValue(key, out RgbaImage? image))
        {
            image = _source.LoadImage(item);
            if (_decoded.Count >= _capacity)
            {
                _decoded.Clear();
            }

            _decoded[key] = image;
        }

        return Model.CreatePerception(image, _source.Objects(item));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _client?.Dispose();
        _cache?.Dispose();
    }
}
