using System.Buffers;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Clevr;

/// <summary>Scores one cell: the probability that the question holds for a tuple of distinct objects.</summary>
/// <param name="question">The interpreted question.</param>
/// <param name="tuple">The objects, one per variable.</param>
/// <returns>P(yes) in [0, 1].</returns>
internal delegate float TupleScorer(InterpretedQuestion question, ReadOnlySpan<int> tuple);

/// <summary>
/// The part of <see cref="IScenePerception.ScoreAsync"/> every CLEVR world shares: interpret the question, check it is a
/// yes/no question of the right arity, and score every tuple of distinct objects (tuples that repeat an object are 0
/// and are not scored).
/// </summary>
internal static class TupleScoring
{
    public static SoftTensor Score(string question, IReadOnlyList<string> variables, int objectCount, Func<InterpretedQuestion, TupleScorer> scorerFor, out long scored)
    {
        var q = Interpret(question, variables);
        TupleScorer scorer = scorerFor(q);
        int n = objectCount;
        int arity = q.Arity;
        int cells = arity switch { 1 => n, 2 => n * n, _ => n * n * n };
        float[] buffer = ArrayPool<float>.Shared.Rent(Math.Max(cells, 1));
        try
        {
            Span<int> tuple = stackalloc int[arity];
            scored = 0;
            for (int cell = 0; cell < cells; cell++)
            {
                int rest = cell;
                for (int k = arity - 1; k >= 0; k--)
                {
                    tuple[k] = rest % n;
                    rest /= n;
                }

                if (!AllDistinct(tuple))
                {
                    buffer[cell] = 0f;
                    continue;
                }

                buffer[cell] = scorer(q, tuple);
                scored++;
            }

            return SoftTensor.Create(variables, n, buffer.AsSpan(0, cells));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Scores chosen cells only (<see cref="IScenePerception.ScoreTuplesAsync"/>): the question is interpreted and
    /// checked as by <see cref="Score"/>, then each requested cell that is a tuple of distinct objects is scored;
    /// the others are 0 and are not scored.
    /// </summary>
    public static float[] ScoreCells(string question, IReadOnlyList<string> variables, int objectCount, ReadOnlySpan<int> cells, Func<InterpretedQuestion, TupleScorer> scorerFor, out long scored)
    {
        var q = Interpret(question, variables);
        scored = 0;
        var values = new float[cells.Length];
        if (cells.Length == 0)
        {
            return values;
        }

        TupleScorer scorer = scorerFor(q);
        int n = objectCount;
        int arity = q.Arity;
        int total = arity switch { 1 => n, 2 => n * n, _ => n * n * n };
        Span<int> tuple = stackalloc int[arity];
        for (int i = 0; i < cells.Length; i++)
        {
            int cell = cells[i];
            if ((uint)cell >= (uint)total)
            {
                throw new PerceptionException(PerceptionErrorKind.InvalidArgument, $"cell {cell} is outside the {total} cells of question '{question}'");
            }

            int rest = cell;
            for (int k = arity - 1; k >= 0; k--)
            {
                tuple[k] = rest % n;
                rest /= n;
            }

            if (AllDistinct(tuple))
            {
                values[i] = scorer(q, tuple);
                scored++;
            }
        }

        return values;
    }

    private static InterpretedQuestion Interpret(string question, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(variables);
        var q = QuestionInterpreter.Interpret(question);
        if (q.Kind == QuestionKind.Query)
        {
            throw new PerceptionException(
                PerceptionErrorKind.UninterpretableQuestion, $"cannot interpret question: '{question}' (it is not a yes/no question; use query)");
        }

        if (variables.Count != q.Arity)
        {
            throw new PerceptionException(
                PerceptionErrorKind.InvalidArgument,
                $"question '{question}' is about {q.Arity} object(s) but was scored with {variables.Count} variable(s)");
        }

        return q;
    }

    private static bool AllDistinct(ReadOnlySpan<int> tuple)
    {
        for (int i = 1; i < tuple.Length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (tuple[i] == tuple[j])
                {
                    return false;
                }
            }
        }

        return true;
    }
}
