using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Neptune.Clevr;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Perception;
using Neptune.Vision.Caching;
using Neptune.Vision.Scoring;

namespace Neptune.Vision.Datasets;

/// <summary>
/// VLM perception for CLEVR-style datasets, as batch evaluation uses it: each scene's image (from the dataset's image
/// directory, or rendered) with the scene's annotated boxes as the objects, scored by the configured model. Decoded
/// images are kept for the next questions about the same scene. Thread-safe.
/// </summary>
public sealed class ClevrVisionPerception : IDisposable
{
    private readonly IChatClient _client;
    private readonly ScoreCache _cache;
    private readonly Func<ClevrScene, RgbaImage> _images;
    private readonly ConcurrentDictionary<int, RgbaImage> _decoded = new();
    private readonly int _capacity;

    /// <summary>Builds the model from a config.</summary>
    /// <param name="config">The vision config (endpoints, pool, cache, scoring).</param>
    /// <param name="images">Gives each scene's image (see <see cref="ImagesFromDirectory"/>).</param>
    /// <param name="imageCacheCapacity">Decoded images kept in memory.</param>
    /// <exception cref="Models.ModelConfigurationException">An endpoint is invalid or its key variable is not set.</exception>
    /// <exception cref="IOException">The score cache cannot be opened.</exception>
    public ClevrVisionPerception(VisionConfig config, Func<ClevrScene, RgbaImage> images, int imageCacheCapacity = 64)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageCacheCapacity, 1);
        _images = images;
        _capacity = imageCacheCapacity;
        _client = config.CreateClient();
        _cache = config.OpenCache();
        Model = config.CreateModel(_client, _cache);
    }

    /// <summary>The model (its counters report requests, cache hits and failures).</summary>
    public VisionLanguageModel Model { get; }

    /// <summary>Reads <c>directory/image_filename</c> (PNG or JPEG) for each scene.</summary>
    /// <param name="directory">The image directory.</param>
    /// <returns>The image source.</returns>
    public static Func<ClevrScene, RgbaImage> ImagesFromDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return scene =>
        {
            string name = scene.ImageFilename ?? throw new PerceptionException(PerceptionErrorKind.InvalidImage, $"scene {scene.ImageIndex} has no image_filename");
            string path = Path.Combine(directory, name);
            try
            {
                return ImageCodecs.Default.Decode(File.ReadAllBytes(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NeptuneImagingException)
            {
                throw new PerceptionException(PerceptionErrorKind.InvalidImage, $"cannot read the image of scene {scene.ImageIndex} ({path}): {e.Message}", e);
            }
        };
    }

    /// <summary>The perception of one scene: its image and its annotated boxes (in annotation order).</summary>
    /// <param name="scene">The scene.</param>
    /// <returns>The perception.</returns>
    /// <exception cref="PerceptionException">The image cannot be read.</exception>
    public VlmScenePerception For(ClevrScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        if (!_decoded.TryGetValue(scene.ImageIndex, out RgbaImage? image))
        {
            image = _images(scene);
            if (_decoded.Count >= _capacity)
            {
                _decoded.Clear();
            }

            _decoded[scene.ImageIndex] = image;
        }

        DetectedObject[] objects = [.. scene.Objects.Select((o, i) => new DetectedObject(i, ClevrGeometry.BoxOf(o), o.Shape))];
        return Model.CreatePerception(image, objects);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _client.Dispose();
        _cache.Dispose();
    }
}
