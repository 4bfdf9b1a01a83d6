using Neptune.Clevr2D.Internal;
using Neptune.Imaging;
using Neptune.Perception;

namespace Neptune.Clevr2D;

/// <summary>
/// Finds the objects of a CLEVR-2D picture from its pixels alone. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// The floor is modelled per row by the median of each channel over its neutral pixels (smoothed over neighbouring rows); pixels that differ
/// from it form the foreground. Each foreground pixel gets a color class by fitting it as a shaded CLEVR color plus a
/// neutral part (highlight or edge blend); connected components of one class are objects, after highlights and
/// fragments are merged into the neighbour they touch most. Objects of different colors that touch are therefore
/// separated. Overlapping objects of the same color are separated by their silhouette: every glyph is convex, so a
/// segment whose distance-to-border map has several well separated maxima is split by a watershed from them. Objects
/// that are mostly hidden (no maximum of their own) may still be missed.
/// A detection's box is the whole object's, hidden parts included: the glyph radius from the silhouette's height (or
/// its width over the shape's aspect, whichever is larger, since occlusion only shrinks a silhouette), the centre from
/// the sides that nothing nearer hides, and the box centre ± 1.1 · radius (the convention of
/// <see cref="Neptune.Clevr.ClevrGeometry.BoxOf"/>), clipped to the image.
/// Detections are ordered left to right (then top to bottom), and their confidence grows with their visible area.
/// </remarks>
public static class ClevrDetector
{
    /// <summary>Detects the objects of an image.</summary>
    /// <param name="image">The picture.</param>
    /// <returns>The detections, indexed 0 to n − 1 in domain order, labelled "object".</returns>
    public static IReadOnlyList<DetectedObject> Detect(RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Detect(Segmentation.Run(image), image.Pixels, out _);
    }

    /// <summary>The detections of a segmentation with each object's estimate; a box is the estimate's whole-object box.</summary>
    internal static DetectedObject[] Detect(Segmentation segmentation, ReadOnlySpan<byte> rgba, out ObjectEstimate[] estimates)
    {
        var order = Order(segmentation);
        var result = new DetectedObject[order.Length];
        estimates = new ObjectEstimate[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            var s = order[i];
            estimates[i] = new ObjectEstimate(ObjectFeatures.Measure(segmentation, s, rgba), s.ColorVotes);
            result[i] = new DetectedObject(i, estimates[i].AmodalBox, "object", ConfidenceOf(s));
        }

        return result;
    }

    /// <summary>The segments in domain order.</summary>
    internal static Segment[] Order(Segmentation segmentation)
    {
        var order = (Segment[])segmentation.Segments.Clone();
        Array.Sort(order, static (a, b) =>
        {
            int c = (a.Left + a.Right).CompareTo(b.Left + b.Right);
            return c != 0 ? c : (a.Top + a.Bottom).CompareTo(b.Top + b.Bottom);
        });
        return order;
    }

    /// <summary>Confidence from the visible area and how much of the box the segment fills.</summary>
    internal static float ConfidenceOf(Segment s)
    {
        float area = s.Pixels.Length;
        float fill = area / Math.Max(1f, (float)s.Width * s.Height);
        float sizeTerm = 1f - MathF.Exp(-area / 150f);
        float fillTerm = Math.Clamp((fill - 0.3f) / 0.4f, 0f, 1f);
        return Math.Clamp(0.5f + (0.5f * sizeTerm * fillTerm), 0f, 1f);
    }
}
