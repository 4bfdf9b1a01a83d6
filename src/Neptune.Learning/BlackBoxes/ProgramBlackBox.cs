using System.Diagnostics;
using Neptune.Language;
using Neptune.Language.Runtime;
using Neptune.Perception;

namespace Neptune.Learning.BlackBoxes;

/// <summary>
/// A prepared Neptune program as a black box: each run sees the symbol tuple through a perception (by default a
/// <see cref="SymbolPerception"/> whose <c>query(question, i)</c> gives position <c>i</c>'s symbol name) and its output
/// is the <c>repr</c> of the result. Failed runs (Python errors, budgets) are failures, never exceptions.
/// </summary>
public sealed class ProgramBlackBox : IBlackBox
{
    private readonly PreparedProgram _program;
    private readonly Func<int[], IScenePerception> _perception;
    private readonly ExecutionLimits? _limits;
    private readonly Func<RunResult, string?>? _output;
    private long _runs;
    private long _failures;
    private long _ticks;

    /// <summary>A program over symbol inputs named by a vocabulary (the same for every position).</summary>
    /// <param name="program">The prepared program.</param>
    /// <param name="vocabulary">The name of each class (for digits, "0" to "9").</param>
    /// <param name="limits">The budget of one run; null uses the engine's.</param>
    public ProgramBlackBox(PreparedProgram program, IReadOnlyList<string> vocabulary, ExecutionLimits? limits = null)
        : this(program, Names(vocabulary), limits)
    {
    }

    /// <summary>A program over any perception built from the symbol tuple.</summary>
    /// <param name="program">The prepared program.</param>
    /// <param name="perception">Builds the perception of one tuple (called once per run).</param>
    /// <param name="limits">The budget of one run; null uses the engine's.</param>
    /// <param name="output">
    /// Maps a successful run to the output (for example a task's answer mapping), or to null when its result has no
    /// output (counted as a failure); null uses the <c>repr</c> of the result.
    /// </param>
    public ProgramBlackBox(PreparedProgram program, Func<int[], IScenePerception> perception, ExecutionLimits? limits = null, Func<RunResult, string?>? output = null)
    {
        _output = output;
        _program = program ?? throw new ArgumentNullException(nameof(program));
        _perception = perception ?? throw new ArgumentNullException(nameof(perception));
        _limits = limits;
    }

    /// <summary>Runs made.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Runs that failed.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Time spent inside the interpreter, summed over threads.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    /// <inheritdoc />
    public string? Run(ReadOnlySpan<int> symbols)
    {
        long start = Stopwatch.GetTimestamp();
        RunResult result = _program.Run(new RunOptions { Perception = _perception(symbols.ToArray()), Limits = _limits });
        Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
        Interlocked.Increment(ref _runs);
        if (!result.Succeeded)
        {
            Interlocked.Increment(ref _failures);
            return null;
        }

        string? value = _output is null ? result.ValueRepr : _output(result);
        if (value is null)
        {
            Interlocked.Increment(ref _failures);
        }

        return value;
    }

    private static Func<int[], IScenePerception> Names(IReadOnlyList<string> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        string[] names = [.. vocabulary];
        return symbols =>
        {
            var answers = new string[symbols.Length];
            for (int i = 0; i < symbols.Length; i++)
            {
                answers[i] = names[symbols[i]];
            }

            return new SymbolPerception(answers);
        };
    }
}
