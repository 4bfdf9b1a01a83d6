using Neptune.Imaging;
using Neptune.Perception;

namespace Neptune.Vision.Detection;

/// <summary>Boxes a dataset provides (proposals or annotations), used as the detector; the names are ignored.</summary>
public sealed class AnnotationDetector : IObjectDetector
{
    private readonly IReadOnlyList<DetectedObject> _objects;
    private readonly DetectionOptions _options;

    /// <summary>Creates the detector.</summary>
    /// <param name="objects">The boxes, in image pixels.</param>
    /// <param name="options">Filtering; by default only de-duplication of identical boxes (IoU 1 keeps all).</param>
    public AnnotationDetector(IEnumerable<DetectedObject> objects, DetectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        _objects = [.. objects];
        _options = options ?? new DetectionOptions { MinConfidence = 0, IouThreshold = 1, MaxObjects = 10_000, MinSide = 0 };
        _options.Validate();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DetectedObject>> DetectAsync(RgbaImage image, IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var clipped = _objects.Select(o => o with
        {
            Box = new BoundingBox(
                Math.Clamp(o.Box.Left, 0, image.Width),
                Math.Clamp(o.Box.Top, 0, image.Height),
                Math.Clamp(o.Box.Right, 0, image.Width),
                Math.Clamp(o.Box.Bottom, 0, image.Height)),
        });
        return Task.FromResult(DetectionFilter.Apply(clipped, _options));
    }
}
