using Neptune.Imaging;
using Neptune.Perception;
using Neptune.Vision.Detection;
using Neptune.Vision.Scoring;

namespace Neptune.Vision.Ask;

/// <summary>
/// How <see cref="AskPipeline"/> perceives an image: it finds the objects a program names and returns the perception
/// the program runs over, whose <see cref="IScenePerception.Objects"/> are the program's domain. Implementations are
/// thread-safe: one instance serves many questions at once.
/// </summary>
public interface IAskPerception
{
    /// <summary>Perceives one image.</summary>
    /// <param name="image">The image.</param>
    /// <param name="objectNames">The object names the program asked to detect (a closed-world perception may ignore them).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The perception of the image.</returns>
    /// <exception cref="PerceptionException">The image cannot be perceived (the question fails at detection).</exception>
    Task<IScenePerception> PerceiveAsync(RgbaImage image, IReadOnlyList<string> objectNames, CancellationToken cancellationToken);
}

/// <summary>Perception through a vision-language model: a detector proposes the objects, the model scores them.</summary>
/// <param name="detector">Proposes the objects.</param>
/// <param name="model">Scores and answers questions about the objects.</param>
public sealed class VlmAskPerception(IObjectDetector detector, VisionLanguageModel model) : IAskPerception
{
    private readonly IObjectDetector _detector = detector ?? throw new ArgumentNullException(nameof(detector));
    private readonly VisionLanguageModel _model = model ?? throw new ArgumentNullException(nameof(model));

    /// <inheritdoc />
    public async Task<IScenePerception> PerceiveAsync(RgbaImage image, IReadOnlyList<string> objectNames, CancellationToken cancellationToken)
    {
        IReadOnlyList<DetectedObject> objects = await _detector.DetectAsync(image, objectNames, cancellationToken).ConfigureAwait(false);
        return _model.CreatePerception(image, objects);
    }
}
