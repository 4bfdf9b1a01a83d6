using Neptune.Language.Runtime;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Language.Library;

/// <summary>The value a referring-expression program returned is not a referent (one object, a set, or no target).</summary>
public sealed class ReferringResultException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was returned instead.</param>
    public ReferringResultException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// What a referring expression refers to in one image: its objects (indices and boxes) with a confidence, or an
/// explicit "no target" — with the operator that abstained, when one did.
/// </summary>
public sealed record ReferringResult
{
    /// <summary>Whether nothing in the image matches.</summary>
    public required bool NoTarget { get; init; }

    /// <summary>The referred objects, ascending (empty for no target).</summary>
    public IReadOnlyList<int> Objects { get; init; } = [];

    /// <summary>Their boxes, in the order of <see cref="Objects"/>.</summary>
    public IReadOnlyList<BoundingBox> Boxes { get; init; } = [];

    /// <summary>
    /// Confidence in [0, 1]: for a set, the mean membership of its members; for an Iota, the referent's probability;
    /// for no target, 1 minus the largest membership (1 when an operator abstained).
    /// </summary>
    public double Confidence { get; init; }

    /// <summary>The operator that abstained, when an operator ended the run with no target.</summary>
    public string? AbstainedOperator { get; init; }

    /// <summary>Why there is no target, when known.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// Reads a program's result as referents: an <c>Iota</c> is one object (no target when it is degenerate); a Tensor
    /// over one variable is the set of objects with p ≥ <paramref name="threshold"/> (no target when empty); an int
    /// is one object, a list of ints a set; <c>NoTarget</c> and <c>None</c> are no target.
    /// </summary>
    /// <param name="value">The program's result.</param>
    /// <param name="objects">The scene's detected objects (for the boxes).</param>
    /// <param name="threshold">The run's threshold (<see cref="LogicOptions.CrispThreshold"/>).</param>
    /// <returns>The referents.</returns>
    /// <exception cref="ReferringResultException">The value is of another kind, or names an object out of range.</exception>
    public static ReferringResult FromValue(PyObject? value, IReadOnlyList<DetectedObject> objects, float threshold)
    {
        ArgumentNullException.ThrowIfNull(objects);
        switch (value)
        {
            case null or PyNone:
                return new ReferringResult { NoTarget = true, Confidence = 1, Reason = "the program returned None" };
            case PyNoTarget none:
                return new ReferringResult { NoTarget = true, Confidence = 1, AbstainedOperator = none.Operator, Reason = none.Reason };
            case PyIota iota:
            {
                IotaResult r = iota.Result;
                if (r.IsDegenerate)
                {
                    return new ReferringResult { NoTarget = true, Confidence = 1, Reason = $"no object matches ({r.Degeneracy})" };
                }

                return Of(objects, [Check(r.MostLikely, objects)], r.Distribution[r.MostLikely]);
            }

            case PyTensor { Tensor: var t }:
            {
                if (t.Rank != 1)
                {
                    throw new ReferringResultException($"the program returned a Tensor over ({string.Join(", ", t.Variables)}); a referent set is a Tensor over one variable");
                }

                if (t.DomainSize != objects.Count)
                {
                    throw new ReferringResultException($"the program returned a set over {t.DomainSize} objects, but the scene has {objects.Count}");
                }

                var members = new List<int>();
                double sum = 0;
                float largest = 0;
                ReadOnlySpan<float> v = t.Values;
                for (int i = 0; i < v.Length; i++)
                {
                    largest = MathF.Max(largest, v[i]);
                    if (v[i] >= threshold)
                    {
                        members.Add(i);
                        sum += v[i];
                    }
                }

                return members.Count == 0
                    ? new ReferringResult { NoTarget = true, Confidence = 1 - largest, Reason = "the final set is empty" }
                    : Of(objects, members, sum / members.Count);
            }

            case PyBool:
                throw new ReferringResultException("the program returned a bool; return the referred objects (a set, an Iota) or no_target()");
            case PyInt i:
                return Of(objects, [Check(i.IsInt64 ? i.Value : long.MaxValue, objects)], 1);
            case PyList list:
            {
                var members = new SortedSet<int>();
                for (int n = 0; n < list.Count; n++)
                {
                    PyObject item = list[n];
                    members.Add(item is PyInt k and not PyBool
                        ? Check(k.IsInt64 ? k.Value : long.MaxValue, objects)
                        : throw new ReferringResultException($"the program returned a list holding a {item.TypeName}; a list of referents holds object indices"));
                }

                return members.Count == 0
                    ? new ReferringResult { NoTarget = true, Confidence = 1, Reason = "the program returned an empty list" }
                    : Of(objects, [.. members], 1);
            }

            default:
                throw new ReferringResultException($"the program returned a {value.TypeName}; return the referred objects (a set, an Iota, an index) or no_target()");
        }
    }

    private static int Check(long index, IReadOnlyList<DetectedObject> objects) =>
        index >= 0 && index < objects.Count
            ? (int)index
            : throw new ReferringResultException($"the program returned object {index}, but the scene has {objects.Count} objects");

    private static ReferringResult Of(IReadOnlyList<DetectedObject> objects, IReadOnlyList<int> members, double confidence) => new()
    {
        NoTarget = false,
        Objects = members,
        Boxes = [.. members.Select(i => objects[i].Box)],
        Confidence = Math.Clamp(confidence, 0, 1),
    };
}
