using System.Globalization;
using Neptune.Imaging;
using Neptune.Language;
using Neptune.Language.Library;
using Neptune.Language.Runtime;
using Neptune.Logic;
using Neptune.Perception;
using Neptune.Programs.Generation;
using Neptune.Vision.Detection;
using Neptune.Vision.Scoring;

namespace Neptune.Vision.Ask;

/// <summary>
/// Answers a question about an image: program (generated, cached, or given) → detection of the objects the program
/// names → execution over soft scores (a VLM's, or any other <see cref="IAskPerception"/>'s) → an answer, a box, or
/// "no target", with the trace. Thread-safe; failures are values in the result, never exceptions (cancellation aside).
/// </summary>
public sealed class AskPipeline
{
    private readonly ProgramEngine _engine;
    private readonly IProgramGenerator? _generator;
    private readonly IAskPerception _perception;
    private readonly VlmCounters? _counters;
    private readonly LogicOptions _logic;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="engine">Validates and prepares programs.</param>
    /// <param name="generator">Writes programs (usually wrapped in the program cache); null when programs are always given.</param>
    /// <param name="detector">Proposes the objects.</param>
    /// <param name="model">Scores and answers questions about objects.</param>
    /// <param name="logic">The soft-logic options of each run; defaults when null.</param>
    public AskPipeline(ProgramEngine engine, IProgramGenerator? generator, IObjectDetector detector, VisionLanguageModel model, LogicOptions? logic = null)
        : this(engine, generator, new VlmAskPerception(detector, model), (model ?? throw new ArgumentNullException(nameof(model))).Counters, logic)
    {
    }

    /// <summary>Creates the pipeline over any perception.</summary>
    /// <param name="engine">Validates and prepares programs.</param>
    /// <param name="generator">Writes programs (usually wrapped in the program cache); null when programs are always given.</param>
    /// <param name="perception">Finds the objects and scores them.</param>
    /// <param name="counters">The vision model's counters, for the requests each question sent; null when there is no model.</param>
    /// <param name="logic">The soft-logic options of each run; defaults when null.</param>
    public AskPipeline(ProgramEngine engine, IProgramGenerator? generator, IAskPerception perception, VlmCounters? counters = null, LogicOptions? logic = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(perception);
        _engine = engine;
        _generator = generator;
        _perception = perception;
        _counters = counters;
        _logic = logic ?? LogicOptions.Default;
    }

    /// <summary>How each run makes its model calls; every mode gives the same answers.</summary>
    public EvaluationMode Evaluation { get; init; }

    /// <summary>True when the pipeline can write programs itself (<see cref="AskAsync"/>).</summary>
    public bool CanGenerate => _generator is not null;

    /// <summary>Answers a question, generating its program.</summary>
    /// <param name="image">The image.</param>
    /// <param name="question">The question or referring expression.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The result.</returns>
    /// <exception cref="InvalidOperationException">The pipeline has no generator.</exception>
    public async Task<AskResult> AskAsync(RgbaImage image, string question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        if (_generator is null)
        {
            throw new InvalidOperationException("this pipeline has no program generator: pass the program");
        }

        long started = TimeProvider.System.GetTimestamp();
        (long requests, long hits) = (Requests, CacheHits);
        GenerationResult generation = await _generator.GenerateAsync(question, null, cancellationToken).ConfigureAwait(false);
        TimeSpan generating = TimeProvider.System.GetElapsedTime(started);
        if (!generation.Succeeded)
        {
            return Failed(question, AskStage.Generation, generation.FailureMessage ?? generation.Failure?.ToString() ?? "no program", started, requests, hits) with { Generation = generation, GenerationElapsed = generating };
        }

        AskResult result = await RunAsync(image, question, generation.Program!, generation.Objects, started, requests, hits, cancellationToken).ConfigureAwait(false);
        return result with { Generation = generation, GenerationElapsed = generating };
    }

    /// <summary>Answers a question with a given program.</summary>
    /// <param name="image">The image.</param>
    /// <param name="question">The question (for the result and the trace).</param>
    /// <param name="program">The program text.</param>
    /// <param name="objectNames">The object names to detect.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The result.</returns>
    public Task<AskResult> AskWithProgramAsync(RgbaImage image, string question, string program, IReadOnlyList<string> objectNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(objectNames);
        return RunAsync(image, question, program, objectNames, TimeProvider.System.GetTimestamp(), Requests, CacheHits, cancellationToken);
    }

