namespace Neptune.Perception;

/// <summary>One object of a scene's domain: what the detector (or the annotations) proposed.</summary>
/// <param name="Index">Position in the domain, 0-based; programs refer to objects by this index.</param>
/// <param name="Box">Where the object is in the image.</param>
/// <param name="Label">The detector's label, when it gives one.</param>
/// <param name="Confidence">The detector's confidence in [0, 1] (1 for annotations).</param>
public sealed record DetectedObject(int Index, BoundingBox Box, string? Label = null, float Confidence = 1f);
