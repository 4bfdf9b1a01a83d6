using Neptune.Perception;

namespace Neptune.Evaluation.Referring;

/// <summary>
/// One frame of a clip, judged by RefEgo's video metrics: the predicted region (the first box of the prediction, or
/// none for no target) and the ground-truth region (none when the target is not in the frame).
/// </summary>
/// <param name="Clip">The clip the frame belongs to.</param>
/// <param name="Frame">The frame's index in its clip.</param>
/// <param name="Predicted">The predicted box; null when the prediction is "no target" or failed.</param>
/// <param name="Expected">The ground-truth box; null when the target is absent.</param>
/// <param name="Failed">Whether the prediction failed: the frame has no predicted region and is never a hit.</param>
public readonly record struct SequenceFrame(string Clip, int Frame, BoundingBox? Predicted, BoundingBox? Expected, bool Failed = false);

/// <summary>
/// RefEgo's metrics over clips of frames (VIRO 4.2.4). STIoU of a clip = Σ_i |p_i ∩ t_i| / Σ_i |p_i ∪ t_i| over its
/// frames, where an absent region has area 0 (a frame with both regions absent adds 0 to both sums); mSTIoU is the
/// mean STIoU over the clips whose union sum is positive — a clip with no region in any frame, predicted or expected,
/// has STIoU 0/0 and is left out of the mean (its frames still count in Acc@0.5+n, which is where a correct
/// "no target" is rewarded). Acc@0.5+n: a frame scores 1 when the target is present and the prediction's IoU with it
/// is &gt; 0.5 (exactly 0.5 is a miss), or when the target is absent and the prediction is "no target"; TPR is the same
/// score over the target-present frames only (Acc@0.5). A failed prediction scores 0 and has no region.
/// </summary>
public static class SequenceMetrics
{
    /// <summary>Area of the intersection of two boxes (0 when they do not overlap).</summary>
    /// <param name="a">One box.</param>
    /// <param name="b">The other.</param>
    /// <returns>The area.</returns>
    public static double Intersection(BoundingBox a, BoundingBox b)
    {
        double w = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
        double h = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top);
        return w <= 0 || h <= 0 ? 0 : w * h;
    }

    /// <summary>|p ∩ t| and |p ∪ t| of one frame; an absent region has area 0.</summary>
    /// <param name="predicted">The predicted box, or null.</param>
    /// <param name="expected">The ground-truth box, or null.</param>
    /// <returns>The two areas.</returns>
    public static (double Intersection, double Union) Areas(BoundingBox? predicted, BoundingBox? expected)
    {
        double p = predicted is { } pb ? (double)pb.Width * pb.Height : 0;
        double t = expected is { } tb ? (double)tb.Width * tb.Height : 0;
        double i = predicted is { } a && expected is { } b ? Intersection(a, b) : 0;
        return (i, p + t - i);
    }

    /// <summary>STIoU of one clip's frames: Σ|p ∩ t| / Σ|p ∪ t|; null when Σ|p ∪ t| is 0 (no region in any frame).</summary>
    /// <param name="frames">The clip's frames.</param>
    /// <returns>The STIoU in [0, 1], or null.</returns>
    public static double? StIoU(IEnumerable<SequenceFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        double inter = 0, union = 0;
        foreach (SequenceFrame f in frames)
        {
            (double i, double u) = Areas(f.Failed ? null : f.Predicted, f.Expected);
            inter += i;
            union += u;
        }

        return union > 0 ? inter / union : null;
    }

    /// <summary>Whether a frame scores 1 in Acc@0.5+n.</summary>
    /// <param name="frame">The frame.</param>
    /// <returns>True for a hit.</returns>
    public static bool Hit(SequenceFrame frame)
    {
        if (frame.Failed)
        {
            return false;
        }

        return frame.Expected is { } t
            ? frame.Predicted is { } p && p.IntersectionOverUnion(t) > ReferringMetrics.IouThreshold
            : frame.Predicted is null;
    }

    /// <summary>The metrics of frames grouped by <see cref="SequenceFrame.Clip"/>.</summary>
    /// <param name="frames">The frames, in any order.</param>
    /// <returns>The summary.</returns>
    public static SequenceSummary Of(IEnumerable<SequenceFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var clips = new SortedDictionary<string, List<SequenceFrame>>(StringComparer.Ordinal);
        int count = 0, present = 0, hits = 0, presentHits = 0;
        foreach (SequenceFrame f in frames)
        {
            ArgumentNullException.ThrowIfNull(f.Clip);
            if (!clips.TryGetValue(f.Clip, out List<SequenceFrame>? list))
            {
                clips[f.Clip] = list = [];
            }

            list.Add(f);
            count++;
            bool hit = Hit(f);
            hits += hit ? 1 : 0;
            if (f.Expected is not null)
            {
                present++;
                presentHits += hit ? 1 : 0;
            }
        }

        var perClip = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        double sum = 0;
        int scored = 0;
        foreach ((string clip, List<SequenceFrame> list) in clips)
        {
            double? s = StIoU(list);
            perClip[clip] = s;
            if (s is double v)
            {
                sum += v;
                scored++;
            }
        }

        return new SequenceSummary
        {
            Clips = clips.Count,
            ScoredClips = scored,
            Frames = count,
            TargetFrames = present,
            Hits = hits,
            TargetHits = presentHits,
            MStIoU = scored == 0 ? null : sum / scored,
            ClipStIoU = perClip,
        };
    }
}

/// <summary>RefEgo's metrics of a frame sequence (<see cref="SequenceMetrics.Of"/>).</summary>
public sealed record SequenceSummary
{
    /// <summary>Clips.</summary>
    public required int Clips { get; init; }

    /// <summary>Clips with a region in some frame: the clips mSTIoU averages over.</summary>
    public required int ScoredClips { get; init; }

    /// <summary>Frames.</summary>
    public required int Frames { get; init; }

    /// <summary>Frames whose target is present.</summary>
    public required int TargetFrames { get; init; }

    /// <summary>Frames whose target is absent.</summary>
    public int NoTargetFrames => Frames - TargetFrames;

    /// <summary>Frames that score 1 in Acc@0.5+n.</summary>
    public required int Hits { get; init; }

    /// <summary>Target-present frames with IoU &gt; 0.5.</summary>
    public required int TargetHits { get; init; }

    /// <summary>Mean STIoU over the scored clips; null when no clip has a region.</summary>
    public required double? MStIoU { get; init; }

    /// <summary>Acc@0.5+n: hits / frames (0 without frames).</summary>
    public double AccuracyWithNoTarget => Frames == 0 ? 0 : (double)Hits / Frames;

    /// <summary>TPR (Acc@0.5): target hits / target-present frames (0 without them).</summary>
    public double Tpr => TargetFrames == 0 ? 0 : (double)TargetHits / TargetFrames;

    /// <summary>STIoU per clip (null for a clip with no region in any frame), by clip id.</summary>
    public required IReadOnlyDictionary<string, double?> ClipStIoU { get; init; }
}
