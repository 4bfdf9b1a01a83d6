using Neptune.Language.Runtime;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Language;

/// <summary>Settings of one run of a <see cref="PreparedProgram"/>.</summary>
public sealed record RunOptions
{
    /// <summary>The scene; when null, <c>score</c> and <c>query</c> fail with a clear <c>RuntimeError</c>.</summary>
    public IScenePerception? Perception { get; init; }

    /// <summary>The soft logic of the run.</summary>
    public LogicOptions Logic { get; init; } = LogicOptions.Default;

    /// <summary>How referring-expression operators verify (verifier and thresholds); the defaults when null.</summary>
    public Library.ReferringOptions? Referring { get; init; }

    /// <summary>Resource limits; null uses the engine's <see cref="EngineOptions.Limits"/>.</summary>
    public ExecutionLimits? Limits { get; init; }

    /// <summary>Whether to record host calls in <see cref="RunResult.Trace"/>.</summary>
    public bool Trace { get; init; }

    /// <summary>The clock for the time budget and durations; the system clock when null.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>How the run makes its model calls; every mode gives the same answers.</summary>
    public EvaluationMode Evaluation { get; init; }

    /// <summary>
    /// The yes/no cut a caller reads a rank-0 Tensor result with (a CLEVR answer), when that is all it reads. Under lazy
    /// evaluation <see cref="PreparedProgram.RunAsync"/> then decides the result's side of the cut before it returns
    /// and scores no further cell, so that <see cref="Library.PyTensor.Reaches"/> makes no model call afterwards (the
    /// text, <see cref="RunResult.ValueRepr"/>, is written when first read, and completes the tensor). Null: an
    /// asynchronous run completes a lazy result before it returns, so that nothing read afterwards waits for a model.
    /// </summary>
    public float? AnswerThreshold { get; init; }

    /// <summary>Aborts the run (reported as a <see cref="BudgetKind.Time"/> budget error).</summary>
    public CancellationToken CancellationToken { get; init; }
}
