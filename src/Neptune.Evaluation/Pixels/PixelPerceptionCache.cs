using Neptune.Clevr;
using Neptune.Clevr2D;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Perception;

namespace Neptune.Evaluation.Pixels;

/// <summary>
/// The pixel perception of one image: the world built from its pixels and its detection counts against the
/// annotations, or why the picture could not be perceived.
/// </summary>
internal sealed class PerceivedImage
{
    private PerceivedImage(PixelWorld? world, DetectionMetrics detection, string? error, string? message)
    {
        World = world;
        Detection = detection;
        Error = error;
        FailureMessage = message;
    }

    /// <summary>The perception; null when the picture could not be read.</summary>
    public PixelWorld? World { get; }

    /// <summary>The detections scored against the annotated boxes at IoU 0.5 (zero when <see cref="World"/> is null).</summary>
    public DetectionMetrics Detection { get; }

    /// <summary>The specific error (<see cref="ImageErrors"/>) when the picture could not be read.</summary>
    public string? Error { get; }

    /// <summary>Why the picture could not be read.</summary>
    public string? FailureMessage { get; }

    public static PerceivedImage Perceived(PixelWorld world, DetectionMetrics detection) => new(world, detection, null, null);

    public static PerceivedImage Failed(string error, string message) => new(null, default, error, message);
}

/// <summary>The specific errors of the <see cref="FailureKinds.Image"/> failure kind.</summary>
internal static class ImageErrors
{
    /// <summary>No file for the scene in the images directory.</summary>
    public const string Missing = "image_missing";

    /// <summary>The file is not a JPEG, PNG, WebP, GIF or BMP image, or is corrupt or truncated.</summary>
    public const string Undecodable = "image_undecodable";

    /// <summary>The picture decoded but is not a 480×320 CLEVR-2D picture.</summary>
    public const string Invalid = "image_invalid";

    /// <summary>The scene has an object the renderer does not know (an unknown shape, color, material or size).</summary>
    public const string Unrenderable = "scene_unrenderable";

    /// <summary>The file exists but could not be read.</summary>
    public const string Unreadable = "image_unreadable";
}

/// <summary>
/// Builds the pixel perception of each image at most once while it is in use: a small, bounded, thread-safe cache
/// keyed by image index. CLEVR question files keep the questions about one image together, so a handful of entries
/// serve every worker; the least recently used entry is dropped when the cache is full.
/// </summary>
/// <remarks>
/// Each picture is rendered from its scene (<see cref="ClevrRenderer.Render"/>) or read from
/// <c>IMAGES/image_filename</c> (JPEG, PNG, WebP, GIF or BMP, through <see cref="ImageCodecs.Default"/>), and perceived by
/// <see cref="PixelWorld"/> from its pixels alone. The annotations are used for rendering and for the detection counts,
/// never by the perception that answers.
/// </remarks>
internal sealed class PixelPerceptionCache
{
    private static readonly string[] AlternativeExtensions = [".png", ".jpg", ".jpeg"];
    private readonly string? _imagesDirectory;
    private readonly ImageCodecs _codecs;
    private readonly int _capacity;
    private readonly Dictionary<int, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _lock = new();
    private long _built;

    /// <param name="imagesDirectory">The directory of image files; null to render each scene.</param>
    /// <param name="capacity">The most images kept (at least 1).</param>
    /// <param name="codecs">The decoders; <see cref="ImageCodecs.Default"/> when null.</param>
    public PixelPerceptionCache(string? imagesDirectory, int capacity, ImageCodecs? codecs = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _imagesDirectory = imagesDirectory;
        _capacity = capacity;
        _codecs = codecs ?? ImageCodecs.Default;
    }

    /// <summary>The number of images perceived so far (a rebuilt evicted image counts again).</summary>
    public long Built => Interlocked.Read(ref _built);

