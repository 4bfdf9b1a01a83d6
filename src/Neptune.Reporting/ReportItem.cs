using Neptune.Imaging;
using Neptune.Language.Library;
using Neptune.Perception;

namespace Neptune.Reporting;

/// <summary>One question answered about one image, as a report shows it.</summary>
public sealed record ReportItem
{
    /// <summary>The question.</summary>
    public required string Question { get; init; }

    /// <summary>The image the question is about, when there is one.</summary>
    public RgbaImage? Image { get; init; }

    /// <summary>The image's name (file name or dataset id).</summary>
    public string? ImageName { get; init; }

    /// <summary>The detected objects, drawn as boxes over the image.</summary>
    public IReadOnlyList<DetectedObject> Objects { get; init; } = [];

    /// <summary>The number of objects the image's annotations hold, when known; the caption sets it beside the detected ones.</summary>
    public int? AnnotatedObjects { get; init; }

    /// <summary>The program that was run.</summary>
    public string? Program { get; init; }

    /// <summary>The run's trace: every host call, with the scores perception returned.</summary>
    public ProgramTrace? Trace { get; init; }

    /// <summary>The answer Neptune gave (null when the run failed).</summary>
    public string? Answer { get; init; }

    /// <summary>The expected answer, when known.</summary>
    public string? Expected { get; init; }

    /// <summary>The failure, when the run failed: kind and message.</summary>
    public string? Error { get; init; }

    /// <summary>Whether the answer matched the expected one; null when there is no expected answer.</summary>
    public bool? Correct => Expected is null ? null : Error is null && string.Equals(Answer, Expected, StringComparison.Ordinal);
}
