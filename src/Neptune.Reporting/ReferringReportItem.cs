using Neptune.Imaging;
using Neptune.Language.Library;
using Neptune.Perception;

namespace Neptune.Reporting;

/// <summary>One referring expression grounded in one image, as a report shows it: predicted boxes beside expected ones.</summary>
public sealed record ReferringReportItem
{
    /// <summary>The referring expression.</summary>
    public required string Expression { get; init; }

    /// <summary>The image, when there is one.</summary>
    public RgbaImage? Image { get; init; }

    /// <summary>The image's name (file name or dataset id).</summary>
    public string? ImageName { get; init; }

    /// <summary>The detected objects, drawn as thin boxes beneath the predicted and expected ones.</summary>
    public IReadOnlyList<DetectedObject> Objects { get; init; } = [];

    /// <summary>The number of objects the image's annotations hold, when known.</summary>
    public int? AnnotatedObjects { get; init; }

    /// <summary>The template or category the expression comes from, when known.</summary>
    public string? Category { get; init; }

    /// <summary>The expected referents' boxes; empty when nothing is expected (no target).</summary>
    public IReadOnlyList<BoundingBox> ExpectedBoxes { get; init; } = [];

    /// <summary>The expected referents' object indices, when known.</summary>
    public IReadOnlyList<int> ExpectedObjects { get; init; } = [];

    /// <summary>The predicted referents' boxes; empty for no target.</summary>
    public IReadOnlyList<BoundingBox> PredictedBoxes { get; init; } = [];

    /// <summary>The predicted referents' object indices (indices of <see cref="Objects"/>).</summary>
    public IReadOnlyList<int> PredictedObjects { get; init; } = [];

    /// <summary>Whether the prediction is "no target".</summary>
    public bool PredictedNoTarget { get; init; }

    /// <summary>The operator that abstained and ended the run, with its reason and line, when one did.</summary>
    public TraceAbstention? Abstention { get; init; }

    /// <summary>Why the prediction is "no target" when no operator abstained (for example an empty final set).</summary>
    public string? NoTargetReason { get; init; }

    /// <summary>The prediction's confidence, when known.</summary>
    public double? Confidence { get; init; }

    /// <summary>The mean IoU of the expected boxes with their matched predictions, when judged by boxes.</summary>
    public double? MeanIou { get; init; }

    /// <summary>The program that was run.</summary>
    public string? Program { get; init; }

    /// <summary>The run's trace.</summary>
    public ProgramTrace? Trace { get; init; }

    /// <summary>The failure, when the program failed.</summary>
    public string? Error { get; init; }

    /// <summary>The verdict of the item's metric (boxes at IoU &gt; 0.5, or object sets); null when unjudged.</summary>
    public bool? Correct { get; init; }

    /// <summary>Whether the expected answer is "no target".</summary>
    public bool ExpectedNoTarget => ExpectedBoxes.Count == 0 && ExpectedObjects.Count == 0;
}
