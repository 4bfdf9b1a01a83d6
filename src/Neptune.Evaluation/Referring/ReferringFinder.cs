using System.Diagnostics;
using Neptune.Language;
using Neptune.Language.Library;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Evaluation.Referring;

/// <summary>How one image of a <c>find</c> run ended.</summary>
public enum FindOutcome
{
    /// <summary>The query refers to one or more objects of the image.</summary>
    Target = 0,

    /// <summary>Nothing in the image matches (the program abstained or its final set is empty).</summary>
    NoTarget = 1,

    /// <summary>The image could not be perceived, or the program failed on it.</summary>
    Failed = 2,
}

/// <summary>Why an image of a <c>find</c> run failed.</summary>
/// <param name="Kind">The family, as in evaluation rows: <c>image</c>, <c>perception</c>, <c>runtime</c>, <c>budget</c>, <c>bad_result</c>.</param>
/// <param name="Code">The precise cause: <c>image_undecodable</c>, the Python error class (<c>PerceptionError</c> when a model call of the run failed), <c>BudgetExceeded:Time</c>, <c>endpoint_unavailable</c> or <c>malformed_response</c> when a detector failed before the run, ...</param>
/// <param name="Message">A readable reason.</param>
public sealed record FindError(string Kind, string Code, string Message);

/// <summary>The result of one image of a <c>find</c> run.</summary>
public sealed record FindRow
{
    /// <summary>The image's name.</summary>
    public required string Image { get; init; }

    /// <summary>The scene's <c>image_index</c>, for images of a scenes file.</summary>
    public int? ImageIndex { get; init; }

    /// <summary>How the image ended.</summary>
    public required FindOutcome Outcome { get; init; }

    /// <summary>The referred objects' boxes, in the order of <see cref="Objects"/>.</summary>
    public IReadOnlyList<BoundingBox> Boxes { get; init; } = [];

    /// <summary>The referred objects (indices into the perceived objects), ascending.</summary>
    public IReadOnlyList<int> Objects { get; init; } = [];

    /// <summary>The confidence of the result (<see cref="ReferringResult.Confidence"/>); null when failed.</summary>
    public double? Confidence { get; init; }

    /// <summary>The operator that ended the run with no target, when one did.</summary>
    public string? AbstainedBy { get; init; }

    /// <summary>Why there is no target, when known.</summary>
    public string? Reason { get; init; }

    /// <summary>Why the image failed; null otherwise.</summary>
    public FindError? Error { get; init; }

    /// <summary>Milliseconds spent perceiving the image (decoding or rendering, then perception).</summary>
    public double PerceiveMilliseconds { get; init; }

    /// <summary>Milliseconds spent running the program and reading its result.</summary>
    public double RunMilliseconds { get; init; }

    /// <summary>The image's execution time, T_exec: perception plus the program run.</summary>
    public double ExecMilliseconds => PerceiveMilliseconds + RunMilliseconds;
}

/// <summary>A snapshot of a running <c>find</c>.</summary>
/// <param name="Completed">Images done.</param>
/// <param name="Total">Images in the run.</param>
/// <param name="Targets">Images with a target so far.</param>
/// <param name="NoTarget">Images without a target so far.</param>
/// <param name="Failures">Failed images so far.</param>
/// <param name="Elapsed">Time since the first image started.</param>
public sealed record FindProgress(int Completed, int Total, int Targets, int NoTarget, int Failures, TimeSpan Elapsed)
{
    /// <summary>Images per second so far.</summary>
    public double ImagesPerSecond => Elapsed.TotalSeconds > 0 ? Completed / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Runs one prepared program — one query — on many images concurrently (VIRO's "one query, N images"): each image is
/// perceived, the program run on it and its value read as referents (<see cref="ReferringResult.FromValue"/>). A
/// failing image is a row with its error, never the end of the run.
/// </summary>
public sealed class ReferringFinder
{
    private readonly PreparedProgram _program;
    private long _runs;

    /// <summary>Creates a finder for one program.</summary>
    /// <param name="program">The program, prepared once for every image.</param>
    public ReferringFinder(PreparedProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        _program = program;
    }

    /// <summary>The logic of the runs.</summary>
    public LogicOptions Logic { get; init; } = LogicOptions.Default;

    /// <summary>Verifier settings of the operators.</summary>
    public ReferringOptions Referring { get; init; } = ReferringOptions.Default;

    /// <summary>How many times the program has been run (once per perceived image).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>How many images are worked on at once (at least 1).</summary>
    public int Concurrency { get; init; } = Environment.ProcessorCount;

    /// <summary>How each run makes its model calls; every mode gives the same answers.</summary>
    public EvaluationMode Evaluation { get; init; }

    /// <summary>
    /// Runs the program on every image, at most <see cref="Concurrency"/> at a time, and hands each row to
    /// <paramref name="onRow"/> with its position as soon as it is done (rows arrive in any order; calls are serialised).
    /// </summary>
    /// <param name="images">The images.</param>
    /// <param name="onRow">Receives (position, row); called under a lock, one at a time.</param>
    /// <param name="progress">Receives a snapshot after every row; optional.</param>
    /// <param name="cancellationToken">Stops the run: rows in flight are dropped and the cancellation is thrown.</param>
    /// <returns>A task that completes when every image has a row.</returns>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public async Task RunAsync(IReadOnlyList<FindImage> images, Action<int, FindRow> onRow, IProgress<FindProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(onRow);
        if (Concurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Concurrency), Concurrency, "concurrency must be at least 1");
        }

