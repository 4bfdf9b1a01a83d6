using Neptune.Language.Library;
using Neptune.Perception;
using Neptune.Programs.Generation;

namespace Neptune.Vision.Ask;

/// <summary>What kind of result a question got.</summary>
public enum AskOutcome
{
    /// <summary>A text answer (yes/no, a number, a word).</summary>
    Answer = 0,

    /// <summary>A referring expression resolved to one object's box.</summary>
    Box = 1,

    /// <summary>A referring expression with no matching object.</summary>
    NoTarget = 2,

    /// <summary>Generation, detection or execution failed; see <see cref="AskResult.Error"/>.</summary>
    Failed = 3,
}

/// <summary>The stage a failed question stopped at.</summary>
public enum AskStage
{
    /// <summary>Writing the program.</summary>
    Generation = 0,

    /// <summary>Detecting the objects.</summary>
    Detection = 1,

    /// <summary>Running the program (perception errors included).</summary>
    Execution = 2,

    /// <summary>Mapping the program's value to an answer.</summary>
    Answer = 3,
}

/// <summary>The result of answering one question about one image, with everything needed to explain it.</summary>
public sealed record AskResult
{
    /// <summary>The question.</summary>
    public required string Question { get; init; }

    /// <summary>How it ended.</summary>
    public required AskOutcome Outcome { get; init; }

    /// <summary>The text answer, for <see cref="AskOutcome.Answer"/>.</summary>
    public string? Answer { get; init; }

    /// <summary>The target object, for <see cref="AskOutcome.Box"/>.</summary>
    public DetectedObject? Target { get; init; }

    /// <summary>The probability that the target is the unique referent, for <see cref="AskOutcome.Box"/>.</summary>
    public float? Uniqueness { get; init; }

    /// <summary>The program that ran (null when generation failed).</summary>
    public string? Program { get; init; }

    /// <summary>The object names the program asked to detect.</summary>
    public IReadOnlyList<string> ObjectNames { get; init; } = [];

    /// <summary>The detected objects: the scene's domain.</summary>
    public IReadOnlyList<DetectedObject> Objects { get; init; } = [];

    /// <summary>The program's trace (every primitive call with its tensor).</summary>
    public ProgramTrace? Trace { get; init; }

    /// <summary>The program's value as Python would show it.</summary>
    public string? ValueRepr { get; init; }

    /// <summary>Why it failed, for <see cref="AskOutcome.Failed"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Where it failed, for <see cref="AskOutcome.Failed"/>.</summary>
    public AskStage? FailedStage { get; init; }

    /// <summary>The generation result, when a generator wrote (or found) the program.</summary>
    public GenerationResult? Generation { get; init; }

    /// <summary>Requests sent to the vision model while this question ran (detection, scores, queries); exact when questions run one at a time, an upper bound when several share the model.</summary>
    public long VisionRequests { get; init; }

    /// <summary>Vision answers taken from the score cache, or shared with an identical request in flight, while this question ran (same caveat as <see cref="VisionRequests"/>).</summary>
    public long VisionCacheHits { get; init; }

    /// <summary>Wall-clock time for the whole question, program generation included.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Wall-clock time spent generating the program (every model round and retry); zero when the program was given.</summary>
    public TimeSpan GenerationElapsed { get; init; }
}
