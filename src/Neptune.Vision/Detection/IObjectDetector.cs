using Neptune.Imaging;
using Neptune.Perception;

namespace Neptune.Vision.Detection;

/// <summary>
/// Proposes the objects of an image, given the names a program asked for. The result is the scene's domain, in
/// order, with indices 0..N-1. Implementations are thread-safe.
/// </summary>
public interface IObjectDetector
{
    /// <summary>Detects the named objects.</summary>
    /// <param name="image">The image.</param>
    /// <param name="names">The object names to look for (e.g. "cube", "woman"); may be empty for detectors that ignore them.</param>
    /// <param name="cancellationToken">Cancels the detection.</param>
    /// <returns>The objects, filtered and de-duplicated, indexed in order.</returns>
    /// <exception cref="PerceptionException">The backend failed or answered in an unreadable shape.</exception>
    Task<IReadOnlyList<DetectedObject>> DetectAsync(RgbaImage image, IReadOnlyList<string> names, CancellationToken cancellationToken = default);
}

/// <summary>Filtering applied to every detector's raw boxes.</summary>
public sealed record DetectionOptions
{
    /// <summary>The defaults: confidence ≥ 0.3, IoU de-duplication above 0.7 across labels, at most 50 objects.</summary>
    public static DetectionOptions Default { get; } = new();

    /// <summary>Boxes below this confidence are dropped. Default 0.3.</summary>
    public float MinConfidence { get; init; } = 0.3f;

    /// <summary>Of two boxes overlapping more than this (IoU), the less confident is dropped; 1 keeps all. Default 0.7.</summary>
    public float IouThreshold { get; init; } = 0.7f;

    /// <summary>Whether de-duplication compares boxes of different labels too. Default true.</summary>
    public bool ClassAgnostic { get; init; } = true;

    /// <summary>The most objects kept (the most confident). Default 50.</summary>
    public int MaxObjects { get; init; } = 50;

    /// <summary>Boxes with a side shorter than this many pixels are dropped. Default 2.</summary>
    public float MinSide { get; init; } = 2f;

    /// <summary>Checks ranges.</summary>
    /// <exception cref="ArgumentException">A field is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(MinConfidence >= 0 && MinConfidence <= 1))
        {
            throw new ArgumentException("min_confidence: must be in [0, 1]", nameof(MinConfidence));
        }

        if (!(IouThreshold > 0 && IouThreshold <= 1))
        {
            throw new ArgumentException("iou_threshold: must be in (0, 1]", nameof(IouThreshold));
        }

        if (MaxObjects is < 1 or > 10_000)
        {
            throw new ArgumentException("max_objects: must be between 1 and 10,000", nameof(MaxObjects));
        }

        if (!(MinSide >= 0 && float.IsFinite(MinSide)))
        {
            throw new ArgumentException("min_side: must be a non-negative number", nameof(MinSide));
        }
    }
}

/// <summary>Threshold, size filter, greedy IoU de-duplication (non-maximum suppression) and re-indexing.</summary>
internal static class DetectionFilter
{
    public static IReadOnlyList<DetectedObject> Apply(IEnumerable<DetectedObject> raw, DetectionOptions options)
    {
        // Stable order: by confidence (descending), then by the backend's order.
        var candidates = raw
            .Select((o, i) => (Object: o, Order: i))
            .Where(c => float.IsFinite(c.Object.Confidence) && c.Object.Confidence >= options.MinConfidence
                && c.Object.Box.Width >= options.MinSide && c.Object.Box.Height >= options.MinSide)
            .OrderByDescending(c => c.Object.Confidence)
            .ThenBy(c => c.Order)
            .ToList();
        var kept = new List<(DetectedObject Object, int Order)>();
        foreach ((DetectedObject obj, int order) in candidates)
        {
            if (kept.Count >= options.MaxObjects)
            {
                break;
            }

            bool duplicate = options.IouThreshold < 1 && kept.Any(k =>
                (options.ClassAgnostic || string.Equals(k.Object.Label, obj.Label, StringComparison.OrdinalIgnoreCase))
                && k.Object.Box.IntersectionOverUnion(obj.Box) > options.IouThreshold);
            if (!duplicate)
            {
                kept.Add((obj, order));
            }
        }

        // Domain order follows the backend's order, so indices are stable across confidence ties.
        return [.. kept.OrderBy(k => k.Order).Select((k, i) => k.Object with { Index = i })];
    }
}
