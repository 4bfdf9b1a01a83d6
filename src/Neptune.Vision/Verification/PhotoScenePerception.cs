using Neptune.Imaging;
using Neptune.Logic;
using Neptune.Perception;
using Neptune.Vision.Scoring;

namespace Neptune.Vision.Verification;

/// <summary>
/// A photo and its detected objects, with no vision-language model behind it: VIRO's operators work on it (FIND and
/// PROPERTY through a region verifier such as <see cref="ClipRegionVerifier"/>, the spatial operators from the boxes),
/// while <c>score()</c> and <c>query()</c> fail with a perception error naming the question.
/// </summary>
public sealed class PhotoScenePerception : IScenePerception, ISceneImageSource
{
    private readonly SceneImage _scene;
    private readonly DetectedObject[] _objects;

    /// <summary>Creates the perception.</summary>
    /// <param name="image">The photo.</param>
    /// <param name="objects">The detected objects, in domain order.</param>
    public PhotoScenePerception(RgbaImage image, IReadOnlyList<DetectedObject> objects)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(objects);
        _scene = new SceneImage(image);
        _objects = [.. objects];
    }

    /// <inheritdoc />
    public IReadOnlyList<DetectedObject> Objects => _objects;

    /// <inheritdoc />
    public RgbaImage Image => _scene.Image;

    /// <inheritdoc />
    public string ImageHash => _scene.Hash;

    /// <summary>The whole picture as one region (object 0): how a calibration crop is verified.</summary>
    /// <param name="image">The crop.</param>
    /// <returns>The perception.</returns>
    public static PhotoScenePerception WholeImage(RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new PhotoScenePerception(image, [new DetectedObject(0, new BoundingBox(0, 0, image.Width, image.Height))]);
    }

    /// <inheritdoc />
    public ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken) =>
        throw new PerceptionException(PerceptionErrorKind.UninterpretableQuestion, $"score(\"{question}\"): this photo has no vision-language model to ask; use the verified operators or configure a vision model");

    /// <inheritdoc />
    public ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken) =>
        throw new PerceptionException(PerceptionErrorKind.UninterpretableQuestion, $"query(\"{question}\"): this photo has no vision-language model to ask; configure a vision model");
}
