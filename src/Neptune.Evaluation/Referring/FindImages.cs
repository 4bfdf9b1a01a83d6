using Neptune.Clevr;
using Neptune.Clevr2D;
using Neptune.Evaluation.Pixels;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Perception;

namespace Neptune.Evaluation.Referring;

/// <summary>An image could not be perceived; the image becomes a failed row, the run goes on.</summary>
public sealed class FindImageException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">What went wrong: <c>image_unreadable</c>, <c>image_undecodable</c>, <c>image_invalid</c>, <c>scene_unrenderable</c>.</param>
    /// <param name="message">A readable reason naming the image.</param>
    /// <param name="innerException">The cause.</param>
    public FindImageException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>What went wrong (see the constructor).</summary>
    public string Code { get; }
}

/// <summary>
/// One image of a <c>find</c> run: its name and how to perceive it. <see cref="FindImages"/> builds the scene and pixel
/// images; other perceptions (a vision-language model, say) subclass it.
/// </summary>
public abstract class FindImage
{
    /// <summary>Creates the image.</summary>
    /// <param name="name">Its name in the results.</param>
    protected FindImage(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The image's name in the results: a CLEVR image file name, or the path below the images directory.</summary>
    public string Name { get; }

    /// <summary>The scene's <c>image_index</c>, for images of a scenes file.</summary>
    public virtual int? ImageIndex => null;

    /// <summary>Perceives the image (called once per run); a perception that asks a model first (a detector) awaits it.</summary>
    /// <param name="cancellationToken">Cancels the model's requests.</param>
    /// <returns>Its perception.</returns>
    /// <exception cref="FindImageException">The image cannot be read, decoded or rendered (the row fails as <c>image</c>).</exception>
    /// <exception cref="PerceptionException">The image cannot be perceived, e.g. a detector's server failed (the row fails as <c>perception</c>).</exception>
    public abstract ValueTask<IScenePerception> PerceiveAsync(CancellationToken cancellationToken);
}

/// <summary>Builds the images of a <c>find</c> run from CLEVR scenes or from a directory of pictures.</summary>
public static class FindImages
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    /// <summary>
    /// One image per scene: its annotations (<see cref="ReferringPerception.Scene"/>) or its rendered CLEVR-2D picture
    /// perceived from pixels (<see cref="ReferringPerception.Pixels"/>), exactly as <see cref="ReferringEvaluation"/>
    /// perceives them.
    /// </summary>
    /// <param name="scenes">The scenes, in order.</param>
    /// <param name="perception">Scene or pixel perception.</param>
    /// <returns>The images.</returns>
    public static IReadOnlyList<FindImage> FromScenes(IEnumerable<ClevrScene> scenes, ReferringPerception perception)
    {
        ArgumentNullException.ThrowIfNull(scenes);
        return [.. scenes.Select(s => new SceneImage(s, perception))];
    }

    /// <summary>
    /// The PNG and JPEG files (<c>.png</c>, <c>.jpg</c>, <c>.jpeg</c>, any case) directly in a directory, sorted by name,
    /// each decoded and perceived with the CLEVR-2D pixel perception (<see cref="PixelWorld"/>, 480×320 pictures).
    /// </summary>
    /// <param name="directory">The directory.</param>
    /// <returns>The images, by ordinal file name.</returns>
    public static IReadOnlyList<FindImage> FromDirectory(string directory) => FromFiles(Files(directory));

