using Neptune.Clevr;
using Neptune.Perception;

namespace Neptune.Clevr2D.Internal;

/// <summary>The argument checks the perceptions over a picture's detected objects share.</summary>
internal static class DetectedObjects
{
    /// <summary>Throws unless <paramref name="objectIndex"/> names one of the <paramref name="count"/> detected objects.</summary>
    /// <exception cref="PerceptionException">The index is out of range (InvalidArgument).</exception>
    public static void CheckIndex(int objectIndex, int count, string what)
    {
        if ((uint)objectIndex >= (uint)count)
        {
            throw new PerceptionException(
                PerceptionErrorKind.InvalidArgument,
                $"object index {objectIndex} is out of range for {what} (the picture has {count} detected objects)");
        }
    }

    /// <summary>Interprets a query's question about one detected object.</summary>
    /// <exception cref="PerceptionException">
    /// The question cannot be interpreted (UninterpretableQuestion), is about more than one object or the object index
    /// is out of range (InvalidArgument).
    /// </exception>
    public static InterpretedQuestion InterpretQuery(string question, int objectIndex, int count)
    {
        var q = QuestionInterpreter.Interpret(question);
        CheckIndex(objectIndex, count, $"question '{question}'");
        if (q.Arity != 1)
        {
            throw new PerceptionException(
                PerceptionErrorKind.InvalidArgument, $"question '{question}' is about {q.Arity} objects, but a query names one");
        }

        return q;
    }
}