    /// <summary>The number of images held now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The perception of a scene's picture, built on first request by exactly one thread.</summary>
    public PerceivedImage Get(ClevrScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        Lazy<PerceivedImage> lazy;
        lock (_lock)
        {
            if (_entries.TryGetValue(scene.ImageIndex, out LinkedListNode<Entry>? node))
            {
                if (node != _recency.First)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                }

                lazy = node.Value.Value;
            }
            else
            {
                lazy = new Lazy<PerceivedImage>(() => Build(scene), LazyThreadSafetyMode.ExecutionAndPublication);
                _entries.Add(scene.ImageIndex, _recency.AddFirst(new Entry(scene.ImageIndex, lazy)));
                if (_entries.Count > _capacity)
                {
                    LinkedListNode<Entry> last = _recency.Last!;
                    _recency.RemoveLast();
                    _entries.Remove(last.Value.ImageIndex);
                }
            }
        }

        return lazy.Value;
    }

    /// <summary>The file of a scene's picture in the images directory: its <c>image_filename</c>, or the same name with a PNG or JPEG extension.</summary>
    internal static string? FindImageFile(string directory, ClevrScene scene)
    {
        string name = string.IsNullOrWhiteSpace(scene.ImageFilename)
            ? ClevrRenderer.FileNameOf(scene)
            : Path.GetFileName(scene.ImageFilename.Replace('\\', '/'));
        if (name.Length == 0 || name is "." or "..")
        {
            return null;
        }

        string exact = Path.Combine(directory, name);
        if (File.Exists(exact))
        {
            return exact;
        }

        foreach (string extension in AlternativeExtensions)
        {
            string candidate = Path.Combine(directory, Path.ChangeExtension(name, extension));
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private PerceivedImage Build(ClevrScene scene)
    {
        Interlocked.Increment(ref _built);
        RgbaImage image;
        if (_imagesDirectory is null)
        {
            try
            {
                image = ClevrRenderer.Render(scene);
            }
            catch (ArgumentException e)
            {
                return PerceivedImage.Failed(ImageErrors.Unrenderable, $"cannot render the scene of image_index {scene.ImageIndex}: {e.Message}");
            }
        }
        else
        {
            string? path = FindImageFile(_imagesDirectory, scene);
            if (path is null)
            {
                string expected = string.IsNullOrWhiteSpace(scene.ImageFilename) ? ClevrRenderer.FileNameOf(scene) : Path.GetFileName(scene.ImageFilename);
                return PerceivedImage.Failed(
                    ImageErrors.Missing, $"no image file '{expected}' for image_index {scene.ImageIndex} in '{_imagesDirectory}' (also looked for its name with .png, .jpg and .jpeg)");
            }

            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
                image = _codecs.Decode(stream);
            }
            catch (NeptuneImagingException e)
            {
                return PerceivedImage.Failed(ImageErrors.Undecodable, $"cannot decode '{path}': {e.Message}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return PerceivedImage.Failed(ImageErrors.Unreadable, $"cannot read '{path}': {e.Message}");
            }
        }

        PixelWorld world;
        try
        {
            world = new PixelWorld(image);
        }
        catch (PerceptionException e) when (e.Kind == PerceptionErrorKind.InvalidImage)
        {
            return PerceivedImage.Failed(ImageErrors.Invalid, $"image_index {scene.ImageIndex}: {e.Message}");
        }

        var detected = new BoundingBox[world.Objects.Count];
        for (int i = 0; i < detected.Length; i++)
        {
            detected[i] = world.Objects[i].Box;
        }

        var reference = new BoundingBox[scene.Objects.Count];
        for (int i = 0; i < reference.Length; i++)
        {
            reference[i] = ClevrGeometry.BoxOf(scene.Objects[i]);
        }

        return PerceivedImage.Perceived(world, DetectionMetrics.Evaluate(detected, reference, DetectionMetrics.DefaultIouThreshold));
    }

    private readonly record struct Entry(int ImageIndex, Lazy<PerceivedImage> Value);
}
