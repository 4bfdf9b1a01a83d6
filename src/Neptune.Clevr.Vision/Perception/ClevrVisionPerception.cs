using System.Globalization;
using Neptune.Imaging;
using Neptune.Perception;
using Neptune.Vision;
using Neptune.Vision.Datasets;
using Neptune.Vision.Scoring;

namespace Neptune.Clevr.Vision.Perception;

/// <summary>
/// VLM perception for CLEVR-style datasets, as batch evaluation uses it: each scene's image (from the dataset's image
/// directory, or rendered) with the scene's annotated boxes as the objects, scored by the configured model. Decoded
/// images are kept for the next questions about the same scene. Thread-safe.
/// </summary>
public sealed class ClevrVisionPerception : IDisposable
{
    private readonly AnnotatedImagePerception<ClevrScene> _perception;

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
        _perception = new AnnotatedImagePerception<ClevrScene>(config, new SceneSource(images), imageCacheCapacity);
    }

    /// <summary>Uses a model built (and owned) elsewhere, such as a server's; disposing this perception leaves it alone.</summary>
    /// <param name="model">The model (its client, endpoint pool and score cache are shared with its other users).</param>
    /// <param name="images">Gives each scene's image (see <see cref="ImagesFromDirectory"/>).</param>
    /// <param name="imageCacheCapacity">Decoded images kept in memory.</param>
    public ClevrVisionPerception(VisionLanguageModel model, Func<ClevrScene, RgbaImage> images, int imageCacheCapacity = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        _perception = new AnnotatedImagePerception<ClevrScene>(model, new SceneSource(images), imageCacheCapacity);
    }

    /// <summary>The model (its counters report requests, cache hits and failures).</summary>
    public VisionLanguageModel Model => _perception.Model;

    /// <summary>Reads <c>directory/image_filename</c> (JPEG, PNG, WebP, GIF or BMP) for each scene.</summary>
    /// <param name="directory">The image directory.</param>
    /// <returns>The image source.</returns>
    public static Func<ClevrScene, RgbaImage> ImagesFromDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return scene =>
        {
            string name = scene.ImageFilename ?? throw new PerceptionException(PerceptionErrorKind.InvalidImage, $"scene {scene.ImageIndex} has no image_filename");
            return ImageFiles.Read(Path.Combine(directory, name), $"scene {scene.ImageIndex}");
        };
    }

    /// <summary>The perception of one scene: its image and its annotated boxes (in annotation order).</summary>
    /// <param name="scene">The scene.</param>
    /// <returns>The perception.</returns>
    /// <exception cref="PerceptionException">The image cannot be read.</exception>
    public VlmScenePerception For(ClevrScene scene) => _perception.For(scene);

    /// <inheritdoc />
    public void Dispose() => _perception.Dispose();

    private sealed class SceneSource(Func<ClevrScene, RgbaImage> images) : IAnnotatedImageSource<ClevrScene>
    {
        public string ImageKey(ClevrScene item) => item.ImageIndex.ToString(CultureInfo.InvariantCulture);

        public RgbaImage LoadImage(ClevrScene item) => images(item);

        public IReadOnlyList<DetectedObject> Objects(ClevrScene item) =>
            [.. item.Objects.Select((o, i) => new DetectedObject(i, ClevrGeometry.BoxOf(o), o.Shape))];
    }
}
