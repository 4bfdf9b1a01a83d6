using System.Globalization;
using Neptune.Language.Library;
using Neptune.Language.Runtime;

namespace Neptune.Evaluation;

/// <summary>Maps a program's result to a CLEVR answer string.</summary>
/// <remarks>
/// <c>bool</c> → <c>yes</c>/<c>no</c>; a rank-0 <c>Tensor</c> → <c>yes</c> when its probability reaches the run's
/// threshold, else <c>no</c>; <c>int</c> → its decimal digits; <c>str</c> → trimmed, lower case. Anything else (a float,
/// None, a list, a tensor with variables, an empty string) has no answer: the question fails with kind
/// <see cref="FailureKinds.BadResult"/>.
/// </remarks>
public static class AnswerMapper
{
    /// <summary>Maps a result value.</summary>
    /// <param name="value">The program's result.</param>
    /// <param name="threshold">The yes/no cut for rank-0 tensors, in (0, 1].</param>
    /// <param name="answer">The answer, when there is one.</param>
    /// <param name="problem">Why there is none, otherwise.</param>
    /// <returns>Whether the value maps to an answer.</returns>
    public static bool TryMap(PyObject? value, float threshold, out string answer, out string problem)
    {
        answer = "";
        problem = "";
        switch (value)
        {
            case PyBool b:
                answer = b.IsTrue ? "yes" : "no";
                return true;
            case PyInt i:
                answer = i.ToBigInteger().ToString(CultureInfo.InvariantCulture);
                return true;
            case PyStr s:
                string text = s.Value.Trim().ToLowerInvariant();
                if (text.Length == 0)
                {
                    problem = "the program returned an empty string";
                    return false;
                }

                answer = text;
                return true;
            case PyTensor { Rank: 0, IsPending: true } pending:
                answer = pending.Reaches(threshold) ? "yes" : "no";
                return true;
            case PyTensor t when t.Tensor.Rank == 0:
                float p = t.Tensor.Values[0];
                if (float.IsNaN(p))
                {
                    problem = "the program returned a Tensor whose probability is NaN";
                    return false;
                }

                answer = p >= threshold ? "yes" : "no";
                return true;
            case PyTensor t:
                problem = $"the program returned a Tensor over ({string.Join(", ", t.Tensor.Variables)}); an answer needs a rank-0 Tensor (quantify it first)";
                return false;
            case null:
                problem = "the program returned nothing";
                return false;
            default:
                problem = $"the program returned a value of type '{value.TypeName}'; an answer is a bool, int, str or rank-0 Tensor";
                return false;
        }
    }
}