    /// <summary>Image files (as <see cref="Files"/> lists them), each decoded and perceived as in <see cref="FromDirectory"/>.</summary>
    /// <param name="paths">The files, in order.</param>
    /// <returns>The images, named by file name.</returns>
    public static IReadOnlyList<FindImage> FromFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return [.. paths.Select(f => new FileImage(f))];
    }

    /// <summary>The PNG and JPEG files (<c>.png</c>, <c>.jpg</c>, <c>.jpeg</c>, any case) directly in a directory, sorted by name.</summary>
    /// <param name="directory">The directory.</param>
    /// <returns>Their paths, by ordinal file name.</returns>
    public static IReadOnlyList<string> Files(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return [.. Directory.EnumerateFiles(directory)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Renders a scene as its CLEVR-2D picture; a failure is the <c>image</c> failure of a row.</summary>
    /// <param name="scene">The scene.</param>
    /// <returns>The 480×320 picture.</returns>
    /// <exception cref="FindImageException">The scene has an object the renderer does not know (<c>scene_unrenderable</c>).</exception>
    public static RgbaImage Render(ClevrScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        try
        {
            return ClevrRenderer.Render(scene);
        }
        catch (ArgumentException e)
        {
            throw new FindImageException(ImageErrors.Unrenderable, $"cannot render the scene of image_index {scene.ImageIndex}: {e.Message}", e);
        }
    }

    /// <summary>Decodes an image file; failures are the <c>image</c> failures of a row.</summary>
    /// <param name="path">The file.</param>
    /// <param name="name">The image's name in the messages.</param>
    /// <returns>The picture.</returns>
    /// <exception cref="FindImageException">The file cannot be read (<c>image_unreadable</c>) or decoded (<c>image_undecodable</c>).</exception>
    public static RgbaImage Decode(string path, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
            return ImageCodecs.Default.Decode(stream);
        }
        catch (NeptuneImagingException e)
        {
            throw new FindImageException(ImageErrors.Undecodable, $"cannot decode '{name}': {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FindImageException(ImageErrors.Unreadable, $"cannot read '{name}': {e.Message}", e);
        }
    }

    /// <summary>
    /// An image already decoded (for example sent to the service), perceived with the CLEVR-2D pixel perception
    /// (<see cref="PixelWorld"/>) like the files of <see cref="FromDirectory"/>.
    /// </summary>
    /// <param name="name">The image's name in the results.</param>
    /// <param name="image">The decoded picture (480×320, or its row fails with <c>image_invalid</c>).</param>
    /// <returns>The image.</returns>
    public static FindImage FromPicture(string name, RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new PictureImage(name, image);
    }

    private sealed class PictureImage(string name, RgbaImage image) : FindImage(name)
    {
        public override ValueTask<IScenePerception> PerceiveAsync(CancellationToken cancellationToken)
        {
            try
            {
                return ValueTask.FromResult<IScenePerception>(new PixelWorld(image));
            }
            catch (PerceptionException e) when (e.Kind == PerceptionErrorKind.InvalidImage)
            {
                throw new FindImageException(ImageErrors.Invalid, $"'{Name}': {e.Message}", e);
            }
        }
    }

    private sealed class SceneImage(ClevrScene scene, ReferringPerception perception)
        : FindImage(string.IsNullOrWhiteSpace(scene.ImageFilename) ? ClevrRenderer.FileNameOf(scene) : scene.ImageFilename)
    {
        public override int? ImageIndex => scene.ImageIndex;

        public override ValueTask<IScenePerception> PerceiveAsync(CancellationToken cancellationToken)
        {
            try
            {
                return ValueTask.FromResult(ReferringEvaluation.Perceive(scene, perception));
            }
            catch (ArgumentException e)
            {
                throw new FindImageException(ImageErrors.Unrenderable, $"cannot render the scene of image_index {scene.ImageIndex}: {e.Message}", e);
            }
        }
    }

    private sealed class FileImage(string path) : FindImage(Path.GetFileName(path))
    {
        public override ValueTask<IScenePerception> PerceiveAsync(CancellationToken cancellationToken)
        {
            RgbaImage image = Decode(path, Name);
            try
            {
                return ValueTask.FromResult<IScenePerception>(new PixelWorld(image));
            }
            catch (PerceptionException e) when (e.Kind == PerceptionErrorKind.InvalidImage)
            {
                throw new FindImageException(ImageErrors.Invalid, $"'{Name}': {e.Message}", e);
            }
        }
    }
}