        var gate = new Lock();
        int completed = 0, targets = 0, none = 0, failures = 0;
        var clock = Stopwatch.StartNew();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, images.Count), options, async (i, token) =>
        {
            FindRow row = await FindAsync(images[i], token).ConfigureAwait(false);
            FindProgress snapshot;
            lock (gate)
            {
                onRow(i, row);
                completed++;
                switch (row.Outcome)
                {
                    case FindOutcome.Target: targets++; break;
                    case FindOutcome.NoTarget: none++; break;
                    default: failures++; break;
                }

                snapshot = new FindProgress(completed, images.Count, targets, none, failures, clock.Elapsed);
            }

            progress?.Report(snapshot);
        }).ConfigureAwait(false);
    }

    /// <summary>Finds the referents in one image.</summary>
    /// <param name="image">The image.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Its row.</returns>
    /// <exception cref="OperationCanceledException">The run was cancelled (the image gets no row).</exception>
    public async ValueTask<FindRow> FindAsync(FindImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        cancellationToken.ThrowIfCancellationRequested();
        var row = new FindRow { Image = image.Name, ImageIndex = image.ImageIndex, Outcome = FindOutcome.Failed };
        long start = Stopwatch.GetTimestamp();
        IScenePerception world;
        try
        {
            world = await image.PerceiveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (FindImageException e)
        {
            return row with { Error = new FindError(FailureKinds.Image, e.Code, e.Message), PerceiveMilliseconds = Since(start) };
        }
        catch (PerceptionException e)
        {
            // A perception that asks a model before the run (a detector) failed on this image: a row, not the end of the run.
            cancellationToken.ThrowIfCancellationRequested();
            return row with { Error = new FindError(FailureKinds.Perception, PerceptionCode(e.Kind), e.Message), PerceiveMilliseconds = Since(start) };
        }

        long perceived = Stopwatch.GetTimestamp();
        row = row with { PerceiveMilliseconds = Milliseconds(start, perceived) };
        Interlocked.Increment(ref _runs);
        RunResult run = await _program.RunAsync(new RunOptions { Perception = world, Logic = Logic, Referring = Referring, Evaluation = Evaluation }, cancellationToken).ConfigureAwait(false);
        if (run.Error is { } error)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string kind = error.Category switch
            {
                ProgramErrorCategory.Budget => FailureKinds.Budget,
                ProgramErrorCategory.Perception => FailureKinds.Perception,
                _ => FailureKinds.Runtime,
            };
            string code = error.Budget is { } budget ? $"{error.Kind}:{budget}" : error.Kind;
            string message = error.Line > 0 ? $"{error.FirstLine} (line {error.Line})" : error.FirstLine;
            return row with { Error = new FindError(kind, code, message), RunMilliseconds = Since(perceived) };
        }

        ReferringResult result;
        try
        {
            result = ReferringResult.FromValue(run.Value, world.Objects, Logic.CrispThreshold);
        }
        catch (ReferringResultException e)
        {
            return row with { Error = new FindError(FailureKinds.BadResult, FailureKinds.BadResult, e.Message), RunMilliseconds = Since(perceived) };
        }

        return row with
        {
            Outcome = result.NoTarget ? FindOutcome.NoTarget : FindOutcome.Target,
            Objects = result.Objects,
            Boxes = result.Boxes,
            Confidence = result.Confidence,
            AbstainedBy = result.AbstainedOperator,
            Reason = result.NoTarget ? result.Reason : null,
            RunMilliseconds = Since(perceived),
        };
    }

    /// <summary>The error code of a perception failure before the run: the kind in snake_case.</summary>
    private static string PerceptionCode(PerceptionErrorKind kind) => kind switch
    {
        PerceptionErrorKind.UninterpretableQuestion => "uninterpretable_question",
        PerceptionErrorKind.InvalidArgument => "invalid_argument",
        PerceptionErrorKind.EndpointUnavailable => "endpoint_unavailable",
        PerceptionErrorKind.MalformedResponse => "malformed_response",
        PerceptionErrorKind.InvalidImage => "invalid_image",
        _ => "perception_error",
    };

    private static double Since(long start) => Milliseconds(start, Stopwatch.GetTimestamp());

    private static double Milliseconds(long start, long end) => (end - start) * 1000.0 / Stopwatch.Frequency;
}
