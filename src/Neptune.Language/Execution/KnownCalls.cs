using Neptune.Language.Library.Calls;
using Neptune.Language.Syntax;
using Neptune.Language.Validation;

namespace Neptune.Language.Execution;

/// <summary>
/// The host calls a program's text makes with literal arguments: <c>score("question")</c> and
/// <c>score("question", k)</c> (also <c>num_objects=k</c>), one entry per occurrence in source order. Prefetch
/// evaluation issues them before the run.
/// </summary>
internal static class KnownCalls
{
    private const string Score = "score";

    /// <summary>The literal <c>score()</c> calls of a bound program (the validator forbids rebinding the name <c>score</c>).</summary>
    /// <param name="bound">The validated program.</param>
    /// <returns>The calls, in source order.</returns>
    public static IReadOnlyList<ScoreCall> Scores(BoundProgram bound)
    {
        var calls = new List<ScoreCall>();
        foreach (SyntaxNode node in bound.Root.DescendantNodesAndSelf())
        {
            if (node is CallExpressionSyntax { Function: NameExpressionSyntax { Name: Score } } call && Literal(call) is { } known)
            {
                calls.Add(known);
            }
        }

        return calls;
    }

    private static ScoreCall? Literal(CallExpressionSyntax call)
    {
        string? question = null;
        long arity = 1;
        int positional = 0;
        foreach (ArgumentSyntax argument in call.Arguments)
        {
            switch (argument.ArgumentKind)
            {
                case ArgumentKind.Positional when positional == 0 && argument.Value is StringLiteralExpressionSyntax s:
                    question = s.Value;
                    positional++;
                    break;
                case ArgumentKind.Positional when positional == 1 && argument.Value is IntegerLiteralExpressionSyntax { IsOverflow: false } k:
                    arity = k.Value;
                    positional++;
                    break;
                case ArgumentKind.Keyword when argument.Name?.Text == "num_objects" && argument.Value is IntegerLiteralExpressionSyntax { IsOverflow: false } k:
                    arity = k.Value;
                    break;
                case ArgumentKind.Keyword when argument.Name?.Text == "question" && argument.Value is StringLiteralExpressionSyntax s:
                    question = s.Value;
                    break;
                default:
                    return null;
            }
        }

        return question is { Length: > 0 } && arity is >= 1 and <= 3 ? new ScoreCall(question, (int)arity) : null;
    }
}