    private async Task<AskResult> RunAsync(RgbaImage image, string question, string source, IReadOnlyList<string> names, long started, long requests, long hits, CancellationToken cancellationToken)
    {
        ProgramCheck check = _engine.Check(source);
        if (!check.IsValid)
        {
            string diagnostics = string.Join("; ", check.Diagnostics.Select(d => d.ToString()));
            return Failed(question, AskStage.Generation, "the program is not valid: " + diagnostics, started, requests, hits) with { Program = source, ObjectNames = names };
        }

        IScenePerception perception;
        try
        {
            perception = await _perception.PerceiveAsync(image, names, cancellationToken).ConfigureAwait(false);
        }
        catch (PerceptionException e)
        {
            return Failed(question, AskStage.Detection, e.Message, started, requests, hits) with { Program = source, ObjectNames = names };
        }

        IReadOnlyList<DetectedObject> objects = perception.Objects;
        PreparedProgram program = check.Program!;
        // The run awaits perception: a program waiting on the model holds no thread.
        RunResult run = await program.RunAsync(new RunOptions { Perception = perception, Logic = _logic, Trace = true, Evaluation = Evaluation }, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var result = new AskResult
        {
            Question = question,
            Outcome = AskOutcome.Failed,
            Program = source,
            ObjectNames = names,
            Objects = objects,
            Trace = run.Trace,
            ValueRepr = run.ValueRepr,
        };
        if (run.Error is { } error)
        {
            string where = error.Line > 0 ? $" (line {error.Line})" : string.Empty;
            return Finish(result with { Error = error.FirstLine + where, FailedStage = AskStage.Execution }, started, requests, hits);
        }

        return Finish(Interpret(result, run.Value, objects), started, requests, hits);
    }

    private AskResult Interpret(AskResult result, PyObject? value, IReadOnlyList<DetectedObject> objects)
    {
        switch (value)
        {
            case PyIota iota when iota.Result.IsDegenerate || iota.Result.DomainSize == 0:
                return result with { Outcome = AskOutcome.NoTarget };
            case PyIota iota:
                int index = iota.Result.MostLikely;
                return (uint)index < (uint)objects.Count
                    ? result with { Outcome = AskOutcome.Box, Target = objects[index], Uniqueness = iota.Result.Uniqueness }
                    : result with { Outcome = AskOutcome.NoTarget };
            case PyBool b:
                return result with { Outcome = AskOutcome.Answer, Answer = b.IsTrue ? "yes" : "no" };
            case PyInt i:
                return result with { Outcome = AskOutcome.Answer, Answer = i.ToBigInteger().ToString(CultureInfo.InvariantCulture) };
            case PyFloat f:
                return result with { Outcome = AskOutcome.Answer, Answer = f.Value.ToString("0.###", CultureInfo.InvariantCulture) };
            case PyStr s when s.Value.Trim().Length > 0:
                return result with { Outcome = AskOutcome.Answer, Answer = s.Value.Trim().ToLowerInvariant() };
            case PyTensor t when t.Tensor.Rank == 0 && !float.IsNaN(t.Tensor.Values[0]):
                return result with { Outcome = AskOutcome.Answer, Answer = t.Tensor.Values[0] >= _logic.CrispThreshold ? "yes" : "no" };
            default:
                string type = value is null ? "nothing" : $"a value of type '{value.TypeName}'";
                return result with
                {
                    Error = $"the program returned {type}; an answer is a bool, int, float, str, rank-0 Tensor or Iota",
                    FailedStage = AskStage.Answer,
                };
        }
    }

    private long Requests => _counters?.Requests ?? 0;

    private long CacheHits => _counters?.CacheHits ?? 0;

    private AskResult Failed(string question, AskStage stage, string error, long started, long requests, long hits) =>
        Finish(new AskResult { Question = question, Outcome = AskOutcome.Failed, Error = error, FailedStage = stage }, started, requests, hits);

    private AskResult Finish(AskResult result, long started, long requests, long hits) => result with
    {
        VisionRequests = Requests - requests,
        VisionCacheHits = CacheHits - hits,
        Elapsed = TimeProvider.System.GetElapsedTime(started),
    };
}
